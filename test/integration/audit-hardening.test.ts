// Hardening §3 (issue 11): the audit trail is complete and cannot be flooded.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditTrail } from '../../server/src/modules/audit-trail/audit-verify.js';
import { ActorType, AuditOutcome } from '../../server/src/shared/audit.js';
import { DEMO_PASSWORD, startTestApp, type TestApp } from '../helpers/app.js';
import { signIn } from '../helpers/graphql.js';
import { DEMO } from '../helpers/people.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const CREATE = `mutation($i: CreateApiTokenInput!) { createApiToken(input: $i) { token } }`;
const post = (query: string, variables: Record<string, unknown>, headers: Record<string, string> = {}) =>
  t.app.http.inject({
    method: 'POST',
    url: '/graphql',
    headers: { 'content-type': 'application/json', ...headers },
    payload: { query, variables },
  });
const verify = () => verifyAuditTrail(t.db.dataSource, { chainKey: t.secrets.auditChainKey });

describe('Hardening §3 request ids: a client cannot suppress the audit of its refusals', () => {
  it('Hardening §3 writes one entry for each of 5 refused probes sent with the same X-Request-Id', async () => {
    const cookie = await signIn(t.app.http, DEMO.operator.staffNumber, DEMO_PASSWORD);
    for (let i = 0; i < 5; i++) {
      const res = await post(
        CREATE,
        { i: { name: 'x'.repeat(101), scopes: ['READ'] } },
        { cookie, 'x-request-id': 'probe-0000000001' },
      );
      expect(res.json().errors[0].extensions.code).toBe('BAD_USER_INPUT');
    }
    const rows: { requestId: string; clientRequestId: string | null }[] = await t.db.dataSource.query(
      `SELECT "requestId", "clientRequestId" FROM audit_entry
        WHERE action = 'Mutation.createApiToken' AND outcome = 'REFUSED' ORDER BY id`,
    );
    expect(rows).toHaveLength(5);
    // the server's own ids, each request its own; the client's id kept apart
    expect(new Set(rows.map((r) => r.requestId)).size).toBe(5);
    expect(rows.every((r) => r.requestId !== 'probe-0000000001')).toBe(true);
    expect(rows.map((r) => r.clientRequestId)).toEqual(Array(5).fill('probe-0000000001'));
    expect((await verify()).ok).toBe(true);
  });
});

describe('Hardening §3 txid and occurredAt are the database’s, and hashed', () => {
  it('Hardening §3 overwrites a txid and occurredAt a writer sends (BEFORE INSERT trigger)', async () => {
    const app = t.app.services.dataSource; // the application's role
    const [head] = await app.query(`SELECT seq, hash FROM audit_stream_head WHERE stream = 'SYSTEM:-'`);
    const seq = (head?.seq ?? 0) + 1;
    const prev = head?.hash ?? '0'.repeat(64);
    if (!head) await app.query(`INSERT INTO audit_stream_head (stream, seq, hash) VALUES ('SYSTEM:-', 0, $1)`, [prev]);
    const [row] = await app.query(
      `INSERT INTO audit_entry (stream, seq, "occurredAt", txid, "actorType", action, outcome, "prevHash", hash)
       VALUES ('SYSTEM:-', $1, '2001-01-01T00:00:00Z', 1, 'SYSTEM', 'Test.backdated', 'OK', $2, $2)
       RETURNING "occurredAt", txid::text AS txid, audit_txid()::text AS current`,
      [seq, prev],
    );
    expect(row.txid).toBe(row.current);
    expect(row.occurredAt.getFullYear()).toBeGreaterThan(2001);
    // and the forged entry is caught (its hash is not the chain key's); put things back
    expect((await verify()).problems.map((p) => [p.kind, p.seq])).toEqual([['HASH_MISMATCH', seq]]);
    const su = await t.db.superuser();
    try {
      await su.query(`SET session_replication_role = replica`);
      await su.query(`DELETE FROM audit_entry WHERE stream = 'SYSTEM:-' AND seq = $1`, [seq]);
      await su.query(`UPDATE audit_stream_head SET seq = $1, hash = $2 WHERE stream = 'SYSTEM:-'`, [seq - 1, prev]);
    } finally {
      await su.end();
    }
  });

  it('Hardening §3 includes txid in the hash of new entries: moving an entry to another transaction is caught', async () => {
    const e = await t.app.services.audit.recordAlone({
      actor: { type: ActorType.SYSTEM, id: 'txid-test' },
      action: 'Test.txid',
      outcome: AuditOutcome.OK,
    });
    const [stored] = await t.db.dataSource.query(
      `SELECT "hashVersion", txid::text AS txid FROM audit_entry WHERE id = $1`,
      [e.id],
    );
    expect(stored.hashVersion).toBe(2);
    expect((await verify()).ok).toBe(true);
    const su = await t.db.superuser();
    try {
      await su.query(`SET session_replication_role = replica`);
      await su.query(`UPDATE audit_entry SET txid = txid + 1 WHERE id = $1`, [e.id]);
      expect((await verify()).problems.map((p) => [p.kind, p.entryId])).toEqual([['HASH_MISMATCH', e.id]]);
      await su.query(`UPDATE audit_entry SET txid = $2 WHERE id = $1`, [e.id, stored.txid]);
    } finally {
      await su.end();
    }
    expect((await verify()).ok).toBe(true);
  });
});

describe('Hardening §3 anonymous refusals are bounded, and counted in full', () => {
  it('Hardening §3 writes a bounded number of rows for 15 aliased refused mutations × 45 anonymous requests, with the total in summaries', async () => {
    const aliases = Array.from(
      { length: 15 },
      (_, i) => `a${i}: createApiToken(input: { name: "x", scopes: [READ] }) { token }`,
    ).join('\n');
    const before: { n: string }[] = await t.db.dataSource.query(`SELECT count(*) AS n FROM audit_entry`);
    let refused = 0;
    for (let r = 0; r < 45; r++) {
      // the fields are non-null: execution stops at the first refusal of each request
      const res = await post(`mutation { ${aliases} }`, {});
      refused += res.json().errors.length;
    }
    expect(refused).toBeGreaterThanOrEqual(45);
    await t.app.services.audit.flushRefusalSummaries();
    const rows: { action: string; changes: any }[] = await t.db.dataSource.query(
      `SELECT action, changes FROM audit_entry WHERE "actorType" = 'ANONYMOUS' AND outcome = 'REFUSED' ORDER BY id`,
    );
    const full = rows.filter((r) => r.action === 'Mutation.createApiToken');
    const summaries = rows.filter((r) => r.action === 'System.anonymousRefusals');
    // per address and minute: 30 in full and one summary (two minutes at most while the test runs)
    expect(rows.length).toBeLessThanOrEqual(2 * 31);
    expect(summaries.length).toBeGreaterThanOrEqual(1);
    const counted = summaries.reduce((n, s) => n + s.changes.count[1], 0);
    expect(full.length + counted).toBe(refused);
    const s = summaries[0].changes;
    expect(Object.keys(s.byActionAndReason[1])).toEqual(['Mutation.createApiToken UNAUTHENTICATED']);
    expect(s.sample[1][0]).toMatchObject({ action: 'Mutation.createApiToken', reason: 'UNAUTHENTICATED' });
    expect(Date.parse(s.lastAt[1])).toBeGreaterThanOrEqual(Date.parse(s.firstAt[1]));
    const after: { n: string }[] = await t.db.dataSource.query(`SELECT count(*) AS n FROM audit_entry`);
    expect(Number(after[0].n) - Number(before[0].n)).toBe(rows.length);
    expect((await verify()).ok).toBe(true);
  });
});
