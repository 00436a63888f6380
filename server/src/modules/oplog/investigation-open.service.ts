// A21 (調査), opening: the manager opens an investigation of a staff member's use of Juki-net and
// asks a person to cooperate — the one the manager picked, else the operations manager of the
// subject's section — through their 対応が必要 (investigation.todos.ts). Opened from a review's
// finding (A20.1), the finding's record is linked in the same step.
import type { EntityManager } from 'typeorm';
import { created, type AuditedWrites, type AuditMeta } from '../../shared/audited.js';
import { isUuid } from '../../shared/ids.js';
import { Investigation, InvestigationLink, InvestigationLinkKind, InvestigationState } from './investigation.entity.js';
import { InvestigationError, InvestigationErrorCode } from './investigation.errors.js';
import type { InvestigationAction } from './investigation.policy.js';
import type { OpenInvestigationInput, OperationRecordKeyInput } from './investigation.types.js';
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

export class InvestigationOpenService {
  constructor(
    private readonly audited: AuditedWrites<InvestigationAction>,
    private readonly now: () => Date,
  ) {}

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
      await activeStaff(em, input.subjectId);
      let cooperatorId = input.cooperatorId ?? null;
      if (cooperatorId) await activeStaff(em, cooperatorId);
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
}

/** The subject and the person asked to cooperate are active staff: unknown or ended is refused. */
async function activeStaff(em: EntityManager, id: string): Promise<void> {
  const rows = isUuid(id) ? ((await em.query(`SELECT 1 FROM staff WHERE id = $1 AND active`, [id])) as unknown[]) : [];
  if (!rows.length)
    throw new InvestigationError(E.INVESTIGATION_BAD_STAFF, '職員が見つかりません (在職中の職員を指定してください)');
}
