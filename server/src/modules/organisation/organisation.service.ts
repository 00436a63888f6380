import { DataSource, EntityManager, In, IsNull, LessThanOrEqual, MoreThanOrEqual } from 'typeorm';
import { constraintName, sqlState } from '../../shared/errors.js';
import { ActingAssignment } from './acting-assignment.entity.js';
import { Department } from './department.entity.js';
import { OrganisationError, OrganisationErrorCode } from './organisation.errors.js';
import { Council, CouncilMember, RoleHolder } from './organisation.types.js';
import { ACTABLE_ROLES, COUNCIL_ROLES, CouncilPosition, OrgRole, SECTION_ROLES } from '../../shared/authority.js';
import { RoleAssignment } from './role-assignment.entity.js';
import { Section } from './section.entity.js';
import { Staff } from './staff.entity.js';
import { authorityHoldersSql } from './authority-holders.js';

export interface AssignRoleInput {
  role: OrgRole;
  staffId: string;
  sectionId?: string | null;
  validFrom: string;
  validTo?: string | null;
  note?: string | null;
}

export interface AssignActingInput {
  role: OrgRole;
  actingStaffId: string;
  startsOn: string;
  endsOn: string;
  reason: string;
}

/** Rules of the organisation (A3–A7, A9.3–A9.7). Reads are batched: a fixed number of statements per call. */
export class OrganisationService {
  constructor(private readonly ds: DataSource) {}

  departments(): Promise<Department[]> {
    return this.ds.getRepository(Department).find({ order: { sortOrder: 'ASC', code: 'ASC' } });
  }

  sectionsOfDepartments(departmentIds: readonly string[]): Promise<Section[]> {
    return this.ds.getRepository(Section).find({
      where: { departmentId: In([...departmentIds]) },
      order: { sortOrder: 'ASC', code: 'ASC' },
    });
  }

  /** Active staff of the sections, by staff number. */
  staffOfSections(sectionIds: readonly string[]): Promise<Staff[]> {
    return this.ds.getRepository(Staff).find({
      where: { sectionId: In([...sectionIds]), active: true },
      order: { staffNumber: 'ASC' },
    });
  }

  departmentsByIds(ids: readonly string[]): Promise<Department[]> {
    return this.ds.getRepository(Department).findBy({ id: In([...ids]) });
  }

  sectionsByIds(ids: readonly string[]): Promise<Section[]> {
    return this.ds.getRepository(Section).findBy({ id: In([...ids]) });
  }

  staffByIds(ids: readonly string[]): Promise<Staff[]> {
    return this.ds.getRepository(Staff).findBy({ id: In([...ids]) });
  }

  /** Role assignments in force on `on` for these staff. */
  assignmentsOfStaff(staffIds: readonly string[], on: string): Promise<RoleAssignment[]> {
    return this.ds.getRepository(RoleAssignment).find({
      where: [
        { staffId: In([...staffIds]), validFrom: LessThanOrEqual(on), validTo: IsNull() },
        { staffId: In([...staffIds]), validFrom: LessThanOrEqual(on), validTo: MoreThanOrEqual(on) },
      ],
      relations: { section: true },
      order: { role: 'ASC' },
    });
  }

  /** Every role assignment (past, current, future) of these staff, newest first. */
  allAssignmentsOfStaff(staffIds: readonly string[]): Promise<RoleAssignment[]> {
    return this.ds.getRepository(RoleAssignment).find({
      where: { staffId: In([...staffIds]) },
      relations: { section: true },
      order: { validFrom: 'DESC', role: 'ASC' },
    });
  }

  /**
   * Who held each role on `on`: one row per city-wide role and one per section that uses
   * Juki-net (A6), vacant rows included, with the acting holder where there is one (A9.7).
   */
  async roleHolders(on: string, em?: EntityManager): Promise<RoleHolder[]> {
    // Inside a caller's transaction (em) the reads go through its connection, one after another: a
    // transaction that holds a lock must not wait for a second pooled connection (many phones
    // reporting at once would hold the pool while the lock holder waits for one).
    const m = em ?? this.ds.manager;
    const read = [
      () => m.getRepository(Section).find({ where: { usesJukinet: true }, order: { sortOrder: 'ASC', code: 'ASC' } }),
      () =>
        m.getRepository(RoleAssignment).find({
          where: [
            { validFrom: LessThanOrEqual(on), validTo: IsNull() },
            { validFrom: LessThanOrEqual(on), validTo: MoreThanOrEqual(on) },
          ],
          relations: { staff: true, section: true },
        }),
      () =>
        m.getRepository(ActingAssignment).find({
          where: { startsOn: LessThanOrEqual(on), endsOn: MoreThanOrEqual(on) },
          relations: { actingStaff: true },
        }),
    ] as const;
    const [usingSections, assignments, acting] = em
      ? [await read[0](), await read[1](), await read[2]()]
      : await Promise.all([read[0](), read[1](), read[2]()]);
    const rows: RoleHolder[] = [];
    for (const role of Object.values(OrgRole)) {
      const sections: (Section | null)[] = SECTION_ROLES.includes(role) ? usingSections : [null];
      for (const section of sections) {
        const assignment =
          assignments.find((a) => a.role === role && (a.sectionId ?? null) === (section?.id ?? null)) ?? null;
        const act = section ? null : (acting.find((a) => a.role === role) ?? null);
        const holder = assignment?.staff ?? null;
        rows.push({
          role,
          section,
          assignment,
          holder,
          acting: act,
          effectiveHolder: act?.actingStaff ?? holder,
        });
      }
    }
    return rows;
  }

  /**
   * Who holds the authority of `role` on `on` (e.g. who is the chief, or the manager, today): its
   * holders and anyone acting for it (A9.7). Deciders are routed by it: who confirms an appointment
   * (the chief), who decides a request of or for the manager (access).
   */
  async authorityHoldersOn(role: OrgRole, on: string, em: EntityManager = this.ds.manager): Promise<string[]> {
    const rows: { id: string }[] = await em.query(authorityHoldersSql('$1', '$2'), [role, on]);
    return rows.map((r) => r.id);
  }

  /** Every assignment of a role, newest first (who held it when). */
  roleHistory(role: OrgRole, sectionId?: string | null): Promise<RoleAssignment[]> {
    return this.ds.getRepository(RoleAssignment).find({
      where: { role, ...(sectionId ? { sectionId } : {}) },
      relations: { staff: true, section: true },
      order: { validFrom: 'DESC' },
    });
  }

  /** A9.3–A9.7, A9.10: the council on a date, derived from the role holders of that date. */
  async council(on: string): Promise<Council> {
    const [holders, secretariat] = await Promise.all([
      this.roleHolders(on),
      this.ds.getRepository(Section).find({ where: { handlesEInformation: true }, order: { code: 'ASC' } }),
    ]);
    const byStaff = new Map<string, CouncilMember>();
    const vacantRoles = new Set<OrgRole>();
    for (const h of holders) {
      if (!COUNCIL_ROLES.includes(h.role)) continue;
      if (!h.holder) {
        vacantRoles.add(h.role);
        continue;
      }
      const member = byStaff.get(h.holder.id) ?? {
        staff: h.holder,
        position: CouncilPosition.MEMBER,
        roles: [],
        sections: [],
      };
      if (!member.roles.includes(h.role)) member.roles.push(h.role);
      if (h.section) member.sections.push(h.section);
      if (h.role === OrgRole.CHIEF) member.position = CouncilPosition.CHAIR;
      else if (h.role === OrgRole.DEPUTY_CHIEF && member.position !== CouncilPosition.CHAIR) {
        member.position = CouncilPosition.VICE_CHAIR;
      }
      byStaff.set(h.holder.id, member);
    }
    const rank = { [CouncilPosition.CHAIR]: 0, [CouncilPosition.VICE_CHAIR]: 1, [CouncilPosition.MEMBER]: 2 };
    const members = [...byStaff.values()].sort(
      (a, b) =>
        rank[a.position] - rank[b.position] ||
        COUNCIL_ROLES.indexOf(a.roles[0]) - COUNCIL_ROLES.indexOf(b.roles[0]) ||
        a.staff.staffNumber.localeCompare(b.staff.staffNumber),
    );
    return {
      on,
      chair: members.find((m) => m.position === CouncilPosition.CHAIR) ?? null,
      viceChair: members.find((m) => m.position === CouncilPosition.VICE_CHAIR) ?? null,
      actingChair: holders.find((h) => h.role === OrgRole.CHIEF)?.acting ?? null,
      members,
      vacantRoles: [...vacantRoles],
      secretariat,
    };
  }

  /**
   * Appoints a holder. The database refuses a second holder of a single-holder role (per section
   * for operations managers) on any common day; that refusal becomes ROLE_ALREADY_HELD.
   */
  async assignRole(input: AssignRoleInput, em: EntityManager = this.ds.manager): Promise<RoleAssignment> {
    const sectionId = input.sectionId ?? null;
    if (SECTION_ROLES.includes(input.role) !== (sectionId !== null)) {
      throw new OrganisationError(
        OrganisationErrorCode.INVALID_ASSIGNMENT,
        SECTION_ROLES.includes(input.role)
          ? '運用管理者には担当する課を指定してください (an operations manager needs a section)'
          : 'この役割に課は指定できません (this role is not per section)',
      );
    }
    if (input.validTo && input.validTo < input.validFrom) {
      throw new OrganisationError(
        OrganisationErrorCode.INVALID_ASSIGNMENT,
        '終了日が開始日より前です (validTo is before validFrom)',
      );
    }
    try {
      return await em.getRepository(RoleAssignment).save(
        em.getRepository(RoleAssignment).create({
          role: input.role,
          staffId: input.staffId,
          sectionId,
          validFrom: input.validFrom,
          validTo: input.validTo ?? null,
          note: input.note ?? null,
        }),
      );
    } catch (e) {
      throw translateWriteError(e);
    }
  }

  /**
   * Refuses, with the error assignRole would give, a role that already has a holder (per section
   * for operations managers) on some day of the period (validTo null: open-ended). For a proposal,
   * which is checked when made; the database checks again when the assignment is made.
   */
  async assertRoleFree(
    role: OrgRole,
    sectionId: string | null,
    validFrom: string,
    validTo: string | null,
    em: EntityManager = this.ds.manager,
  ): Promise<void> {
    const held: unknown[] = await em.query(
      `SELECT 1 FROM role_assignment WHERE role = $1 AND "sectionId" IS NOT DISTINCT FROM $2
         AND daterange("validFrom", "validTo", '[]') && daterange($3::date, $4::date, '[]') LIMIT 1`,
      [role, sectionId, validFrom, validTo],
    );
    if (held.length) throw roleAlreadyHeld();
  }

  /** Refuses, with the error assignActing would give, a role someone already acts for on some day of the period. */
  async assertActingFree(
    role: OrgRole,
    startsOn: string,
    endsOn: string,
    em: EntityManager = this.ds.manager,
  ): Promise<void> {
    const acted: unknown[] = await em.query(
      `SELECT 1 FROM acting_assignment WHERE role = $1
         AND daterange("startsOn", "endsOn", '[]') && daterange($2::date, $3::date, '[]') LIMIT 1`,
      [role, startsOn, endsOn],
    );
    if (acted.length) throw actingAlreadyAssigned();
  }

  /** A9.7: someone acts for a role for a period, with a reason. */
  async assignActing(input: AssignActingInput, em: EntityManager = this.ds.manager): Promise<ActingAssignment> {
    if (!ACTABLE_ROLES.includes(input.role)) {
      throw new OrganisationError(
        OrganisationErrorCode.INVALID_ASSIGNMENT,
        'この役割に職務代理は設定できません (no acting holder for this role)',
      );
    }
    if (input.endsOn < input.startsOn || !input.reason.trim()) {
      throw new OrganisationError(
        OrganisationErrorCode.INVALID_ASSIGNMENT,
        '期間と事由を正しく入力してください (period and reason are required)',
      );
    }
    try {
      const repo = em.getRepository(ActingAssignment);
      return await repo.save(repo.create({ ...input, reason: input.reason.trim() }));
    } catch (e) {
      throw translateWriteError(e);
    }
  }
}

/** Database refusals become errors with a code and a sentence; anything else is rethrown as is. */
const roleAlreadyHeld = () =>
  new OrganisationError(
    OrganisationErrorCode.ROLE_ALREADY_HELD,
    'この役割にはその期間に既に在任者がいます。先に現任者の任期を終了してください (the role already has a holder in that period)',
  );
const actingAlreadyAssigned = () =>
  new OrganisationError(
    OrganisationErrorCode.ACTING_ALREADY_ASSIGNED,
    'その期間には既に職務代理者がいます (someone already acts for this role in that period)',
  );

function translateWriteError(e: unknown): unknown {
  const state = sqlState(e);
  const constraint = constraintName(e);
  if (state === '23P01' && constraint === 'role_assignment_one_holder') return roleAlreadyHeld();
  if (state === '23P01' && constraint === 'acting_assignment_one_actor') return actingAlreadyAssigned();
  if (state === '23503') {
    return new OrganisationError(
      constraint === 'role_assignment_section_fk'
        ? OrganisationErrorCode.SECTION_NOT_FOUND
        : OrganisationErrorCode.STAFF_NOT_FOUND,
      '指定された職員または課が見つかりません (staff or section not found)',
    );
  }
  if (state === '23514' || state === '22007' || state === '22008') {
    return new OrganisationError(
      OrganisationErrorCode.INVALID_ASSIGNMENT,
      '任命の内容が正しくありません (invalid assignment)',
    );
  }
  return e;
}
