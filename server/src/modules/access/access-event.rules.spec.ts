import { describe, expect, it } from 'vitest';
import { AccessDirection, type AccessEvent } from './access-event.entity.js';
import {
  answerFromStored,
  entryForExit,
  eventSkew,
  EventOutcome,
  EventRefusal,
  fingerprint,
  identifiedBy,
  inForce,
  normalised,
  occurredAtOf,
  plausibleClock,
  sameContent,
  shapeProblem,
  subjectKey,
  withinYears,
  type EventSubmission,
} from './access-event.rules.js';
import { AuthorisationStatus, type RoomAuthorisation } from './room-authorisation.entity.js';

const STAFF = 'a1111111-1111-4111-8111-11111111111b';
const OTHER_STAFF = 'c2222222-2222-4222-8222-22222222222d';
const ROOM = 'e3333333-3333-4333-8333-33333333333f';
const OTHER_ROOM = '44444444-4444-4444-8444-444444444444';
const CONTRACTOR = 'b5555555-5555-4555-8555-55555555555a';
const DEVICE = 'dddddddd-dddd-4ddd-8ddd-dddddddddddd';
const NOW = new Date('2026-11-26T01:00:00Z');
const at = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000);
const YEAR = 365 * 86_400_000;

const event = (fields: Partial<EventSubmission> = {}): EventSubmission => ({
  clientEventId: 'eeeeeeee-eeee-4eee-8eee-eeeeeeeeeeee',
  deviceSeq: 1,
  direction: AccessDirection.ENTER,
  staffId: STAFF,
  roomId: ROOM,
  purpose: 'サーバー保守',
  deviceTime: NOW,
  ...fields,
});
const authorisation = (fields: Partial<RoomAuthorisation> = {}) =>
  ({
    id: 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa',
    staffId: STAFF,
    rooms: [{ id: ROOM }],
    validFrom: at(-60),
    validTo: at(8 * 60),
    approvedAt: at(-120),
    decidedAt: at(-120),
    status: AuthorisationStatus.APPROVED,
    ...fields,
  }) as RoomAuthorisation;
/** an event as stored from a submission */
const stored = (e: EventSubmission, fields: Partial<AccessEvent> = {}) =>
  ({
    id: 'ffffffff-ffff-4fff-8fff-ffffffffffff',
    clientEventId: e.clientEventId,
    deviceId: DEVICE,
    deviceSeq: e.deviceSeq,
    direction: e.direction,
    staffId: e.staffId ?? null,
    contractorAuthorisationId: e.contractorAuthorisationId ?? null,
    escortStaffId: e.escortStaffId ?? null,
    roomId: e.roomId,
    purpose: e.purpose,
    deviceTime: e.deviceTime,
    checklist: e.checklist ?? null,
    note: e.note ?? null,
    anomalies: [],
    ...fields,
  }) as AccessEvent;

describe('A12.3 register rules: authorisation in force (A12.2)', () => {
  it('A12.3: in force for the person and room during its period, approved before the event', () => {
    expect(inForce(authorisation(), event(), NOW)).toBe(true);
    expect(inForce(authorisation(), event({ staffId: OTHER_STAFF }), NOW)).toBe(false);
    expect(inForce(authorisation(), event({ roomId: OTHER_ROOM }), NOW)).toBe(false);
    expect(inForce(authorisation({ rooms: undefined }), event(), NOW)).toBe(false);
  });

  it('A12.3: the period includes its start and excludes its end', () => {
    const a = authorisation({ validFrom: at(0), validTo: at(60) });
    expect(inForce(a, event(), at(-1))).toBe(false);
    expect(inForce(a, event(), at(0))).toBe(true);
    expect(inForce(a, event(), new Date(at(60).getTime() - 1))).toBe(true);
    expect(inForce(a, event(), at(60))).toBe(false);
  });

  it('A12.3: an approval after the entry does not authorise it afterwards (authorised in advance)', () => {
    expect(inForce(authorisation({ approvedAt: at(5) }), event(), NOW)).toBe(false);
    expect(inForce(authorisation({ approvedAt: null }), event(), NOW)).toBe(false);
  });

  it('A12.3: a revocation counts from its time; a refused or pending request never authorises', () => {
    const revoked = authorisation({ status: AuthorisationStatus.REVOKED, decidedAt: at(30) });
    expect(inForce(revoked, event(), at(29))).toBe(true);
    expect(inForce(revoked, event(), at(30))).toBe(false);
    expect(inForce(authorisation({ status: AuthorisationStatus.REQUESTED, decidedAt: null }), event(), NOW)).toBe(
      false,
    );
    expect(inForce(authorisation({ status: AuthorisationStatus.REFUSED, decidedAt: at(-120) }), event(), NOW)).toBe(
      false,
    );
  });

  it("A12.3: an outside person's event counts only against their own authorisation", () => {
    const c = authorisation({ id: CONTRACTOR, staffId: null });
    const e = event({ staffId: null, contractorAuthorisationId: CONTRACTOR, escortStaffId: OTHER_STAFF });
    expect(inForce(c, e, NOW)).toBe(true);
    expect(inForce(c, { ...e, contractorAuthorisationId: STAFF }, NOW)).toBe(false);
  });
});

describe('A12.3 register rules: identity of an event', () => {
  it('A12.3: the PIN that identifies is the staff member’s own, or the escort’s for an outside person', () => {
    expect(identifiedBy(event())).toBe(STAFF);
    expect(identifiedBy(event({ escortStaffId: OTHER_STAFF }))).toBe(STAFF);
    expect(
      identifiedBy(event({ staffId: null, contractorAuthorisationId: CONTRACTOR, escortStaffId: OTHER_STAFF })),
    ).toBe(OTHER_STAFF);
    expect(identifiedBy(event({ staffId: null, contractorAuthorisationId: CONTRACTOR }))).toBeNull();
  });

  it('A12.3: entries and exits pair by person and room', () => {
    expect(subjectKey(event())).toBe(subjectKey(event({ direction: AccessDirection.EXIT })));
    expect(subjectKey(event())).not.toBe(subjectKey(event({ roomId: OTHER_ROOM })));
    expect(subjectKey(event())).not.toBe(subjectKey(event({ staffId: OTHER_STAFF })));
    // an outside person's id never matches a staff member's with the same value
    expect(subjectKey(event({ staffId: null, contractorAuthorisationId: STAFF }))).not.toBe(subjectKey(event()));
  });

  it('A12.3: compares ids in lower case, whatever case the tablet sent', () => {
    const upper = event({
      clientEventId: event().clientEventId.toUpperCase(),
      staffId: STAFF.toUpperCase(),
      roomId: ROOM.toUpperCase(),
      escortStaffId: OTHER_STAFF.toUpperCase(),
      contractorAuthorisationId: null,
    });
    expect(normalised(upper)).toEqual({ ...event(), escortStaffId: OTHER_STAFF, contractorAuthorisationId: null });
    const contractor = event({ staffId: null, contractorAuthorisationId: CONTRACTOR.toUpperCase() });
    expect(normalised(contractor).contractorAuthorisationId).toBe(CONTRACTOR);
  });

  it('A12.3: the fingerprint tells a repeated copy from another event under the same id', () => {
    expect(fingerprint(event())).toBe(fingerprint(event()));
    const changes: Partial<EventSubmission>[] = [
      { deviceSeq: 2 },
      { direction: AccessDirection.EXIT },
      { staffId: OTHER_STAFF },
      { escortStaffId: OTHER_STAFF },
      { roomId: OTHER_ROOM },
      { purpose: '別の作業' },
      { deviceTime: at(1) },
      { note: 'メモ' },
      { checklist: { equipmentOff: true, noMediaLeft: true, noUnauthorisedCable: true, noDocumentsLeft: true } },
    ];
    for (const c of changes) expect([c, fingerprint(event(c))]).not.toEqual([c, fingerprint(event())]);
    // the PIN cipher differs on every send and is not content
    expect(fingerprint(event({ pin: 'x' }))).toBe(fingerprint(event({ pin: 'y' })));
  });
});

describe('A12.3 register rules: the form of an event', () => {
  it('A12.3: accepts a well-formed event', () => {
    expect(shapeProblem(event())).toBeNull();
    expect(shapeProblem(event({ deviceSeq: null }))).toBeNull(); // recorded by hand, no tablet number
  });

  it('A12.3: names the first field that is wrong', () => {
    const cases: [Partial<EventSubmission>, string][] = [
      [{ clientEventId: 'not-a-uuid' }, 'clientEventId'],
      [{ roomId: '' }, 'roomId'],
      [{ staffId: 'x' }, 'staffId'],
      [{ escortStaffId: '123' }, 'escortStaffId'],
      [{ deviceSeq: 0 }, 'deviceSeq'],
      [{ deviceSeq: 1.5 }, 'deviceSeq'],
      [{ deviceSeq: 2_000_000_001 }, 'deviceSeq'],
      [{ purpose: '' }, 'purpose'],
      [{ purpose: 'x'.repeat(201) }, 'purpose'],
      [{ note: 'x'.repeat(501) }, 'note'],
      [{ pin: 'x'.repeat(1001) }, 'pin'],
    ];
    for (const [fields, problem] of cases) expect([fields, shapeProblem(event(fields))]).toEqual([fields, problem]);
    expect(shapeProblem(event({ deviceSeq: 2_000_000_000, purpose: 'x'.repeat(200), note: 'x'.repeat(500) }))).toBe(
      null,
    );
  });
});

describe('A12.3 register rules: clock skew correction', () => {
  it('A12.3: corrects the device time by the skew measured at sending', () => {
    expect(occurredAtOf(at(-10), 600, NOW)).toEqual({ at: NOW, guessed: false });
    expect(occurredAtOf(at(0), -90, NOW)).toEqual({ at: new Date(NOW.getTime() - 90_000), guessed: false });
  });

  it('A12.3: a clock reset between recording and sending: keeps the device time if plausible (guessed)', () => {
    // recorded at the right time, then the clock jumped to 1970 before sending: skew is ~56 years
    const skew = (NOW.getTime() - 0) / 1000;
    expect(occurredAtOf(at(-5), skew, NOW)).toEqual({ at: at(-5), guessed: true });
  });

  it('A12.3: neither corrected nor device time plausible: the time it arrived (guessed)', () => {
    expect(occurredAtOf(new Date(0), 0, NOW)).toEqual({ at: NOW, guessed: true });
    expect(occurredAtOf(new Date(Number.NaN), 0, NOW)).toEqual({ at: NOW, guessed: true });
  });

  it('A12.3: a real date within so many years; a clock at year 1 or 9999 is not a time', () => {
    expect(withinYears(new Date(NOW.getTime() + 9 * YEAR), NOW, 10)).toBe(true);
    expect(withinYears(new Date(NOW.getTime() - 11 * YEAR), NOW, 10)).toBe(false);
    expect(withinYears(new Date('9999-12-31T00:00:00Z'), NOW, 10)).toBe(false);
    expect(withinYears(new Date(Number.NaN), NOW, 10)).toBe(false);
  });

  it('A12.3: a device clock is plausible from 1970 and within 60 years of the server', () => {
    expect(plausibleClock(new Date(0), NOW)).toBe(true);
    expect(plausibleClock(new Date(-1), NOW)).toBe(false);
    expect(plausibleClock(new Date(NOW.getTime() + 59 * YEAR), NOW)).toBe(true);
    expect(plausibleClock(new Date(NOW.getTime() + 61 * YEAR), NOW)).toBe(false);
    expect(plausibleClock(new Date(Number.NaN), NOW)).toBe(false);
  });
});

describe('A12.3 register rules: replays and tablets paired again', () => {
  it('A12.3: a new event has no stored answer', () => {
    expect(answerFromStored(event(), [], DEVICE)).toBeNull();
  });

  it('A12.3: the same event from the same tablet again is a DUPLICATE with the first answer', () => {
    const s = stored(event(), { anomalies: ['UNAUTHORISED'] as AccessEvent['anomalies'] });
    expect(answerFromStored(event(), [s], DEVICE)).toEqual({
      clientEventId: event().clientEventId,
      outcome: EventOutcome.DUPLICATE,
      code: null,
      message: null,
      eventId: s.id,
      anomalies: ['UNAUTHORISED'],
    });
  });

  it('A12.3: a tablet paired again resends under a new identity and number: the same content is a DUPLICATE', () => {
    const s = stored(event());
    const again = event({ deviceSeq: 1 });
    expect(answerFromStored(again, [s], 'paired-again', new Set([DEVICE]))?.outcome).toBe(EventOutcome.DUPLICATE);
    expect(sameContent(s, again)).toBe(true);
    expect(sameContent(s, { ...again, pin: 'anything', deviceSeq: 77 })).toBe(true);
  });

  it('A12.3: another event under an id the tablet used under its previous pairing is refused CLIENT_ID_TAKEN', () => {
    const s = stored(event());
    const answer = answerFromStored(event({ purpose: '別の作業' }), [s], 'paired-again', new Set([DEVICE]));
    expect(answer).toMatchObject({ outcome: EventOutcome.REFUSED, code: EventRefusal.CLIENT_ID_TAKEN, eventId: null });
    expect(answer!.message).toBeTruthy();
  });

  it('Hardening §5: an id is unique per tablet: another tablet’s event under it, or one by hand, is no answer', () => {
    const s = stored(event());
    expect(answerFromStored(event({ purpose: '別の作業' }), [s], 'another-device')).toBeNull();
    expect(answerFromStored(event({ deviceSeq: 1 }), [s], 'another-device')).toBeNull();
    expect(answerFromStored(event(), [s], null)).toBeNull(); // by hand
    const byHand = stored(event(), { deviceId: null, deviceSeq: null });
    expect(answerFromStored(event(), [byHand], null)?.outcome).toBe(EventOutcome.DUPLICATE);
    expect(answerFromStored(event(), [byHand], DEVICE)).toBeNull();
  });

  it("A12.3: a new event under this tablet's used sequence number is refused SEQUENCE_REUSED", () => {
    const s = stored(event());
    const other = event({ clientEventId: '99999999-9999-4999-8999-999999999999' });
    expect(answerFromStored(other, [s], DEVICE)?.code).toBe(EventRefusal.SEQUENCE_REUSED);
    expect(answerFromStored(other, [s], 'another-device')).toBeNull(); // another tablet's numbers are its own
  });

  it('A12.3: content differs when any recorded field differs, the checklist compared by its answers', () => {
    const exit = event({
      direction: AccessDirection.EXIT,
      checklist: { equipmentOff: true, noMediaLeft: true, noUnauthorisedCable: true, noDocumentsLeft: true },
    });
    const s = stored(exit, {
      checklist: { noDocumentsLeft: true, noUnauthorisedCable: true, noMediaLeft: true, equipmentOff: true },
    });
    expect(sameContent(s, exit)).toBe(true);
    expect(sameContent(s, { ...exit, checklist: { ...exit.checklist!, noMediaLeft: false } })).toBe(false);
    for (const c of [
      { direction: AccessDirection.ENTER },
      { staffId: OTHER_STAFF },
      { escortStaffId: OTHER_STAFF },
      { contractorAuthorisationId: CONTRACTOR },
      { roomId: OTHER_ROOM },
      { purpose: '別の作業' },
      { deviceTime: at(1) },
      { note: 'メモ' },
    ] as Partial<EventSubmission>[])
      expect([c, sameContent(s, { ...exit, ...c })]).toEqual([c, false]);
  });
});

describe('Hardening §6 the register when the tablet’s clock moves between recording and sending', () => {
  // 17:43 real time, recorded under a clock 30 minutes fast (18:13), sent at 17:55 after it was put right
  const real = new Date('2026-11-26T08:43:00Z');
  const fast = new Date(real.getTime() + 30 * 60_000);
  const sentAt = new Date('2026-11-26T08:55:00Z');
  const entry = (more: Partial<EventSubmission>): EventSubmission => ({
    clientEventId: 'f6666666-6666-4666-8666-666666666666',
    deviceSeq: 1,
    direction: AccessDirection.ENTER,
    staffId: STAFF,
    roomId: ROOM,
    purpose: '保守',
    deviceTime: fast,
    ...more,
  });
  const batch = { skew: 0, receivedAt: sentAt, monotonicMs: 5_000_000, bootId: 'boot-1' };
  const corrected = (e: EventSubmission) => occurredAtOf(e.deviceTime, eventSkew(e, batch), sentAt).at;

  it('Hardening §6: recorded in the session that sends it, the monotonic clock dates the event', () => {
    // recorded 12 minutes (720 000 ms) before the batch was sent
    const e = entry({ monotonicMs: 5_000_000 - 720_000, bootId: 'boot-1', clockOffsetSeconds: 0 });
    expect(eventSkew(e, batch)).toBe(-1800);
    expect(corrected(e)).toEqual(real);
  });

  it('Hardening §6: from another session, the offset the tablet knew when recording corrects it', () => {
    const e = entry({ monotonicMs: 42, bootId: 'boot-0', clockOffsetSeconds: -1800 });
    expect(corrected(e)).toEqual(real);
  });

  it('Hardening §6: an older kiosk’s event (no hints) and impossible hints fall back to the skew at sending', () => {
    expect(eventSkew(entry({}), { ...batch, skew: 60 })).toBe(60);
    expect(eventSkew(entry({ clockOffsetSeconds: 1e12 }), batch)).toBe(0);
    expect(eventSkew(entry({ monotonicMs: 6_000_000, bootId: 'boot-1' }), batch)).toBe(0); // after the sending
    expect(eventSkew(entry({ monotonicMs: -5, bootId: 'boot-1' }), batch)).toBe(0);
  });

  it('Hardening §6: an exit from the same tablet closes that tablet’s entry by sequence, whatever the times', () => {
    // the entry was stored at 18:13 (corrected by the skew at sending), the exit at 17:50
    const open = [
      { id: 'manual', occurredAt: at(-300), deviceId: null, deviceSeq: null },
      { id: 'tablet-1', occurredAt: new Date('2026-11-26T09:13:00Z'), deviceId: DEVICE, deviceSeq: 1 },
      { id: 'later', occurredAt: new Date('2026-11-26T09:14:00Z'), deviceId: DEVICE, deviceSeq: 3 },
    ];
    const exit = { deviceId: DEVICE, deviceSeq: 2, occurredAt: new Date('2026-11-26T08:50:00Z') };
    expect(entryForExit(open, exit)).toBe(1);
    // another tablet's exit, or a manager's, pairs by time as before
    expect(entryForExit(open, { ...exit, deviceId: 'other-device' })).toBe(0);
    expect(entryForExit(open, { deviceId: null, occurredAt: at(0) })).toBe(0);
    expect(entryForExit([], exit)).toBe(-1);
  });
});
