// The entry/exit register's batch: its shapes, answers and the small rules applied to each event
// (identity of an event, authorisation in force, clock sanity). Pure: no database here.
import { AccessDirection, AccessEvent, AnomalyKind, type ExitChecklist } from './access-event.entity.js';
import { isUuid } from '../../shared/ids.js';
import { mayAct, type RecordScope } from '../../shared/access-scope.js';
import { AuthorisationStatus, RoomAuthorisation } from './room-authorisation.entity.js';

/** A device clock further off than this is flagged (and its times corrected by the server's). */
export const MAX_CLOCK_SKEW_SECONDS = 300;
export const MAX_BATCH = 500;

export interface EventSubmission {
  clientEventId: string;
  deviceSeq?: number | null;
  direction: AccessDirection;
  staffId?: string | null;
  contractorAuthorisationId?: string | null;
  escortStaffId?: string | null;
  roomId: string;
  purpose: string;
  deviceTime: Date;
  checklist?: ExitChecklist | null;
  note?: string | null;
  /** the typed door PIN, encrypted to the server's key, bound to this event and tablet (door-pin.binding.ts) */
  pin?: string | null;
  /** server − device clock (s) as the tablet knew it when recording (its last measurement, kept up to date by its monotonic clock) */
  clockOffsetSeconds?: number | null;
  /** the tablet's monotonic clock (performance.now(), ms) when recording, and the page session it counts in */
  monotonicMs?: number | null;
  bootId?: string | null;
}

/** The tablet's clocks when it sent the batch, and the server's when it arrived. */
export interface BatchClock {
  /** server − device clock at sending (s) */
  skew: number;
  receivedAt: Date;
  monotonicMs?: number | null;
  bootId?: string | null;
}

export type Recorder =
  { kind: 'device'; deviceId: string; roomIds: readonly string[] } | { kind: 'staff'; staffId: string };

export enum EventOutcome {
  ACCEPTED = 'ACCEPTED',
  /** already stored: the same answer as the first time */
  DUPLICATE = 'DUPLICATE',
  REFUSED = 'REFUSED',
}

export enum EventRefusal {
  INVALID_EVENT = 'INVALID_EVENT',
  /** the room is not one of this tablet's */
  ROOM_NOT_SERVED = 'ROOM_NOT_SERVED',
  UNKNOWN_PERSON = 'UNKNOWN_PERSON',
  /** this device already stored another event under this sequence number */
  SEQUENCE_REUSED = 'SEQUENCE_REUSED',
  /** this tablet, under a pairing before its present one, used this client event id for another event */
  CLIENT_ID_TAKEN = 'CLIENT_ID_TAKEN',
  /** the PIN cipher was made for another event (person, room, direction or time): a replay */
  PIN_NOT_FOR_EVENT = 'PIN_NOT_FOR_EVENT',
}

export interface EventResult {
  clientEventId: string;
  outcome: EventOutcome;
  code: EventRefusal | null;
  message: string | null;
  eventId: string | null;
  anomalies: AnomalyKind[];
  /** when it happened by the server's clock, as stored (null when refused) */
  occurredAt: Date | null;
}

export interface BatchResult {
  results: EventResult[];
  clockSkewSeconds: number;
  /** sequence numbers this device has not delivered yet (ranges, inclusive) */
  sequenceGaps: { from: number; to: number }[];
}

export const REFUSAL_TEXT: Record<EventRefusal | 'CONFLICTING_COPIES', string> = {
  CONFLICTING_COPIES: '同じ記録IDで内容の違う記録が送られました (two different events under one id)',
  INVALID_EVENT: '記録の内容が正しくありません (invalid event)',
  ROOM_NOT_SERVED: 'この端末の電算室等ではありません (room not served by this device)',
  UNKNOWN_PERSON: '入室者が見つかりません (unknown person)',
  SEQUENCE_REUSED: 'この端末の連番が別の記録で使われています (sequence number already used)',
  CLIENT_ID_TAKEN: 'この記録IDはこの端末の前回のペアリングで別の記録に使われています (client event id already used)',
  PIN_NOT_FOR_EVENT: '暗証番号がこの記録のものではありません (PIN cipher made for another event)',
};

export interface Prepared {
  input: EventSubmission;
  row: AccessEvent;
  /** kept apart: the insert rewrites columns with defaults on the row object */
  anomalies: AnomalyKind[];
}

export const subjectKey = (e: { staffId?: string | null; contractorAuthorisationId?: string | null; roomId: string }) =>
  `${e.staffId ?? `c:${e.contractorAuthorisationId}`}|${e.roomId}`;

/** Whose door PIN identifies an event: the staff member's own, or the escort's for an outside person. */
export const identifiedBy = (e: EventSubmission): string | null =>
  e.staffId ?? (e.contractorAuthorisationId ? (e.escortStaffId ?? null) : null);

/** In force for this person and room at that instant (a revocation counts from its time). */
export function inForce(a: RoomAuthorisation, e: EventSubmission, at: Date): boolean {
  const person = e.staffId ? a.staffId === e.staffId : a.id === e.contractorAuthorisationId;
  const room = (a.rooms ?? []).some((r) => r.id === e.roomId);
  const period = a.validFrom <= at && at < a.validTo;
  const approvedBefore = a.approvedAt !== null && a.approvedAt <= at; // authorised in advance (A12.2)
  const live = a.status === AuthorisationStatus.APPROVED || (a.decidedAt !== null && a.decidedAt > at);
  return person && room && period && approvedBefore && live;
}

/**
 * What is wrong with an event's form, or null. Each event is checked on its own so that one bad
 * event is refused alone (INVALID_EVENT) and the rest of the batch is stored.
 */
export function shapeProblem(e: EventSubmission): string | null {
  const ids = { clientEventId: e.clientEventId, roomId: e.roomId } as Record<string, string | null | undefined>;
  for (const k of ['staffId', 'contractorAuthorisationId', 'escortStaffId'] as const) if (e[k]) ids[k] = e[k];
  for (const [k, v] of Object.entries(ids)) if (!v || !isUuid(v)) return k;
  if (e.deviceSeq != null && (!Number.isInteger(e.deviceSeq) || e.deviceSeq < 1 || e.deviceSeq > 2_000_000_000))
    return 'deviceSeq';
  if (e.purpose.length < 1 || e.purpose.length > 200) return 'purpose';
  if ((e.note?.length ?? 0) > 500) return 'note';
  if ((e.pin?.length ?? 0) > 1000) return 'pin';
  return null;
}

/** Thrown inside the transaction when a concurrent batch won a unique key: roll back and retry. */
export class Raced extends Error {}

const lower = (v: string | null | undefined) => (v ? v.toLowerCase() : v);
/** UUIDs compare as PostgreSQL prints them (lower case), whatever case the tablet sent. */
export function normalised(e: EventSubmission): EventSubmission {
  return {
    ...e,
    clientEventId: e.clientEventId.toLowerCase(),
    staffId: lower(e.staffId),
    contractorAuthorisationId: lower(e.contractorAuthorisationId),
    escortStaffId: lower(e.escortStaffId),
    roomId: e.roomId.toLowerCase(),
  };
}

/** The content of an event, to tell a repeated copy from a different event under the same id. */
export const fingerprint = (e: EventSubmission) =>
  JSON.stringify([
    e.deviceSeq ?? null,
    e.direction,
    e.staffId ?? null,
    e.contractorAuthorisationId ?? null,
    e.escortStaffId ?? null,
    e.roomId,
    e.purpose,
    e.deviceTime.getTime(),
    e.checklist ?? null,
    e.note ?? null,
  ]);

const checklistKey = (c: ExitChecklist | null | undefined) =>
  c ? [c.equipmentOff, c.noMediaLeft, c.noUnauthorisedCable, c.noDocumentsLeft].join() : null;

/**
 * The stored event is this submission, whichever tablet and sequence number it came under (a
 * tablet paired again resends its waiting events under its new identity and numbers).
 */
export const sameContent = (s: AccessEvent, e: EventSubmission) =>
  s.direction === e.direction &&
  (s.staffId ?? null) === (e.staffId ?? null) &&
  (s.contractorAuthorisationId ?? null) === (e.contractorAuthorisationId ?? null) &&
  (s.escortStaffId ?? null) === (e.escortStaffId ?? null) &&
  s.roomId === e.roomId &&
  s.purpose === e.purpose &&
  s.deviceTime.getTime() === e.deviceTime.getTime() &&
  checklistKey(s.checklist) === checklistKey(e.checklist) &&
  (s.note ?? null) === (e.note ?? null);

export const refusal = (code: EventRefusal, clientEventId: string): EventResult => ({
  clientEventId,
  outcome: EventOutcome.REFUSED,
  code,
  message: REFUSAL_TEXT[code],
  eventId: null,
  anomalies: [],
  occurredAt: null,
});

/**
 * A device clock that is wrong but real: from 1970 (a reset clock) and within 60 years of the
 * server's (the skew, in seconds, must fit a 32-bit integer).
 */
export const plausibleClock = (d: Date, now: Date) =>
  !Number.isNaN(d.getTime()) && d.getTime() >= 0 && Math.abs(d.getTime() - now.getTime()) <= 60 * 365 * 86_400_000;

/**
 * When an event happened, by the server's clock: the device time corrected by its skew (eventSkew:
 * the event's own correction, else the skew measured at sending). A clock that changed between recording and sending (reset to 1970 after a reboot, or
 * set right after recording in 1970) leaves the corrected time impossible: then the device time as
 * it was, if that is plausible, else the time it arrived. Never a reason to refuse a real entry;
 * the event is flagged CLOCK_SKEW instead (guessed).
 */
export function occurredAtOf(deviceTime: Date, skew: number, receivedAt: Date): { at: Date; guessed: boolean } {
  const corrected = new Date(deviceTime.getTime() + skew * 1000);
  if (withinYears(corrected, receivedAt, 10)) return { at: corrected, guessed: false };
  if (withinYears(deviceTime, receivedAt, 10)) return { at: deviceTime, guessed: true };
  return { at: receivedAt, guessed: true };
}

const MAX_OFFSET_SECONDS = 60 * 365 * 86_400;
const MAX_MONOTONIC_MS = 10 * 366 * 86_400_000;
const usableMonotonic = (ms: number | null | undefined): ms is number =>
  typeof ms === 'number' && Number.isFinite(ms) && ms >= 0 && ms <= MAX_MONOTONIC_MS;

/**
 * The correction (server − device, s) for one event, from what the event carries, so that a clock
 * changed between recording and sending does not move it: recorded in the page session that sends
 * it → the monotonic clock says how long before arrival it was recorded; else the offset the tablet
 * knew when recording; else (an older kiosk) the skew measured at sending. Hints that cannot be
 * right are ignored, never a reason to refuse the event.
 */
export function eventSkew(e: EventSubmission, batch: BatchClock): number {
  const sameSession = !!e.bootId && e.bootId === batch.bootId && e.bootId.length <= 64;
  if (sameSession && usableMonotonic(e.monotonicMs) && usableMonotonic(batch.monotonicMs)) {
    const elapsed = batch.monotonicMs - e.monotonicMs;
    if (elapsed >= 0) return Math.round((batch.receivedAt.getTime() - elapsed - e.deviceTime.getTime()) / 1000);
  }
  const offset = e.clockOffsetSeconds;
  if (typeof offset === 'number' && Number.isInteger(offset) && Math.abs(offset) <= MAX_OFFSET_SECONDS) return offset;
  return batch.skew;
}

/** An entry still open, as the pairing of an exit needs it. */
export interface OpenEntry {
  id: string;
  occurredAt: Date;
  deviceId: string | null;
  deviceSeq: number | null;
}

/**
 * Which open entry an exit closes (index, or -1: EXIT_WITHOUT_ENTRY). An exit from a tablet closes
 * that tablet's latest entry recorded before it, by the tablet's sequence numbers (its clock may
 * have changed in between); otherwise the latest entry at or before the exit's time.
 */
export function entryForExit(
  entries: OpenEntry[],
  exit: { deviceId: string | null; deviceSeq?: number | null; occurredAt: Date },
): number {
  if (exit.deviceId && typeof exit.deviceSeq === 'number') {
    let best = -1;
    entries.forEach((x, i) => {
      if (x.deviceId === exit.deviceId && x.deviceSeq !== null && x.deviceSeq < exit.deviceSeq!)
        if (best < 0 || x.deviceSeq > entries[best].deviceSeq!) best = i;
    });
    if (best >= 0) return best;
  }
  return entries.findLastIndex((x) => x.occurredAt <= exit.occurredAt);
}

/** A real date no more than `years` from `around` (a clock set to year 1 or 9999 is not a time). */
export const withinYears = (d: Date, around: Date, years: number) =>
  !Number.isNaN(d.getTime()) && Math.abs(d.getTime() - around.getTime()) <= years * 366 * 86_400_000;

/**
 * The answer for an event already stored (a replay), or null when it is new. An id is unique per
 * tablet (Hardening §5): the same tablet again is DUPLICATE; so is the same event from this tablet
 * paired again (new identity and numbers; `earlierPairings`: the pairings it follows), while another
 * event under an id it used then is refused. Another tablet's ids are its own: never an answer here.
 * A manager's events by hand are matched among those by hand. A new event under this tablet's used
 * number is refused.
 */
export function answerFromStored(
  e: EventSubmission,
  stored: AccessEvent[],
  deviceId: string | null,
  earlierPairings: ReadonlySet<string> = new Set(),
): EventResult | null {
  const withId = stored.filter((s) => s.clientEventId === e.clientEventId);
  const same =
    withId.find((s) => s.deviceId === deviceId) ??
    withId.find((s) => s.deviceId !== null && earlierPairings.has(s.deviceId));
  const bySeq = deviceId ? stored.find((s) => s.deviceId === deviceId && s.deviceSeq === e.deviceSeq) : undefined;
  if (same && (same.deviceId === deviceId || sameContent(same, e))) {
    return {
      clientEventId: e.clientEventId,
      outcome: EventOutcome.DUPLICATE,
      code: null,
      message: null,
      eventId: same.id,
      anomalies: same.anomalies,
      occurredAt: same.occurredAt,
    };
  }
  const code = same ? EventRefusal.CLIENT_ID_TAKEN : bySeq ? EventRefusal.SEQUENCE_REUSED : null;
  return code ? refusal(code, e.clientEventId) : null;
}

/**
 * Why a new event is refused before anything is looked up (Hardening §5: PINs are checked only for
 * events that pass): its form, or a room the tablet does not serve; the manager, recording by hand,
 * records in any room.
 */
export function scopeRefusal(e: EventSubmission, by: Recorder): EventRefusal | null {
  const oneSubject = !!e.staffId !== !!e.contractorAuthorisationId;
  const seqOk = by.kind === 'device' ? Number.isInteger(e.deviceSeq) && (e.deviceSeq ?? 0) >= 1 : true;
  const exitOk = e.direction === AccessDirection.ENTER || !!e.checklist;
  const textOk = !`${e.purpose}${e.note ?? ''}`.includes('\u0000') && !!e.purpose.trim();
  if (!oneSubject || !seqOk || !exitOk || !textOk) return EventRefusal.INVALID_EVENT;
  const scope: RecordScope = by.kind === 'device' ? { rooms: by.roomIds } : { all: true };
  return mayAct(scope, { roomId: e.roomId }) ? null : EventRefusal.ROOM_NOT_SERVED;
}
