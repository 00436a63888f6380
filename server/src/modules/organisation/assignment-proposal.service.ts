import type { DataSource, EntityManager } from 'typeorm';
import { sqlState } from '../../shared/errors.js';
import type { RequestMeta } from '../../shared/audit.js';
import { created, type AuditedWrites } from '../../shared/audited.js';
import { ACTABLE_ROLES, Authority, OrgRole } from '../../shared/authority.js';
import { isOwnCase, ownCase, staffIdOfActor } from '../../shared/duties.js';
import { AssignmentProposal, ProposalKind, ProposalStatus } from './assignment-proposal.entity.js';
import { OrganisationError, OrganisationErrorCode } from './organisation.errors.js';
import type { OrganisationAction } from './organisation.policy.js';
import type { AssignActingInput, AssignRoleInput, OrganisationService } from './organisation.service.js';

/** Roles (and acting periods for them) that take two people: one proposes, another confirms. */
export const TWO_PERSON_ROLES: readonly OrgRole[] = [OrgRole.CHIEF, OrgRole.DEPUTY_CHIEF, OrgRole.MANAGER];

/** The person deciding a proposal: their staff id and today's authorities. */
export interface Decider {
  staffId: string;
  authorities: ReadonlySet<Authority>;
  /** 'YYYY-MM-DD' in Asia/Tokyo */
  today: string;
}

const TARGET = 'AssignmentProposal';
const notFound = () =>
  new OrganisationError(OrganisationErrorCode.PROPOSAL_NOT_FOUND, '提案が見つかりません (not found)');
const invalid = (m: string) => new OrganisationError(OrganisationErrorCode.INVALID_ASSIGNMENT, m);

/**
 * Who may decide a proposal (pure): never its subject or proposer; the chief (or acting chief);
 * the deputy chief only when no chief can, because every chief is the subject or the proposer,
 * or there is none on the day.
 */
export function mayDecide(
  p: Pick<AssignmentProposal, 'staffId' | 'proposedById'>,
  by: Pick<Decider, 'staffId' | 'authorities'>,
  chiefs: readonly string[],
): boolean {
  if (isOwnCase(by.staffId, p.staffId, p.proposedById)) return false;
  if (by.authorities.has(Authority.CHIEF)) return true;
  const chiefCan = chiefs.some((c) => !isOwnCase(c, p.staffId, p.proposedById));
  return !chiefCan && by.authorities.has(Authority.DEPUTY_CHIEF);
}

/**
 * Hardening §1, separation of duties: the chief, the deputy chief and the manager are appointed,
 * and acted for, only by two people. The system administrator proposes; the assignment is made
 * when the chief (or the deputy chief, for the chief) confirms.
 */
export class AssignmentProposalService {
  constructor(
    private readonly ds: DataSource,
    private readonly org: OrganisationService,
    private readonly audited: AuditedWrites<OrganisationAction>,
    private readonly now: () => Date,
  ) {}

  proposeRole(input: AssignRoleInput, meta: RequestMeta): Promise<AssignmentProposal> {
    return this.audited.write(meta, 'Mutation.proposeRoleAssignment', TARGET, async (em) => {
      const by = this.proposer(meta, input.staffId);
      if (!TWO_PERSON_ROLES.includes(input.role))
        throw invalid('この役割は提案なしで任命できます (this role is assigned directly)');
      if (input.sectionId) throw invalid('この役割に課は指定できません (this role is not per section)');
      if (input.validTo && input.validTo < input.validFrom)
        throw invalid('終了日が開始日より前です (validTo is before validFrom)');
      await this.assertNoClash(em, ProposalKind.ROLE, input.role, input.validFrom, input.validTo ?? null);
      return this.save(em, {
        kind: ProposalKind.ROLE,
        role: input.role,
        staffId: input.staffId,
        validFrom: input.validFrom,
        validTo: input.validTo ?? null,
        note: input.note?.trim() || null,
        reason: null,
        proposedById: by,
      });
    });
  }

  proposeActing(input: AssignActingInput, meta: RequestMeta): Promise<AssignmentProposal> {
    return this.audited.write(meta, 'Mutation.proposeActing', TARGET, async (em) => {
      const by = this.proposer(meta, input.actingStaffId);
      if (!ACTABLE_ROLES.includes(input.role))
        throw invalid('この役割に職務代理は設定できません (no acting holder for this role)');
      if (input.endsOn < input.startsOn || !input.reason.trim())
        throw invalid('期間と事由を正しく入力してください (period and reason are required)');
      await this.assertNoClash(em, ProposalKind.ACTING, input.role, input.startsOn, input.endsOn);
      return this.save(em, {
        kind: ProposalKind.ACTING,
        role: input.role,
        staffId: input.actingStaffId,
        validFrom: input.startsOn,
        validTo: input.endsOn,
        note: null,
        reason: input.reason.trim(),
        proposedById: by,
      });
    });
  }

  /** Makes the proposed assignment, in the same transaction as the decision and its audit entry. */
  confirm(id: string, by: Decider, meta: RequestMeta): Promise<AssignmentProposal> {
    return this.audited.write(meta, 'Mutation.confirmAssignmentProposal', { type: TARGET, id }, async (em) => {
      const p = await this.pendingForDecision(em, id, by);
      const made =
        p.kind === ProposalKind.ROLE
          ? await this.org.assignRole(
              { role: p.role, staffId: p.staffId, validFrom: p.validFrom, validTo: p.validTo, note: p.note },
              em,
            )
          : await this.org.assignActing(
              {
                role: p.role,
                actingStaffId: p.staffId,
                startsOn: p.validFrom,
                endsOn: p.validTo!,
                reason: p.reason ?? '',
              },
              em,
            );
      Object.assign(p, {
        status: ProposalStatus.CONFIRMED,
        decidedById: by.staffId,
        decidedAt: this.now(),
        assignmentId: made.id,
      });
      await em.getRepository(AssignmentProposal).save(p);
      p.mayDecide = false;
      return {
        result: p,
        targetId: id,
        changes: {
          status: [ProposalStatus.PROPOSED, ProposalStatus.CONFIRMED],
          assignmentId: [null, made.id],
          kind: [p.kind, p.kind],
          role: [p.role, p.role],
          staffId: [p.staffId, p.staffId],
          proposedById: [p.proposedById, p.proposedById],
        },
      };
    });
  }

  reject(id: string, reason: string, by: Decider, meta: RequestMeta): Promise<AssignmentProposal> {
    return this.audited.write(meta, 'Mutation.rejectAssignmentProposal', { type: TARGET, id }, async (em) => {
      if (!reason.trim()) throw invalid('却下の理由を入力してください (a reason is required)');
      const p = await this.pendingForDecision(em, id, by);
      Object.assign(p, {
        status: ProposalStatus.REJECTED,
        decidedById: by.staffId,
        decidedAt: this.now(),
        rejectReason: reason.trim(),
      });
      await em.getRepository(AssignmentProposal).save(p);
      p.mayDecide = false;
      return {
        result: p,
        targetId: id,
        changes: { status: [ProposalStatus.PROPOSED, ProposalStatus.REJECTED], rejectReason: [null, p.rejectReason] },
      };
    });
  }

  /** Pending proposals, oldest first, each saying whether the viewer may decide it. */
  async pending(viewer: Decider): Promise<AssignmentProposal[]> {
    const [rows, chiefs] = await Promise.all([
      this.ds.getRepository(AssignmentProposal).find({
        where: { status: ProposalStatus.PROPOSED },
        order: { proposedAt: 'ASC' },
      }),
      this.org.authorityHoldersOn(OrgRole.CHIEF, viewer.today),
    ]);
    for (const p of rows) p.mayDecide = mayDecide(p, viewer, chiefs);
    return rows;
  }

  /** For the 対応が必要 home: how many pending proposals this person may decide. */
  async countToDecide(viewer: Decider): Promise<number> {
    return (await this.pending(viewer)).filter((p) => p.mayDecide).length;
  }

  /**
   * Refuses a proposal that could not be confirmed as things stand: the role already has a holder
   * (or an acting holder) on some day of the period, or a pending proposal of the same kind already
   * covers it. Proposals of one kind and role queue on an advisory lock, so two made at once cannot
   * both pass. Confirmation checks again (the database's exclusion constraints): things may change
   * in between.
   */
  private async assertNoClash(
    em: EntityManager,
    kind: ProposalKind,
    role: OrgRole,
    from: string,
    to: string | null,
  ): Promise<void> {
    await em.query(`SELECT pg_advisory_xact_lock(hashtext('assignment_proposal:' || $1 || ':' || $2))`, [kind, role]);
    if (kind === ProposalKind.ROLE) await this.org.assertRoleFree(role, null, from, to, em);
    else await this.org.assertActingFree(role, from, to!, em);
    const pending: { id: string }[] = await em.query(
      `SELECT id FROM assignment_proposal WHERE status = 'PROPOSED' AND kind = $1 AND role = $2
         AND daterange("validFrom", "validTo", '[]') && daterange($3::date, $4::date, '[]') LIMIT 1`,
      [kind, role, from, to],
    );
    if (pending.length)
      throw new OrganisationError(
        OrganisationErrorCode.ALREADY_PROPOSED,
        'この役割とその期間には確認待ちの提案があります。先にその提案を確認または却下してください (a pending proposal already covers this role and period)',
        { proposalId: pending[0].id },
      );
  }

  private proposer(meta: RequestMeta, subject: string): string {
    const by = staffIdOfActor(meta.actor);
    if (!by) throw ownCase('職員としてサインインしてください (a staff session is required)');
    if (isOwnCase(by, subject)) throw ownCase('ご自身を任命することはできません (you cannot propose yourself)');
    return by;
  }

  private async pendingForDecision(em: EntityManager, id: string, by: Decider): Promise<AssignmentProposal> {
    const p = await em
      .getRepository(AssignmentProposal)
      .createQueryBuilder('p')
      .setLock('pessimistic_write')
      .where('p.id = :id', { id })
      .getOne();
    if (!p) throw notFound();
    if (p.status !== ProposalStatus.PROPOSED)
      throw new OrganisationError(
        OrganisationErrorCode.PROPOSAL_NOT_PENDING,
        `この提案は既に処理されています: ${p.status} (already decided)`,
      );
    if (isOwnCase(by.staffId, p.staffId, p.proposedById))
      throw ownCase('ご自身の提案やご自身に関する提案は確認できません (not your own proposal or appointment)');
    if (!mayDecide(p, by, await this.org.authorityHoldersOn(OrgRole.CHIEF, by.today, em)))
      throw new OrganisationError(
        OrganisationErrorCode.NOT_THE_CONFIRMER,
        'この提案は統括者が確認します (統括者ご本人に関するものは副統括者) (the chief confirms)',
      );
    return p;
  }

  private async save(
    em: EntityManager,
    fields: Omit<
      AssignmentProposal,
      'id' | 'status' | 'proposedAt' | 'decidedById' | 'decidedAt' | 'rejectReason' | 'assignmentId' | 'mayDecide'
    >,
  ) {
    const repo = em.getRepository(AssignmentProposal);
    let p: AssignmentProposal;
    try {
      p = await repo.save(repo.create({ ...fields, status: ProposalStatus.PROPOSED }));
    } catch (e) {
      if (sqlState(e) === '23503')
        throw new OrganisationError(OrganisationErrorCode.STAFF_NOT_FOUND, '職員が見つかりません (staff not found)');
      if (sqlState(e) === '23514' || sqlState(e) === '22008') throw invalid('提案の内容が正しくありません (invalid)');
      throw e;
    }
    p.mayDecide = false;
    return {
      result: p,
      targetId: p.id,
      changes: created({
        kind: p.kind,
        role: p.role,
        staffId: p.staffId,
        validFrom: p.validFrom,
        validTo: p.validTo,
        note: p.note,
        reason: p.reason,
      }),
    };
  }
}
