import { describe, expect, it } from 'vitest';
import type { EventAnswer } from './door-db.js';
import { authorisedFrom, expiredJournal, insideFrom, matchesSearch, renumbered, settle } from './door-rules.js';
import type { AuthorisedPerson, InsideEntry, JournalItem, OutboxItem, PairedDevice } from './door-types.js';

const R01 = 'room-1';
const R02 = 'room-2';

const inside = (name: string, enteredAt: string, fields: Partial<InsideEntry> = {}): InsideEntry => ({
  clientEventId: `server-${name}`,
  roomId: R01,
  staffId: `staff-${name}`,
  contractorAuthorisationId: null,
  name,
  enteredAt,
  purpose: '保守',
  ...fields,
});
const journal = (
  name: string,
  direction: 'ENTER' | 'EXIT',
  at: string,
  acceptedAt: string | null,
  fields: Partial<JournalItem> = {},
): JournalItem => ({
  clientEventId: `${name}-${direction}-${at}`,
  roomId: R01,
  direction,
  staffId: `staff-${name}`,
  contractorAuthorisationId: null,
  name,
  purpose: '保守',
  at,
  acceptedAt,
  ...fields,
});
const names = (people: { name: string }[]) => people.map((p) => p.name);

describe('who is inside now (insideNow)', () => {
  const asked = { askedAt: '2026-11-26T01:00:00.000Z', entries: [inside('清水', '2026-11-26T00:30:00.000Z')] };

  it('is the server’s list for the room, in order of entry', () => {
    const list = {
      askedAt: asked.askedAt,
      entries: [
        inside('山崎', '2026-11-26T00:40:00.000Z'),
        inside('清水', '2026-11-26T00:30:00.000Z'),
        inside('森', '2026-11-26T00:35:00.000Z', { roomId: R02 }),
      ],
    };
    expect(names(insideFrom(list, [], R01))).toEqual(['清水', '山崎']);
    expect(names(insideFrom(null, [], R01))).toEqual([]);
  });

  it('adds entries and removes exits this tablet recorded that the server had not answered when asked', () => {
    const mine = [
      journal('山崎', 'ENTER', '2026-11-26T01:05:00.000Z', null), // waiting
      journal('清水', 'EXIT', '2026-11-26T01:06:00.000Z', '2026-11-26T01:07:00.000Z'), // accepted after asking
    ];
    const now = insideFrom(asked, mine, R01);
    expect(names(now)).toEqual(['山崎']);
    expect(now[0]).toMatchObject({ key: 'staff-山崎', enteredAt: '2026-11-26T01:05:00.000Z' });
  });

  it('ignores events the server had already answered when the list was asked for (they are in it)', () => {
    const old = [journal('清水', 'EXIT', '2026-11-26T00:50:00.000Z', '2026-11-26T00:55:00.000Z')];
    // the server's list, asked after the exit was accepted, still shows 清水: it knows better
    expect(names(insideFrom(asked, old, R01))).toEqual(['清水']);
  });

  it('applies this tablet’s events in the order they were recorded, whatever order they are kept in', () => {
    const events = [
      journal('山崎', 'EXIT', '2026-11-26T01:20:00.000Z', null),
      journal('山崎', 'ENTER', '2026-11-26T01:10:00.000Z', null),
      journal('森', 'ENTER', '2026-11-26T01:15:00.000Z', null),
      journal('森', 'EXIT', '2026-11-26T01:12:00.000Z', null), // an older exit, then the entry
    ];
    expect(names(insideFrom(asked, events, R01))).toEqual(['清水', '森']);
  });

  it('tells an outside person from staff, and rooms apart', () => {
    const events = [
      journal('佐藤', 'ENTER', '2026-11-26T01:10:00.000Z', null, { staffId: null, contractorAuthorisationId: 'a-1' }),
      journal('森', 'ENTER', '2026-11-26T01:11:00.000Z', null, { roomId: R02 }),
    ];
    const now = insideFrom(asked, events, R01);
    expect(names(now)).toEqual(['清水', '佐藤']);
    expect(now[1].key).toBe('c:a-1');
  });
});

const authorised = (
  name: string,
  validFrom: string,
  validTo: string,
  fields: Partial<AuthorisedPerson> = {},
): AuthorisedPerson => ({
  authorisationId: `auth-${name}-${validFrom}`,
  subjectKind: 'STAFF',
  name,
  purpose: '保守',
  roomIds: [R01],
  validFrom,
  validTo,
  escortRequired: false,
  staff: { id: `staff-${name}`, staffNumber: '0', familyNameKana: name, givenNameKana: '' },
  ...fields,
});

describe('who may enter (authorisedFor)', () => {
  const now = new Date('2026-11-26T03:00:00.000Z');

  it('lists people authorised for the room now or later, not those whose period ended, by kana, outside people last', () => {
    const list = authorisedFrom(
      [
        authorised('やまざき', '2026-11-26T00:00:00.000Z', '2026-11-26T08:00:00.000Z'),
        authorised('しみず', '2026-11-26T05:00:00.000Z', '2026-11-26T08:00:00.000Z'), // later today
        authorised('もり', '2026-11-26T00:00:00.000Z', '2026-11-26T03:00:00.000Z'), // ended just now
        authorised('いとう', '2026-11-26T00:00:00.000Z', '2026-11-26T08:00:00.000Z', { roomIds: [R02] }),
        authorised('あおば設備 佐藤 健', '2026-11-26T00:00:00.000Z', '2026-11-26T08:00:00.000Z', {
          subjectKind: 'CONTRACTOR',
          staff: null,
        }),
      ],
      R01,
      now,
    );
    expect(names(list)).toEqual(['しみず', 'やまざき', 'あおば設備 佐藤 健']);
  });

  it('shows one line per person: the authorisation in force, else the one that ends latest', () => {
    const inForce = authorised('しみず', '2026-11-26T00:00:00.000Z', '2026-11-26T04:00:00.000Z');
    const later = authorised('しみず', '2026-11-26T05:00:00.000Z', '2026-11-26T09:00:00.000Z');
    expect(authorisedFrom([later, inForce], R01, now)).toEqual([inForce]);
    expect(authorisedFrom([inForce, later], R01, now)).toEqual([inForce]);
    const longer = authorised('しみず', '2026-11-26T01:00:00.000Z', '2026-11-26T10:00:00.000Z');
    expect(authorisedFrom([inForce, longer], R01, now)).toEqual([longer]);
  });
});

const item = (clientEventId: string, deviceSeq: number): OutboxItem => ({
  event: {
    clientEventId,
    deviceSeq,
    direction: 'ENTER',
    roomId: R01,
    purpose: '保守',
    deviceTime: '2026-11-26T01:00:00.000Z',
    staffId: 's',
    pin: 'cipher',
  },
  display: { name: '清水 彩', roomName: '電算室' },
});
const answer = (outcome: EventAnswer['outcome'], anomalies: string[] = []): EventAnswer => ({
  clientEventId: 'e1',
  outcome,
  code: outcome === 'REFUSED' ? 'ROOM_NOT_SERVED' : null,
  message: outcome === 'REFUSED' ? 'この端末の電算室等ではありません' : null,
  anomalies,
});
const AT = '2026-11-26T01:01:00.000Z';

describe('the outbox: what an answer of the server does to a waiting event', () => {
  it('an accepted or duplicate event is marked accepted in the journal and shows nothing', () => {
    expect(settle(item('e1', 1), answer('ACCEPTED'), AT)).toEqual({ problem: null, journal: 'accepted' });
    expect(settle(item('e1', 1), answer('DUPLICATE'), AT)).toEqual({ problem: null, journal: 'accepted' });
  });

  it('an event stored with anomalies is shown to staff for attention', () => {
    const s = settle(item('e1', 1), answer('ACCEPTED', ['UNAUTHORISED']), AT);
    expect(s.journal).toBe('accepted');
    expect(s.problem).toMatchObject({ kind: 'ATTENTION', anomalies: ['UNAUTHORISED'], answeredAt: AT });
  });

  it('a refused event is shown with the server’s reason and leaves the journal (it never happened)', () => {
    const s = settle(item('e1', 1), answer('REFUSED'), AT);
    expect(s).toEqual({
      journal: 'delete',
      problem: {
        event: item('e1', 1).event,
        display: item('e1', 1).display,
        kind: 'REFUSED',
        code: 'ROOM_NOT_SERVED',
        message: 'この端末の電算室等ではありません',
        anomalies: [],
        answeredAt: AT,
        acknowledgedAt: null,
      },
    });
  });
});

describe('the outbox on a new pairing', () => {
  const device = (deviceId: string, nextSeq: number): PairedDevice => ({
    credential: 'c',
    deviceId,
    name: 'R01',
    rooms: [],
    nextSeq,
    pairedAt: AT,
    revoked: false,
  });
  const waiting = [item('a', 17), item('b', 18), item('c', 21)];

  it('numbers waiting events again from 1 for a new device, in their old order', () => {
    const { items, nextSeq } = renumbered(waiting, device('old', 22), 'new');
    expect(items.map((i) => [i.event.clientEventId, i.event.deviceSeq])).toEqual([
      ['a', 1],
      ['b', 2],
      ['c', 3],
    ]);
    expect(nextSeq).toBe(4);
    expect(waiting[0].event.deviceSeq).toBe(17); // the stored items are not changed in place
    expect(renumbered(waiting, undefined, 'first')).toMatchObject({ nextSeq: 4 });
    expect(renumbered([], device('old', 22), 'new')).toEqual({ items: [], nextSeq: 1 });
  });

  it('keeps the numbers when the same device is paired again', () => {
    expect(renumbered(waiting, device('same', 22), 'same')).toEqual({ items: [], nextSeq: 22 });
  });
});

describe('the journal', () => {
  it('forgets answered entries recorded more than a day ago, never waiting ones', () => {
    const now = new Date('2026-11-27T02:00:00.000Z');
    const items = [
      journal('old', 'ENTER', '2026-11-26T01:00:00.000Z', '2026-11-26T01:01:00.000Z'),
      journal('waiting', 'ENTER', '2026-11-25T01:00:00.000Z', null),
      journal('recent', 'ENTER', '2026-11-26T03:00:00.000Z', '2026-11-26T03:01:00.000Z'),
    ];
    expect(expiredJournal(items, now)).toEqual([items[0].clientEventId]);
  });
});

describe('Hardening §6 the kiosk when the tablet’s clock moves, and after an outage', () => {
  // 02:28 real time; the clock was 30 minutes fast (02:58 shown) for A's first visit, then put right
  const fast = (m: number) => new Date(Date.UTC(2026, 10, 26, 17, 58 + m)).toISOString();
  const real = (m: number) => new Date(Date.UTC(2026, 10, 26, 17, 28 + m)).toISOString();

  it('Hardening §6: applies this tablet’s events by its sequence numbers, not by its clock', () => {
    const events = [
      journal('清水', 'ENTER', fast(0), fast(0), { deviceSeq: 1, listed: true }),
      journal('清水', 'EXIT', fast(5), fast(5), { deviceSeq: 2, listed: true }),
      journal('清水', 'ENTER', real(10), null, { deviceSeq: 3, serverAt: real(10) }),
    ];
    // the server's list was asked (with the right clock) after the first visit: nobody inside
    const now = insideFrom({ askedAt: real(8), entries: [] }, events, R01);
    expect(names(now)).toEqual(['清水']);
    expect(now[0].enteredAt).toBe(real(10));
  });

  it('Hardening §6: events the server’s list already includes are not applied again, whatever the clock said', () => {
    // the entry accepted at 02:58 by a fast clock, the exit at 02:33 by the right one; the list asked
    // at 02:38 has both: she is not shown inside "02:58 から" at 02:38
    const events = [
      journal('清水', 'ENTER', fast(0), fast(0), { deviceSeq: 1, listed: true }),
      journal('清水', 'EXIT', real(5), real(5), { deviceSeq: 2, listed: true }),
    ];
    expect(insideFrom({ askedAt: real(10), entries: [] }, events, R01)).toEqual([]);
  });

  it('Hardening §6: times come from the server: as it stored the entry, else as the tablet reckoned its time', () => {
    const events = [
      journal('山崎', 'ENTER', fast(0), fast(0), { deviceSeq: 4, serverAt: real(0) }),
      journal('森', 'ENTER', fast(1), null, { deviceSeq: 5, serverAt: real(1) }),
    ];
    const now = insideFrom({ askedAt: real(-5), entries: [] }, events, R01);
    expect(now.map((p) => [p.name, p.enteredAt])).toEqual([
      ['山崎', real(0)],
      ['森', real(1)],
    ]);
  });

  it('Hardening §6: the search matches ふりがな in hiragana or katakana, the name and the staff number', () => {
    const shimizu = { name: '清水 彩', nameKana: 'しみず あや', staffNumber: '200303' };
    for (const q of ['しみず', 'シミズ', 'ｼﾐｽﾞ', 'しみずあや', '清水', '2003', '２００３', ''])
      expect([q, matchesSearch(q, shimizu)]).toEqual([q, true]);
    for (const q of ['やまざき', '0303', '山崎']) expect([q, matchesSearch(q, shimizu)]).toEqual([q, false]);
    expect(matchesSearch('しみず', { name: '清水 彩' })).toBe(false); // no ふりがな known: the name still works
  });
});
