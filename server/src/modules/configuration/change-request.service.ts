import { fingerprintOf, storedUnderClientId } from '../../shared/resend.js';
import type { DataSource, EntityManager } from 'typeorm';
import type { RequestMeta } from '../../shared/audit.js';
import { created, type AuditedWrites } from '../../shared/audited.js';
import { Authority, OrgRole } from '../../shared/authority.js';
import { isOwnCase, ownCase } from '../../shared/duties.js';
import type { OrganisationService } from '../organisation/index.js';
import { ChangeProposals, type ChangeInput, type Prepared } from './change-proposal.js';
import { ChangeBasis } from './change-record.entity.js';
import { ChangeRequestStatus, ConfigurationChangeRequest } from './change-request.entity.js';
import { ConfigurationError, ConfigurationErrorCode } from './configuration.errors.js';
import type { ConfigurationAuditAction } from './configuration.policy.js';

/** Who acts: the staff member, their authorities today, and today in Asia/Tokyo. */
export interface Requester {
  staffId: string;
  authorities: ReadonlySet<Authority>;
  today: string;
}

const TARGET = 'ConfigurationChangeRequest';

const notFound = () =>
  new ConfigurationError(
    ConfigurationErrorCode.CHANGE_REQUEST_NOT_FOUND,
    '変更申請が見つかりません (change request not found)',
  );

const notPending = (r: ConfigurationChangeRequest, wanted: string) =>
  new ConfigurationError(
    ConfigurationErrorCode.CHANGE_REQUEST_NOT_PENDING,
    `この申請は${wanted}の状態ではありません: ${r.status} (already handled)`,
    { status: r.status },
  );

/**
 * Whether a person may decide (approve, refuse) or confirm a request, given the people it is about
 * (the requester; for a confirmation also who carried it out). Pure, like the access module's rule
 * (Hardening §1): never one's own; the manager any other; the chief or the deputy chief those a
 * manager is one of the people of, which the manager cannot decide.
 */
export function mayDecideChange(
  people: readonly (string | null)[],
  by: Pick<Requester, 'staffId' | 'authorities'>,
  managers: readonly string[],
): boolean {
  if (isOwnCase(by.staffId, ...people)) return false;
  return by.authorities.has(Authority.MANAGER) || mayDecideAsChief(people, by, managers);
}

function mayDecideAsChief(
  people: readonly (string | null)[],
  by: Pick<Requester, 'authorities'>,
  managers: readonly string[],
): boolean {
  const routed = managers.some((m) => isOwnCase(m, ...people));
  return routed && (by.authorities.has(Authority.CHIEF) || by.authorities.has(Authority.DEPUTY_CHIEF));
}

/** The people a decision or a confirmation is about. */
const peopleOf = (r: ConfigurationChangeRequest, confirming: boolean) =>
  confirming ? [r.requestedById, r.carriedOutById] : [r.requestedById];

/**
 * A14.1–2, A17: change requests. Any staff member asks (what, why); the manager (or the acting
 * manager) approves or refuses, never their own, and a request of a manager goes to the chief or
 * the deputy chief; the requester (or the manager) carries it out, which changes the register and
 * writes its change record in the same transaction; then the manager confirms it. Each step takes
 * the request's row lock first, so two managers deciding at once cannot both win: the second gets
 * CHANGE_REQUEST_NOT_PENDING.
 */
export class ChangeRequestService {
  constructor(
    private readonly ds: DataSource,
    private readonly audited: AuditedWrites<ConfigurationAuditAction>,
    private readonly now: () => Date,
    private readonly org: Pick<OrganisationService, 'authorityHoldersOn'>,
    private readonly proposals: ChangeProposals,
  ) {}

  request(
    input: ChangeInput & { clientId?: string | null },
    by: Requester,
    meta: RequestMeta,
  ): Promise<ConfigurationChangeRequest> {
    return this.audited.write(meta, 'Mutation.requestConfigurationChange', TARGET, async (em) => {
      const repo = em.getRepository(ConfigurationChangeRequest);
      // a resend (the answer was lost) answers the request stored the first time; two at once wait
      // for each other on the id, so the manager never sees the same request twice
      const { clientId = null, ...asked } = input;
      const fingerprint = clientId ? fingerprintOf([by.staffId, asked]) : null;
      const stored = await storedUnderClientId(
        em,
        ConfigurationChangeRequest,
        clientId,
        fingerprint,
        () =>
          new ConfigurationError(
            ConfigurationErrorCode.CLIENT_ID_REUSED,
            'この clientId は別の申請に使われています (clientId already used for another request)',
          ),
      );
      if (stored) return { result: stored, targetId: stored.id, changes: { resent: [null, true] } };
      const p = await this.proposals.prepare(em, asked);
      const saved = await repo.save(
        repo.create({
          clientId,
          fingerprint,
          kind: p.kind,
          itemId: p.itemId,
          proposal: p.proposal as Record<string, unknown>,
          summary: p.summary,
          reason: p.reason,
          status: ChangeRequestStatus.REQUESTED,
          requestedById: by.staffId,
        }),
      );
      return {
        result: saved,
        targetId: saved.id,
        changes: created({
          kind: p.kind,
          itemId: p.itemId,
          summary: p.summary,
          reason: p.reason,
          proposal: p.proposal,
        }),
      };
    });
  }

  approve(id: string, note: string | null, by: Requester, meta: RequestMeta) {
    return this.decide(id, by, meta, 'Mutation.approveConfigurationChange', ChangeRequestStatus.APPROVED, note);
  }

  refuse(id: string, note: string, by: Requester, meta: RequestMeta) {
    return this.decide(id, by, meta, 'Mutation.refuseConfigurationChange', ChangeRequestStatus.REFUSED, note);
  }

  /** The requester takes back a request not yet carried out. */
  withdraw(id: string, note: string | null, by: Requester, meta: RequestMeta): Promise<ConfigurationChangeRequest> {
    return this.audited.write(meta, 'Mutation.withdrawConfigurationChange', { type: TARGET, id }, async (em) => {
      const r = await this.locked(em, id);
      if (r.requestedById !== by.staffId)
        throw new ConfigurationError(
          ConfigurationErrorCode.NOT_YOUR_CHANGE_REQUEST,
          '取り下げられるのは申請者だけです (only the requester withdraws)',
        );
      if (r.status !== ChangeRequestStatus.REQUESTED && r.status !== ChangeRequestStatus.APPROVED)
        throw notPending(r, '申請中か承認済み');
      return this.move(em, r, {
        status: ChangeRequestStatus.WITHDRAWN,
        decisionNote: note?.trim() || r.decisionNote,
        ...(r.status === ChangeRequestStatus.REQUESTED ? { decidedById: by.staffId, decidedAt: this.now() } : {}),
      });
    });
  }

  /**
   * Carries an approved request out: the register changes, with its change record (basis REQUEST),
   * in this transaction. The proposal is checked again against the register as it is now.
   */
  carryOut(id: string, by: Requester, meta: RequestMeta): Promise<ConfigurationChangeRequest> {
    return this.audited.write(meta, 'Mutation.carryOutConfigurationChange', { type: TARGET, id }, async (em) => {
      const r = await this.locked(em, id);
      if (r.requestedById !== by.staffId && !by.authorities.has(Authority.MANAGER))
        throw new ConfigurationError(
          ConfigurationErrorCode.NOT_YOUR_CHANGE_REQUEST,
          '実施できるのは申請者か管理者です (the requester or the manager carries it out)',
        );
      if (r.status !== ChangeRequestStatus.APPROVED) throw notPending(r, '承認済み');
      const prepared: Prepared = {
        kind: r.kind,
        itemId: r.itemId,
        proposal: r.proposal as never,
        summary: r.summary,
        reason: r.reason,
      };
      const applied = await this.proposals.apply(
        em,
        prepared,
        { basis: ChangeBasis.REQUEST, byId: by.staffId, requestId: r.id },
        by.today,
      );
      const after = await this.move(em, r, {
        status: ChangeRequestStatus.DONE,
        itemId: applied.itemId,
        carriedOutById: by.staffId,
        carriedOutAt: this.now(),
      });
      return { ...after, changes: { ...after.changes, ...applied.changes } };
    });
  }

  /** The manager confirms a change carried out (not one they asked for or carried out themselves). */
  confirm(id: string, note: string | null, by: Requester, meta: RequestMeta): Promise<ConfigurationChangeRequest> {
    return this.audited.write(meta, 'Mutation.confirmConfigurationChange', { type: TARGET, id }, async (em) => {
      const r = await this.locked(em, id);
      await this.assertMayDecide(em, r, by, true);
      if (r.status !== ChangeRequestStatus.DONE) throw notPending(r, '実施済み');
      return this.move(em, r, {
        status: ChangeRequestStatus.CONFIRMED,
        confirmedById: by.staffId,
        confirmedAt: this.now(),
        ...(note?.trim() ? { decisionNote: note.trim() } : {}),
      });
    });
  }

  private decide(
    id: string,
    by: Requester,
    meta: RequestMeta,
    action: ConfigurationAuditAction,
    to: ChangeRequestStatus,
    note: string | null,
  ): Promise<ConfigurationChangeRequest> {
    return this.audited.write(meta, action, { type: TARGET, id }, async (em) => {
      if (to === ChangeRequestStatus.REFUSED && !note?.trim())
        throw new ConfigurationError(
          ConfigurationErrorCode.INVALID_CHANGE_REQUEST,
          '却下の理由を入力してください (a reason is required)',
        );
      const r = await this.locked(em, id);
      await this.assertMayDecide(em, r, by, false);
      if (r.status !== ChangeRequestStatus.REQUESTED) throw notPending(r, '申請中');
      return this.move(em, r, {
        status: to,
        decidedById: by.staffId,
        decidedAt: this.now(),
        decisionNote: note?.trim() || null,
      });
    });
  }

  private async locked(em: EntityManager, id: string): Promise<ConfigurationChangeRequest> {
    const r = await em
      .getRepository(ConfigurationChangeRequest)
      .findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!r) throw notFound();
    return r;
  }

  private async move(
    em: EntityManager,
    r: ConfigurationChangeRequest,
    set: Partial<Omit<ConfigurationChangeRequest, 'proposal'>>,
  ) {
    await em.getRepository(ConfigurationChangeRequest).update({ id: r.id }, set);
    const after = await em.getRepository(ConfigurationChangeRequest).findOneByOrFail({ id: r.id });
    const changes: Record<string, [unknown, unknown]> = { status: [r.status, after.status] };
    if (set.decisionNote !== undefined && set.decisionNote !== r.decisionNote)
      changes.decisionNote = [r.decisionNote, after.decisionNote];
    if (set.itemId && set.itemId !== r.itemId) changes.itemId = [r.itemId, after.itemId];
    return { result: after, targetId: r.id, changes };
  }

  /** Hardening §1 for change control: nobody decides or confirms their own; a manager's goes to the chief. */
  private async assertMayDecide(em: EntityManager, r: ConfigurationChangeRequest, by: Requester, confirming: boolean) {
    const people = peopleOf(r, confirming);
    if (isOwnCase(by.staffId, ...people))
      throw ownCase(
        confirming
          ? 'ご自身が申請または実施した変更は確認できません (not your own change)'
          : 'ご自身の変更申請は承認・却下できません。統括者または副統括者が判断します (not your own request)',
      );
    if (by.authorities.has(Authority.MANAGER)) return;
    const managers = await this.org.authorityHoldersOn(OrgRole.MANAGER, by.today, em);
    if (!mayDecideAsChief(people, by, managers))
      throw new ConfigurationError(
        ConfigurationErrorCode.OUTSIDE_YOUR_SCOPE,
        '統括者・副統括者は管理者ご本人の申請のみ判断します。管理者が判断します (the manager decides this request)',
      );
  }
}
