// A12.3: reading the register (the manager's board, pages, anomalies) and what a tablet reads.
import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../helpers/app.js';
import { OK_CHECKLIST, useRegisterFixture } from '../helpers/door-tablet.js';
import { gql, signIn } from '../helpers/graphql.js';
import { DEMO } from '../helpers/people.js';

const { f, pairTablet, authorise } = useRegisterFixture(new Date('2026-11-26T01:00:00Z'), {
  // the principal cache off: each request looks its caller up once, so the N+1 counts are exact (with it
  // on, a late NOTIFY of this file's own writes, e.g. pairing a tablet, may empty it between two counts)
  env: { IDENTITY_CACHE_SECONDS: '0' },
}); // 10:00 in Tokyo

const REGISTER = `query($f: AccessRegisterFilter, $first: Int, $after: String) { accessEvents(filter: $f, first: $first, after: $after) {
  nodes { id direction purpose occurredAt deviceTime receivedAt clockSkewSeconds deviceSeq anomalies checklist note fromDevice
          staff { staffNumber } escort { staffNumber } room { code } authorisation { id } }
  endCursor hasNextPage } }`;
describe('A12.3 entry/exit register: reading and resolving', () => {
  it('A12.3: the board shows who is still inside, oldest first, with an overstay after 3 hours', async () => {
    const tablet = await pairTablet(['R02']);
    const [inside] = (await tablet.send([tablet.event({ staffId: f.idOf(DEMO.formerManager), roomId: f.rooms.R02 })]))
      .data.recordAccessEvents.results;
    const Q = `query($r: ID) { accessInside(roomId: $r) { id overstay staff { staffNumber } room { code } } }`;
    const now = (await gql(f.t.app.http, Q, { r: f.rooms.R02 }, f.manager)).data!.accessInside;
    expect(now.find((e: any) => e.id === inside.eventId)).toMatchObject({ overstay: false, room: { code: 'R02' } });
    f.clock = new Date(f.clock.getTime() + 181 * 60_000);
    try {
      const fresh = await signIn(f.t.app.http, DEMO.manager.staffNumber, DEMO_PASSWORD);
      const later = (await gql(f.t.app.http, Q, { r: f.rooms.R02 }, fresh)).data!.accessInside;
      expect(later.find((e: any) => e.id === inside.eventId).overstay).toBe(true);
      await tablet.send([
        tablet.event({
          staffId: f.idOf(DEMO.formerManager),
          roomId: f.rooms.R02,
          direction: 'EXIT',
          checklist: OK_CHECKLIST,
          deviceTime: f.clock.toISOString(),
        }),
      ]);
      const after = (await gql(f.t.app.http, Q, { r: f.rooms.R02 }, fresh)).data!.accessInside;
      expect(after.map((e: any) => e.id)).not.toContain(inside.eventId);
    } finally {
      f.clock = new Date('2026-11-26T01:00:00Z');
      f.manager = await signIn(f.t.app.http, DEMO.manager.staffNumber, DEMO_PASSWORD);
    }
  });

  it('A12.3: the manager pages the register by room and person, with the same statements for 10 and 100 rows', async () => {
    const tablet = await pairTablet(['R02']);
    for (let i = 0; i < 3; i++) {
      await tablet.send(
        Array.from({ length: 50 }, () => tablet.event({ staffId: f.idOf(DEMO.itStaff), roomId: f.rooms.R02 })),
      );
    }
    const statements = async (first: number) => {
      const before = f.t.db.logger.statements;
      const res = await gql(f.t.app.http, REGISTER, { f: { roomId: f.rooms.R02 }, first }, f.manager);
      expect(res.data!.accessEvents.nodes).toHaveLength(first);
      return f.t.db.logger.statements - before;
    };
    expect(await statements(100)).toBe(await statements(10));
    const page1 = (await gql(f.t.app.http, REGISTER, { f: { staffId: f.idOf(DEMO.itStaff) }, first: 5 }, f.manager))
      .data!.accessEvents;
    const page2 = (
      await gql(
        f.t.app.http,
        REGISTER,
        { f: { staffId: f.idOf(DEMO.itStaff) }, first: 5, after: page1.endCursor },
        f.manager,
      )
    ).data!.accessEvents;
    expect(page2.nodes.some((n: any) => page1.nodes.map((m: any) => m.id).includes(n.id))).toBe(false);
    expect(page1.nodes[0]).toMatchObject({ staff: { staffNumber: DEMO.itStaff.staffNumber }, fromDevice: true });
  });

  it('A12.3: pages a batch of events at one instant in pages of 7 with no duplicate or gap; a bad cursor is refused', async () => {
    const tablet = await pairTablet(['R01']);
    // one batch, one device time: every event ties on occurredAt, only the id orders them
    const sent = await tablet.send(
      Array.from({ length: 20 }, () => tablet.event({ staffId: f.staff['300201'], roomId: f.rooms.R01 })),
    );
    expect(sent.errors).toBeUndefined();
    const filter = { staffId: f.staff['300201'], roomId: f.rooms.R01 };
    const ids: string[] = [];
    let after: string | null = null;
    for (let i = 0; i < 10; i++) {
      const res: any = await gql(f.t.app.http, REGISTER, { f: filter, first: 7, after }, f.manager);
      expect(res.errors).toBeUndefined();
      ids.push(...res.data.accessEvents.nodes.map((n: any) => n.id));
      after = res.data.accessEvents.endCursor;
      if (!res.data.accessEvents.hasNextPage) break;
    }
    const expected = await f.t.db.dataSource.query(
      `SELECT id, "occurredAt" FROM access_event WHERE "staffId" = $1 AND "roomId" = $2 ORDER BY "occurredAt" DESC, id DESC`,
      [filter.staffId, filter.roomId],
    );
    expect(new Set(expected.map((e: any) => e.occurredAt.getTime())).size).toBeLessThan(expected.length);
    expect(ids).toEqual(expected.map((e: any) => e.id));
    const refused = async (cursor: unknown) =>
      (await gql(f.t.app.http, REGISTER, { first: 7, after: cursor }, f.manager)).errors?.[0].extensions?.code;
    expect(await refused('garbage')).toBe('BAD_USER_INPUT');
    const huge = Buffer.from(JSON.stringify(['accessEvents', '99999-01-01T00:00:00.000Z', ids[0]])).toString(
      'base64url',
    );
    expect(await refused(huge)).toBe('BAD_USER_INPUT');
    const wrongType = Buffer.from(JSON.stringify(['accessEvents', 1e308, ids[0]])).toString('base64url');
    expect(await refused(wrongType)).toBe('BAD_USER_INPUT');
  });

  it('A12.3: the manager resolves an anomaly with a note, once; it leaves the open list', async () => {
    const tablet = await pairTablet(['R01']);
    const [r] = (await tablet.send([tablet.event({ staffId: f.idOf(DEMO.operator) })])).data.recordAccessEvents.results;
    const open = (await gql(f.t.app.http, `{ accessAnomalies { id event { id } } }`, {}, f.manager)).data!
      .accessAnomalies;
    const anomaly = open.find((a: any) => a.event.id === r.eventId);
    const RESOLVE = `mutation($i: ResolveAnomalyInput!) { resolveAccessAnomaly(input: $i) { id resolvedAt resolutionNote } }`;
    const done = await gql(
      f.t.app.http,
      RESOLVE,
      { i: { id: anomaly.id, note: '本人に確認。許可申請の出し忘れ' } },
      f.manager,
    );
    expect(done.data!.resolveAccessAnomaly.resolutionNote).toBe('本人に確認。許可申請の出し忘れ');
    const twice = await gql(f.t.app.http, RESOLVE, { i: { id: anomaly.id, note: 'again' } }, f.manager);
    expect(twice.errors![0].extensions!.code).toBe('ANOMALY_RESOLVED');
    const after = (await gql(f.t.app.http, `{ accessAnomalies { id } }`, {}, f.manager)).data!.accessAnomalies;
    expect(after.map((a: any) => a.id)).not.toContain(anomaly.id);
  });

  it('A12.3: time reveals entries never closed (12 h) and sequence numbers that never came (1 h), once each', async () => {
    const tablet = await pairTablet(['R02']);
    const open = tablet.event({ staffId: f.idOf(DEMO.formerManager), roomId: f.rooms.R02 });
    tablet.skip(2); // numbers 2 and 3 of this tablet never arrive
    const after = tablet.event({
      staffId: f.idOf(DEMO.formerManager),
      roomId: f.rooms.R02,
      direction: 'EXIT',
      checklist: OK_CHECKLIST,
    });
    const late = tablet.event({ staffId: f.idOf(DEMO.personnelStaff), roomId: f.rooms.R02 });
    const [openR, afterR, lateR] = (await tablet.send([open, { ...after, staffId: f.idOf(DEMO.personnelStaff) }, late]))
      .data.recordAccessEvents.results;
    const kinds = async () =>
      (await f.t.db.dataSource.query(
        `SELECT kind, "eventId" FROM access_anomaly
         WHERE "eventId" = ANY($1::uuid[]) AND kind IN ('NOT_CLOSED', 'SEQUENCE_GAP')`,
        [[openR.eventId, afterR.eventId, lateR.eventId]],
      )) as { kind: string; eventId: string }[];
    expect(await f.t.app.services.accessRegister.sweep()).toBe(0); // too early for either
    f.clock = new Date(f.clock.getTime() + 13 * 3_600_000);
    try {
      f.manager = await signIn(f.t.app.http, DEMO.manager.staffNumber, DEMO_PASSWORD);
      await f.t.app.services.accessRegister.sweep();
      await f.t.app.services.accessRegister.sweep(); // idempotent
      const found = (await kinds()).map((a) => `${a.kind}:${a.eventId}`).sort();
      expect(found).toEqual(
        [`NOT_CLOSED:${openR.eventId}`, `NOT_CLOSED:${lateR.eventId}`, `SEQUENCE_GAP:${afterR.eventId}`].sort(),
      );
    } finally {
      f.clock = new Date('2026-11-26T01:00:00Z');
      f.manager = await signIn(f.t.app.http, DEMO.manager.staffNumber, DEMO_PASSWORD);
    }
  });

  it('A12.3: what a tablet stored stays: the application role cannot change or delete register rows', async () => {
    const app = f.t.app.services.dataSource;
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
    expect(names).toContain(DEMO.itStaff.staffNumber); // R01 and R02
    expect(names).not.toContain(DEMO.itJunior.staffNumber); // R01 only
    expect(first.people.every((p: any) => p.roomIds.every((id: string) => id === f.rooms.R02))).toBe(true);
    const same = (await tablet.query(Q, { v: first.version })).data.doorAuthorisations;
    expect(same).toMatchObject({ unchanged: true, people: [], version: first.version });
    await authorise(DEMO.operator.staffNumber, ['R02']);
    const changed = (await tablet.query(Q, { v: first.version })).data.doorAuthorisations;
    expect(changed.unchanged).toBe(false);
    expect(changed.people.map((p: any) => p.staff?.staffNumber)).toContain(DEMO.operator.staffNumber);
    // staff members may not call it; the register is refused to tablets
    expect((await gql(f.t.app.http, Q, {}, f.manager)).errors![0].extensions!.code).toBe('FORBIDDEN');
    expect((await tablet.query(REGISTER)).errors![0].extensions.code).toBe('FORBIDDEN');
  });
});
