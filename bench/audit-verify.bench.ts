// /healthz while an audit verification runs (hardening §3): the verification of 100,000 entries
// must not hold up the event loop. Measures /healthz p95 idle, then while auditVerification(full:
// true) runs through GraphQL as the auditor, on the real app (createApp) listening on a port.
// The entries are made here with valid chains (hashed in JS) and put in with SQL, triggers off.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { pino } from 'pino';
import { createApp } from '../server/src/app.js';
import { loadConfig } from '../server/src/config.js';
import { createDataSource } from '../server/src/db/data-source.js';
import type { ScratchServer } from '../server/src/db/scratch-server.js';
import { seedDemoOnce } from '../server/src/db/seed/demo-seed.js';
import { entryHash, GENESIS_HASH, HASH_VERSION } from '../server/src/modules/audit-trail/audit-hash.js';
import { loadOrCreateSecrets } from '../server/src/shared/secrets.js';
import { quantile } from './kiosk.bench.js';

const AUDITOR = '300102';
const STREAMS = 100;

export interface AuditVerifyResult {
  entries: number;
  idleP95: number;
  idleMedian: number;
  busyP95: number;
  busyMedian: number;
  /** /healthz requests answered while the verification ran */
  busySamples: number;
  verifyMs: number;
  /** the server's event loop (this process): p99 of its delay in ms, and its utilization (0–1) */
  idleLoopDelayP99: number;
  busyLoopDelayP99: number;
  idleLoopUtilization: number;
  busyLoopUtilization: number;
  ok: boolean;
}

/** Watches this thread's event loop while `run` goes: how late its turns came (p99, ms) and how busy it was. */
async function watchLoop(run: () => Promise<void>): Promise<{ delayP99: number; utilization: number }> {
  const delay = monitorEventLoopDelay({ resolution: 5 });
  const before = performance.eventLoopUtilization();
  delay.enable();
  await run();
  delay.disable();
  return { delayP99: delay.percentile(99) / 1e6, utilization: performance.eventLoopUtilization(before).utilization };
}

async function seedEntries(ds: import('typeorm').DataSource, key: Buffer, total: number): Promise<void> {
  const perStream = Math.ceil(total / STREAMS);
  const qr = ds.createQueryRunner(); // one connection: the setting below is the session's
  await qr.query(`SET session_replication_role = replica`); // the bench's owner: triggers off
  try {
    const at = new Date();
    for (let s = 0; s < STREAMS; s++) {
      const stream = `STAFF:bench-${s}`;
      let prev = GENESIS_HASH;
      const cols: unknown[][] = Array.from({ length: 8 }, () => []);
      for (let seq = 1; seq <= perStream; seq++) {
        const fields = {
          stream,
          seq,
          occurredAt: at,
          actorType: 'STAFF',
          actorId: `bench-${s}`,
          action: 'Bench.write',
          targetType: 'Thing',
          targetId: String(seq),
          outcome: 'OK',
          reason: null,
          changes: { value: [seq, seq + 1] },
          requestId: null,
          clientRequestId: null,
          clientAddress: '127.0.0.1',
          hashVersion: HASH_VERSION,
          txid: '1',
        };
        const hash = entryHash(key, prev, fields);
        const row = [seq, fields.actorId, fields.targetId, JSON.stringify(fields.changes), prev, hash, at, stream];
        row.forEach((v, i) => cols[i].push(v));
        prev = hash;
      }
      await qr.query(
        `INSERT INTO audit_entry (seq, "actorId", "targetId", changes, "prevHash", hash, "occurredAt", stream,
                                  "actorType", action, "targetType", outcome, "clientAddress", "hashVersion", txid)
         SELECT u.*, 'STAFF', 'Bench.write', 'Thing', 'OK', '127.0.0.1', ${HASH_VERSION}, 1
           FROM unnest($1::int[], $2::text[], $3::text[], $4::jsonb[], $5::text[], $6::text[], $7::timestamptz[], $8::text[]) AS u`,
        cols,
      );
      await qr.query(`INSERT INTO audit_stream_head (stream, seq, hash) VALUES ($1, $2, $3)`, [
        stream,
        perStream,
        prev,
      ]);
    }
  } finally {
    await qr.query(`SET session_replication_role = origin`);
    await qr.release();
  }
}

async function healthz(address: string): Promise<number> {
  const t0 = performance.now();
  const res = await fetch(`${address}/healthz`);
  await res.text();
  if (!res.ok) throw new Error(`/healthz answered ${res.status}`);
  return performance.now() - t0;
}

export async function benchAuditVerify(server: ScratchServer, entries: number): Promise<AuditVerifyResult> {
  const name = await server.createDatabase('jukinet_bench_verify');
  const url = server.urlOf(name);
  const ds = createDataSource({ url });
  await ds.initialize();
  let close = async () => {};
  try {
    await ds.runMigrations({ transaction: 'each' });
    const secrets = await loadOrCreateSecrets(await mkdtemp(path.join(tmpdir(), 'bench-secrets-')));
    await seedDemoOnce(ds, { hmacKey: secrets.hmacKey, password: 'bench-password' });
    await seedEntries(ds, secrets.auditChainKey, entries);
    const dataDir = await mkdtemp(path.join(tmpdir(), 'bench-data-'));
    const config = loadConfig({
      DATABASE_URL: url,
      LOG_LEVEL: 'silent',
      NODE_ENV: 'production',
      JOBS_ENABLED: 'false',
      DATA_DIR: dataDir,
    });
    const app = await createApp(config, ds, pino({ level: 'silent' }), secrets);
    close = () => app.close();
    const address = await app.http.listen({ host: '127.0.0.1', port: 0 });
    const post = (body: object, cookie?: string) =>
      fetch(`${address}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
        body: JSON.stringify(body),
      });
    const signIn = await post({
      query: `mutation($i: SignInInput!) { signIn(input: $i) { staff { id } } }`,
      variables: { i: { staffNumber: AUDITOR, password: 'bench-password' } },
    });
    const cookie = signIn.headers.get('set-cookie')!.split(';')[0];

    for (let i = 0; i < 20; i++) await healthz(address);
    const idle: number[] = [];
    const idleLoop = await watchLoop(async () => {
      for (let i = 0; i < 200; i++) idle.push(await healthz(address));
    });

    const busy: number[] = [];
    let done = false;
    const t0 = performance.now();
    const verification = post({ query: `{ auditVerification(full: true) { ok entriesChecked } }` }, cookie)
      .then((r) => r.json() as Promise<{ data?: { auditVerification: { ok: boolean; entriesChecked: number } } }>)
      .finally(() => (done = true));
    const busyLoop = await watchLoop(async () => {
      while (!done) busy.push(await healthz(address));
    });
    const body = await verification;
    const verifyMs = performance.now() - t0;
    const v = body.data?.auditVerification;
    return {
      entries: v?.entriesChecked ?? 0,
      idleP95: quantile(idle, 0.95),
      idleMedian: quantile(idle, 0.5),
      busyP95: busy.length ? quantile(busy, 0.95) : NaN,
      busyMedian: busy.length ? quantile(busy, 0.5) : NaN,
      busySamples: busy.length,
      verifyMs,
      idleLoopDelayP99: idleLoop.delayP99,
      busyLoopDelayP99: busyLoop.delayP99,
      idleLoopUtilization: idleLoop.utilization,
      busyLoopUtilization: busyLoop.utilization,
      ok: v?.ok === true && v.entriesChecked >= entries,
    };
  } finally {
    await close();
    await ds.destroy();
    await server.dropDatabase(name);
  }
}
