// Organisation chart through the full stack (HTTP → Apollo → type-graphql → dataloader → TypeORM)
// against the same rows read by one raw SQL query through pg, measured in the same run.
// Also SQL statements per request for 10 and 100 staff: equal means no N+1.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { pino } from 'pino';
import { createApp } from '../server/src/app.js';
import { loadConfig } from '../server/src/config.js';
import { createDataSource } from '../server/src/db/data-source.js';
import { CountingLogger } from '../server/src/db/query-counter.js';
import type { ScratchServer } from '../server/src/db/scratch-server.js';
import { seedDemoOnce } from '../server/src/db/seed/demo-seed.js';
import { loadOrCreateSecrets } from '../server/src/shared/secrets.js';

const CHART = `{ departments { code name sections { code name staff { staffNumber fullName fullNameKana title } } } }`;
const RAW = `SELECT d.code AS dcode, d.name AS dname, s.code AS scode, s.name AS sname,
  st."staffNumber", st."familyName", st."givenName", st."familyNameKana", st."givenNameKana", st.title
  FROM department d JOIN section s ON s."departmentId" = d.id
  LEFT JOIN staff st ON st."sectionId" = s.id AND st.active
  ORDER BY d."sortOrder", d.code, s."sortOrder", s.code, st."staffNumber"`;

export interface OrgChartResult {
  staff: number;
  fullStackPerSec: number;
  rawPerSec: number;
  statementsPerRequest: number;
}

async function rate(iterations: number, fn: () => Promise<unknown>): Promise<number> {
  for (let i = 0; i < Math.min(50, iterations); i++) await fn();
  const t0 = performance.now();
  for (let i = 0; i < iterations; i++) await fn();
  return iterations / ((performance.now() - t0) / 1000);
}

export async function benchOrgChart(
  server: ScratchServer,
  totalStaff: number,
  iterations: number,
): Promise<OrgChartResult> {
  const name = await server.createDatabase('jukinet_bench');
  const url = server.urlOf(name);
  const logger = new CountingLogger();
  const ds = createDataSource({ url, logger });
  await ds.initialize();
  try {
    await ds.runMigrations({ transaction: 'each' });
    const secrets = await loadOrCreateSecrets(await mkdtemp(path.join(tmpdir(), 'bench-secrets-')));
    await seedDemoOnce(ds, { hmacKey: secrets.hmacKey, password: 'bench-password' });
    // Resize the office to exactly totalStaff active staff spread over the sections.
    await ds.query(`UPDATE staff SET active = false WHERE "staffNumber" <> '200305'`); // 200305 signs in below
    await ds.query(
      `INSERT INTO staff ("staffNumber", "familyName", "givenName", "familyNameKana", "givenNameKana", title, "sectionId")
       SELECT 'B' || lpad(g::text, 6, '0'), '試験', '職員' || g, 'しけん', 'しょくいん', '主事',
              (SELECT id FROM section ORDER BY code OFFSET (g % (SELECT count(*) FROM section)) LIMIT 1)
       FROM generate_series(1, $1) g`,
      [totalStaff - 1],
    );
    const config = loadConfig({ DATABASE_URL: url, LOG_LEVEL: 'silent', NODE_ENV: 'production' });
    const app = await createApp(config, ds, pino({ level: 'silent' }), secrets);
    const address = await app.http.listen({ host: '127.0.0.1', port: 0 });
    const raw = new pg.Client({ connectionString: url });
    await raw.connect();
    try {
      // A signed-in operator: reads need a session (shared/policy.ts).
      const signIn = await fetch(`${address}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          query: `mutation($i: SignInInput!) { signIn(input: $i) { staff { id } } }`,
          variables: { i: { staffNumber: '200305', password: 'bench-password' } },
        }),
      });
      const cookie = signIn.headers.get('set-cookie')!.split(';')[0];
      const request = async () => {
        const res = await fetch(`${address}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', cookie },
          body: JSON.stringify({ query: CHART }),
        });
        const body = (await res.json()) as { errors?: unknown };
        if (body.errors) throw new Error(JSON.stringify(body.errors));
      };
      const before = logger.statements;
      await request();
      const statementsPerRequest = logger.statements - before;
      const fullStackPerSec = await rate(iterations, request);
      const rawPerSec = await rate(iterations, () => raw.query(RAW));
      return { staff: totalStaff, fullStackPerSec, rawPerSec, statementsPerRequest };
    } finally {
      await raw.end();
      await app.close();
    }
  } finally {
    await ds.destroy();
    await server.dropDatabase(name);
  }
}
