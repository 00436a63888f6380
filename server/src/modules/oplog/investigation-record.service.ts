// A21 (調査), while it is open: the manager records findings (closing the investigation when done)
// and links the records it rests on — operation records by their key (sourceId, line, at: no
// foreign key into the partitions), entries of the entry/exit register and incidents by id.
import type { EntityManager } from 'typeorm';
import { created, type AuditedWrites, type AuditMeta } from '../../shared/audited.js';
import { isUuid } from '../../shared/ids.js';
import { Investigation, InvestigationLink, InvestigationLinkKind, InvestigationState } from './investigation.entity.js';
import { InvestigationError, InvestigationErrorCode } from './investigation.errors.js';
import type { InvestigationAction } from './investigation.policy.js';
import type { LinkInvestigationRecordInput, RecordInvestigationFindingsInput } from './investigation.types.js';
import { RECORD_BY_KEY } from './oplog.sql.js';

const E = InvestigationErrorCode;

export class InvestigationRecordService {
  constructor(
    private readonly audited: AuditedWrites<InvestigationAction>,
    private readonly now: () => Date,
  ) {}

  /** Findings, and with close the end of the investigation: nothing is added after. */
  async recordFindings(input: RecordInvestigationFindingsInput, meta: AuditMeta): Promise<Investigation> {
    return this.audited.write(
      meta,
      'Mutation.recordInvestigationFindings',
      { type: 'Investigation', id: input.id },
      async (em) => {
        const inv = await openOne(em, input.id);
        const findings = input.findings.trim();
        if (!findings) throw new InvestigationError(E.INVESTIGATION_BAD_INPUT, '所見を入力してください');
        const before = inv.state;
        inv.findings = findings;
        if (input.close) {
          inv.state = InvestigationState.CLOSED;
          inv.closedAt = this.now();
        }
        await em.getRepository(Investigation).save(inv);
        return {
          result: inv,
          targetId: inv.id,
          changes: { findings: [null, '(recorded)'], state: [before, inv.state] },
        };
      },
    );
  }

  async link(input: LinkInvestigationRecordInput, meta: AuditMeta): Promise<InvestigationLink> {
    return this.audited.write(
      meta,
      'Mutation.linkInvestigationRecord',
      { type: 'Investigation', id: input.investigationId },
      async (em) => {
        const inv = await openOne(em, input.investigationId);
        const link = em.getRepository(InvestigationLink).create({
          investigationId: inv.id,
          kind: input.kind,
          recordSourceId: null,
          recordLine: null,
          recordAt: null,
          accessEventId: null,
          incidentId: null,
          note: input.note?.trim() || null,
          addedAt: this.now(),
        });
        const bad = (what: string) => new InvestigationError(E.INVESTIGATION_BAD_LINK, `${what}が見つかりません`);
        if (input.kind === InvestigationLinkKind.OPERATION_RECORD) {
          if (!input.recordSourceId || !input.recordLine || !input.recordAt) throw bad('操作履歴');
          const rows = (await em.query(RECORD_BY_KEY, [
            input.recordSourceId,
            input.recordLine,
            input.recordAt,
          ])) as unknown[];
          if (!rows.length) throw bad('操作履歴');
          link.recordSourceId = input.recordSourceId;
          link.recordLine = input.recordLine;
          link.recordAt = input.recordAt;
        } else if (input.kind === InvestigationLinkKind.ACCESS_EVENT) {
          const id = input.accessEventId;
          if (!id || !(await em.query(`SELECT 1 FROM access_event WHERE id = $1`, [id])).length)
            throw bad('入退室の記録');
          link.accessEventId = id;
        } else {
          const id = input.incidentId;
          if (!id || !(await em.query(`SELECT 1 FROM incident WHERE id = $1`, [id])).length) throw bad('事故');
          link.incidentId = id;
        }
        await em.getRepository(InvestigationLink).insert(link);
        return {
          result: link,
          targetId: inv.id,
          changes: created({
            kind: link.kind,
            record: link.recordSourceId ? `${link.recordSourceId}:${link.recordLine}` : null,
            accessEventId: link.accessEventId,
            incidentId: link.incidentId,
          }),
        };
      },
    );
  }
}

/** The investigation, locked for the change, if it is still open. */
async function openOne(em: EntityManager, id: string): Promise<Investigation> {
  const inv = isUuid(id)
    ? await em.getRepository(Investigation).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } })
    : null;
  if (!inv) throw new InvestigationError(E.INVESTIGATION_NOT_FOUND, '調査が見つかりません');
  if (inv.state === InvestigationState.CLOSED) {
    throw new InvestigationError(E.INVESTIGATION_CLOSED, 'この調査は終了しています');
  }
  return inv;
}
