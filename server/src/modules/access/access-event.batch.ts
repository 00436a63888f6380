// Steps 2–8 of storing a batch of door events (A12.3), in the transaction AccessEventService opened for
// it (pipelined for a tablet; TypeORM's for a manager or a batch that tells subscribers): replays
// answered from what is stored, new events checked and flagged, then one statement writes them all.
import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import type { AuditEntryPart, RequestMeta } from '../../shared/audit.js';
import { created, type AuditedWrites } from '../../shared/audited.js';
import type { Hooks } from '../../shared/hooks.js';
import type { SqlParam } from '../../shared/sql-params.js';
import type { AccessAuditAction } from './access.policy.js';
import { AccessDirection, AccessEvent, AnomalyKind } from './access-event.entity.js';
import { lookUp } from './access-event.lookups.js';
import { NOT_ALL_STORED, writeBatch, type Queryable } from './access-event.writes.js';
import {
  answerFromStored,
  EventOutcome,
  EventRefusal,
  entryForExit,
  eventSkew,
  inForce,
  identifiedBy,
  MAX_CLOCK_SKEW_SECONDS,
  occurredAtOf,
  Raced,
  refusal,
  subjectKey,
  scopeRefusal,
  type BatchResult,
  type EventResult,
  type EventSubmission,
  type OpenEntry,
  type Prepared,
  type Recorder,
} from './access-event.rules.js';
import { PinCheck } from './door-pin.service.js';
import { SubjectKind } from './room-authorisation.entity.js';

/** A tablet's batch whose subscribers must hear of it first runs in a TypeORM transaction instead. */
export const TELL_SUBSCRIBERS_FIRST = Symbol('tell subscribers first');

export interface BatchClock {
  skew: number;
  receivedAt: Date;
  monotonicMs?: number | null;
  bootId?: string | null;
}

/** Where a batch runs its statements: `last` is the write (sent with COMMIT when pipelined). */
export interface BatchTransaction {
  run: Queryable;
  last: Queryable;
  /** the TypeORM transaction (subscribers take part in it); null when pipelined */
  em: EntityManager | null;
}

/** What storeBatch works with (AccessEventService's own). */
export interface BatchDeps {
  ds: DataSource;
  audited: AuditedWrites<AccessAuditAction>;
  /** A12.2: unauthorised entries are told to whoever subscribed */
  hooks?: Hooks;
}

/** A batch after step 1: `events` as sent, `unique` one of each id, `results` the refusals so far (added to) */
export interface BatchInput {
  deviceId: string | null;
  batchClock: BatchClock;
  events: EventSubmission[];
  unique: EventSubmission[];
  results: Map<string, EventResult>;
  by: Recorder;
  meta: RequestMeta;
  pinChecks: Map<string, PinCheck>;
}

/** Steps 2–8 of a batch, in the transaction `tx` holds. */
export async function storeBatch(
  deps: BatchDeps,
  tx: BatchTransaction,
  input: BatchInput,
): Promise<BatchResult | typeof TELL_SUBSCRIBERS_FIRST> {
  const { deviceId, batchClock, events, unique, results, by, meta, pinChecks } = input;
  const { skew, receivedAt } = batchClock;
  const refuse = (e: EventSubmission, code: EventRefusal) =>
    results.set(e.clientEventId, refusal(code, e.clientEventId));
  // 2. what is stored already (replays) is answered first, whatever else changed since; what
  //    the new ones need (people, rooms, authorisations, open entries) is read in the same statement
  //    and the chain head of the batch's audit entry, taken in the same statement (Hardening §7)
  const found = unique.length ? await lookUp(tx.run, deviceId, unique, (p) => deps.audited.headPart(meta, p)) : null;
  const stored = found?.stored ?? [];
  const earlierPairings = found?.earlierPairings ?? new Set<string>();
  // a tablet paired again resends under new numbers: those numbers were used, though stored
  // under its earlier pairing
  const storedElsewhere: { clientEventId: string; deviceSeq?: number | null; code: string }[] = [];
  const unanswered = unique.filter((e) => {
    const answer = answerFromStored(e, stored, deviceId, earlierPairings);
    if (answer) results.set(e.clientEventId, answer);
    const first = stored.find((s) => s.id === answer?.eventId);
    if (answer?.outcome === EventOutcome.DUPLICATE && first && first.deviceId !== deviceId)
      storedElsewhere.push({ clientEventId: e.clientEventId, deviceSeq: e.deviceSeq, code: 'DUPLICATE' });
    return !answer;
  });

  // 3. shape and scope of the new ones, without the database: a tablet records in its own rooms;
  // the manager, recording by hand, in any room
  const fresh = unanswered.filter((e) => {
    const refused = scopeRefusal(e, by);
    if (refused) refuse(e, refused);
    return !refused;
  });

  // 4. the people, rooms and authorisations the fresh events name (read with the stored ones)
  const knownStaff = found?.staff ?? new Set<string>();
  const knownRooms = new Set(by.kind === 'device' ? by.roomIds : (found?.rooms ?? []));
  const authorisations = found?.authorisations ?? [];
  const open = found?.open ?? new Map<string, OpenEntry[]>();
  // an outside person is known by their authorisation in any state; whether it was in force is separate
  const contractorAuth = new Map(
    (found?.contractors ?? []).filter((a) => a.subjectKind === SubjectKind.CONTRACTOR).map((a) => [a.id, a]),
  );

  // 5. each fresh event, in the order the device recorded them
  const prepared: Prepared[] = [];
  const ordered = [...fresh].sort(
    (a, b) => (a.deviceSeq ?? 0) - (b.deviceSeq ?? 0) || a.deviceTime.getTime() - b.deviceTime.getTime(),
  );
  for (const e of ordered) {
    const known = e.staffId ? knownStaff.has(e.staffId) : contractorAuth.has(e.contractorAuthorisationId!);
    if (!known || (e.escortStaffId && !knownStaff.has(e.escortStaffId))) {
      refuse(e, EventRefusal.UNKNOWN_PERSON);
      continue;
    }
    if (!knownRooms.has(e.roomId)) {
      refuse(e, EventRefusal.INVALID_EVENT);
      continue;
    }
    // a cipher lifted from another event is not stored under this one's id (it would take the id
    // from the genuine event): refused, and counted against the tablet that sent it
    const pin = pinChecks.get(e.clientEventId);
    if (pin === PinCheck.NOT_FOR_EVENT) {
      refuse(e, EventRefusal.PIN_NOT_FOR_EVENT);
      continue;
    }
    // corrected by what the event carries: the clock may have changed between recording and sending
    const ownSkew = eventSkew(e, batchClock);
    const { at: occurredAt, guessed } = occurredAtOf(e.deviceTime, ownSkew, receivedAt);
    const anomalies: AnomalyKind[] = [];
    const authorisation = authorisations.find((a) => inForce(a, e, occurredAt));
    if (e.direction === AccessDirection.ENTER && !authorisation) anomalies.push(AnomalyKind.UNAUTHORISED);
    // a clock off when sending, or one that was off while recording and corrected since
    const future = occurredAt.getTime() > receivedAt.getTime() + MAX_CLOCK_SKEW_SECONDS * 1000;
    const off = Math.max(Math.abs(skew), Math.abs(ownSkew)) > MAX_CLOCK_SKEW_SECONDS;
    if (off || future || guessed) anomalies.push(AnomalyKind.CLOCK_SKEW);
    const escortNeeded = !!e.contractorAuthorisationId || !!authorisation?.escortRequired;
    if (escortNeeded && !e.escortStaffId && e.direction === AccessDirection.ENTER)
      anomalies.push(AnomalyKind.ESCORT_MISSING);
    // identification at the door: a staff member types their PIN on the tablet, and the escort
    // types theirs for an outside person; a manager recording by hand identifies people themselves
    // (someone the tablet may not let in is flagged on their own: the PIN is not looked at)
    if (pin === PinCheck.LOCKED) anomalies.push(AnomalyKind.PIN_LOCKED);
    else if (pin && pin !== PinCheck.OK && pin !== PinCheck.NOT_SERVED) anomalies.push(AnomalyKind.PIN_FAILED);
    else if (!pin && identifiedBy(e) && by.kind === 'device') anomalies.push(AnomalyKind.PIN_MISSING);
    const id = randomUUID();
    const key = subjectKey(e);
    let entryEventId: string | null = null;
    const seq = deviceId ? e.deviceSeq! : null;
    if (e.direction === AccessDirection.ENTER) {
      open.set(key, [...(open.get(key) ?? []), { id, occurredAt, deviceId, deviceSeq: seq }]);
    } else {
      const entries = open.get(key) ?? [];
      const i = entryForExit(entries, { deviceId, deviceSeq: seq, occurredAt });
      if (i >= 0) entryEventId = entries.splice(i, 1)[0].id;
      else anomalies.push(AnomalyKind.EXIT_WITHOUT_ENTRY);
      const c = e.checklist!;
      if (!(c.equipmentOff && c.noMediaLeft && c.noUnauthorisedCable && c.noDocumentsLeft))
        anomalies.push(AnomalyKind.CHECKLIST_INCOMPLETE);
    }
    prepared.push({
      input: e,
      anomalies,
      row: deps.ds.getRepository(AccessEvent).create({
        id,
        clientEventId: e.clientEventId,
        deviceId,
        deviceSeq: seq,
        recordedByStaffId: by.kind === 'staff' ? by.staffId : null,
        direction: e.direction,
        subjectKind: e.staffId ? SubjectKind.STAFF : SubjectKind.CONTRACTOR,
        staffId: e.staffId ?? null,
        contractorAuthorisationId: e.contractorAuthorisationId ?? null,
        escortStaffId: e.escortStaffId ?? null,
        roomId: e.roomId,
        purpose: e.purpose.trim(),
        deviceTime: e.deviceTime,
        clockSkewSeconds: ownSkew,
        occurredAt,
        receivedAt,
        authorisationId: authorisation?.id ?? null,
        entryEventId,
        checklist: e.direction === AccessDirection.EXIT ? e.checklist! : null,
        note: e.note?.trim() || null,
        anomalies,
      }),
    });
  }

  // 6. what the batch tells subscribers (A12.2: incidents opens one per unauthorised entry; A26:
  //    an outside person's entry starts the work of their maintenance order)
  const unauthorised = prepared
    .filter((p) => p.anomalies.includes(AnomalyKind.UNAUTHORISED))
    .map((p) => ({
      eventId: p.row.id,
      roomId: p.row.roomId,
      staffId: p.row.staffId,
      occurredAt: p.row.occurredAt,
    }));
  const contractors = prepared
    .filter((p) => p.row.direction === AccessDirection.ENTER && p.row.contractorAuthorisationId)
    .map((p) => ({
      eventId: p.row.id,
      authorisationId: p.row.contractorAuthorisationId!,
      roomId: p.row.roomId,
      occurredAt: p.row.occurredAt,
    }));
  const hooked = !!deps.hooks && (unauthorised.length > 0 || contractors.length > 0);
  if (hooked && !tx.em) return TELL_SUBSCRIBERS_FIRST;

  // 7. one audit entry for the batch (the register itself holds each event): its counts are known
  //    before the write, as every prepared event is stored or the attempt is rolled back (Raced)
  const count = (o: EventOutcome) => [...results.values()].filter((r) => r.outcome === o).length;
  const summary = {
    accepted: count(EventOutcome.ACCEPTED) + prepared.length,
    duplicates: count(EventOutcome.DUPLICATE),
    refused: count(EventOutcome.REFUSED),
    anomalies: prepared.reduce((n, p) => n + p.anomalies.length, 0),
    clockSkewSeconds: skew,
  };
  const action = 'Mutation.recordAccessEvents';
  const target = { type: 'AccessEventBatch', id: deviceId };
  // Hardening §7: without subscribers to hear first (their reactions join the entry), the entry is
  // written by the statement that stores the batch, on the head the look-up took
  let entry: AuditEntryPart | null = null;
  const withEntry =
    found && !hooked
      ? (p: SqlParam) => (entry = deps.audited.entryPart(found.also, meta, action, target, created(summary), p))
      : undefined;

  // 8. one statement stores the events with their anomalies and the numbers of refused events (so
  //    they do not read as missing ones, SEQUENCE_GAP), finds the numbers still missing, and (7)
  //    writes the audit entry. A row a concurrent batch stored first (or an exit closing an entry
  //    another exit closed meanwhile) is skipped by the unique keys: then start again (see record)
  const seqOf = new Map(events.map((e) => [e.clientEventId, e.deviceSeq]));
  const refusedSeqs = [...results.values()]
    .filter((r) => r.outcome === EventOutcome.REFUSED)
    .map((r) => ({ clientEventId: r.clientEventId, code: r.code, deviceSeq: seqOf.get(r.clientEventId) }));
  const written = await writeBatch(
    tx.last,
    deviceId,
    prepared,
    [...refusedSeqs, ...storedElsewhere],
    receivedAt,
    withEntry,
    !tx.em,
  ).catch((e: unknown) => {
    // the pipelined write refused to commit a batch of which a row was skipped
    if ((e as { code?: string }).code === NOT_ALL_STORED && !tx.em) throw new Raced();
    throw e;
  });
  const { inserted, sequenceGaps } = written;
  if (prepared.some((p) => !inserted.has(p.row.id))) throw new Raced();
  (entry as AuditEntryPart | null)?.written();
  for (const p of prepared) {
    results.set(p.row.clientEventId, {
      clientEventId: p.row.clientEventId,
      outcome: EventOutcome.ACCEPTED,
      code: null,
      message: null,
      eventId: p.row.id,
      anomalies: p.anomalies,
      occurredAt: p.row.occurredAt,
    });
  }
  const em = tx.em;
  if (!withEntry && em) {
    const reactions =
      unauthorised.length && deps.hooks
        ? await deps.hooks.emit(em, 'access.unauthorisedEntry', { entries: unauthorised }, meta)
        : {};
    if (contractors.length && deps.hooks)
      Object.assign(reactions, await deps.hooks.emit(em, 'access.contractorEntered', { entries: contractors }, meta));
    // what subscribers did about the entries (incidents opened, A12.2; work started, A26) joins the entry
    await deps.audited.record(em, meta, action, target, { ...created(summary), ...reactions });
  }
  return {
    results: events.map((e) => results.get(e.clientEventId)!),
    clockSkewSeconds: skew,
    sequenceGaps,
  };
}
