// A21 (調査): the manager opens an investigation of a staff member's use of Juki-net, links the
// records it rests on (operation records by their key, register entries, incidents), records
// findings and closes it. Opening it asks a person to cooperate — the operations manager of the
// subject's section unless the manager names one — through their 対応が必要 (investigation.todos.ts):
// they see the request (the subject and the manager's message), never the investigation.
import type { DataSource, EntityManager } from 'typeorm';
import { created, type AuditedWrites, type AuditMeta } from '../../shared/audited.js';
import { isUuid } from '../../shared/ids.js';
import { Keyset, type PageArgs, type PageResult } from '../../shared/paging.js';
import { Investigation, InvestigationLink, InvestigationLinkKind, InvestigationState } from './investigation.entity.js';
import { InvestigationError, InvestigationErrorCode } from './investigation.errors.js';
import type { InvestigationAction } from './investigation.policy.js';
import type {
  InvestigationCooperationRequest,
  LinkInvestigationRecordInput,
  OpenInvestigationInput,
  OperationRecordKeyInput,
  RecordInvestigationFindingsInput,
} from './investigation.types.js';
import { SOURCE_ID } from './oplog-ingest.service.js';
import { RECORD_BY_KEY } from './oplog.sql.js';

const E = InvestigationErrorCode;
const TOKYO = 9 * 3_600_000;
const today = (now: Date) => new Date(now.getTime() + TOKYO).toISOString().slice(0, 10);

/** The current operations manager (A6) of the subject's section, not the subject: asked to cooperate. */
const COOPERATOR_OF = `
SELECT r."staffId" AS id FROM role_assignment r JOIN staff s ON s.id = $1
 WHERE r.role = 'OPERATIONS_MANAGER' AND r."sectionId" = s."sectionId" AND r."staffId" <> s.id
   AND r."validFrom" <= $2 AND (r."validTo" IS NULL OR r."validTo" >= $2)
 ORDER BY r."validFrom" DESC, r."staffId" LIMIT 1`;

/** A review's mark of a record ($1 at, $2 source, $3 line) as a finding (A20.1). */
const FINDING_MARK = `
SELECT note FROM oplog_review_mark WHERE "at" = $1 AND "sourceId" = $2 AND line = $3 AND verdict = 'FINDING'`;

const KEYSET = new Keyset<Investigation>({
  list: 'investigations',
  columns: [
    { sql: 'i."openedAt"', kind: 'timestamp', of: (r) => r.openedAt },
    { sql: 'i.id', kind: 'text', of: (r) => r.id },
  ],
  direction: 'DESC',
});

export class InvestigationService {
  constructor(
    private readonly ds: DataSource,
    private readonly audited: AuditedWrites<InvestigationAction>,
    private readonly now: () => Date,
  ) {}

  async page(args: PageArgs): Promise<PageResult<Investigation>> {
    const k = KEYSET.sql(args, 1);
    const ids = (await this.ds.query(
      `SELECT i.id, i."openedAt" FROM investigation i ${k.where ? `WHERE ${k.where}` : ''} ORDER BY ${k.orderBy} LIMIT ${k.limit}`,
      k.params,
    )) as { id: string }[];
    const found = ids.length ? await this.ds.getRepository(Investigation).findBy(ids.map((r) => ({ id: r.id }))) : [];
    const byId = new Map(found.map((i) => [i.id, i]));
    return KEYSET.page(
      ids.map((r) => byId.get(r.id)!),
      args,
    );
  }

  async one(id: string): Promise<Investigation> {
    const found = isUuid(id) ? await this.ds.getRepository(Investigation).findOneBy({ id }) : null;
    if (!found) throw new InvestigationError(E.INVESTIGATION_NOT_FOUND, '調査が見つかりません');
    return found;
  }

  links(investigationId: string): Promise<InvestigationLink[]> {
    return this.ds.getRepository(InvestigationLink).find({ where: { investigationId }, order: { addedAt: 'ASC' } });
  }

  async open(input: OpenInvestigationInput, byStaffId: string, meta: AuditMeta): Promise<Investigation> {
    return this.audited.write(meta, 'Mutation.openInvestigation', 'Investigation', async (em) => {
      const now = this.now();
      if (!(input.from < input.to)) {
        throw new InvestigationError(E.INVESTIGATION_BAD_INPUT, '対象期間の開始は終了より前です');
      }
      const scope = input.scope.trim();
      const message = input.cooperationMessage.trim();
      if (!scope || !message) {
        throw new InvestigationError(E.INVESTIGATION_BAD_INPUT, '調査の範囲と協力の依頼の文面を入力してください');
      }
      await this.activeStaff(em, input.subjectId);
      let cooperatorId = input.cooperatorId ?? null;
      if (cooperatorId) await this.activeStaff(em, cooperatorId);
      else {
        const rows = (await em.query(COOPERATOR_OF, [input.subjectId, today(now)])) as { id: string }[];
        cooperatorId = rows[0]?.id ?? null;
      }
      if (!cooperatorId) {
        throw new InvestigationError(
          E.INVESTIGATION_NO_COOPERATOR,
          '対象の職員の課に運用管理者がいません。協力を依頼する職員を指定してください',
        );
      }
      if (cooperatorId === input.subjectId) {
        throw new InvestigationError(E.INVESTIGATION_BAD_STAFF, '調査の対象の職員に協力を依頼することはできません');
      }
      const repo = em.getRepository(Investigation);
      const made = repo.create({
        state: InvestigationState.OPEN,
        subjectId: input.subjectId,
        scope,
        periodFrom: input.from,
        periodTo: input.to,
        findings: null,
        openedById: byStaffId,
        openedAt: now,
        closedAt: null,
        cooperatorId,
        cooperationMessage: message,
        cooperationAcknowledgedAt: null,
      });
      await repo.insert(made);
      const fromRecord = input.fromRecord ? await this.linkFinding(em, made, input.fromRecord) : null;
      return {
        result: made,
        targetId: made.id,
        // the audit trail is read by more people than the investigation: who and when, not the scope
        changes: created({
          subjectId: made.subjectId,
          cooperatorId,
          periodFrom: made.periodFrom,
          periodTo: made.periodTo,
          fromRecord,
        }),
      };
    });
  }

  async recordFindings(input: RecordInvestigationFindingsInput, meta: AuditMeta): Promise<Investigation> {
    return this.audited.write(
      meta,
      'Mutation.recordInvestigationFindings',
      { type: 'Investigation', id: input.id },
      async (em) => {
        const inv = await this.openOne(em, input.id);
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
        const inv = await this.openOne(em, input.investigationId);
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

  /** The requests to cooperate addressed to this person, newest first: the request only. */
  async cooperationRequests(staffId: string): Promise<InvestigationCooperationRequest[]> {
    return (await this.ds.query(
      `SELECT i.id, s."familyName" || ' ' || s."givenName" AS "subjectName", i."cooperationMessage" AS message,
              i."openedAt" AS "askedAt", i."cooperationAcknowledgedAt" AS "acknowledgedAt"
         FROM investigation i JOIN staff s ON s.id = i."subjectId"
        WHERE i."cooperatorId" = $1 ORDER BY i."openedAt" DESC LIMIT 200`,
      [staffId],
    )) as InvestigationCooperationRequest[];
  }

  /** The person asked confirms they have seen the request (it leaves their 対応が必要). */
  async acknowledge(id: string, staffId: string, meta: AuditMeta): Promise<InvestigationCooperationRequest> {
    await this.audited.write(
      meta,
      'Mutation.acknowledgeInvestigationCooperation',
      { type: 'Investigation', id },
      async (em) => {
        const inv = isUuid(id)
          ? await em.getRepository(Investigation).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } })
          : null;
        // another person's request is as unknown as none: nothing of it is told
        if (!inv || inv.cooperatorId !== staffId) {
          throw new InvestigationError(E.INVESTIGATION_NOT_FOUND, '協力の依頼が見つかりません');
        }
        const before = inv.cooperationAcknowledgedAt;
        if (!before) {
          inv.cooperationAcknowledgedAt = this.now();
          await em.getRepository(Investigation).save(inv);
        }
        return {
          result: inv,
          targetId: id,
          changes: { cooperationAcknowledgedAt: [before, inv.cooperationAcknowledgedAt] },
        };
      },
    );
    return (await this.cooperationRequests(staffId)).find((r) => r.id === id)!;
  }

  /**
   * A20.1 → A21: the record a review marked as a finding, linked to the investigation it opens (the
   * finding's note goes with it). Any other record is refused: linkInvestigationRecord adds those.
   */
  private async linkFinding(em: EntityManager, inv: Investigation, key: OperationRecordKeyInput): Promise<string> {
    const bad = () =>
      new InvestigationError(E.INVESTIGATION_BAD_LINK, '点検で指摘事項とした操作履歴の記録が見つかりません');
    if (
      !(key.at instanceof Date) ||
      Number.isNaN(key.at.getTime()) ||
      !Number.isInteger(key.line) ||
      typeof key.sourceId !== 'string' ||
      !SOURCE_ID.test(key.sourceId)
    )
      throw bad();
    const marks = (await em.query(FINDING_MARK, [key.at, key.sourceId, key.line])) as { note: string }[];
    if (!marks.length || !(await em.query(RECORD_BY_KEY, [key.sourceId, key.line, key.at])).length) throw bad();
    await em.getRepository(InvestigationLink).insert(
      em.getRepository(InvestigationLink).create({
        investigationId: inv.id,
        kind: InvestigationLinkKind.OPERATION_RECORD,
        recordSourceId: key.sourceId,
        recordLine: key.line,
        recordAt: key.at,
        accessEventId: null,
        incidentId: null,
        note: marks[0].note.slice(0, 1000),
        addedAt: this.now(),
      }),
    );
    return `${key.sourceId}:${key.line}`;
  }

  private async openOne(em: EntityManager, id: string): Promise<Investigation> {
    const inv = isUuid(id)
      ? await em.getRepository(Investigation).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } })
      : null;
    if (!inv) throw new InvestigationError(E.INVESTIGATION_NOT_FOUND, '調査が見つかりません');
    if (inv.state === InvestigationState.CLOSED) {
      throw new InvestigationError(E.INVESTIGATION_CLOSED, 'この調査は終了しています');
    }
    return inv;
  }

  private async activeStaff(em: EntityManager, id: string): Promise<void> {
    const rows = isUuid(id)
      ? ((await em.query(`SELECT 1 FROM staff WHERE id = $1 AND active`, [id])) as unknown[])
      : [];
    if (!rows.length)
      throw new InvestigationError(E.INVESTIGATION_BAD_STAFF, '職員が見つかりません (在職中の職員を指定してください)');
  }
}
