import { type DataSource } from 'typeorm';
import { AppError, CommonErrorCode } from '../../shared/errors.js';
import { AccessError, AccessErrorCode } from './access.errors.js';
import type { RequestMeta } from '../../shared/audit.js';
import type { AuditedWrites } from '../../shared/audited.js';
import type { AccessAuditAction } from './access.policy.js';
import { storeBatch, TELL_SUBSCRIBERS_FIRST } from './access-event.batch.js';
import { pipelinedTransaction } from '../../db/pipelined-transaction.js';
import {
  EventRefusal,
  fingerprint,
  normalised,
  Raced,
  REFUSAL_TEXT,
  refusal,
  shapeProblem,
  plausibleClock,
  type BatchResult,
  type EventResult,
  type EventSubmission,
  type Recorder,
} from './access-event.rules.js';
import { PinCheck, type DoorPinService } from './door-pin.service.js';
import type { Hooks } from '../../shared/hooks.js';
import { checkEventPins } from './access-event.pins.js';

export * from './access-event.rules.js';

/**
 * The entry/exit register (A12.3). A batch of events from a tablet (or a manager) is stored so
 * that lost, repeated, late and out-of-order submissions are harmless: unique keys decide what
 * is new (INSERT … ON CONFLICT DO NOTHING, never read-then-write), a replay gets the answer of
 * the first time, and an odd event is stored with its anomalies rather than refused.
 * A fixed number of SQL statements per batch, whatever its size.
 */
export class AccessEventService {
  constructor(
    readonly ds: DataSource,
    readonly audited: AuditedWrites<AccessAuditAction>,
    private readonly pins: DoorPinService,
    private readonly now: () => Date,
    /** A12.2: unauthorised entries are told to whoever subscribed (incidents opens one each) */
    readonly hooks?: Hooks,
  ) {}

  async record(
    deviceNow: Date,
    events: EventSubmission[],
    by: Recorder,
    meta: RequestMeta,
    sender: { monotonicMs?: number | null; bootId?: string | null } = {},
  ): Promise<BatchResult> {
    // a tablet whose clock battery died reads 1970: its times are corrected by the skew, not refused
    if (!plausibleClock(deviceNow, this.now())) {
      throw new AppError(CommonErrorCode.BAD_USER_INPUT, '端末の時計が大きくずれています (deviceNow out of range)');
    }
    const normal = events.map(normalised);
    const pinChecks =
      by.kind === 'device'
        ? await checkEventPins(this.ds, this.pins, { deviceNow, now: this.now(), ...sender }, normal, by, meta)
        : new Map<string, PinCheck>();
    // A concurrent batch may store some of these events between our look-up and our insert: then
    // this attempt is rolled back and run again, and the second look-up answers them as stored.
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.recordOnce(deviceNow, sender, normal, by, meta, pinChecks);
      } catch (e) {
        if (!(e instanceof Raced)) throw e;
        if (attempt >= 3) {
          throw new AccessError(
            AccessErrorCode.TRY_AGAIN,
            '同時に送信された記録と競合しました。もう一度送ってください (try again)',
          );
        }
      }
    }
  }

  private async recordOnce(
    deviceNow: Date,
    sender: { monotonicMs?: number | null; bootId?: string | null },
    events: EventSubmission[],
    by: Recorder,
    meta: RequestMeta,
    pinChecks: Map<string, PinCheck>,
  ) {
    const receivedAt = this.now();
    const skew = Math.round((receivedAt.getTime() - deviceNow.getTime()) / 1000);
    const batchClock = { skew, receivedAt, ...sender };
    const deviceId = by.kind === 'device' ? by.deviceId : null;
    const results = new Map<string, EventResult>();
    const refuse = (e: EventSubmission, code: EventRefusal) =>
      results.set(e.clientEventId, refusal(code, e.clientEventId));

    // 1. within the batch: one id with two different contents is refused; a repeated copy is one
    //    event; a sequence number used by two ids goes to the first of them
    const byId = new Map<string, EventSubmission[]>();
    for (const e of events) byId.set(e.clientEventId, [...(byId.get(e.clientEventId) ?? []), e]);
    const seqTaken = new Set<number>();
    const unique: EventSubmission[] = [];
    for (const [id, copies] of byId) {
      const problem = shapeProblem(copies[0]);
      if (problem) {
        results.set(id, {
          ...refusal(EventRefusal.INVALID_EVENT, id),
          message: `${REFUSAL_TEXT.INVALID_EVENT}: ${problem}`,
        });
        continue;
      }
      if (copies.some((c) => fingerprint(c) !== fingerprint(copies[0]))) {
        results.set(id, { ...refusal(EventRefusal.INVALID_EVENT, id), message: REFUSAL_TEXT.CONFLICTING_COPIES });
        continue;
      }
      const e = copies[0];
      if (deviceId && typeof e.deviceSeq === 'number') {
        if (seqTaken.has(e.deviceSeq)) {
          refuse(e, EventRefusal.SEQUENCE_REUSED);
          continue;
        }
        seqTaken.add(e.deviceSeq);
      }
      unique.push(e);
    }

    // Hardening §7: a tablet's batch runs in two round trips (BEGIN with the look-up, the write with
    // COMMIT); one that must tell subscribers first (their reactions join the audit entry) is rolled
    // back after its look-up and run again as the transaction below, which a manager's batch runs too
    const input = () => ({ deviceId, batchClock, events, unique, results: new Map(results), by, meta, pinChecks });
    if (deviceId && unique.length) {
      const piped = await pipelinedTransaction(this.ds, (tx) =>
        storeBatch(
          this,
          {
            run: { query: (q, p) => tx.query(q, p), named: (n, q, p) => tx.query(q, p, n) },
            last: { query: (q, p) => tx.commitWith(q, p), named: (n, q, p) => tx.commitWith(q, p, n) },
            em: null,
          },
          input(),
        ),
      );
      if (piped !== TELL_SUBSCRIBERS_FIRST) return piped;
    }
    return this.ds.transaction(async (em) => {
      const r = await storeBatch(this, { run: em, last: em, em }, input());
      if (r === TELL_SUBSCRIBERS_FIRST) throw new Error('a batch in a TypeORM transaction tells its subscribers');
      return r;
    });
  }
}
