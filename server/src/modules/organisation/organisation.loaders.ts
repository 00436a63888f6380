import DataLoader from 'dataloader';
import type { Department } from './department.entity.js';
import type { OrganisationService } from './organisation.service.js';
import type { RoleAssignment } from './role-assignment.entity.js';
import type { Section } from './section.entity.js';
import type { Staff } from './staff.entity.js';

/** Per-request batch loaders: one SQL statement per kind of relation, however many rows ask. */
export function createOrganisationLoaders(service: OrganisationService, today: string) {
  const byId = <T extends { id: string }>(load: (ids: readonly string[]) => Promise<T[]>) =>
    new DataLoader<string, T | null>(async (ids) => {
      const rows = new Map((await load(ids)).map((r) => [r.id, r]));
      return ids.map((id) => rows.get(id) ?? null);
    });
  const groupBy = <T>(load: (ids: readonly string[]) => Promise<T[]>, key: (row: T) => string) =>
    new DataLoader<string, T[]>(async (ids) => {
      const groups = new Map<string, T[]>(ids.map((id) => [id, []]));
      for (const row of await load(ids)) groups.get(key(row))?.push(row);
      return ids.map((id) => groups.get(id) ?? []);
    });
  return {
    departmentById: byId<Department>((ids) => service.departmentsByIds(ids)),
    sectionById: byId<Section>((ids) => service.sectionsByIds(ids)),
    staffById: byId<Staff>((ids) => service.staffByIds(ids)),
    sectionsByDepartment: groupBy<Section>(
      (ids) => service.sectionsOfDepartments(ids),
      (s) => s.departmentId,
    ),
    staffBySection: groupBy<Staff>(
      (ids) => service.staffOfSections(ids),
      (s) => s.sectionId,
    ),
    currentAssignmentsByStaff: groupBy<RoleAssignment>(
      (ids) => service.assignmentsOfStaff(ids, today),
      (a) => a.staffId,
    ),
    allAssignmentsByStaff: groupBy<RoleAssignment>(
      (ids) => service.allAssignmentsOfStaff(ids),
      (a) => a.staffId,
    ),
  };
}

export type OrganisationLoaders = ReturnType<typeof createOrganisationLoaders>;
