// A12.3: the entry/exit register, server side. Tablets submit batches, often late and more than
// once; whatever happens in between, each event is stored exactly once, odd ones are stored with
// their anomalies, and the tablet learns per event what to drop and what to show.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, startTestApp, type TestApp } from '../helpers/app.js';
import { encryptPin, giveEveryoneAPin, TEST_PIN } from '../helpers/door-pin.js';
import { gql, signIn } from '../helpers/graphql.js';

const RECORD = `mutation($i: RecordAccessEventsInput!) { recordAccessEvents(input: $i) {
  results { clientEventId outcome code message eventId anomalies } clockSkewSeconds clockSkewed sequenceGaps { from to } } }`;
const REGISTER = `query($f: AccessRegisterFilter, $first: Int, $after: String) { accessEvents(filter: $f, first: $first, after: $after) {
  nodes { id direction purpose occurredAt deviceTime receivedAt clockSkewSeconds deviceSeq anomalies checklist note fromDevice
          staff { staffNumber } escort { staffNumber } room { code } authorisation { id } }
  endCursor hasNextPage } }`;
const OK_CHECKLIST = { equipmentOff: true, noMediaLeft: true, noUnauthorisedCable: true, noDocumentsLeft: true };

let clock = new Date('2026-11-26T01:00:00Z'); // 10:00 in Tokyo
let t: TestApp;
let manager: string;
const rooms: Record<string, string> = {};
const staff: Record<string, string> = {};

/** A tablet paired through a manager's code, serving the given rooms, with its own sequence. */
async function pairTablet(roomCodes: string[]) {
  const created = await gql(
    t.app.http,
    `mutation($i: CreateDevicePairingInput!) { createDevicePairing(input: $i) { code } }`,
    { i: { name: `tablet ${randomUUID().slice(0, 4)}`, roomIds: roomCodes.map((c) => rooms[c]) } },
    manager,
  );
  const paired = await gql(
    t.app.http,
    `mutation($i: PairDeviceInput!) { pairDevice(input: $i) { credential device { id } } }`,
    {
      i: { code: created.data!.createDevicePairing.code },
    },
  );
  const { credential, device } = paired.data!.pairDevice;
  let seq = 0;
  const send = async (events: Record<string, unknown>[], deviceNow = clock) => {
    const res = await t.app.http.inject({
      method: 'POST',
      url: '/graphql',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${credential}` },
      payload: { query: RECORD, variables: { i: { deviceNow: deviceNow.toISOString(), events } } },
    });
    return res.json() as { data?: any; errors?: any[] };
  };
  const query = async (q: string, variables?: Record<string, unknown>) =>
    (
      await t.app.http.inject({
        method: 'POST',
        url: '/graphql',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${credential}` },
        payload: { query: q, variables },
      })
    ).json() as { data?: any; errors?: any[] };
  /** a new event as the tablet makes it: its own id, the next sequence number, the typed PIN */
  const event = (fields: Record<string, unknown>) => {
    const clientEventId = (fields.clientEventId as string | undefined) ?? randomUUID();
    return {
      clientEventId,
      deviceSeq: ++seq,
      direction: 'ENTER',
      roomId: rooms.R01,
      purpose: 'サーバー保守',
      deviceTime: clock.toISOString(),
      ...(fields.staffId ? { pin: encryptPin(t.secrets.doorPinKey, TEST_PIN, clientEventId) } : {}),
      ...fields,
    };
  };
  return { deviceId: device.id as string, send, query, event, skip: (n: number) => (seq += n) };
}

async function authorise(staffNumber: string, roomCodes: string[], fromHours = -1, toHours = 8) {
  const cookie = await signIn(t.app.http, staffNumber, DEMO_PASSWORD);
  const asked = await gql(
    t.app.http,
    `mutation($i: RequestRoomAuthorisationInput!) { requestRoomAuthorisation(input: $i) { id } }`,
    {
      i: {
        subjectKind: 'STAFF',
        roomIds: roomCodes.map((c) => rooms[c]),
        validFrom: new Date(clock.getTime() + fromHours * 3_600_000).toISOString(),
        validTo: new Date(clock.getTime() + toHours * 3_600_000).toISOString(),
        purpose: 'サーバー保守',
      },
    },
    cookie,
  );
  const id = asked.data!.requestRoomAuthorisation.id as string;
  const approved = await gql(
    t.app.http,
    `mutation($i: AuthorisationIdInput!) { approveRoomAuthorisation(input: $i) { id } }`,
    { i: { id } },
    manager,
  );
  expect(approved.errors).toBeUndefined();
  return id;
}

const storedCount = async (clientIds: string[]) =>
  (
    await t.db.dataSource.query(`SELECT count(*)::int AS n FROM access_event WHERE "clientEventId" = ANY($1::uuid[])`, [
      clientIds,
    ])
  )[0].n as number;

beforeAll(async () => {
  t = await startTestApp({ now: () => clock });
  manager = await signIn(t.app.http, '200301', DEMO_PASSWORD);
  await giveEveryoneAPin(t.db.dataSource, t.secrets.hmacKey);
  for (const r of await t.db.dataSource.query(`SELECT id, code FROM room`)) rooms[r.code] = r.id;
  for (const s of await t.db.dataSource.query(`SELECT id, "staffNumber" FROM staff`)) staff[s.staffNumber] = s.id;
  await authorise('200303', ['R01', 'R02']);
  await authorise('200304', ['R01']);
});
afterAll(() => t.close());

describe('A12.3 entry/exit register: submissions', () => {
  it('A12.3: the same batch sent 3 times stores each event once, and every replay gets the first answer', async () => {
    const tablet = await pairTablet(['R01']);
    const batch = [
      tablet.event({ staffId: staff['200303'] }),
      tablet.event({ staffId: staff['200304'] }),
      tablet.event({ staffId: staff['200303'], direction: 'EXIT', checklist: OK_CHECKLIST }),
    ];
    const first = await tablet.send(batch);
    expect(first.errors).toBeUndefined();
    expect(first.data.recordAccessEvents.results.map((r: any) => r.outcome)).toEqual([
      'ACCEPTED',
      'ACCEPTED',
      'ACCEPTED',
    ]);
    for (let i = 0; i < 2; i++) {
      const again = (await tablet.send(batch)).data.recordAccessEvents.results;
      expect(again.map((r: any) => r.outcome)).toEqual(['DUPLICATE', 'DUPLICATE', 'DUPLICATE']);
      expect(again.map((r: any) => r.eventId)).toEqual(
        first.data.recordAccessEvents.results.map((r: any) => r.eventId),
      );
    }
    expect(await storedCount(batch.map((e) => e.clientEventId as string))).toBe(3);
  });

  it('A12.3: two identical batches sent at the same moment store each event once', async () => {
    const tablet = await pairTablet(['R01']);
    const batch = Array.from({ length: 40 }, (_, i) =>
      tablet.event({ staffId: staff[i % 2 ? '200303' : '200304'], direction: 'ENTER' }),
    );
    const [a, b] = await Promise.all([tablet.send(batch), tablet.send(batch)]);
    const outcomes = [...a.data.recordAccessEvents.results, ...b.data.recordAccessEvents.results].map(
      (r: any) => r.outcome,
    );
    expect(outcomes.filter((o) => o === 'ACCEPTED')).toHaveLength(40);
    expect(outcomes.filter((o) => o === 'DUPLICATE')).toHaveLength(40);
    expect(await storedCount(batch.map((e) => e.clientEventId as string))).toBe(40);
  });

  it('A12.3: a reply lost after the commit, then the retry, stores once (the retry is told DUPLICATE)', async () => {
    const tablet = await pairTablet(['R01']);
    const batch = [tablet.event({ staffId: staff['200303'] })];
    void (await tablet.send(batch)); // committed; the tablet never saw this answer
    const retry = await tablet.send(batch);
    expect(retry.data.recordAccessEvents.results[0]).toMatchObject({ outcome: 'DUPLICATE', code: null });
    expect(await storedCount([batch[0].clientEventId as string])).toBe(1);
  });

  it('A12.3: a device clock a day off is stored, flagged and corrected by the server clock; order follows it', async () => {
    const tablet = await pairTablet(['R02']);
    clock = new Date(clock.getTime() + 600_000); // ten minutes after the approval
    const dayAhead = new Date(clock.getTime() + 86_400_000);
    const events = [
      tablet.event({ staffId: staff['200303'], roomId: rooms.R02, deviceTime: dayAhead.toISOString() }),
      tablet.event({
        staffId: staff['200303'],
        roomId: rooms.R02,
        direction: 'EXIT',
        checklist: OK_CHECKLIST,
        deviceTime: new Date(dayAhead.getTime() + 60_000).toISOString(),
      }),
    ];
    const res = (await tablet.send(events, new Date(dayAhead.getTime() + 120_000))).data.recordAccessEvents;
    expect(res.clockSkewed).toBe(true);
    expect(res.clockSkewSeconds).toBe(-86_520);
    expect(res.results.map((r: any) => r.anomalies)).toEqual([['CLOCK_SKEW'], ['CLOCK_SKEW']]);
    const rows = await t.db.dataSource.query(
      `SELECT "deviceTime", "occurredAt", "entryEventId", anomalies FROM access_event WHERE id = ANY($1::uuid[]) ORDER BY "deviceSeq"`,
      [res.results.map((r: any) => r.eventId)],
    );
    expect(rows[0].deviceTime.toISOString()).toBe(events[0].deviceTime); // what the tablet said is kept
    expect(rows[0].occurredAt.toISOString()).toBe(new Date(clock.getTime() - 120_000).toISOString());
    expect(rows[1].occurredAt.toISOString()).toBe(new Date(clock.getTime() - 60_000).toISOString());
    // authorised at the corrected time (the authorisation ends in 8 hours, not tomorrow)
    expect(res.results[0].anomalies).not.toContain('UNAUTHORISED');
    expect(rows[1].entryEventId).toBe(res.results[0].eventId);
    clock = new Date('2026-11-26T01:00:00Z');
  });

  it('A12.2/A12.3: an entry without an authorisation in force is stored and flagged, never refused', async () => {
    const tablet = await pairTablet(['R01', 'R02']);
    const nobody = tablet.event({ staffId: staff['200305'] }); // 森: no authorisation
    const wrongRoom = tablet.event({ staffId: staff['200304'], roomId: rooms.R02 }); // 山崎: R01 only
    const res = (await tablet.send([nobody, wrongRoom])).data.recordAccessEvents.results;
    expect(res.map((r: any) => [r.outcome, r.anomalies])).toEqual([
      ['ACCEPTED', ['UNAUTHORISED']],
      ['ACCEPTED', ['UNAUTHORISED']],
    ]);
    const open = await gql(
      t.app.http,
      `{ accessAnomalies { id kind event { id staff { staffNumber } } } }`,
      {},
      manager,
    );
    const mine = open.data!.accessAnomalies.filter((a: any) => [res[0].eventId, res[1].eventId].includes(a.event.id));
    expect(mine.map((a: any) => a.kind)).toEqual(['UNAUTHORISED', 'UNAUTHORISED']);
  });

  it('A12.2: an event recorded offline before a revocation counts as authorised; one after it does not', async () => {
    const id = await authorise('400103', ['R01']);
    const revokeAt = new Date(clock.getTime() + 3_600_000);
    const tablet = await pairTablet(['R01']);
    const before = tablet.event({
      staffId: staff['400103'],
      deviceTime: new Date(clock.getTime() + 1_800_000).toISOString(),
    });
    const after = tablet.event({
      staffId: staff['400103'],
      deviceTime: new Date(clock.getTime() + 5_400_000).toISOString(),
    });
    clock = revokeAt;
    await gql(
      t.app.http,
      `mutation($i: AuthorisationDecisionInput!) { revokeRoomAuthorisation(input: $i) { id } }`,
      { i: { id, reason: '作業中止' } },
      await signIn(t.app.http, '200301', DEMO_PASSWORD),
    );
    clock = new Date(revokeAt.getTime() + 3 * 3_600_000); // the tablet syncs later
    const res = (await tablet.send([before, after], clock)).data.recordAccessEvents.results;
    expect(res.map((r: any) => r.anomalies)).toEqual([[], ['UNAUTHORISED']]);
    clock = new Date('2026-11-26T01:00:00Z');
    manager = await signIn(t.app.http, '200301', DEMO_PASSWORD);
  });

  it('A12.3: pairs an exit with the open entry; flags an exit without entry and an incomplete checklist', async () => {
    const tablet = await pairTablet(['R01']);
    const res = (
      await tablet.send([
        tablet.event({ staffId: staff['500103'], direction: 'EXIT', checklist: OK_CHECKLIST, note: '入室記録の漏れ' }),
        tablet.event({
          staffId: staff['500103'],
          direction: 'ENTER',
        }),
        tablet.event({
          staffId: staff['500103'],
          direction: 'EXIT',
          checklist: { ...OK_CHECKLIST, noMediaLeft: false },
        }),
      ])
    ).data.recordAccessEvents.results;
    // 500103 has no authorisation and no earlier entry in R01
    expect(res.map((r: any) => r.anomalies)).toEqual([
      ['EXIT_WITHOUT_ENTRY'],
      ['UNAUTHORISED'],
      ['CHECKLIST_INCOMPLETE'],
    ]);
    const [exit] = await t.db.dataSource.query(`SELECT "entryEventId" FROM access_event WHERE id = $1`, [
      res[2].eventId,
    ]);
    expect(exit.entryEventId).toBe(res[1].eventId);
  });

  it('A12.3: refuses with a code what cannot be stored, and accepts the rest of the batch', async () => {
    const tablet = await pairTablet(['R01']);
    const other = await pairTablet(['R01']);
    const taken = other.event({ staffId: staff['200303'] });
    await other.send([taken]);
    const good = tablet.event({ staffId: staff['200303'] });
    const res = (
      await tablet.send([
        tablet.event({ staffId: staff['200303'], roomId: rooms.R02 }),
        tablet.event({ staffId: '00000000-0000-4000-8000-000000000000' }),
        tablet.event({ staffId: staff['200303'], direction: 'EXIT' }), // no checklist
        tablet.event({ staffId: staff['200303'], contractorAuthorisationId: randomUUID() }), // two subjects
        { ...taken, deviceSeq: 99 },
        good,
        { ...tablet.event({ staffId: staff['200304'] }), deviceSeq: good.deviceSeq },
      ])
    ).data.recordAccessEvents.results;
    expect(res.map((r: any) => r.code ?? r.outcome)).toEqual([
      'ROOM_NOT_SERVED',
      'UNKNOWN_PERSON',
      'INVALID_EVENT',
      'INVALID_EVENT',
      'CLIENT_ID_TAKEN',
      'ACCEPTED',
      'SEQUENCE_REUSED',
    ]);
    expect(res[0].message).toContain('この端末の電算室等ではありません');
  });

  it('A12.3: reports gaps in a device sequence until the missing events arrive', async () => {
    const tablet = await pairTablet(['R01']);
    const one = tablet.event({ staffId: staff['200303'] });
    const missing = [tablet.event({ staffId: staff['200303'] }), tablet.event({ staffId: staff['200304'] })];
    const four = tablet.event({ staffId: staff['200304'] });
    expect((await tablet.send([one, four])).data.recordAccessEvents.sequenceGaps).toEqual([{ from: 2, to: 3 }]);
    expect((await tablet.send(missing)).data.recordAccessEvents.sequenceGaps).toEqual([]);
  });

  it('A12.3: bad input is refused with BAD_USER_INPUT and nothing is stored; batches are capped at 500', async () => {
    const tablet = await pairTablet(['R01']);
    const bad = tablet.event({ staffId: staff['200303'], clientEventId: 'not-a-uuid' });
    const res = await tablet.send([bad]);
    expect(res.errors![0].extensions.code).toBe('BAD_USER_INPUT');
    const tooMany = Array.from({ length: 501 }, () => tablet.event({ staffId: staff['200303'] }));
    expect((await tablet.send(tooMany)).errors![0].extensions.code).toBe('BAD_USER_INPUT');
    expect(await storedCount(tooMany.map((e) => e.clientEventId as string))).toBe(0);
  });
});

describe('A12.3 entry/exit register: reading and resolving', () => {
  it('A12.3: the board shows who is still inside, oldest first, with an overstay after 3 hours', async () => {
    const tablet = await pairTablet(['R02']);
    const [inside] = (await tablet.send([tablet.event({ staffId: staff['300201'], roomId: rooms.R02 })])).data
      .recordAccessEvents.results;
    const Q = `query($r: ID) { accessInside(roomId: $r) { id overstay staff { staffNumber } room { code } } }`;
    const now = (await gql(t.app.http, Q, { r: rooms.R02 }, manager)).data!.accessInside;
    expect(now.find((e: any) => e.id === inside.eventId)).toMatchObject({ overstay: false, room: { code: 'R02' } });
    clock = new Date(clock.getTime() + 181 * 60_000);
    try {
      const fresh = await signIn(t.app.http, '200301', DEMO_PASSWORD);
      const later = (await gql(t.app.http, Q, { r: rooms.R02 }, fresh)).data!.accessInside;
      expect(later.find((e: any) => e.id === inside.eventId).overstay).toBe(true);
      await tablet.send([
        tablet.event({
          staffId: staff['300201'],
          roomId: rooms.R02,
          direction: 'EXIT',
          checklist: OK_CHECKLIST,
          deviceTime: clock.toISOString(),
        }),
      ]);
      const after = (await gql(t.app.http, Q, { r: rooms.R02 }, fresh)).data!.accessInside;
      expect(after.map((e: any) => e.id)).not.toContain(inside.eventId);
    } finally {
      clock = new Date('2026-11-26T01:00:00Z');
      manager = await signIn(t.app.http, '200301', DEMO_PASSWORD);
    }
  });

  it('A12.3: the manager pages the register by room and person, with the same statements for 10 and 100 rows', async () => {
    const tablet = await pairTablet(['R02']);
    for (let i = 0; i < 3; i++) {
      await tablet.send(
        Array.from({ length: 50 }, () => tablet.event({ staffId: staff['200303'], roomId: rooms.R02 })),
      );
    }
    const statements = async (first: number) => {
      const before = t.db.logger.statements;
      const res = await gql(t.app.http, REGISTER, { f: { roomId: rooms.R02 }, first }, manager);
      expect(res.data!.accessEvents.nodes).toHaveLength(first);
      return t.db.logger.statements - before;
    };
    expect(await statements(100)).toBe(await statements(10));
    const page1 = (await gql(t.app.http, REGISTER, { f: { staffId: staff['200303'] }, first: 5 }, manager)).data!
      .accessEvents;
    const page2 = (
      await gql(t.app.http, REGISTER, { f: { staffId: staff['200303'] }, first: 5, after: page1.endCursor }, manager)
    ).data!.accessEvents;
    expect(page2.nodes.some((n: any) => page1.nodes.map((m: any) => m.id).includes(n.id))).toBe(false);
    expect(page1.nodes[0]).toMatchObject({ staff: { staffNumber: '200303' }, fromDevice: true });
  });

  it('A12.3: the manager resolves an anomaly with a note, once; it leaves the open list', async () => {
    const tablet = await pairTablet(['R01']);
    const [r] = (await tablet.send([tablet.event({ staffId: staff['200305'] })])).data.recordAccessEvents.results;
    const open = (await gql(t.app.http, `{ accessAnomalies { id event { id } } }`, {}, manager)).data!.accessAnomalies;
    const anomaly = open.find((a: any) => a.event.id === r.eventId);
    const RESOLVE = `mutation($i: ResolveAnomalyInput!) { resolveAccessAnomaly(input: $i) { id resolvedAt resolutionNote } }`;
    const done = await gql(
      t.app.http,
      RESOLVE,
      { i: { id: anomaly.id, note: '本人に確認。許可申請の出し忘れ' } },
      manager,
    );
    expect(done.data!.resolveAccessAnomaly.resolutionNote).toBe('本人に確認。許可申請の出し忘れ');
    const twice = await gql(t.app.http, RESOLVE, { i: { id: anomaly.id, note: 'again' } }, manager);
    expect(twice.errors![0].extensions!.code).toBe('ANOMALY_RESOLVED');
    const after = (await gql(t.app.http, `{ accessAnomalies { id } }`, {}, manager)).data!.accessAnomalies;
    expect(after.map((a: any) => a.id)).not.toContain(anomaly.id);
  });

  it('A12.3: time reveals entries never closed (12 h) and sequence numbers that never came (1 h), once each', async () => {
    const tablet = await pairTablet(['R02']);
    const open = tablet.event({ staffId: staff['300201'], roomId: rooms.R02 });
    tablet.skip(2); // numbers 2 and 3 of this tablet never arrive
    const after = tablet.event({
      staffId: staff['300201'],
      roomId: rooms.R02,
      direction: 'EXIT',
      checklist: OK_CHECKLIST,
    });
    const late = tablet.event({ staffId: staff['300202'], roomId: rooms.R02 });
    const [openR, afterR, lateR] = (await tablet.send([open, { ...after, staffId: staff['300202'] }, late])).data
      .recordAccessEvents.results;
    const kinds = async () =>
      (await t.db.dataSource.query(
        `SELECT kind, "eventId" FROM access_anomaly
         WHERE "eventId" = ANY($1::uuid[]) AND kind IN ('NOT_CLOSED', 'SEQUENCE_GAP')`,
        [[openR.eventId, afterR.eventId, lateR.eventId]],
      )) as { kind: string; eventId: string }[];
    expect(await t.app.services.accessRegister.sweep()).toBe(0); // too early for either
    clock = new Date(clock.getTime() + 13 * 3_600_000);
    try {
      manager = await signIn(t.app.http, '200301', DEMO_PASSWORD);
      await t.app.services.accessRegister.sweep();
      await t.app.services.accessRegister.sweep(); // idempotent
      const found = (await kinds()).map((a) => `${a.kind}:${a.eventId}`).sort();
      expect(found).toEqual(
        [`NOT_CLOSED:${openR.eventId}`, `NOT_CLOSED:${lateR.eventId}`, `SEQUENCE_GAP:${afterR.eventId}`].sort(),
      );
    } finally {
      clock = new Date('2026-11-26T01:00:00Z');
      manager = await signIn(t.app.http, '200301', DEMO_PASSWORD);
    }
  });

  it('A12.3: what a tablet stored stays: the application role cannot change or delete register rows', async () => {
    const app = t.app.services.dataSource;
    await expect(app.query(`UPDATE access_event SET purpose = 'x'`)).rejects.toMatchObject({
      driverError: { code: '42501' },
    });
    await expect(app.query(`DELETE FROM access_event`)).rejects.toMatchObject({ driverError: { code: '42501' } });
  });

  it('A12.2: a tablet reads who may enter its rooms now and soon, with a version tag and no secrets', async () => {
    const tablet = await pairTablet(['R02']);
    const Q = `query($v: String) { doorAuthorisations(knownVersion: $v) { version unchanged serverTime
      people { authorisationId subjectKind name roomIds validFrom validTo escortRequired staff { staffNumber fullNameKana } } } }`;
    const first = (await tablet.query(Q)).data.doorAuthorisations;
    expect(first.unchanged).toBe(false);
    const names = first.people.map((p: any) => p.staff?.staffNumber);
    expect(names).toContain('200303'); // R01 and R02
    expect(names).not.toContain('200304'); // R01 only
    expect(first.people.every((p: any) => p.roomIds.every((id: string) => id === rooms.R02))).toBe(true);
    const same = (await tablet.query(Q, { v: first.version })).data.doorAuthorisations;
    expect(same).toMatchObject({ unchanged: true, people: [], version: first.version });
    await authorise('200305', ['R02']);
    const changed = (await tablet.query(Q, { v: first.version })).data.doorAuthorisations;
    expect(changed.unchanged).toBe(false);
    expect(changed.people.map((p: any) => p.staff?.staffNumber)).toContain('200305');
    // staff members may not call it; the register is refused to tablets
    expect((await gql(t.app.http, Q, {}, manager)).errors![0].extensions!.code).toBe('FORBIDDEN');
    expect((await tablet.query(REGISTER)).errors![0].extensions.code).toBe('FORBIDDEN');
  });
});

describe('A12.3 entry/exit register: awkward submissions', () => {
  it('A12.3: treats upper-case ids like lower-case ones (a retry is still a duplicate)', async () => {
    const tablet = await pairTablet(['R01']);
    const e = tablet.event({ staffId: staff['200303'].toUpperCase() });
    const upper = { ...e, clientEventId: (e.clientEventId as string).toUpperCase(), roomId: rooms.R01.toUpperCase() };
    const first = (await tablet.send([upper])).data.recordAccessEvents.results[0];
    expect(first).toMatchObject({ outcome: 'ACCEPTED', anomalies: [] });
    const again = (await tablet.send([upper])).data.recordAccessEvents.results[0];
    expect(again).toMatchObject({ outcome: 'DUPLICATE', eventId: first.eventId });
    const lower = (await tablet.send([{ ...upper, clientEventId: e.clientEventId }])).data.recordAccessEvents
      .results[0];
    expect(lower).toMatchObject({ outcome: 'DUPLICATE', eventId: first.eventId });
  });

  it('A12.3: within one batch, one id with two contents is refused, a copy counts once, a sequence number once', async () => {
    const tablet = await pairTablet(['R01']);
    const a = tablet.event({ staffId: staff['200303'] });
    const b = tablet.event({ staffId: staff['200304'] });
    const c = tablet.event({ staffId: staff['200304'] });
    const res = (await tablet.send([a, { ...a, purpose: '別の目的' }, b, b, { ...c, deviceSeq: b.deviceSeq }])).data
      .recordAccessEvents.results;
    expect(res.map((r: any) => r.code ?? r.outcome)).toEqual([
      'INVALID_EVENT',
      'INVALID_EVENT',
      'ACCEPTED',
      'ACCEPTED',
      'SEQUENCE_REUSED',
    ]);
    expect(await storedCount([a.clientEventId as string, b.clientEventId as string, c.clientEventId as string])).toBe(
      1,
    );
  });

  it('A12.3: a batch racing a retry of part of it still closes the real entry (no phantom pairing)', async () => {
    for (let round = 0; round < 5; round++) {
      const tablet = await pairTablet(['R01']);
      const enter = tablet.event({ staffId: staff['400102'] });
      const exit = tablet.event({ staffId: staff['400102'], direction: 'EXIT', checklist: OK_CHECKLIST });
      const [, both] = await Promise.all([tablet.send([enter]), tablet.send([enter, exit])]);
      expect(both.errors).toBeUndefined();
      const [stored] = await t.db.dataSource.query(
        `SELECT x."entryEventId" = e.id AS paired FROM access_event e, access_event x
         WHERE e."clientEventId" = $1 AND x."clientEventId" = $2`,
        [enter.clientEventId, exit.clientEventId],
      );
      expect(stored.paired).toBe(true);
    }
  });

  it('A12.2: an outside person whose authorisation is not approved is stored and flagged, not refused', async () => {
    const om = await signIn(t.app.http, '400101', DEMO_PASSWORD);
    const asked = await gql(
      t.app.http,
      `mutation($i: RequestRoomAuthorisationInput!) { requestRoomAuthorisation(input: $i) { id } }`,
      {
        i: {
          subjectKind: 'CONTRACTOR',
          contractorCompany: '株式会社みどりシステム',
          contractorName: '佐藤 健',
          roomIds: [rooms.R01],
          validFrom: clock.toISOString(),
          validTo: new Date(clock.getTime() + 3_600_000).toISOString(),
          purpose: '定期点検',
        },
      },
      om,
    );
    const tablet = await pairTablet(['R01']);
    const [r] = (
      await tablet.send([
        tablet.event({
          contractorAuthorisationId: asked.data!.requestRoomAuthorisation.id,
          escortStaffId: staff['400101'],
        }),
      ])
    ).data.recordAccessEvents.results;
    expect(r).toMatchObject({ outcome: 'ACCEPTED', anomalies: ['UNAUTHORISED'] });
  });

  it('A12.2: an entry recorded before the approval (synced after it) was not authorised in advance', async () => {
    const tablet = await pairTablet(['R01']);
    const early = tablet.event({ staffId: staff['400104'], deviceTime: clock.toISOString() });
    clock = new Date(clock.getTime() + 600_000);
    try {
      await authorise('400104', ['R01'], -1, 8); // approved now, valid from an hour ago
      const [r] = (await tablet.send([early])).data.recordAccessEvents.results;
      expect(r.anomalies).toContain('UNAUTHORISED');
    } finally {
      clock = new Date('2026-11-26T01:00:00Z');
      manager = await signIn(t.app.http, '200301', DEMO_PASSWORD);
    }
  });

  it('A12.3: a clock corrected between recording and sending is still caught (events in the future)', async () => {
    const tablet = await pairTablet(['R01']);
    const ahead = tablet.event({
      staffId: staff['200303'],
      deviceTime: new Date(clock.getTime() + 86_400_000).toISOString(),
    });
    const [r] = (await tablet.send([ahead], clock)).data.recordAccessEvents.results;
    expect(r.anomalies).toContain('CLOCK_SKEW');
  });

  it('A12.3: impossible times and NUL characters are refused with a code, never a 500', async () => {
    const tablet = await pairTablet(['R01']);
    const res = await tablet.send([tablet.event({ staffId: staff['200303'] })], new Date('0001-01-01T00:00:00Z'));
    expect(res.errors![0].extensions.code).toBe('BAD_USER_INPUT');
    const far = (await tablet.send([tablet.event({ staffId: staff['200303'], deviceTime: '9999-12-31T00:00:00Z' })]))
      .data.recordAccessEvents.results[0];
    expect(far.code).toBe('INVALID_EVENT');
    const nul = await tablet.send([tablet.event({ staffId: staff['200303'], purpose: 'a\u0000b' })]);
    expect(nul.errors![0].extensions.code).toBe('BAD_USER_INPUT');
    const dashes = await gql(
      t.app.http,
      `query($r: ID) { accessInside(roomId: $r) { id } }`,
      { r: '-'.repeat(36) },
      manager,
    );
    expect(dashes.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
  });

  it('A12.3: the register never calls a closed entry an overstay', async () => {
    const tablet = await pairTablet(['R01']);
    const long = new Date(clock.getTime() - 5 * 3_600_000);
    await tablet.send([
      tablet.event({ staffId: staff['200303'], deviceTime: long.toISOString() }),
      tablet.event({
        staffId: staff['200303'],
        direction: 'EXIT',
        checklist: OK_CHECKLIST,
        deviceTime: clock.toISOString(),
      }),
    ]);
    const rows = (await gql(t.app.http, `{ accessEvents(first: 100) { nodes { overstay direction } } }`, {}, manager))
      .data!.accessEvents.nodes;
    expect(rows.filter((r: any) => r.overstay)).toEqual([]);
  });
});
