import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { entryHash } from '../../server/src/modules/audit-trail/audit-hash.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ActorType, AuditOutcome } from '../../server/src/shared/audit.js';
import { createCheckpoint, verifyAuditTrail } from '../../server/src/modules/audit-trail/audit-verify.js';
import { DEMO_PASSWORD, startTestApp, type TestApp } from '../helpers/app.js';
import { gql, signIn, type GqlResult } from '../helpers/graphql.js';
import { DEMO } from '../helpers/people.js';

let t: TestApp;
const write = (actorId: string, n: number) =>
  Promise.all(
    Array.from({ length: n }, (_, i) =>
      t.app.services.audit.recordAlone({
        actor: { type: ActorType.STAFF, id: actorId },
        action: 'Test.write',
        outcome: AuditOutcome.OK,
        targetType: 'Thing',
        targetId: String(i),
        changes: { value: [i, i + 1] },
      }),
    ),
  );
const verify = () => verifyAuditTrail(t.db.dataSource, { chainKey: t.secrets.auditChainKey });

beforeAll(async () => {
  t = await startTestApp({ seed: false });
});
afterAll(() => t.close());

describe('audit trail', () => {
  it('chains concurrent writers per stream without gaps or forks', async () => {
    await Promise.all([write('a', 20), write('b', 20), write('c', 20), write('a', 20)]);
    const seqs = await t.db.dataSource.query(
      `SELECT stream, array_agg(seq ORDER BY seq) AS seqs FROM audit_entry GROUP BY stream ORDER BY stream`,
    );
    expect(seqs.map((r: any) => [r.stream, r.seqs.length, r.seqs.at(-1)])).toEqual([
      ['STAFF:a', 40, 40],
      ['STAFF:b', 20, 20],
      ['STAFF:c', 20, 20],
    ]);
    expect(await verify()).toEqual({ ok: true, entriesChecked: 80, streams: 3, problems: [] });
  });

  it('cannot be updated, deleted or truncated by the application, nor can it switch the trigger off', async () => {
    const ds = t.app.services.dataSource; // the application's own role, as in production
    await expect(ds.query(`SET session_replication_role = replica`)).rejects.toMatchObject({
      driverError: { code: '42501' },
    });
    await expect(ds.query(`ALTER TABLE audit_entry DISABLE TRIGGER ALL`)).rejects.toMatchObject({
      driverError: { code: '42501' },
    });
    await expect(ds.query(`UPDATE audit_entry SET action = 'x'`)).rejects.toMatchObject({
      driverError: { code: '42501' },
    });
    await expect(ds.query(`DELETE FROM audit_entry`)).rejects.toMatchObject({ driverError: { code: '42501' } });
    await expect(ds.query(`TRUNCATE audit_entry`)).rejects.toMatchObject({ driverError: { code: '42501' } });
    expect((await verify()).ok).toBe(true);
  });

  it('catches an entry forged by the application role, which cannot compute the keyed hash, and guards the chain heads', async () => {
    const app = t.app.services.dataSource; // what a stolen application password allows
    const [head] = await app.query(`SELECT seq, hash FROM audit_stream_head WHERE stream = 'STAFF:c'`);
    const forged = {
      stream: 'STAFF:c',
      seq: head.seq + 1,
      occurredAt: new Date(),
      actorType: 'STAFF',
      actorId: 'c',
      action: 'Mutation.setStaffPassword',
      targetType: 'Staff',
      targetId: 'x',
      outcome: 'OK',
      reason: null,
      changes: null,
      requestId: null,
      clientAddress: null,
    };
    const guess = entryHash(randomBytes(32), head.hash, forged); // any key but the server's
    await app.query(
      `INSERT INTO audit_entry (stream, seq, "occurredAt", "actorType", "actorId", action, "targetType", "targetId", outcome, "prevHash", hash)
       VALUES ($1, $2, $3, 'STAFF', 'c', 'Mutation.setStaffPassword', 'Staff', 'x', 'OK', $4, $5)`,
      ['STAFF:c', forged.seq, forged.occurredAt, head.hash, guess],
    );
    // the insert moved the head itself (trigger); the app can neither rewind nor remove a head
    expect((await app.query(`SELECT seq FROM audit_stream_head WHERE stream = 'STAFF:c'`))[0].seq).toBe(forged.seq);
    await expect(
      app.query(`UPDATE audit_stream_head SET seq = $1, hash = $2 WHERE stream = 'STAFF:c'`, [head.seq, head.hash]),
    ).rejects.toMatchObject({ driverError: { code: '42501' } });
    await expect(app.query(`DELETE FROM audit_stream_head WHERE stream = 'STAFF:b'`)).rejects.toMatchObject({
      driverError: { code: '42501' },
    });
    await expect(
      app.query(`UPDATE audit_stream_head SET stream = 'gone' WHERE stream = 'STAFF:b'`),
    ).rejects.toMatchObject({ driverError: { code: '23000' } });
    // nor insert an entry that does not extend its chain (a gap, or a fork from an older entry)
    await expect(
      app.query(
        `INSERT INTO audit_entry (stream, seq, "occurredAt", "actorType", "actorId", action, outcome, "prevHash", hash)
         VALUES ('STAFF:b', 99, now(), 'STAFF', 'b', 'x', 'OK', $1, $1)`,
        [head.hash],
      ),
    ).rejects.toMatchObject({ driverError: { code: '23000' } });
    const report = await verify();
    expect(report.problems.map((p) => [p.kind, p.stream, p.seq])).toEqual([['HASH_MISMATCH', 'STAFF:c', forged.seq]]);
    // put things back for the next tests: a superuser may, and is the only one who can
    const su = await t.db.superuser();
    try {
      await su.query(`SET session_replication_role = replica`);
      await su.query(`DELETE FROM audit_entry WHERE stream = 'STAFF:c' AND seq = $1`, [forged.seq]);
      await su.query(`UPDATE audit_stream_head SET seq = $1, hash = $2 WHERE stream = 'STAFF:c'`, [
        head.seq,
        head.hash,
      ]);
    } finally {
      await su.end();
    }
    expect((await verify()).ok).toBe(true);
  });

  it('names an edited entry and a deleted entry when a superuser tampers with the table, even in one stream', async () => {
    const ds = t.db.dataSource;
    const [edited] = await ds.query(`SELECT id FROM audit_entry WHERE stream = 'STAFF:b' AND seq = 7`);
    const [afterDeleted] = await ds.query(`SELECT id FROM audit_entry WHERE stream = 'STAFF:b' AND seq = 13`);
    const su = await t.db.superuser();
    try {
      await su.query(`SET session_replication_role = replica`); // triggers off: only a superuser can
      await su.query(`UPDATE audit_entry SET "targetId" = 'changed' WHERE stream = 'STAFF:b' AND seq = 7`);
      await su.query(`DELETE FROM audit_entry WHERE stream = 'STAFF:b' AND seq = 12`);
    } finally {
      await su.end();
    }
    const report = await verify();
    expect(report.ok).toBe(false);
    expect(report.problems.map((p) => [p.kind, p.stream, p.seq, p.entryId])).toEqual([
      ['HASH_MISMATCH', 'STAFF:b', 7, edited.id],
      ['SEQ_GAP', 'STAFF:b', 13, afterDeleted.id],
    ]);
  });

  it('catches the newest entries truncated (head rewound too) against an exported checkpoint', async () => {
    const ds = t.db.dataSource;
    const chainKey = t.secrets.auditChainKey;
    const checkpoint = await createCheckpoint(ds, t.secrets.auditSigningKey, t.secrets.auditPublicKey);
    const su = await t.db.superuser();
    try {
      await su.query(`SET session_replication_role = replica`);
      await su.query(`DELETE FROM audit_entry WHERE stream = 'STAFF:a' AND seq > 38`);
      await su.query(
        `UPDATE audit_stream_head h SET seq = 38, hash = e.hash FROM audit_entry e
         WHERE h.stream = 'STAFF:a' AND e.stream = h.stream AND e.seq = 38`,
      );
    } finally {
      await su.end();
    }
    const withoutCheckpoint = await verify();
    expect(withoutCheckpoint.problems.some((p) => p.stream === 'STAFF:a')).toBe(false);
    const report = await verifyAuditTrail(ds, { chainKey, checkpoint });
    expect(report.problems.filter((p) => p.stream === 'STAFF:a')).toEqual([
      expect.objectContaining({ kind: 'CHECKPOINT_MISMATCH', seq: 40, entryId: null }),
    ]);
    const forged = { ...checkpoint, heads: checkpoint.heads.map((h) => ({ ...h, seq: h.seq - 1 })) };
    expect((await verifyAuditTrail(ds, { chainKey, checkpoint: forged })).problems.map((p) => p.kind)).toContain(
      'CHECKPOINT_SIGNATURE',
    );
    // A checkpoint of the truncated history, signed with someone else's key, is not trusted.
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const foreign = await createCheckpoint(ds, privateKey, publicKey);
    const trusted = t.secrets.auditPublicKey;
    expect(
      (await verifyAuditTrail(ds, { chainKey, checkpoint: foreign, trustedKey: trusted })).problems.filter(
        (p) => p.stream === '*',
      ),
    ).toEqual([
      expect.objectContaining({ kind: 'CHECKPOINT_SIGNATURE', detail: expect.stringContaining('another key') }),
    ]);
    expect(
      (await verifyAuditTrail(ds, { chainKey, checkpoint, trustedKey: trusted })).problems.filter(
        (p) => p.stream === 'STAFF:a',
      ),
    ).toHaveLength(1);
  });
});

describe('audit trail through GraphQL', () => {
  let other: TestApp;
  beforeAll(async () => {
    other = await startTestApp();
  });
  afterAll(() => other.close());

  it('lets an auditor pull entries incrementally with a cursor, each exactly once', async () => {
    const auditor = await signIn(other.app.http, DEMO.auditor.staffNumber, DEMO_PASSWORD);
    await signIn(other.app.http, DEMO.operationsManager.staffNumber, DEMO_PASSWORD);
    const PAGE = `query($after: String) { auditEntries(first: 2, after: $after) { nodes { id action outcome actorType } pageInfo { endCursor hasNextPage } } }`;
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const res: GqlResult<any> = await gql(other.app.http, PAGE, { after }, auditor);
      expect(res.errors).toBeUndefined();
      const page: any = res.data!.auditEntries;
      seen.push(...page.nodes.map((n: any) => n.id));
      after = page.pageInfo.endCursor;
      if (!page.pageInfo.hasNextPage) break;
    }
    expect(new Set(seen).size).toBe(seen.length);
    const [{ n }] = await other.db.dataSource.query(`SELECT count(*)::int AS n FROM audit_entry`);
    expect(seen.length).toBe(n);
    await signIn(other.app.http, DEMO.residentRecordsChief.staffNumber, DEMO_PASSWORD);
    const next = await gql(other.app.http, PAGE, { after }, auditor);
    expect(next.data!.auditEntries.nodes.map((e: any) => e.action)).toEqual(['Mutation.signIn']);
  });

  it('pages entries of one transaction (tied on txid) each exactly once, reads a stored old cursor, refuses garbage', async () => {
    const auditor = await signIn(other.app.http, DEMO.auditor.staffNumber, DEMO_PASSWORD);
    const PAGE = `query($after: String) { auditEntries(first: 3, after: $after) { nodes { id action } endCursor hasNextPage pageInfo { endCursor hasNextPage } } }`;
    const pull = async (from: string | null) => {
      const ids: string[] = [];
      let after = from;
      for (let i = 0; i < 500; i++) {
        const res: GqlResult<any> = await gql(other.app.http, PAGE, { after }, auditor);
        expect(res.errors).toBeUndefined();
        const page = res.data!.auditEntries;
        expect(page.pageInfo).toEqual({ endCursor: page.endCursor, hasNextPage: page.hasNextPage });
        ids.push(...page.nodes.map((n: any) => n.id));
        after = page.endCursor;
        if (!page.hasNextPage) break;
      }
      return { ids, after };
    };
    const start = await pull(null);
    await other.app.services.dataSource.transaction(async (em) => {
      for (let i = 0; i < 8; i++) {
        await other.app.services.audit.record(em, {
          actor: { type: ActorType.SYSTEM, id: null },
          action: `Test.sameTransaction${i}`,
          outcome: AuditOutcome.OK,
        });
      }
    });
    const [{ txid }] = await other.db.dataSource.query(
      `SELECT DISTINCT txid::text FROM audit_entry WHERE action LIKE 'Test.sameTransaction%'`,
    );
    const tied = await other.db.dataSource.query(
      `SELECT e.id::text FROM audit_entry e WHERE e.txid = $1 ORDER BY e.id`,
      [txid],
    );
    const { ids } = await pull(start.after);
    expect(ids).toEqual(tied.map((r: any) => r.id));
    // a pull from the start sees every entry once, in (txid, id) order
    const all = await pull(null);
    const expected = await other.db.dataSource.query(`SELECT e.id::text FROM audit_entry e ORDER BY e.txid, e.id`);
    expect(all.ids).toEqual(expected.map((r: any) => r.id));
    // an API client that stored a cursor of the first format ("txid:id") continues where it was
    const old = await gql(other.app.http, PAGE, { after: `${txid}:${tied[4].id}` }, auditor);
    expect(old.data!.auditEntries.nodes.slice(0, 3).map((n: any) => n.id)).toEqual(tied.slice(5).map((r: any) => r.id));
    for (const bad of [
      'garbage',
      '99999999999999999999:1',
      Buffer.from('["auditEntries",1e308,"1"]').toString('base64url'),
    ]) {
      expect((await gql(other.app.http, PAGE, { after: bad }, auditor)).errors![0].extensions!.code).toBe(
        'BAD_USER_INPUT',
      );
    }
  });

  it('never skips an entry whose transaction commits after a later one (cursor below running transactions)', async () => {
    const auditor = await signIn(other.app.http, DEMO.auditor.staffNumber, DEMO_PASSWORD);
    const PAGE = `query($after: String) { auditEntries(first: 100, after: $after) { nodes { id action } pageInfo { endCursor } } }`;
    const pullAll = async (from: string | null) => {
      const actions: string[] = [];
      let after = from;
      for (let i = 0; i < 50; i++) {
        const page = (await gql(other.app.http, PAGE, { after }, auditor)).data!.auditEntries;
        actions.push(...page.nodes.map((n: any) => n.action));
        if (page.nodes.length === 0) break;
        after = page.pageInfo.endCursor;
      }
      return { actions, after };
    };
    let { after } = await pullAll(null);
    // a slow writer: its entry gets its id first but commits last
    const slow = other.app.services.dataSource.createQueryRunner();
    await slow.startTransaction();
    await other.app.services.audit.record(slow.manager, {
      actor: { type: ActorType.SYSTEM, id: null },
      action: 'Test.slowWriter',
      outcome: AuditOutcome.OK,
    });
    await signIn(other.app.http, DEMO.citizenSectionStaff.staffNumber, DEMO_PASSWORD); // a later entry, committed at once
    const meanwhile = await pullAll(after);
    expect(meanwhile.actions).not.toContain('Mutation.signIn'); // held back behind the running writer
    after = meanwhile.after;
    await slow.commitTransaction();
    await slow.release();
    const later = await pullAll(after);
    expect(later.actions).toEqual(expect.arrayContaining(['Test.slowWriter', 'Mutation.signIn']));
    expect(later.actions.indexOf('Test.slowWriter')).toBeLessThan(later.actions.indexOf('Mutation.signIn'));
  });

  it('audits every refused mutation, including bad input and unknown targets, once per request', async () => {
    const cookie = await signIn(other.app.http, DEMO.operator.staffNumber, DEMO_PASSWORD);
    const [{ id: staffId }] = await other.db.dataSource.query(
      `SELECT id FROM staff WHERE "staffNumber" = '${DEMO.operator.staffNumber}'`,
    );
    const refusals = (action: string) =>
      other.db.dataSource.query(
        `SELECT reason, "actorId", "requestId" FROM audit_entry WHERE action = $1 AND outcome = 'REFUSED' ORDER BY id`,
        [action],
      ) as Promise<{ reason: string; actorId: string; requestId: string }[]>;
    const revoke = `mutation($i: RevokeApiTokenInput!) { revokeApiToken(input: $i) { id } }`;
    const unknown = await gql(other.app.http, revoke, { i: { id: '00000000-0000-4000-8000-000000000000' } }, cookie);
    expect(unknown.errors![0].extensions!.code).toBe('TOKEN_NOT_FOUND');
    const create = `mutation($i: CreateApiTokenInput!) { createApiToken(input: $i) { token } }`;
    const tooLong = await gql(
      other.app.http,
      create,
      { i: { name: 'x'.repeat(101), scopes: ['READ'], currentPassword: DEMO_PASSWORD } },
      cookie,
    );
    expect(tooLong.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
    const wrongType = await gql(
      other.app.http,
      create,
      { i: { name: 'x', scopes: ['NOT_A_SCOPE'], currentPassword: DEMO_PASSWORD } },
      cookie,
    );
    expect(wrongType.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
    expect(await refusals('Mutation.revokeApiToken')).toEqual([
      expect.objectContaining({ reason: 'TOKEN_NOT_FOUND', actorId: staffId }),
    ]);
    const created = await refusals('Mutation.createApiToken');
    expect(created.map((r) => r.reason)).toEqual(['BAD_USER_INPUT', 'BAD_USER_INPUT']);
    expect(new Set(created.map((r) => r.requestId)).size).toBe(2);
    // a refusal the service already audited in detail is not written twice
    const before = (await refusals('Mutation.signIn')).length;
    await gql(
      other.app.http,
      `mutation { signIn(input: { staffNumber: "${DEMO.operator.staffNumber}", password: "wrong-one" }) { staff { id } } }`,
    );
    expect((await refusals('Mutation.signIn')).length).toBe(before + 1);
  });

  it('refuses more than 100 entries a page with BAD_USER_INPUT', async () => {
    const auditor = await signIn(other.app.http, DEMO.auditor.staffNumber, DEMO_PASSWORD);
    const res = await gql(other.app.http, `{ auditEntries(first: 101) { nodes { id } } }`, {}, auditor);
    expect(res.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
  });

  it('verifies the chain, and against a checkpoint exported through the API', async () => {
    const auditor = await signIn(other.app.http, DEMO.auditor.staffNumber, DEMO_PASSWORD);
    const cp = (await gql(other.app.http, `{ auditCheckpoint }`, {}, auditor)).data!.auditCheckpoint;
    expect(cp.heads.length).toBeGreaterThan(0);
    const res = await gql(
      other.app.http,
      `query($cp: JSON) { auditVerification(checkpoint: $cp) { ok entriesChecked problems { kind } } }`,
      { cp },
      auditor,
    );
    expect(res.data!.auditVerification).toMatchObject({ ok: true, problems: [] });
    const bad = await gql(
      other.app.http,
      `query($cp: JSON) { auditVerification(checkpoint: $cp) { ok } }`,
      { cp: { heads: 'x' } },
      auditor,
    );
    expect(bad.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const foreign = await createCheckpoint(other.db.dataSource, privateKey, publicKey);
    const res2 = await gql(
      other.app.http,
      `query($cp: JSON) { auditVerification(checkpoint: $cp) { ok problems { kind detail } } }`,
      { cp: foreign },
      auditor,
    );
    expect(res2.data!.auditVerification.ok).toBe(false);
    expect(res2.data!.auditVerification.problems[0].kind).toBe('CHECKPOINT_SIGNATURE');
  });
});
