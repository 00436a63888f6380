// Hardening §7 (one door event per request): a statement of one audit entry moves the chain head by
// the one-row check (migration AuditHeadSingleEntry), not the window query over the statement's
// entries. It must refuse exactly what the full check refuses: an entry that does not continue its
// stream's head (a wrong previous hash, a skipped or repeated number, a fork), storing nothing.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EntityManager } from 'typeorm';
import { entryHash, GENESIS_HASH, HASH_VERSION } from '../../server/src/modules/audit-trail/audit-hash.js';
import { verifyAuditTrail } from '../../server/src/modules/audit-trail/audit-verify.js';
import { ActorType, AuditOutcome } from '../../server/src/shared/audit.js';
import { startTestApp, type TestApp } from '../helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ seed: false });
});
afterAll(() => t.close());

const verify = () => verifyAuditTrail(t.db.dataSource, { chainKey: t.secrets.auditChainKey });
const headOf = async (stream: string) =>
  (await t.db.dataSource.query(`SELECT seq, hash FROM audit_stream_head WHERE stream = $1`, [stream]))[0] as
    { seq: number; hash: string } | undefined;
const count = async (stream: string) =>
  Number((await t.db.dataSource.query(`SELECT count(*) FROM audit_entry WHERE stream = $1`, [stream]))[0].count);

/** A stream of its own with `n` entries written by the server. */
async function newStream(n: number): Promise<string> {
  const actorId = `single-${randomUUID().slice(0, 8)}`;
  for (let i = 0; i < n; i++)
    await t.db.dataSource.transaction((em) =>
      t.app.services.audit.record(em, {
        actor: { type: ActorType.STAFF, id: actorId },
        action: 'Test.single',
        outcome: AuditOutcome.OK,
      }),
    );
  return `STAFF:${actorId}`;
}

/** The entry continuing `stream`'s head in `em`'s transaction, hashed as the server would (then `tamper`ed). */
async function nextEntry(em: EntityManager, stream: string) {
  const [head] = (await em.query(
    `INSERT INTO audit_stream_head (stream, seq, hash) VALUES ($1, 0, $2)
     ON CONFLICT (stream) DO UPDATE SET stream = EXCLUDED.stream
     RETURNING seq, hash, audit_txid()::text AS txid, date_trunc('milliseconds', now()) AS at`,
    [stream, GENESIS_HASH],
  )) as { seq: number; hash: string; txid: string; at: Date }[];
  const fields = {
    stream,
    seq: head.seq + 1,
    occurredAt: head.at,
    actorType: 'STAFF',
    actorId: stream.slice('STAFF:'.length),
    action: 'Test.direct',
    targetType: null,
    targetId: null,
    outcome: 'OK',
    reason: null,
    changes: null,
    requestId: null,
    clientRequestId: null,
    clientAddress: null,
    hashVersion: HASH_VERSION,
    txid: head.txid,
  };
  return { ...fields, prevHash: head.hash, hash: entryHash(t.secrets.auditChainKey, head.hash, fields) };
}
type Entry = Awaited<ReturnType<typeof nextEntry>>;

/** One single-row INSERT of the next entry of `stream` as `tamper` leaves it, through the application's role. */
const insertOne = (stream: string, tamper: (e: Entry) => Entry = (e) => e) =>
  t.app.services.dataSource.transaction(async (em) => {
    const e = tamper(await nextEntry(em, stream));
    await em.query(
      `INSERT INTO audit_entry (stream, seq, "occurredAt", "actorType", "actorId", action, outcome, "hashVersion",
         txid, "prevHash", hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [
        e.stream,
        e.seq,
        e.occurredAt,
        e.actorType,
        e.actorId,
        e.action,
        e.outcome,
        e.hashVersion,
        e.txid,
        e.prevHash,
        e.hash,
      ],
    );
  });

describe('Hardening §7 a statement of one audit entry', () => {
  it('Hardening §7: one entry moves its stream head by one, to its own hash, and the chain verifies', async () => {
    const stream = await newStream(2);
    expect(await headOf(stream)).toMatchObject({ seq: 2 });
    await insertOne(stream);
    const [last] = await t.db.dataSource.query(
      `SELECT seq, hash FROM audit_entry WHERE stream = $1 ORDER BY seq DESC LIMIT 1`,
      [stream],
    );
    expect(await headOf(stream)).toEqual({ seq: 3, hash: last.hash });
    // a new stream's first entry too (the head taken at the genesis hash)
    const fresh = `STAFF:single-${randomUUID().slice(0, 8)}`;
    await insertOne(fresh);
    expect(await headOf(fresh)).toMatchObject({ seq: 1 });
    expect(await verify()).toMatchObject({ ok: true, problems: [] });
  });

  const refused = async (tamper: (e: Entry) => Entry, code = '23000') => {
    const stream = await newStream(3);
    const before = await headOf(stream);
    await expect(insertOne(stream, tamper)).rejects.toMatchObject({ driverError: { code } });
    expect(await headOf(stream)).toEqual(before);
    expect(await count(stream)).toBe(3);
  };

  it('Hardening §7: one entry naming another previous hash (a fork from an older entry) is refused', async () => {
    await refused((e) => ({ ...e, prevHash: GENESIS_HASH }));
  });

  it('Hardening §7: one entry skipping a number (hash still linked) is refused', async () => {
    await refused((e) => ({ ...e, seq: e.seq + 1 }));
  });

  it('Hardening §7: one entry repeating the head’s number is refused (the unique (stream, seq) first)', async () => {
    await refused((e) => ({ ...e, seq: e.seq - 1 }), '23505');
  });

  it('Hardening §7: one entry of a stream that has no head yet, not numbered 1, is refused', async () => {
    const stream = `STAFF:single-${randomUUID().slice(0, 8)}`;
    await expect(insertOne(stream, (e) => ({ ...e, seq: 2 }))).rejects.toMatchObject({
      driverError: { code: '23000' },
    });
    expect(await count(stream)).toBe(0);
  });
});
