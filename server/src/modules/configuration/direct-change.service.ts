import type { DataSource, EntityManager } from 'typeorm';
import type { RequestMeta } from '../../shared/audit.js';
import type { AuditedWrites } from '../../shared/audited.js';
import type { Hooks, UnauthorisedChange } from '../../shared/hooks.js';
import { Authority, OrgRole } from '../../shared/authority.js';
import { mayAct } from '../../shared/access-scope.js';
import { RoleAssignment } from '../organisation/index.js';
import { isOwnCase, ownCase } from '../../shared/duties.js';
import { ChangeProposals, invalidRequest, type ChangeInput } from './change-proposal.js';
import { ChangeBasis, ConfigurationChange, UNAPPROVED_BASES } from './change-record.entity.js';
import { ChangeKind } from './change-request.entity.js';
import { ConfigurationConnection } from './connection.entity.js';
import { ConfigurationItem } from './configuration-item.entity.js';
import { ConfigurationError, ConfigurationErrorCode } from './configuration.errors.js';
import type { ConfigurationAuditAction } from './configuration.policy.js';
import type { Requester } from './change-request.service.js';
import { categoryOf, ItemCategory, LIVE_STATES } from './item-kinds.js';
import { normalisePatch } from './item-rules.js';
import { RegisterWriter } from './item-writes.js';

export interface MediumInput {
  /** the medium changed; none: a new one */
  id?: string | null;
  item: object;
  summary?: string | null;
  reason: string;
}

const requestRequired = () =>
  new ConfigurationError(
    ConfigurationErrorCode.CHANGE_REQUEST_REQUIRED,
    '機器とプログラムの変更は、管理者が承認した変更申請で行います (A14.1–2, A17: equipment and programs change through an approved request)',
  );

/**
 * Changes recorded without a change request: the manager's emergency entry and a change found
 * later (both flagged until the chief or the deputy chief reviews them, A14.1–2, A17), media kept
 * by 管理者等 (A15), and the protective measures of a connection (A8.3). Each writes its change
 * record in the same transaction, like a request carried out.
 */
const outsideSection = () =>
  new ConfigurationError(
    ConfigurationErrorCode.OUTSIDE_YOUR_SCOPE,
    '運用管理者は自分の課の磁気媒体等だけを登録・変更できます (an operations manager records media of their own sections only)',
  );

/**
 * A6, A15: the manager records any medium; an operations manager those of the sections they manage
 * today, before and after the change (a medium cannot be moved into or out of another section's care).
 */
async function assertMediumInScope(
  em: EntityManager,
  by: Requester,
  sections: readonly (string | null | undefined)[],
): Promise<void> {
  if (by.authorities.has(Authority.MANAGER)) return;
  const own = (
    await em
      .getRepository(RoleAssignment)
      .createQueryBuilder('r')
      .where('r.staffId = :staffId AND r.role = :role', { staffId: by.staffId, role: OrgRole.OPERATIONS_MANAGER })
      .andWhere('r.validFrom <= :today AND (r.validTo IS NULL OR r.validTo >= :today)', { today: by.today })
      .getMany()
  )
    .map((r) => r.sectionId)
    .filter((x): x is string => !!x);
  for (const sectionId of sections) if (!sectionId || !mayAct({ sections: own }, { sectionId })) throw outsideSection();
}

export class DirectChangeService {
  constructor(
    private readonly ds: DataSource,
    private readonly audited: AuditedWrites<ConfigurationAuditAction>,
    private readonly now: () => Date,
    private readonly proposals: ChangeProposals,
    private readonly writer: RegisterWriter,
    private readonly hooks: Hooks,
  ) {}

  /**
   * The manager records a change made without an approved request; it is flagged (basis EMERGENCY or
   * DISCOVERED). A change found later that nobody approved (DISCOVERED) breaks A17: it also opens an
   * incident (hook `configuration.unauthorisedChange`), in the same transaction. An emergency entry is
   * the manager's own permission (A14.1–2 ATTENTION until the chief reviews it), not an incident.
   */
  recordUnapproved(
    input: ChangeInput & { discovered?: boolean | null },
    by: Requester,
    meta: RequestMeta,
  ): Promise<ConfigurationChange> {
    return this.audited.write(meta, 'Mutation.recordUnapprovedConfigurationChange', 'ConfigurationItem', async (em) => {
      const p = await this.proposals.prepare(em, input);
      const basis = input.discovered ? ChangeBasis.DISCOVERED : ChangeBasis.EMERGENCY;
      const { itemId, changes, recordId } = await this.proposals.apply(
        em,
        p,
        { basis, byId: by.staffId, requestId: null },
        by.today,
      );
      const record = await em.getRepository(ConfigurationChange).findOneByOrFail({ id: recordId });
      const reactions =
        basis === ChangeBasis.DISCOVERED
          ? await this.hooks.emit(em, 'configuration.unauthorisedChange', await this.unauthorised(em, record), meta)
          : {};
      return { result: record, targetId: itemId, changes: { ...changes, basis: [null, basis], ...reactions } };
    });
  }

  /** What the incident of a change nobody approved needs to know (A17). */
  private async unauthorised(em: EntityManager, record: ConfigurationChange): Promise<UnauthorisedChange> {
    const item = await em.getRepository(ConfigurationItem).findOneByOrFail({ id: record.itemId });
    return {
      changeId: record.id,
      itemLabel: `${item.registerNumber} ${item.name}`,
      summary: record.summary,
      reason: record.reason,
      recordedById: record.byId ?? '',
      sectionId: item.sectionId,
      roomId: item.roomId,
      recordedAt: record.at,
    };
  }

  /** The chief or the deputy chief reviews a flagged change after the fact (not one they recorded). */
  reviewUnapproved(id: string, note: string, by: Requester, meta: RequestMeta): Promise<ConfigurationChange> {
    return this.audited.write(
      meta,
      'Mutation.reviewUnapprovedConfigurationChange',
      { type: 'ConfigurationChange', id },
      async (em) => {
        if (!note.trim()) throw invalidRequest('所見を入力してください (a note is required)');
        const repo = em.getRepository(ConfigurationChange);
        const c = await repo.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
        if (!c)
          throw new ConfigurationError(
            ConfigurationErrorCode.CONFIGURATION_CHANGE_NOT_FOUND,
            '変更記録が見つかりません (not found)',
          );
        if (isOwnCase(by.staffId, c.byId)) throw ownCase('ご自身が記録した変更は確認できません (not your own record)');
        if (!UNAPPROVED_BASES.includes(c.basis) || c.reviewedAt)
          throw new ConfigurationError(
            ConfigurationErrorCode.CHANGE_NOT_TO_REVIEW,
            c.reviewedAt
              ? '既に確認済みです (already reviewed)'
              : '承認済みの変更です。事後確認は不要です (approved beforehand)',
          );
        await repo.update({ id }, { reviewedById: by.staffId, reviewedAt: this.now(), reviewNote: note.trim() });
        const after = await repo.findOneByOrFail({ id });
        return {
          result: after,
          targetId: id,
          changes: { reviewedAt: [null, after.reviewedAt], reviewNote: [null, after.reviewNote] },
        };
      },
    );
  }

  /** A15: a medium (tape, disk, paper documents) registered or changed by 管理者等, with its record. */
  recordMedium(input: MediumInput, by: Requester, meta: RequestMeta): Promise<ConfigurationItem> {
    return this.audited.write(
      meta,
      'Mutation.recordConfigurationMedium',
      { type: 'ConfigurationItem', id: input.id ?? null },
      async (em) => {
        const reason = input.reason.trim();
        if (!reason) throw invalidRequest('理由を入力してください (reason is required)');
        const patch = normalisePatch(input.item as Record<string, unknown>);
        if (!input.id) {
          if (!patch.kind || categoryOf(patch.kind) !== ItemCategory.MEDIUM) throw requestRequired();
          await assertMediumInScope(em, by, [patch.sectionId as string | null | undefined]);
          const p = await this.proposals.prepare(em, {
            kind: ChangeKind.INSTALL,
            item: input.item,
            summary: input.summary?.trim() || `${patch.name ?? ''} を登録`,
            reason,
          });
          const { itemId, changes } = await this.proposals.apply(
            em,
            p,
            { basis: ChangeBasis.DIRECT, byId: by.staffId, requestId: null },
            by.today,
          );
          return {
            result: await em.getRepository(ConfigurationItem).findOneByOrFail({ id: itemId }),
            targetId: itemId,
            changes,
          };
        }
        const item = await this.proposals.item(em, input.id, true);
        if (categoryOf(item.kind) !== ItemCategory.MEDIUM) throw requestRequired();
        const diff = this.writer.diff(item, patch);
        await assertMediumInScope(em, by, 'sectionId' in diff ? [item.sectionId, diff.sectionId] : [item.sectionId]);
        if (!Object.keys(diff).length) throw invalidRequest('変更する項目がありません (nothing would change)');
        const leaving = diff.state && !LIVE_STATES.includes(diff.state);
        const { item: saved, changes } = await this.writer.change(em, item, diff, {
          kind: leaving ? ChangeKind.REMOVE : ChangeKind.CHANGE,
          basis: ChangeBasis.DIRECT,
          summary: input.summary?.trim() || `${item.name} を変更`,
          reason,
          byId: by.staffId,
          requestId: null,
        });
        return { result: saved, targetId: item.id, changes };
      },
    );
  }

  /** A8.3, A11.1: the manager writes down (or corrects) the protective measures of a connection. */
  setMeasures(connectionId: string, measures: string, reason: string, by: Requester, meta: RequestMeta) {
    return this.audited.write(
      meta,
      'Mutation.setConnectionMeasures',
      { type: 'ConfigurationConnection', id: connectionId },
      async (em) => {
        const text = measures.trim();
        if (!text || text.length > 1000)
          throw invalidRequest('保護措置を1000文字以内で入力してください (measures: 1–1000 characters)');
        if (!reason.trim()) throw invalidRequest('理由を入力してください (reason is required)');
        const repo = em.getRepository(ConfigurationConnection);
        const c = await repo.findOne({ where: { id: connectionId }, lock: { mode: 'pessimistic_write' } });
        if (!c)
          throw new ConfigurationError(
            ConfigurationErrorCode.CONNECTION_NOT_FOUND,
            '接続が見つかりません (connection not found)',
          );
        const { changes } = await this.writer.setMeasures(em, c, text, {
          kind: ChangeKind.CHANGE,
          basis: ChangeBasis.DIRECT,
          summary: `${c.otherSystem} との接続の保護措置`,
          reason: reason.trim(),
          byId: by.staffId,
          requestId: null,
        });
        return { result: await repo.findOneByOrFail({ id: connectionId }), targetId: connectionId, changes };
      },
    );
  }
}
