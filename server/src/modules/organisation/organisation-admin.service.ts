import type { DataSource, EntityManager } from 'typeorm';
import { sqlState } from '../../shared/errors.js';
import type { RequestMeta } from '../../shared/audit.js';
import { created, type AuditedWrites, type Changes } from '../../shared/audited.js';
import type { Hooks, StaffMove } from '../../shared/hooks.js';
import type { OrgRole } from '../../shared/authority.js';
import { isOwnCase, ownCase, staffIdOfActor } from '../../shared/duties.js';
import { TWO_PERSON_ROLES } from './assignment-proposal.service.js';
import { ActingAssignment } from './acting-assignment.entity.js';
import type { AssignActingInput, AssignRoleInput, CreateStaffInput, UpdateStaffInput } from './organisation.inputs.js';
import { OrganisationError, OrganisationErrorCode } from './organisation.errors.js';
import type { OrganisationAction } from './organisation.policy.js';
import type { OrganisationService } from './organisation.service.js';
import { RoleAssignment } from './role-assignment.entity.js';
import { Staff } from './staff.entity.js';

/** Writes to the organisation by the system administrator; each is audited in its own transaction. */
export class OrganisationAdminService {
  constructor(
    private readonly ds: DataSource,
    private readonly org: OrganisationService,
    private readonly audited: AuditedWrites<OrganisationAction>,
    /** other modules react to a transfer or an end of employment in the same transaction */
    private readonly hooks: Hooks,
  ) {}

  createStaff(input: CreateStaffInput, meta: RequestMeta): Promise<Staff> {
    return this.audited.write(meta, 'Mutation.createStaff', 'Staff', async (em) => {
      try {
        const staff = await em.getRepository(Staff).save(em.getRepository(Staff).create({ ...input, active: true }));
        return { result: staff, targetId: staff.id, changes: created({ ...input }) };
      } catch (e) {
        if (sqlState(e) === '23505') throw staffNumberTaken();
        if (sqlState(e) === '23503') throw sectionNotFound();
        throw e;
      }
    });
  }

  updateStaff(input: UpdateStaffInput, meta: RequestMeta): Promise<Staff> {
    return this.audited.write(meta, 'Mutation.updateStaff', 'Staff', async (em) => {
      const staff = await em.getRepository(Staff).findOneBy({ id: input.id });
      if (!staff) throw staffNotFound();
      const changes: Changes = {};
      for (const key of ['familyName', 'givenName', 'familyNameKana', 'givenNameKana', 'title'] as const) {
        const next = input[key];
        if (next !== undefined && next !== null && next !== staff[key]) {
          changes[key] = [staff[key], next];
          staff[key] = next;
        }
      }
      await em.getRepository(Staff).save(staff);
      if (input.sectionId && input.sectionId !== staff.sectionId)
        Object.assign(changes, await this.moveWithin(em, staff, input.sectionId, meta));
      return { result: staff, targetId: staff.id, changes };
    });
  }

  /**
   * A transfer (異動) inside the caller's transaction: the staff member's section changes and the
   * modules react in the same transaction (access ends their authorisations to enter the 電算室等,
   * A12.2; cards opens the card's collection and the PIN's change, A16.1). Editing a staff member
   * comes here; it is moveMany with one move. Answers the changes for the caller's audit entry.
   */
  async moveWithin(em: EntityManager, staff: Staff, toSectionId: string, meta: RequestMeta): Promise<Changes> {
    const [changes] = await this.moveMany(em, [{ staff, toSectionId }], meta);
    return changes;
  }

  /**
   * Many transfers at once (a transfer round's moves due together), set-based: one UPDATE of the
   * sections, then one `staff.movedMany` event that each module handles in a few statements for the
   * whole list. The one place a move happens. Each person appears at most once (a second move of
   * the same person belongs in a later call, after the first). Answers each move's changes, in
   * order, for the caller's audit entries: the same as moving them one by one; a move to the
   * section the person is already in changes nothing ({}).
   */
  async moveMany(
    em: EntityManager,
    moves: readonly { staff: Pick<Staff, 'id' | 'sectionId'>; toSectionId: string; cause?: StaffMove['cause'] }[],
    meta: RequestMeta,
  ): Promise<Changes[]> {
    if (new Set(moves.map((m) => m.staff.id)).size !== moves.length)
      throw new Error('moveMany: a person moves at most once per call');
    const moving = moves.flatMap((m, i) => (m.staff.sectionId === m.toSectionId ? [] : [{ ...m, i }]));
    const changes = moves.map((): Changes => ({}));
    if (!moving.length) return changes;
    try {
      await em.query(
        `UPDATE staff SET "sectionId" = m.to, "updatedAt" = CURRENT_TIMESTAMP
           FROM unnest($1::uuid[], $2::uuid[]) AS m(id, "to") WHERE staff.id = m.id`,
        [moving.map((m) => m.staff.id), moving.map((m) => m.toSectionId)],
      );
    } catch (e) {
      if (sqlState(e) === '23503') throw sectionNotFound();
      throw e;
    }
    const events: StaffMove[] = moving.map((m) => ({
      staffId: m.staff.id,
      fromSectionId: m.staff.sectionId,
      toSectionId: m.toSectionId,
      ...(m.cause ? { cause: m.cause } : {}),
    }));
    for (const m of moving) m.staff.sectionId = m.toSectionId;
    const reactions = await this.hooks.emitEach(em, 'staff.movedMany', { moves: events }, events.length, meta);
    moving.forEach((m, k) => {
      changes[m.i] = { sectionId: [events[k].fromSectionId, events[k].toSectionId], ...reactions[k] };
    });
    return changes;
  }

  /**
   * Employment ends: the person is kept for history but becomes inactive, their roles end on the
   * last day, and their sessions and API tokens stop working at once.
   */
  deactivateStaff(id: string, lastDay: string, meta: RequestMeta): Promise<Staff> {
    return this.audited.write(meta, 'Mutation.deactivateStaff', 'Staff', async (em) => {
      const staff = await em.getRepository(Staff).findOneBy({ id });
      if (!staff) throw staffNotFound();
      if (!staff.active) {
        throw new OrganisationError(OrganisationErrorCode.INVALID_ASSIGNMENT, '既に退職済みです (already inactive)');
      }
      staff.active = false;
      await em.getRepository(Staff).save(staff);
      const ended = await em.query(
        `UPDATE role_assignment SET "validTo" = $2
         WHERE "staffId" = $1 AND ("validTo" IS NULL OR "validTo" > $2) AND "validFrom" <= $2 RETURNING id`,
        [id, lastDay],
      );
      const endedRoles = (Array.isArray(ended[0]) ? ended[0] : ended).length;
      // identity ends sessions and tokens, access ends room authorisations: all in this transaction
      const reactions = await this.hooks.emit(em, 'staff.left', { staffId: id, lastDay }, meta);
      return {
        result: staff,
        targetId: id,
        changes: {
          active: [true, false],
          lastDay: [null, lastDay],
          rolesEnded: [null, endedRoles],
          ...reactions,
        },
      };
    });
  }

  assignRole(input: AssignRoleInput, meta: RequestMeta): Promise<RoleAssignment> {
    return this.audited.write(meta, 'Mutation.assignRole', 'RoleAssignment', async (em) => {
      assignedByAnother(meta, input.staffId, input.role);
      const a = await this.org.assignRole(input, em);
      return {
        result: a,
        targetId: a.id,
        changes: created({
          role: a.role,
          staffId: a.staffId,
          sectionId: a.sectionId,
          validFrom: a.validFrom,
          validTo: a.validTo,
        }),
      };
    });
  }

  endRoleAssignment(id: string, lastDay: string, meta: RequestMeta): Promise<RoleAssignment> {
    return this.audited.write(meta, 'Mutation.endRoleAssignment', 'RoleAssignment', async (em) => {
      const a = await em.getRepository(RoleAssignment).findOneBy({ id });
      if (!a)
        throw new OrganisationError(
          OrganisationErrorCode.ASSIGNMENT_NOT_FOUND,
          '任命が見つかりません (assignment not found)',
        );
      if (lastDay < a.validFrom || (a.validTo !== null && lastDay > a.validTo)) {
        throw new OrganisationError(
          OrganisationErrorCode.INVALID_ASSIGNMENT,
          '最終日は任期の範囲内で指定してください (last day outside the term)',
        );
      }
      const before = a.validTo;
      a.validTo = lastDay;
      await em.getRepository(RoleAssignment).save(a);
      return { result: a, targetId: id, changes: { validTo: [before, lastDay] } };
    });
  }

  assignActing(input: AssignActingInput, meta: RequestMeta): Promise<ActingAssignment> {
    return this.audited.write(meta, 'Mutation.assignActing', 'ActingAssignment', async (em) => {
      assignedByAnother(meta, input.actingStaffId, input.role);
      const a = await this.org.assignActing(input, em);
      return {
        result: a,
        targetId: a.id,
        changes: created({
          role: a.role,
          actingStaffId: a.actingStaffId,
          startsOn: a.startsOn,
          endsOn: a.endsOn,
          reason: a.reason,
        }),
      };
    });
  }
}

/**
 * Hardening §1: nobody grants a role or an acting period to themselves, and the chief, the deputy
 * chief and the manager take a second person (proposeRoleAssignment / proposeActing, then the chief confirms).
 */
function assignedByAnother(meta: RequestMeta, subject: string, role: OrgRole): void {
  if (isOwnCase(staffIdOfActor(meta.actor), subject))
    throw ownCase('ご自身に役割や職務代理を任命することはできません (you cannot assign yourself)');
  if (TWO_PERSON_ROLES.includes(role))
    throw new OrganisationError(
      OrganisationErrorCode.SECOND_PERSON_REQUIRED,
      '統括者・副統括者・管理者は提案し、統括者の確認で任命します (propose it; the chief confirms)',
    );
}

const staffNotFound = () =>
  new OrganisationError(OrganisationErrorCode.STAFF_NOT_FOUND, '職員が見つかりません (staff not found)');
const sectionNotFound = () =>
  new OrganisationError(OrganisationErrorCode.SECTION_NOT_FOUND, '課が見つかりません (section not found)');
const staffNumberTaken = () =>
  new OrganisationError(
    OrganisationErrorCode.STAFF_NUMBER_TAKEN,
    'その職員番号は既に使われています (staff number already in use)',
  );
