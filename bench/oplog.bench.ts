// The operation history's ingest (A20.1): the same CSV rows through the bulk endpoint
// (POST /api/oplog/batches/:sourceId, the real app over HTTP) and through the import command's code,
// each against a raw COPY of the same bytes into an unpartitioned, unindexed table in the same run
// (no parsing in Node, no HMAC, no staging, no indexes, no partitions). Beside it, the database's
// floor for this table: the same rows already parsed (the COPY text the ingest makes, targets as
// their HMACs) COPYed straight into operation_record with its partitions and indexes, a fresh source
// per round — what any ingest that keeps those indexes costs at least. Rounds alternate so drift on
// a noisy machine hits all alike; the best round of each counts.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { createDataSource } from '../server/src/db/data-source.js';
import type { ScratchServer } from '../server/src/db/scratch-server.js';
import { exampleCsv, importFile } from '../server/src/modules/oplog/index.js';
import { OplogLineParser } from '../server/src/modules/oplog/oplog-parse.js';
import { COPY_RECORDS, ENSURE_PARTITION, OPERATION_TYPE_CODES } from '../server/src/modules/oplog/oplog.sql.js';
import { SYSTEM_META } from '../server/src/shared/audited.js';
import { BENCH_PASSWORD, startDemoApp } from './demo-app.js';

const ROUNDS = 3;
const MANAGER = '200301'; // 管理者 in the demo office

export interface OplogBenchResult {
  rows: number;
  rawPerSec: number;
  /** the parsed rows COPYed straight into operation_record (its indexes, no staging, no summary) */
  floorPerSec: number;
  endpointPerSec: number;
  importPerSec: number;
  /** every round of the endpoint and the import stored each row once */
  storedOnce: boolean;
}

/** Signs the demo manager in and makes an API token with WRITE_OPLOG (for a day). */
export async function oplogToken(address: string): Promise<string> {
  const gql = async (query: string, variables: object, cookie?: string) => {
    const res = await fetch(`${address}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    const json = (await res.json()) as { data?: any; errors?: unknown[] };
    if (json.errors) throw new Error(JSON.stringify(json.errors));
    return { json, res };
  };
  const signedIn = await gql(`mutation($i: SignInInput!) { signIn(input: $i) { staff { id } } }`, {
    i: { staffNumber: MANAGER, password: BENCH_PASSWORD },
  });
  const cookie = (signedIn.res.headers.get('set-cookie') ?? '').split(';')[0];
  return (
    await gql(
      `mutation($i: CreateApiTokenInput!) { createApiToken(input: $i) { token } }`,
      { i: { name: 'bench', scopes: ['WRITE_OPLOG'], expiresInDays: 1, currentPassword: BENCH_PASSWORD } },
      cookie,
    )
  ).json.data.createApiToken.token as string;
}

export async function benchOplog(server: ScratchServer, rows: number): Promise<OplogBenchResult> {
  const name = await server.createDatabase('jukinet_bench_oplog');
  const url = server.urlOf(name);
  const ds = createDataSource({ url });
  await ds.initialize();
  const dir = await mkdtemp(path.join(tmpdir(), 'bench-oplog-'));
  let close = async () => {};
  try {
    const { app, address } = await startDemoApp(ds, url);
    close = () => app.close();
    const token = await oplogToken(address);

    // 400 records a day (exampleCsv), ending yesterday: every row is within the accepted period
    const csv = Buffer.from(
      [...exampleCsv(rows, new Date(Date.now() - (Math.ceil(rows / 400) + 2) * 86_400_000))].join(''),
    );
    const file = path.join(dir, 'oplog.csv');
    await writeFile(file, csv);
    const raw = new pg.Client({ connectionString: url });
    await raw.connect();
    await raw.query(
      `CREATE TABLE raw_oplog (at timestamptz, terminal text, operator text, type text, result text, target text)`,
    );

    // the rows as the ingest sends them to the database, parsed once before timing: source id first
    const parsed = await parsedRows(raw, csv);
    for (const month of parsed.months) await raw.query(ENSURE_PARTITION, [month]);

    let storedOnce = true;
    const best = { raw: Infinity, floor: Infinity, endpoint: Infinity, import: Infinity };
    const time = async (f: () => Promise<void>) => {
      const t0 = performance.now();
      await f();
      return performance.now() - t0;
    };
    const storedOf = async (source: string) =>
      Number(
        (await raw.query(`SELECT count(*)::int AS n FROM operation_record WHERE "sourceId" = $1`, [source])).rows[0].n,
      );
    for (let round = 0; round < ROUNDS; round++) {
      await raw.query('TRUNCATE raw_oplog');
      best.raw = Math.min(
        best.raw,
        await time(() =>
          pipeline(
            Readable.from([csv]),
            raw.query(copyFrom(`COPY raw_oplog FROM STDIN WITH (FORMAT csv, HEADER true)`)),
          ),
        ),
      );
      const floorSource = `bench-floor-${round}`;
      const floorRows = Buffer.from(parsed.text.replace(/^(?=.)/gm, `${floorSource}\t`));
      best.floor = Math.min(
        best.floor,
        await time(() => pipeline(Readable.from([floorRows]), raw.query(copyFrom(COPY_RECORDS)))),
      );
      storedOnce &&= (await storedOf(floorSource)) === rows;
      const source = `bench-api-${round}`;
      best.endpoint = Math.min(
        best.endpoint,
        await time(async () => {
          const res = await fetch(`${address}/api/oplog/batches/${source}`, {
            method: 'POST',
            headers: { 'content-type': 'text/csv', authorization: `Bearer ${token}` },
            body: csv,
          });
          const body = (await res.json()) as { stored?: number };
          if (res.status !== 200 || body.stored !== rows) storedOnce = false;
        }),
      );
      storedOnce &&= (await storedOf(source)) === rows;
      const imported = `bench-import-${round}`;
      best.import = Math.min(
        best.import,
        await time(async () => {
          const p = await importFile(app.services.oplogIngest, {
            file,
            sourceId: imported,
            format: 'csv',
            chunkLines: 100_000,
            meta: SYSTEM_META,
          });
          if (p.stored !== rows) storedOnce = false;
        }),
      );
      storedOnce &&= (await storedOf(imported)) === rows;
    }
    await raw.end();
    const perSec = (ms: number) => (rows / ms) * 1000;
    return {
      rows,
      rawPerSec: perSec(best.raw),
      floorPerSec: perSec(best.floor),
      endpointPerSec: perSec(best.endpoint),
      importPerSec: perSec(best.import),
      storedOnce,
    };
  } finally {
    await close();
    await ds.destroy();
    await server.dropDatabase(name);
    await rm(dir, { recursive: true, force: true });
  }
}

/** The CSV through the ingest's own line parser: its COPY text (targets as bytea) and the months of its rows. */
async function parsedRows(c: pg.Client, csv: Buffer): Promise<{ text: string; months: string[] }> {
  const typeCodes = new Set((await c.query<{ code: string }>(OPERATION_TYPE_CODES)).rows.map((r) => r.code));
  const parser = new OplogLineParser({
    format: 'csv',
    typeCodes,
    targetKey: Buffer.alloc(32, 7),
    now: new Date(),
    maxBytes: Infinity,
  });
  const parts: string[] = [];
  await pipeline(Readable.from([csv]), parser, async (rows: AsyncIterable<Buffer | string>) => {
    for await (const part of rows) parts.push(part.toString());
  });
  // the staging table takes the HMAC as hex text; operation_record's bytea column wants \x before it
  const text = parts.join('').replace(/\t([0-9a-f]{64})\n/g, '\t\\\\x$1\n');
  return { text, months: [...parser.months].sort() };
}
