// Hardening §7 (issue 11): the cost of one door event per request. No timing here (that is
// `npm run bench -- --only=access`): the round trips a request makes, whatever the tablet's history,
// and never a query on a connection that is still busy with another. The tablet's credential is
// looked up once and kept in the principal cache, which a pairing, a revocation or a change of its
// rooms empties at once, in this process or any other.
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { OK_CHECKLIST, useRegisterFixture } from '../helpers/door-tablet.js';
import { gql } from '../helpers/graphql.js';
import { DEMO } from '../helpers/people.js';
import { aroundPgQueries, preparedNamesSentBy } from '../helpers/pg-spy.js';
import { verifyAuditTrail } from '../../server/src/modules/audit-trail/audit-verify.js';

const { f, pairTablet } = useRegisterFixture(new Date('2026-11-28T01:00:00Z'));

/** every identity change made so far (the tablet's pairing too) has reached the principal cache */
const caughtUp = () => f.t.app.services.principals.caughtUp();
const statementsOf = async (send: () => Promise<unknown>) => {
  const before = f.t.db.logger.statements;
  await send();
  return f.t.db.logger.statements - before;
};

/** the statements `send` makes, each by its first words */
const statementsSentBy = async (send: () => Promise<unknown>) => {
  const logger = f.t.db.logger;
  const sent: string[] = [];
  const logQuery = logger.logQuery;
  logger.logQuery = function (query, parameters, runner) {
    sent.push(query.replace(/\s+/g, ' ').trim().split(' ').slice(0, 3).join(' '));
    return logQuery.call(this, query, parameters, runner);
  };
  try {
    await send();
  } finally {
    logger.logQuery = logQuery;
  }
  return sent;
};
/**
 * BEGIN with generic plans for the transaction; the look-up with the audit chain head; the events,
 * anomalies, numbers and audit entry; COMMIT
 */
const ONE_EVENT = ['START TRANSACTION', 'SET LOCAL plan_cache_mode', 'WITH RECURSIVE lineage', 'WITH ins AS', 'COMMIT'];

/**
 * The round trips `send` makes to the database: a statement sent while no earlier one of its
 * connection is still unanswered starts one; one sent behind an unanswered one (pg's pipeline
 * mode) travels in it. Counted on every pg client, the app's pool and the test's alike.
 */
const roundTripsOf = async (send: () => Promise<unknown>) => {
  const unanswered = new WeakMap<object, number>();
  let trips = 0;
  await aroundPgQueries((client, args, query) => {
    const waiting = unanswered.get(client) ?? 0;
    if (waiting === 0) trips++;
    unanswered.set(client, waiting + 1);
    const answer = query(args);
    const done = () => unanswered.set(client, (unanswered.get(client) ?? 1) - 1);
    if (answer instanceof Promise) answer.then(done, done);
    else done(); // a callback or a submittable: not used by the app
    return answer;
  }, send);
  return trips;
};

describe('Hardening §7 one event per request', () => {
  it('Hardening §7: a request carrying one event makes 5 statements in 2 round trips to the database, entry or exit, after 600 events as after 1', async () => {
    const who = f.idOf(DEMO.itStaff);
    const tablet = await pairTablet(['R01']);
    await caughtUp();
    // without a PIN (checking one is argon2's deliberate cost); the tablet's credential is looked up
    // here and kept, and its last-seen time is kept once a minute
    await tablet.send([tablet.event({ staffId: who, pin: null })]);
    // BEGIN (with generic plans), one look-up (with the audit entry's chain head), one write (events,
    // anomalies, refused numbers, gaps, the audit entry), COMMIT: the device credential is not looked up again
    const entered = tablet.event({ staffId: who, pin: null });
    const enter = await statementsSentBy(() => tablet.send([entered]));
    const exit = await statementsSentBy(() =>
      tablet.send([tablet.event({ staffId: who, pin: null, direction: 'EXIT', checklist: OK_CHECKLIST })]),
    );
    expect(enter).toEqual(ONE_EVENT);
    expect(exit).toEqual(ONE_EVENT);
    // … in 2 round trips: BEGIN travels with the look-up, COMMIT with the write
    expect(await roundTripsOf(() => tablet.send([tablet.event({ staffId: who, pin: null })]))).toBe(2);
    // the entry written in the write's statement is the batch's entry as before, chained and verifying
    const [audit] = await f.t.db.dataSource.query(
      `SELECT changes, "actorType", "actorId", "targetId", outcome FROM audit_entry
        WHERE action = 'Mutation.recordAccessEvents' AND "requestId" IS NOT NULL ORDER BY id DESC LIMIT 1`,
    );
    expect(audit).toMatchObject({
      actorType: 'DEVICE',
      actorId: tablet.deviceId,
      targetId: tablet.deviceId,
      outcome: 'OK',
      changes: {
        accepted: [null, 1],
        duplicates: [null, 0],
        refused: [null, 0],
        anomalies: [null, 1], // PIN_MISSING
        clockSkewSeconds: [null, expect.any(Number)],
      },
    });
    expect((await verifyAuditTrail(f.t.db.dataSource, { chainKey: f.t.secrets.auditChainKey })).ok).toBe(true);
    // a replay is answered from the register in the same 5 statements (the entry counts it a duplicate)
    expect(await statementsSentBy(() => tablet.send([entered]))).toEqual(ONE_EVENT);
    // a history of open entries and numbers does not add round trips (nor rows read: an entry reads no
    // open entries, and missing numbers are looked for above the last number with none missing below)
    for (let i = 0; i < 2; i++)
      await tablet.send(Array.from({ length: 300 }, () => tablet.event({ staffId: who, pin: null })));
    expect(await statementsOf(() => tablet.send([tablet.event({ staffId: who, pin: null })]))).toBe(5);
    expect(await roundTripsOf(() => tablet.send([tablet.event({ staffId: who, pin: null })]))).toBe(2);
    const [mark] = await f.t.db.dataSource.query(
      `SELECT "contiguousTo" FROM access_device_sequence WHERE "deviceId" = $1`,
      [tablet.deviceId],
    );
    expect(mark.contiguousTo).toBe(606);
    // a number that has not come yet is still reported, and the mark waits below it until it comes
    const late = tablet.event({ staffId: who, pin: null });
    const after = (await tablet.send([tablet.event({ staffId: who, pin: null })])).data.recordAccessEvents;
    expect(after.sequenceGaps).toEqual([{ from: 607, to: 607 }]);
    expect((await tablet.send([late])).data.recordAccessEvents.sequenceGaps).toEqual([]);
  });

  it('Hardening §7: the look-up and the write are prepared statements (planned once per connection, not per request), one name each whatever the batch size', async () => {
    const who = f.idOf(DEMO.itStaff);
    const tablet = await pairTablet(['R01']);
    await caughtUp();
    const names = await preparedNamesSentBy(async () => {
      for (const size of [1, 2, 5, 1])
        await tablet.send(Array.from({ length: size }, () => tablet.event({ staffId: who, pin: null })));
    });
    expect(names).toHaveLength(8);
    expect([...new Set(names)].map((n) => n.replace(/_[0-9a-f]+$/, '')).sort()).toEqual([
      'access_lookup',
      'access_write',
    ]);
    const [n] = await f.t.db.dataSource.query(`SELECT count(*)::int AS n FROM access_event WHERE "deviceId" = $1`, [
      tablet.deviceId,
    ]);
    expect(n.n).toBe(9);
  });

  it('Hardening §7: an unauthorised entry still tells its subscribers first (incidents), and their reactions join the audit entry', async () => {
    const tablet = await pairTablet(['R01']);
    await caughtUp();
    await tablet.send([tablet.event({ staffId: f.idOf(DEMO.itStaff), pin: null })]);
    // DEMO.operator holds no authorisation for R01
    const sent = await statementsSentBy(() =>
      tablet.send([tablet.event({ staffId: f.idOf(DEMO.operator), pin: null })]),
    );
    // the look-up finds subscribers to tell: that transaction is rolled back, and the batch runs in a
    // TypeORM transaction, whose write leaves the audit entry to the subscribers' reactions
    expect(sent.slice(0, 7)).toEqual([
      ...ONE_EVENT.slice(0, 3),
      'ROLLBACK',
      'START TRANSACTION',
      'WITH RECURSIVE lineage',
      'WITH ins AS',
    ]);
    expect(sent).toContain('COMMIT');
    const [audit] = await f.t.db.dataSource.query(
      `SELECT changes FROM audit_entry WHERE action = 'Mutation.recordAccessEvents' AND "actorId" = $1
        ORDER BY id DESC LIMIT 1`,
      [tablet.deviceId],
    );
    expect(Object.keys(audit.changes)).toContain('incidentsOpened');
    expect((await verifyAuditTrail(f.t.db.dataSource, { chainKey: f.t.secrets.auditChainKey })).ok).toBe(true);
  });

  it('Hardening §7: a write that stored fewer rows than it prepared keeps nothing, though its COMMIT was sent with it; the batch runs again', async () => {
    const who = f.idOf(DEMO.itStaff);
    const tablet = await pairTablet(['R01']);
    await caughtUp();
    const first = await tablet.send([tablet.event({ staffId: who, pin: null })]);
    const taken = first.data.recordAccessEvents.results[0].eventId as string;
    const entries = async () =>
      (
        await f.t.db.dataSource.query(
          `SELECT count(*)::int AS n FROM audit_entry WHERE action = 'Mutation.recordAccessEvents' AND "actorId" = $1`,
          [tablet.deviceId],
        )
      )[0].n as number;
    const before = await entries();
    // the first attempt's row takes the id of a stored event: the unique keys skip it, as they skip a
    // row a concurrent batch stored first
    let raced = 0;
    const event = tablet.event({ staffId: who, pin: null });
    const answer = await aroundPgQueries(
      (_client, args, query) => {
        // sent as a prepared statement: { name, text, values }
        const q = args[0] as { text?: string; values?: unknown[] };
        if (!raced && q?.text?.trimStart().startsWith('WITH ins AS')) {
          raced++;
          return query([{ ...q, values: [[taken], ...q.values!.slice(1)] }, ...args.slice(1)]);
        }
        return query(args);
      },
      async () => (await tablet.send([event])).data.recordAccessEvents,
    );
    expect(raced).toBe(1);
    expect(answer.results[0]).toMatchObject({ outcome: 'ACCEPTED', code: null });
    expect(answer.sequenceGaps).toEqual([]);
    // one audit entry for the request: the first attempt's entry, refusals and numbers were not committed
    expect(await entries()).toBe(before + 1);
    const [stored] = await f.t.db.dataSource.query(
      `SELECT count(*)::int AS n FROM access_event WHERE "clientEventId" = $1`,
      [event.clientEventId],
    );
    expect(stored.n).toBe(1);
    expect((await verifyAuditTrail(f.t.db.dataSource, { chainKey: f.t.secrets.auditChainKey })).ok).toBe(true);
  });

  it('Hardening §7: a batch never queues a query behind another on a connection not in pipeline mode (pg 9 refuses it)', async () => {
    const who = f.idOf(DEMO.itJunior);
    const tablet = await pairTablet(['R01']);
    const busy: string[] = [];
    await aroundPgQueries(
      (client, args, query) => {
        // what pg 8 warns about ("already executing a query") and pg 9 removes
        if ((client._queryQueue?.length ?? 0) > 0) busy.push(String(args[0]).slice(0, 60));
        return query(args);
      },
      () =>
        tablet.send([
          tablet.event({ staffId: who }),
          tablet.event({ staffId: who, direction: 'EXIT', checklist: OK_CHECKLIST }),
        ]),
    );
    expect(busy).toEqual([]);
  });
});

describe('Hardening §7 the tablet credential kept in the principal cache', () => {
  const R01 = () => f.rooms.R01;
  const outcome = async (tablet: Awaited<ReturnType<typeof pairTablet>>, roomId: string) => {
    const res = await tablet.send([tablet.event({ staffId: f.idOf(DEMO.itStaff), pin: null, roomId })]);
    return res.errors?.[0]?.extensions?.code ?? res.data.recordAccessEvents.results[0].code ?? 'ACCEPTED';
  };
  const revoke = (deviceId: string) =>
    gql(
      f.t.app.http,
      `mutation($i: DeviceIdInput!) { revokeDevice(input: $i) { id } }`,
      { i: { id: deviceId } },
      f.manager,
    );

  it('Hardening §7: a tablet revoked through this server is refused on its very next request', async () => {
    const tablet = await pairTablet(['R01']);
    await caughtUp();
    expect(await outcome(tablet, R01())).toBe('ACCEPTED');
    // now answered from the cache: no statement identifies the tablet
    expect(await statementsOf(() => tablet.query(`{ doorPinKey }`))).toBe(0);
    expect((await revoke(tablet.deviceId)).errors).toBeUndefined();
    expect(await outcome(tablet, R01())).toBe('UNAUTHENTICATED');
  });

  it('Hardening §7: a tablet paired again serves its new rooms at once, and its old pairing ends when revoked', async () => {
    const before = await pairTablet(['R01']);
    await caughtUp();
    expect(await outcome(before, R01())).toBe('ACCEPTED');
    expect(await outcome(before, R01())).toBe('ACCEPTED');
    const after = await pairTablet(['R02'], before);
    expect(await outcome(after, f.rooms.R02)).toBe('ACCEPTED');
    expect(await outcome(after, R01())).toBe('ROOM_NOT_SERVED');
    expect((await revoke(before.deviceId)).errors).toBeUndefined();
    expect(await outcome(before, R01())).toBe('UNAUTHENTICATED');
    expect(await outcome(after, f.rooms.R02)).toBe('ACCEPTED');
  });

  it('Hardening §7: a revocation or a room taken away by another process (psql, a second server) holds as soon as PostgreSQL tells', async () => {
    const tablet = await pairTablet(['R01', 'R02']);
    await caughtUp();
    expect(await outcome(tablet, R01())).toBe('ACCEPTED');
    expect(await statementsOf(() => tablet.query(`{ doorPinKey }`))).toBe(0);
    // a connection of its own: another client of the database, unseen by the app's subscriber
    const other = new pg.Client({ connectionString: f.t.db.url });
    await other.connect();
    try {
      await other.query(`DELETE FROM door_device_room WHERE "deviceId" = $1 AND "roomId" = $2`, [
        tablet.deviceId,
        R01(),
      ]);
      await caughtUp();
      expect(await outcome(tablet, R01())).toBe('ROOM_NOT_SERVED');
      expect(await outcome(tablet, f.rooms.R02)).toBe('ACCEPTED');
      // the last-seen time alone is no change: the entry stays
      await other.query(`UPDATE door_device SET "lastSeenAt" = now() WHERE id = $1`, [tablet.deviceId]);
      await caughtUp();
      await tablet.query(`{ doorPinKey }`);
      expect(await statementsOf(() => tablet.query(`{ doorPinKey }`))).toBe(0);
      await other.query(`UPDATE door_device SET "revokedAt" = now() WHERE id = $1`, [tablet.deviceId]);
      await caughtUp();
      expect(await outcome(tablet, f.rooms.R02)).toBe('UNAUTHENTICATED');
    } finally {
      await other.end();
    }
  });
});
