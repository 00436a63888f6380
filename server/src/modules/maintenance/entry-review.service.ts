import type { DataSource } from 'typeorm';
import type { RequestMeta } from '../../shared/audit.js';
import { created, type AuditedWrites } from '../../shared/audited.js';
import { MaintenanceError, MaintenanceErrorCode } from './maintenance.errors.js';
import type { MaintenanceAuditAction } from './maintenance.policy.js';
import { IS_UNCOVERED } from './work-order.sql.js';
import { MaintenanceEntryReview } from './work-order.entity.js';

const notUncovered = () =>
  new MaintenanceError(
    MaintenanceErrorCode.ENTRY_NOT_UNCOVERED,
    'この入室は作業の指示のない外部の者の入室ではないか、既に確認済みです (not an uncovered entry, or already looked at)',
  );

/**
 * A26: the manager looks at an outside person's entry no work order covers and records what it was
 * (a visit that was not maintenance, say). The entry then no longer counts on /compliance. Work that
 * was maintenance without an instruction stays on the record with the note; the instruction cannot
 * be given after the fact.
 */
export class EntryReviewService {
  constructor(
    private readonly ds: DataSource,
    private readonly audited: AuditedWrites<MaintenanceAuditAction>,
    private readonly now: () => Date,
  ) {}

  review(eventId: string, note: string, staffId: string, meta: RequestMeta): Promise<MaintenanceEntryReview> {
    return this.audited.write(
      meta,
      'Mutation.reviewUncoveredEntry',
      { type: 'AccessEvent', id: eventId },
      async (em) => {
        const text = note.trim();
        if (!text)
          throw new MaintenanceError(
            MaintenanceErrorCode.INVALID_WORK_ORDER,
            '確認の内容を入力してください (a note is required)',
          );
        const at = this.now();
        const found = (await em.query(IS_UNCOVERED, [at, eventId])) as unknown[];
        if (!found.length) throw notUncovered();
        const inserted = (await em.query(
          `INSERT INTO maintenance_entry_review ("eventId", note, "reviewedById", "reviewedAt") VALUES ($1, $2, $3, $4)
         ON CONFLICT ("eventId") DO NOTHING RETURNING id`,
          [eventId, text, staffId, at],
        )) as { id: string }[];
        if (!inserted.length) throw notUncovered();
        const saved = await em.getRepository(MaintenanceEntryReview).findOneByOrFail({ id: inserted[0].id });
        return { result: saved, targetId: eventId, changes: created({ note: text }) };
      },
    );
  }
}
