// Issue 15 §3: a transfer opens on its effective date. The move itself is the organisation's
// (OrganisationAdminService.moveMany: the sections change and every module reacts in the same
// transaction, set-based for all the moves due: access ends room authorisations, this module's
// staff.movedMany hook opens the cards' collection and the PINs' change). A new operator is registered from that day, with a card to
// issue and a PIN to set. Moves dated today or before open at once when imported; later ones wait
// for the durable job of their date (transfer.jobs.ts), with a daily sweep behind it.
import { In, type DataSource, type EntityManager } from 'typeorm';
import { randomUUID } from 'node:crypto';
import { SYSTEM_ACTOR, type RequestMeta } from '../../shared/audit.js';
import type { AuditedWrites, Changes } from '../../shared/audited.js';
import { dateIn } from '../../shared/dates.js';
import { staffIdOfActor } from '../../shared/duties.js';
import { JOB_SCHEMA } from '../../jobs/job-queue.js';
import { Staff, type OrganisationAdminService } from '../organisation/index.js';
import type { CardsAuditAction } from './cards.policy.js';
import { registerNewOperators } from './transfer-new-operators.js';
import { CardTransferMove, TransferMoveState } from './transfer.entity.js';

export const OPEN_TRANSFERS_JOB = 'cards.openTransfers';
export const openJobKey = (day: string) => `card-transfers:${day}`;

type Entry = { action: CardsAuditAction; target: { type: string; id: string }; changes: Changes };

/** What opening a move reads of its person (an entity, or the import's checked row). */
export type MovingStaff = Pick<Staff, 'id' | 'sectionId' | 'active'>;

/** Why a due move is not made: the person left, or is no longer in the from-section. */
function skipReason(s: MovingStaff, m: CardTransferMove): string | null {
  if (!s.active) return '退職済みのため異動しませんでした';
  if (s.sectionId === m.fromSectionId) return null;
  return s.sectionId === m.toSectionId
    ? '発令日より前に異動後の所属になっていました'
    : '異動前の所属が変わっていたため異動しませんでした';
}

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
   *
   * Set-based: the moves go through the organisation's moveMany together (one UPDATE, one
   * `staff.movedMany` event that each module handles in a few statements), the moves' states are
   * written by one UPDATE each way and the audit entries (one per move, as one by one) by one
   * multi-row insert. A person with two moves due (two dates) moves in order: one wave after another.
   */
  async open(em: EntityManager, moveIds: readonly string[], meta: RequestMeta): Promise<Opened> {
    if (!moveIds.length) return { opened: 0, skipped: 0, tasks: 0 };
    const moves = await em.getRepository(CardTransferMove).find({
      where: { id: In([...moveIds]), state: TransferMoveState.SCHEDULED },
      order: { effectiveDate: 'ASC', staffNumber: 'ASC' },
    });
    if (!moves.length) return { opened: 0, skipped: 0, tasks: 0 };
    const staff = await em
      .getRepository(Staff)
      .createQueryBuilder('s')
      .where('s.id = ANY(:ids)', { ids: [...new Set(moves.map((m) => m.staffId))] })
      .setLock('pessimistic_write')
      .getMany();
    return this.openLocked(em, moves, new Map(staff.map((s) => [s.id, s])), meta, this.now(), false);
  }

  /**
   * The import's moves due at once (issue 15 §3: dated today or before): the import inserted them
   * already OPENED at `at`, in its transaction, after locking their staff in its check, so nothing
   * is read again and no state is written twice. One move per person (the check refuses a second).
   * They open what `open` would, with the same audit entries but for the state's start (null: the
   * move was never waiting). A move that turns out not to be made (it cannot, with the staff locked
   * since the check: kept for safety) is SKIPPED.
   */
  openInserted(
    em: EntityManager,
    moves: readonly CardTransferMove[],
    staff: ReadonlyMap<string, MovingStaff>,
    meta: RequestMeta,
    at: Date,
  ): Promise<Opened> {
    return this.openLocked(em, moves, staff, meta, at, true);
  }

  /** `open` once the moves are loaded and their staff locked; `inserted`: their rows already say OPENED. */
  private async openLocked(
    em: EntityManager,
    moves: readonly CardTransferMove[],
    byId: ReadonlyMap<string, MovingStaff>,
    meta: RequestMeta,
    at: Date,
    inserted: boolean,
  ): Promise<Opened> {
    const result: Opened = { opened: 0, skipped: 0, tasks: 0 };
    if (!moves.length) return result;
    // one entry per move, in the moves' order, written together at the end
    const entries: Entry[] = new Array<Entry>(moves.length);
    const skipped: { id: string; reason: string }[] = [];
    const opened: string[] = [];
    let pending = moves.map((m, i) => ({ m, i }));
    while (pending.length) {
      const wave: typeof pending = [];
      const later: typeof pending = [];
      const inWave = new Set<string>();
      for (const x of pending) {
        if (inWave.has(x.m.staffId)) later.push(x);
        else {
          inWave.add(x.m.staffId);
          wave.push(x);
        }
      }
      const moving: { m: CardTransferMove; i: number; s: MovingStaff }[] = [];
      for (const { m, i } of wave) {
        const s = byId.get(m.staffId)!;
        const skip = skipReason(s, m);
        if (!skip) {
          moving.push({ m, i, s });
          continue;
        }
        skipped.push({ id: m.id, reason: skip });
        entries[i] = {
          action: 'System.openCardTransfer',
          target: { type: 'CardTransferMove', id: m.id },
          changes: { state: [inserted ? null : m.state, TransferMoveState.SKIPPED], skipReason: [null, skip] },
        };
        result.skipped++;
      }
      const changes = await this.org.moveMany(
        em,
        moving.map(({ m, s }) => ({
          staff: s,
          toSectionId: m.toSectionId,
          cause: { type: 'CardTransferMove', id: m.id },
        })),
        meta,
      );
      // the new operators the moves name (a card to issue and a PIN to set), in a few statements
      const newOperators = await registerNewOperators(
        em,
        moving.map(({ m }) => m),
        staffIdOfActor(meta.actor),
        at,
      );
      for (const [k, { m, i }] of moving.entries()) {
        const openedNow = changes[k].cardRequestsOpened?.[1];
        const requestIds = Array.isArray(openedNow) ? [...(openedNow as string[])] : [];
        requestIds.push(...(newOperators.get(m.id) ?? []));
        opened.push(m.id);
        entries[i] = {
          action: 'System.openCardTransfer',
          target: { type: 'CardTransferMove', id: m.id },
          changes: {
            ...changes[k],
            // a move the import inserted opened was never waiting: it is on record as made so
            state: [inserted ? null : m.state, TransferMoveState.OPENED],
            staffId: [null, m.staffId],
            effectiveDate: [null, m.effectiveDate],
            tasks: [null, requestIds.length],
          },
        };
        result.opened++;
        result.tasks += requestIds.length;
      }
      pending = later;
    }
    if (skipped.length)
      await em.query(
        `UPDATE card_transfer_move SET state = 'SKIPPED', "skipReason" = v.reason, "openedAt" = NULL
           FROM unnest($1::uuid[], $2::varchar[]) AS v(id, reason) WHERE card_transfer_move.id = v.id`,
        [skipped.map((x) => x.id), skipped.map((x) => x.reason)],
      );
    if (opened.length && !inserted)
      await em.query(`UPDATE card_transfer_move SET state = 'OPENED', "openedAt" = $2 WHERE id = ANY($1::uuid[])`, [
        opened,
        at,
      ]);
    await this.audited.recordMany(em, meta, entries);
    return result;
  }
}
