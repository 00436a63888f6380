// Hardening §3 (issue 11): the audit trail is complete and cannot be flooded.
import { mkdtemp, readdir } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { latestCheckpoint, writeCheckpoint } from '../../server/src/modules/audit-trail/audit-checkpoints.js';
import { verifyAuditTrail, type AuditCheckpoint } from '../../server/src/modules/audit-trail/audit-verify.js';
import { ActorType, AuditOutcome } from '../../server/src/shared/audit.js';
import { DEMO_PASSWORD, startTestApp, type TestApp } from '../helpers/app.js';
import { gql, signIn } from '../helpers/graphql.js';
import { DEMO } from '../helpers/people.js';

let t: TestApp;
let checkpointDir: string;
beforeAll(async () => {
  checkpointDir = await mkdtemp(path.join(tmpdir(), 'jukinet-checkpoints-'));
  t = await startTestApp({ env: { AUDIT_CHECKPOINT_DIR: checkpointDir } });
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
    const e = (await t.app.services.audit.recordAlone({
      actor: { type: ActorType.SYSTEM, id: 'txid-test' },
      action: 'Test.txid',
      outcome: AuditOutcome.OK,
    })) as { id: string };
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
      (_, i) => `a${i}: createApiToken(input: { name: "x", scopes: [READ], currentPassword: "x" }) { token }`,
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

const note = (n: number) =>
  Promise.all(
    Array.from({ length: n }, (_, i) =>
      t.app.services.audit.recordAlone({
        actor: { type: ActorType.STAFF, id: 'checkpoint-test' },
        action: 'Test.note',
        outcome: AuditOutcome.OK,
        targetId: String(i),
      }),
    ),
  );
const checkpointNow = (url: string | null = null) =>
  writeCheckpoint({
    ds: t.app.services.dataSource,
    chainKey: t.secrets.auditChainKey,
    signingKey: t.secrets.auditSigningKey,
    publicKey: t.secrets.auditPublicKey,
    dir: checkpointDir,
    url,
    log: pino({ level: 'silent' }),
    now: () => new Date(),
  });

describe('Hardening §3 auditVerification: auditors only, once per request, from the last checkpoint', () => {
  const VERIFY = `{ auditVerification { ok entriesChecked since problems { kind } } }`;

  it('Hardening §3 is readable by auditors only', async () => {
    for (const who of [DEMO.systemAdministrator, DEMO.manager, DEMO.chief]) {
      const cookie = await signIn(t.app.http, who.staffNumber, DEMO_PASSWORD);
      expect((await gql(t.app.http, VERIFY, {}, cookie)).errors![0].extensions!.code).toBe('FORBIDDEN');
    }
    const auditor = await signIn(t.app.http, DEMO.auditor.staffNumber, DEMO_PASSWORD);
    expect((await gql(t.app.http, VERIFY, {}, auditor)).data!.auditVerification.ok).toBe(true);
  });

  it('Hardening §3 runs one verification per request, however many aliases or fragments ask', async () => {
    const auditor = await signIn(t.app.http, DEMO.auditor.staffNumber, DEMO_PASSWORD);
    const aliases = Array.from({ length: 15 }, (_, i) => `v${i}: auditVerification { ok }`).join(' ');
    const res = await gql(t.app.http, `{ ${aliases} }`, {}, auditor);
    // weighted in the cost budget: refused before anything runs
    expect(res.errors![0].extensions!.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(res.data).toBeUndefined();
    const fragments = await gql(
      t.app.http,
      `query { ...A ...B } fragment A on Query { auditVerification { ok } } fragment B on Query { again: auditVerification(full: true) { ok } }`,
      {},
      auditor,
    );
    expect(fragments.errors![0].extensions!.code).toBe('GRAPHQL_VALIDATION_FAILED');
    // one is fine
    expect((await gql(t.app.http, `{ auditVerification { ok } }`, {}, auditor)).data!.auditVerification.ok).toBe(true);
  });

  it('Hardening §3 verifies only the entries after the latest checkpoint, unless asked for all', async () => {
    const auditor = await signIn(t.app.http, DEMO.auditor.staffNumber, DEMO_PASSWORD);
    const { checkpoint } = await checkpointNow();
    await note(3);
    const res = (await gql(t.app.http, VERIFY, {}, auditor)).data!.auditVerification;
    expect(res).toMatchObject({ ok: true, since: checkpoint.createdAt, problems: [] });
    // the 3 notes, and what signing in and being refused above wrote meanwhile: far fewer than all
    const [{ n }] = await t.db.dataSource.query(`SELECT count(*)::int AS n FROM audit_entry`);
    expect(res.entriesChecked).toBeGreaterThanOrEqual(3);
    expect(res.entriesChecked).toBeLessThan(10);
    const all = (await gql(t.app.http, `{ auditVerification(full: true) { ok entriesChecked since } }`, {}, auditor))
      .data!.auditVerification;
    expect(all).toEqual({ ok: true, entriesChecked: expect.any(Number), since: null });
    expect(all.entriesChecked).toBeGreaterThanOrEqual(n);
  });
});

describe('Hardening §3 checkpoints outside the database', () => {
  it('Hardening §3 a daily job writes signed checkpoints to AUDIT_CHECKPOINT_DIR, and POSTs a signed copy', async () => {
    const received: AuditCheckpoint[] = [];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        received.push(JSON.parse(body));
        res.end('ok');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      await note(2);
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/checkpoints`;
      const { file, checkpoint } = await checkpointNow(url);
      expect(path.dirname(file)).toBe(checkpointDir);
      expect((await latestCheckpoint(checkpointDir))!.checkpoint).toEqual(checkpoint);
      expect(received).toEqual([checkpoint]);
      expect(checkpoint.heads).toContainEqual(expect.objectContaining({ stream: 'STAFF:checkpoint-test' }));
      // the copy verifies with the server's audit key
      const report = await verifyAuditTrail(t.db.dataSource, {
        chainKey: t.secrets.auditChainKey,
        trustedKey: t.secrets.auditPublicKey,
        checkpoint: received[0],
      });
      expect(report.ok).toBe(true);
    } finally {
      server.close();
    }
    expect((await readdir(checkpointDir)).filter((f) => f.endsWith('.json')).length).toBeGreaterThanOrEqual(2);
  });

  it('Hardening §3 the job is declared with a daily cron line', async () => {
    const { compose } = await import('../../server/src/composition/services.js');
    const { loadConfig } = await import('../../server/src/config.js');
    const c = compose(
      t.app.services.dataSource,
      loadConfig({ NODE_ENV: 'test' }),
      t.secrets,
      pino({ level: 'silent' }),
    );
    expect(c.jobs.find((j) => j.name === 'auditTrail.checkpoint')).toMatchObject({ cron: '0 15 * * *' });
  });

  it('Hardening §3 the latest checkpoint reveals newest entries deleted, and a whole chain deleted', async () => {
    await note(4);
    await t.app.services.audit.recordAlone({
      actor: { type: ActorType.STAFF, id: 'whole-chain' },
      action: 'Test.note',
      outcome: AuditOutcome.OK,
    });
    const { checkpoint } = await checkpointNow();
    const head = checkpoint.heads.find((h) => h.stream === 'STAFF:checkpoint-test')!;
    // the database owner removes the newest 2 entries and rewinds the head, and removes a whole chain
    const su = await t.db.superuser();
    try {
      await su.query(`SET session_replication_role = replica`);
      const [prev] = (
        await su.query(`SELECT seq, hash FROM audit_entry WHERE stream = $1 AND seq = $2`, [head.stream, head.seq - 2])
      ).rows;
      await su.query(`DELETE FROM audit_entry WHERE stream = $1 AND seq > $2`, [head.stream, head.seq - 2]);
      await su.query(`UPDATE audit_stream_head SET seq = $2, hash = $3 WHERE stream = $1`, [
        head.stream,
        prev.seq,
        prev.hash,
      ]);
      await su.query(`DELETE FROM audit_entry WHERE stream = 'STAFF:whole-chain'`);
      await su.query(`DELETE FROM audit_stream_head WHERE stream = 'STAFF:whole-chain'`);
    } finally {
      await su.end();
    }
    // without a checkpoint the chains look intact
    expect((await verify()).ok).toBe(true);
    // what npm run audit:verify does by default: every entry, against the latest checkpoint file
    const latest = await latestCheckpoint(checkpointDir);
    const report = await verifyAuditTrail(t.db.dataSource, {
      chainKey: t.secrets.auditChainKey,
      trustedKey: t.secrets.auditPublicKey,
      checkpoint: latest!.checkpoint,
    });
    expect(report.problems.map((p) => [p.kind, p.stream, p.seq])).toEqual(
      expect.arrayContaining([
        ['CHECKPOINT_MISMATCH', head.stream, head.seq],
        ['CHECKPOINT_MISMATCH', 'STAFF:whole-chain', 1],
      ]),
    );
    expect(report.problems.find((p) => p.stream === head.stream)!.detail).toContain('truncated');
    expect(report.problems.find((p) => p.stream === 'STAFF:whole-chain')!.detail).toContain('whole chain');
    // and the incremental verification (auditVerification's default) reports it too
    const auditor = await signIn(t.app.http, DEMO.auditor.staffNumber, DEMO_PASSWORD);
    const res = (await gql(t.app.http, `{ auditVerification { ok problems { kind stream } } }`, {}, auditor)).data!
      .auditVerification;
    expect(res.ok).toBe(false);
    expect(res.problems).toContainEqual({ kind: 'CHECKPOINT_MISMATCH', stream: head.stream });
  });
});
