// Hardening §3 (issue 11): auditVerification runs off the event loop. The proof needs no clock:
// this thread blocks itself (Atomics.wait, no callback of it can run) and the verification still
// reads and hashes the whole trail meanwhile, so it runs on another thread with its own connection.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDataSource } from '../../server/src/db/data-source.js';
import { entryHash, GENESIS_HASH, HASH_VERSION } from '../../server/src/modules/audit-trail/audit-hash.js';
import { verifyAuditTrail } from '../../server/src/modules/audit-trail/audit-verify.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';

const STREAMS = 2;
const PER_STREAM = 2_500;
/** more than two of the worker's batches (2,000 entries a query) */
const ENTRIES = STREAMS * PER_STREAM;
/** a safety net only, far above what a batch takes: the assertions are on what was reached */
const GIVE_UP_MS = 45_000;

let db: TestDatabase;
const chainKey = randomBytes(32);

/** Valid chains put in with SQL as the superuser, triggers off (as the bench does): fast. */
async function seed(): Promise<void> {
  const c = await db.superuser();
  try {
    await c.query(`SET session_replication_role = replica`);
    const at = new Date();
    for (let s = 0; s < STREAMS; s++) {
      const stream = `STAFF:worker-${s}`;
      let prev = GENESIS_HASH;
      const cols: unknown[][] = [[], [], []];
      for (let seq = 1; seq <= PER_STREAM; seq++) {
        const fields = {
          stream,
          seq,
          occurredAt: at,
          actorType: 'STAFF',
          actorId: `worker-${s}`,
          action: 'Test.write',
          targetType: null,
          targetId: null,
          outcome: 'OK',
          reason: null,
          changes: null,
          requestId: null,
          clientRequestId: null,
          clientAddress: null,
          hashVersion: HASH_VERSION,
          txid: '1',
        };
        const hash = entryHash(chainKey, prev, fields);
        [seq, prev, hash].forEach((v, i) => cols[i].push(v));
        prev = hash;
      }
      await c.query(
        `INSERT INTO audit_entry (seq, "prevHash", hash, stream, "occurredAt", "actorType", "actorId", action, outcome,
                                  "hashVersion", txid)
         SELECT u.*, $4, $5, 'STAFF', $6, 'Test.write', 'OK', ${HASH_VERSION}, 1
           FROM unnest($1::int[], $2::text[], $3::text[]) AS u`,
        [...cols, stream, at, `worker-${s}`],
      );
      await c.query(`INSERT INTO audit_stream_head (stream, seq, hash) VALUES ($1, $2, $3)`, [
        stream,
        PER_STREAM,
        prev,
      ]);
    }
  } finally {
    await c.end();
  }
}

/** Blocks this thread until the shared counter reaches `until` (or nothing moves for GIVE_UP_MS); the values seen. */
function blockUntil(progress: Int32Array, until: number): number[] {
  const seen: number[] = [];
  let value = Atomics.load(progress, 0);
  while (value < until && Atomics.wait(progress, 0, value, GIVE_UP_MS) !== 'timed-out') {
    value = Atomics.load(progress, 0);
    seen.push(value);
  }
  return seen;
}

const counter = () => new Int32Array(new SharedArrayBuffer(4));

beforeAll(async () => {
  db = await createTestDatabase();
  await seed();
});
afterAll(() => db.drop());

describe('Hardening §3 auditVerification runs off the event loop, in a worker thread', () => {
  it('Hardening §3 checks every entry while this thread is blocked and runs no callback', async () => {
    const progress = counter();
    const verification = verifyAuditTrail(db.dataSource, { chainKey, progress });
    // from here to the end of blockUntil this thread runs nothing else: no timer, no I/O, no await
    const seen = blockUntil(progress, ENTRIES);
    expect(seen.at(-1)).toBe(ENTRIES);
    expect(await verification).toMatchObject({ ok: true, entriesChecked: ENTRIES, streams: STREAMS, problems: [] });
  });

  it('Hardening §3 runs at most two verifications at once (each is a thread and a connection); the third waits', async () => {
    const [a, b, c] = [counter(), counter(), counter()];
    const runs = [a, b, c].map((progress) => verifyAuditTrail(db.dataSource, { chainKey, progress }));
    blockUntil(a, ENTRIES);
    blockUntil(b, ENTRIES);
    // the first two checked everything while this thread was blocked; the third never started
    expect([Atomics.load(a, 0), Atomics.load(b, 0), Atomics.load(c, 0)]).toEqual([ENTRIES, ENTRIES, 0]);
    for (const report of await Promise.all(runs)) expect(report).toMatchObject({ ok: true, entriesChecked: ENTRIES });
    expect(Atomics.load(c, 0)).toBe(ENTRIES);
  });

  it('Hardening §3 rejects, and does not hang, when the worker cannot reach the database', async () => {
    const unreachable = createDataSource({ url: 'postgres://nobody:x@127.0.0.1:1/none' });
    await expect(verifyAuditTrail(unreachable, { chainKey })).rejects.toThrow(/ECONNREFUSED|connect/);
  });
});
