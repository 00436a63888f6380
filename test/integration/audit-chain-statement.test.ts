// Issue 15 bench (--only=cards): the audit chain head moves once per statement, not once per entry
// (migration AuditHeadPerStatement: a statement trigger over the statement's new entries). A batch
// of entries (AuditTrail.recordMany, one entry per move of a transfer round) must still be refused
// whole when its entries do not continue the chain: a wrong previous hash, a gap or entries out of
// order anywhere in the statement, not only at its first entry.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EntityManager } from 'typeorm';
import { entryHash, GENESIS_HASH, HASH_VERSION } from '../../server/src/modules/audit-trail/audit-hash.js';
import { verifyAuditTrail } from '../../server/src/modules/audit-trail/audit-verify.js';
import { ActorType, AuditOutcome, type AuditRecord } from '../../server/src/shared/audit.js';
import { startTestApp, type TestApp } from '../helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ seed: false });
});
afterAll(() => t.close());

const verify = () => verifyAuditTrail(t.db.dataSource, { chainKey: t.secrets.auditChainKey });
const recs = (actorId: string, n: number): AuditRecord[] =>
  Array.from({ length: n }, (_, i) => ({
    actor: { type: ActorType.STAFF, id: actorId },
    action: 'Test.batch',
    outcome: AuditOutcome.OK,
    targetType: 'Thing',
    targetId: String(i),
    changes: { n: [i, i + 1] },
  }));
const heads = async (streams: string[]) =>
  Object.fromEntries(
    (
      (await t.db.dataSource.query(`SELECT stream, seq, hash FROM audit_stream_head WHERE stream = ANY($1)`, [
        streams,
      ])) as { stream: string; seq: number; hash: string }[]
    ).map((h) => [h.stream, { seq: h.seq, hash: h.hash }]),
  );
const count = async (stream: string) =>
  Number((await t.db.dataSource.query(`SELECT count(*) FROM audit_entry WHERE stream = $1`, [stream]))[0].count);

interface Row {
  stream: string;
  seq: number;
  occurredAt: Date;
  actorType: string;
  actorId: string;
  action: string;
  targetType: string;
  targetId: string;
  outcome: string;
  reason: null;
  changes: null;
  requestId: null;
  clientRequestId: null;
  clientAddress: null;
  hashVersion: number;
  txid: string;
  prevHash: string;
  hash: string;
}

/**
 * `n` entries continuing the head of `stream` in the transaction of `em`, keyed and hashed as the
 * server writes them (so a chain the trigger accepts also verifies). Takes the head as the server does.
 */
async function chainOf(em: EntityManager, stream: string, n: number): Promise<Row[]> {
  const [head] = (await em.query(
    `INSERT INTO audit_stream_head (stream, seq, hash) VALUES ($1, 0, $2)
     ON CONFLICT (stream) DO UPDATE SET stream = EXCLUDED.stream
     RETURNING seq, hash, audit_txid()::text AS txid, date_trunc('milliseconds', now()) AS at`,
    [stream, GENESIS_HASH],
  )) as { seq: number; hash: string; txid: string; at: Date }[];
  const rows: Row[] = [];
  let prev = head.hash;
  for (let i = 1; i <= n; i++) {
    const fields = {
      stream,
      seq: head.seq + i,
      occurredAt: head.at,
      actorType: 'STAFF',
      actorId: stream.slice('STAFF:'.length),
      action: 'Test.direct',
      targetType: 'Thing',
      targetId: String(i),
      outcome: 'OK',
      reason: null,
      changes: null,
      requestId: null,
      clientRequestId: null,
      clientAddress: null,
      hashVersion: HASH_VERSION,
      txid: head.txid,
    };
    const hash = entryHash(t.secrets.auditChainKey, prev, fields);
    rows.push({ ...fields, prevHash: prev, hash });
    prev = hash;
  }
  return rows;
}

/** One multi-row INSERT of `rows`, written in their order (as recordMany writes). */
const insertAll = (em: EntityManager, rows: Row[]) =>
  em.query(
    `INSERT INTO audit_entry (stream, seq, "occurredAt", "actorType", "actorId", action, "targetType", "targetId",
       outcome, "hashVersion", txid, "prevHash", hash)
     SELECT stream, seq, "occurredAt", "actorType", "actorId", action, "targetType", "targetId",
            outcome, "hashVersion", txid, "prevHash", hash
       FROM json_populate_recordset(NULL::audit_entry, $1::json) WITH ORDINALITY AS e ORDER BY e.ordinality`,
    [JSON.stringify(rows)],
  );

/** Runs `build` and inserts what it returns as one statement, through the application's own role. */
const insertAsApp = (build: (em: EntityManager) => Promise<Row[]>) =>
  t.app.services.dataSource.transaction(async (em) => insertAll(em, await build(em)));

const REFUSED = { driverError: { code: '23000' } };

describe('Issue 15 bench: the audit chain head advances once per statement', () => {
  it('Issue 15 bench moves the head once per INSERT for a batch of 300 entries (not once per entry), and the chain verifies', async () => {
    await t.db.dataSource.transaction((em) => t.app.services.audit.recordMany(em, recs('seed', 1))); // the stream exists
    const updates = await t.app.services.dataSource.transaction(async (em) => {
      const updated = async () =>
        Number(
          (
            await em.query(
              `SELECT n_tup_upd FROM pg_stat_xact_user_tables WHERE relname = 'audit_stream_head' AND schemaname = 'public'`,
            )
          )[0].n_tup_upd,
        );
      const before = await updated();
      await t.app.services.audit.recordMany(em, recs('seed', 300));
      return (await updated()) - before;
    });
    // one to take the head (its lock), one per INSERT to move it (a first slice of 250, then the
    // other 50); per row it was 301
    expect(updates).toBe(3);
    expect(await heads(['STAFF:seed'])).toMatchObject({ 'STAFF:seed': { seq: 301 } });
    expect(await verify()).toMatchObject({ ok: true, problems: [] });
  });

  it('Issue 15 bench recordMany writes 2,000 entries in slices (each hashed while the one before is inserted): all stored once, in order, one chain that verifies', async () => {
    const stream = `slices-${randomUUID()}`;
    const statements: string[] = [];
    await t.app.services.dataSource.transaction(async (em) => {
      const query = em.query.bind(em);
      em.query = ((sql: string, params?: unknown[]) => {
        if (/^INSERT INTO audit_entry/.test(sql)) statements.push(sql);
        return query(sql, params);
      }) as typeof em.query;
      await t.app.services.audit.recordMany(em, recs(stream, 2000));
    });
    // more than one INSERT, so the slices and their order are what is tested
    expect(statements.length).toBeGreaterThan(1);
    const rows = (await t.db.dataSource.query(`SELECT seq, "targetId" FROM audit_entry WHERE stream = $1 ORDER BY id`, [
      `STAFF:${stream}`,
    ])) as { seq: number; targetId: string }[];
    expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: 2000 }, (_, i) => i + 1));
    expect(rows.map((r) => r.targetId)).toEqual(Array.from({ length: 2000 }, (_, i) => String(i)));
    expect(await heads([`STAFF:${stream}`])).toMatchObject({ [`STAFF:${stream}`]: { seq: 2000 } });
    expect(await verify()).toMatchObject({ ok: true, problems: [] });
  });

  it('Issue 15 bench recordMany refused in a later slice stores nothing of the batch, and the transaction fails with the database error', async () => {
    const stream = `slice-refused-${randomUUID()}`;
    const batch = recs(stream, 2000);
    // jsonb refuses \u0000: the INSERT of the second slice (entries 251–1,000) fails after the first was
    // inserted; had a later INSERT been sent on the aborted transaction, the error would be 25P02
    batch[299] = { ...batch[299], changes: { n: [null, 'a\u0000b'] } };
    const unhandled: unknown[] = [];
    const onUnhandled = (e: unknown) => unhandled.push(e);
    process.on('unhandledRejection', onUnhandled);
    try {
      await expect(
        t.app.services.dataSource.transaction((em) => t.app.services.audit.recordMany(em, batch)),
      ).rejects.toMatchObject({ driverError: { code: '22P05' } });
      await new Promise((resolve) => setTimeout(resolve, 50));
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
    expect(unhandled).toEqual([]);
    expect(await count(`STAFF:${stream}`)).toBe(0);
    expect(await heads([`STAFF:${stream}`])).toEqual({});
    expect(await verify()).toMatchObject({ ok: true, problems: [] });
  });

  it('Issue 15 bench recordMany whose later slice cannot be hashed rejects only once the slice before is no longer in flight, and its transaction stores nothing', async () => {
    const stream = `slice-unhashable-${randomUUID()}`;
    const batch = recs(stream, 2000);
    // JSON has no BigInt: hashing the second slice throws while the first is being inserted
    batch[299] = { ...batch[299], changes: { n: [null, 10n] } };
    let running = 0;
    let inFlight = -1;
    await expect(
      t.app.services.dataSource.transaction(async (em) => {
        const query = em.query.bind(em);
        em.query = ((sql: string, params?: unknown[]) => {
          running++;
          return query(sql, params).finally(() => running--);
        }) as typeof em.query;
        try {
          await t.app.services.audit.recordMany(em, batch);
        } finally {
          // no INSERT of the batch still running when recordMany rejects
          inFlight = running;
        }
      }),
    ).rejects.toThrow(TypeError);
    expect(inFlight).toBe(0);
    expect(await count(`STAFF:${stream}`)).toBe(0);
    expect(await heads([`STAFF:${stream}`])).toEqual({});
  });

  it('Issue 15 bench recordMany stores every field as given (one array a column): null changes, quotes, backslashes, kana, dates and nested arrays in changes, in order, and the chain verifies', async () => {
    const actorId = `fields-${randomUUID().slice(0, 8)}`;
    const tricky = 'a "quoted" \\ back\\slash, {braces}, NULL, 異動 😀';
    const given: AuditRecord[] = [
      { ...recs(actorId, 1)[0], changes: null, reason: null, requestId: 'req-1', clientAddress: '192.0.2.1' },
      {
        ...recs(actorId, 1)[0],
        targetId: tricky,
        reason: 'NULL',
        clientRequestId: tricky,
        changes: {
          note: [null, tricky],
          at: [new Date('2027-04-01T00:00:00.000Z'), null],
          ids: [null, ['x', 'y"z']],
          nested: [{ a: [1, { b: null }] }, ''],
        },
      },
      { ...recs(actorId, 1)[0], targetId: null, targetType: null, changes: {} },
    ];
    await t.db.dataSource.transaction((em) => t.app.services.audit.recordMany(em, given));
    const stored = (await t.db.dataSource.query(
      `SELECT seq, "targetType", "targetId", reason, changes, "requestId", "clientRequestId", "clientAddress"
         FROM audit_entry WHERE stream = $1 ORDER BY id`,
      [`STAFF:${actorId}`],
    )) as Record<string, unknown>[];
    expect(stored).toEqual([
      {
        seq: 1,
        targetType: 'Thing',
        targetId: '0',
        reason: null,
        changes: null,
        requestId: 'req-1',
        clientRequestId: null,
        clientAddress: '192.0.2.1',
      },
      {
        seq: 2,
        targetType: 'Thing',
        targetId: tricky,
        reason: 'NULL',
        changes: {
          note: [null, tricky],
          at: ['2027-04-01T00:00:00.000Z', null],
          ids: [null, ['x', 'y"z']],
          nested: [{ a: [1, { b: null }] }, ''],
        },
        requestId: null,
        clientRequestId: tricky,
        clientAddress: null,
      },
      {
        seq: 3,
        targetType: null,
        targetId: null,
        reason: null,
        changes: {},
        requestId: null,
        clientRequestId: null,
        clientAddress: null,
      },
    ]);
    expect(await verify()).toMatchObject({ ok: true, problems: [] });
  });

  it('Issue 15 bench accepts one statement continuing two streams at once, entries interleaved, and moves both heads', async () => {
    await insertAsApp(async (em) => {
      const a = await chainOf(em, 'STAFF:mixed-a', 3);
      const b = await chainOf(em, 'STAFF:mixed-b', 2);
      return [a[0], b[0], a[1], b[1], a[2]];
    });
    const after = await heads(['STAFF:mixed-a', 'STAFF:mixed-b']);
    expect(after['STAFF:mixed-a'].seq).toBe(3);
    expect(after['STAFF:mixed-b'].seq).toBe(2);
    expect(await verify()).toMatchObject({ ok: true, problems: [] });
  });

  describe('Issue 15 bench refuses a multi-row insert that breaks the chain in the middle, and stores none of it', () => {
    /** A stream of its own with 4 entries, so that each case starts from a valid chain. */
    const newStream = async () => {
      const actor = `broken-${randomUUID().slice(0, 8)}`;
      await t.db.dataSource.transaction((em) => t.app.services.audit.recordMany(em, recs(actor, 4)));
      return `STAFF:${actor}`;
    };

    const refusedWhole = async (tamper: (rows: Row[]) => Row[], refused: object = REFUSED) => {
      const stream = await newStream();
      const before = await heads([stream]);
      await expect(insertAsApp(async (em) => tamper(await chainOf(em, stream, 6)))).rejects.toMatchObject(refused);
      expect(await heads([stream])).toEqual(before);
      expect(await count(stream)).toBe(4);
    };

    it('Issue 15 bench a wrong previous hash at the 4th of 6 entries', async () => {
      await refusedWhole((rows) => rows.map((r, i) => (i === 3 ? { ...r, prevHash: rows[1].hash } : r)));
    });

    it('Issue 15 bench a gap after the 3rd of 6 entries (seq jumps, hashes still linked)', async () => {
      await refusedWhole((rows) => rows.map((r, i) => (i >= 3 ? { ...r, seq: r.seq + 1 } : r)));
    });

    it('Issue 15 bench a missing entry in the middle (seq and hash both skip one)', async () => {
      await refusedWhole((rows) => rows.filter((_, i) => i !== 2));
    });

    it('Issue 15 bench entries out of order (each linked to its predecessor, but the 3rd written after the 4th)', async () => {
      await refusedWhole((rows) => [rows[0], rows[1], rows[3], rows[2], rows[4], rows[5]]);
    });

    it('Issue 15 bench the same entry twice (the unique (stream, seq) refuses it before the trigger runs)', async () => {
      await refusedWhole((rows) => [rows[0], rows[1], rows[1], rows[2]], { driverError: { code: '23505' } });
    });

    it('Issue 15 bench a first entry that does not continue the head (a fork from an older entry)', async () => {
      await refusedWhole((rows) => rows.map((r, i) => (i === 0 ? { ...r, prevHash: GENESIS_HASH } : r)));
    });

    it('Issue 15 bench a batch that starts past the head (the head’s next entry left out)', async () => {
      await refusedWhole((rows) => rows.slice(1));
    });

    it('Issue 15 bench a break in one stream refuses the other stream’s good entries of the same statement', async () => {
      const stream = await newStream();
      const other = 'STAFF:mixed-a';
      const before = await heads([stream, other]);
      await expect(
        insertAsApp(async (em) => {
          const good = await chainOf(em, other, 2);
          const bad = await chainOf(em, stream, 3);
          return [good[0], bad[0], good[1], { ...bad[2], seq: bad[2].seq + 5 }];
        }),
      ).rejects.toMatchObject(REFUSED);
      expect(await heads([stream, other])).toEqual(before);
    });

    it('Issue 15 bench the same chain, unbroken, is accepted and verifies', async () => {
      const stream = await newStream();
      await insertAsApp((em) => chainOf(em, stream, 6));
      expect((await heads([stream]))[stream].seq).toBe(10);
      expect(await verify()).toMatchObject({ ok: true, problems: [] });
    });
  });
});
