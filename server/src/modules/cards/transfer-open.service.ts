// Issue 15 §3: a transfer opens on its effective date. The move itself is the organisation's
// (OrganisationAdminService.moveWithin: the section changes and every module reacts in the same
// transaction: access ends room authorisations, this module's staff.moved hook opens the card's
// collection and the PIN's change). A new operator is registered from that day, with a card to
// issue and a PIN to set. Moves dated today or before open at once when imported; later ones wait
// for the durable job of their date (transfer.jobs.ts), with a daily sweep behind it.
import { In, type DataSource, type EntityManager } from 'typeorm';
import { randomUUID } from 'node:crypto';
import { SYSTEM_ACTOR, type RequestMeta } from '../../shared/audit.js';
import type { AuditedWrites } from '../../shared/audited.js';
import { dateIn } from '../../shared/dates.js';
import { staffIdOfActor } from '../../shared/duties.js';
import { JOB_SCHEMA } from '../../jobs/job-queue.js';
import { Staff, type OrganisationAdminService } from '../organisation/index.js';
import { CardRequest, CardRequestKind, CardRequestOrigin, CardRequestStatus } from './card-request.entity.js';
import type { CardsAuditAction } from './cards.policy.js';
import { CardOperator } from './operator.entity.js';
import { CardTransferMove, CardTransferTask, TransferMoveState } from './transfer.entity.js';

export const OPEN_TRANSFERS_JOB = 'cards.openTransfers';
export const openJobKey = (day: string) => `card-transfers:${day}`;

export interface Opened {
  opened: number;
  skipped: number;
  tasks: number;
}

export class TransferOpenService {
  constructor(
    private readonly ds: DataSource,
    private readonly audited: AuditedWrites<CardsAuditAction>,
    private readonly org: OrganisationAdminService,
    private readonly now: () => Date,
    private readonly timeZone: string,
  ) {}

  today(): string {
    return dateIn(this.timeZone, this.now());
  }

  /**
   * One job per effective date, written in the import's transaction: it commits with the moves or
   * not at all, and waits in PostgreSQL. Midnight in Tokyo of the date, on the database's clock
   * shifted as the application's (a test's clock) differs from it.
   */
  async schedule(em: EntityManager, days: readonly string[]): Promise<void> {
    if (!days.length) return;
    await em.query(
      `SELECT ${JOB_SCHEMA}.add_job($1, json_build_object('on', d::text),
         run_at := greatest(due, now() + (due - $3::timestamptz)),
         max_attempts := 25, job_key := 'card-transfers:' || d::text, job_key_mode := 'preserve_run_at')
       FROM (SELECT d, (d::timestamp AT TIME ZONE $4) AS due FROM unnest($2::date[]) AS d) AS days`,
      [OPEN_TRANSFERS_JOB, days, this.now(), this.timeZone],
    );
  }

  /** The job and the sweep: every move due by today (the application's clock) still waiting opens. */
  async openDue(): Promise<Opened> {
    return this.ds.transaction(async (em) => {
      const ids = (await em.query(
        `SELECT id FROM card_transfer_move WHERE state = 'SCHEDULED' AND "effectiveDate" <= $1::date
          ORDER BY "effectiveDate", "staffNumber" FOR UPDATE SKIP LOCKED`,
        [this.today()],
      )) as { id: string }[];
      return this.open(
        em,
        ids.map((r) => r.id),
        { actor: SYSTEM_ACTOR, requestId: randomUUID(), clientAddress: null },
      );
    });
  }

  /**
   * Opens the moves (ids of SCHEDULED moves due today or before, locked by the caller) in the
   * caller's transaction. A person who left, or is no longer in the from-section, is not moved: the
   * move is SKIPPED with the reason, for the PIN administrator to see.
   */
  async open(em: EntityManager, moveIds: readonly string[], meta: RequestMeta): Promise<Opened> {
    const result: Opened = { opened: 0, skipped: 0, tasks: 0 };
    if (!moveIds.length) return result;
    const moves = await em.getRepository(CardTransferMove).find({
      where: { id: In([...moveIds]), state: TransferMoveState.SCHEDULED },
      order: { effectiveDate: 'ASC', staffNumber: 'ASC' },
    });
    const staff = await em
      .getRepository(Staff)
      .createQueryBuilder('s')
      .where('s.id IN (:...ids)', { ids: [...new Set(moves.map((m) => m.staffId))] })
      .setLock('pessimistic_write')
      .getMany();
    const byId = new Map(staff.map((s) => [s.id, s]));
    const tasks: CardTransferTask[] = [];
    const at = this.now();
    for (const m of moves) {
      const s = byId.get(m.staffId)!;
      const skip = !s.active
        ? '退職済みのため異動しませんでした'
        : s.sectionId !== m.fromSectionId
          ? s.sectionId === m.toSectionId
            ? '発令日より前に異動後の所属になっていました'
            : '異動前の所属が変わっていたため異動しませんでした'
          : null;
      if (skip) {
        await em.update(CardTransferMove, { id: m.id }, { state: TransferMoveState.SKIPPED, skipReason: skip });
        await this.audited.record(
          em,
          meta,
          'System.openCardTransfer',
          { type: 'CardTransferMove', id: m.id },
          {
            state: [m.state, TransferMoveState.SKIPPED],
            skipReason: [null, skip],
          },
        );
        result.skipped++;
        continue;
      }
      const changes = await this.org.moveWithin(em, s, m.toSectionId, meta);
      const opened = changes.cardRequestsOpened?.[1];
      const requestIds = Array.isArray(opened) ? (opened as string[]) : [];
      if (m.newOperatorCode) requestIds.push(...(await this.newOperator(em, m, meta, at)));
      tasks.push(...requestIds.map((requestId) => ({ moveId: m.id, requestId }) as CardTransferTask));
      await em.update(CardTransferMove, { id: m.id }, { state: TransferMoveState.OPENED, openedAt: at });
      await this.audited.record(
        em,
        meta,
        'System.openCardTransfer',
        { type: 'CardTransferMove', id: m.id },
        {
          ...changes,
          state: [m.state, TransferMoveState.OPENED],
          staffId: [null, m.staffId],
          effectiveDate: [null, m.effectiveDate],
          tasks: [null, requestIds.length],
        },
      );
      result.opened++;
      result.tasks += requestIds.length;
    }
    for (let i = 0; i < tasks.length; i += 5000)
      await em.getRepository(CardTransferTask).insert(tasks.slice(i, i + 5000));
    return result;
  }

  /**
   * A new operator (the file names an operator ID): registered for the new section from the
   * effective date, with a card to issue and a PIN to set, asked of the PIN administrator (A16.1).
   * An operator ID taken since the import is not registered: the move says so.
   */
  private async newOperator(em: EntityManager, m: CardTransferMove, meta: RequestMeta, at: Date): Promise<string[]> {
    const taken = await em.getRepository(CardOperator).existsBy({ operatorCode: m.newOperatorCode! });
    const current = await em
      .getRepository(CardOperator)
      .createQueryBuilder('o')
      .where('o.staffId = :s AND (o.until IS NULL OR o.until >= :d)', { s: m.staffId, d: m.effectiveDate })
      .getOne();
    // already an operator on the day (registered by hand since the import): the move's hook has
    // opened their card's collection and PIN change; nothing is registered twice
    if (current) return [];
    if (taken) {
      await em.update(
        CardTransferMove,
        { id: m.id },
        { skipReason: '識別番号が既に使われていたため、操作者の登録をしませんでした' },
      );
      return [];
    }
    const operator = await em.getRepository(CardOperator).save({
      staffId: m.staffId,
      operatorCode: m.newOperatorCode!,
      sectionId: m.toSectionId,
      since: m.effectiveDate,
      until: null,
    });
    const inserted = await em.getRepository(CardRequest).insert(
      [CardRequestKind.CARD_ISSUE, CardRequestKind.PIN_SET].map((kind) => ({
        kind,
        status: CardRequestStatus.REQUESTED,
        origin: CardRequestOrigin.TRANSFER,
        operatorId: operator.id,
        cardId: null,
        sectionId: m.toSectionId,
        reason: '異動により新たに操作者となるため自動で作成',
        requestedById: staffIdOfActor(meta.actor),
        requestedAt: at,
      })),
    );
    return inserted.identifiers.map((i) => i.id as string);
  }
}
