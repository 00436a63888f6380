// The operation history's reads on a generated 7-year history (issue 16, Bench): one operator for
// one month (the operationRecords page), after-hours for one month across all operators and
// unusual volume for one month (the saved queries), each through the module's own SQL and services,
// on the partitioned table and on a plain indexed (unpartitioned) table holding the same rows, in
// the same run. The rows are generated server-side (INSERT … SELECT generate_series, in chunks)
// into the months made by the module's own oplog_ensure_partition, so 90 million rows are feasible.
// The plain table lives in the schema "plain" under the same name: a connection with
// search_path = plain, public runs the very same statements against it.
// For 90M rows (hours to generate): `--oplog-keep=NAME` keeps the database NAME on the server of
// DATABASE_URL and, when it already holds a generated history of the same size, only migrates it
// and measures again; `--oplog-plain=off` skips the plain copy (half the time and disk).
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import type { QueryRunner } from 'typeorm';
import { loadConfig } from '../server/src/config.js';
import { createDataSource } from '../server/src/db/data-source.js';
import type { ScratchServer } from '../server/src/db/scratch-server.js';
import { OPERATION_RECORD_KEYSET } from '../server/src/modules/oplog/operation-record-reading.service.js';
import { RECORDS_OF_PERIOD } from '../server/src/modules/oplog/oplog.sql.js';
import { OplogSavedQueryService } from '../server/src/modules/oplog/saved-queries.service.js';
import { OplogOperatorDayQuery, OplogRecordQuery } from '../server/src/modules/oplog/saved-queries.types.js';

/** 7 years of working weeks (Monday–Friday), ending before today */
const WEEKS = 365;
const OPERATORS = 100;
const TERMINALS = 50;
const CHUNK = 1_000_000;
/** one-operator samples (p95 of these) and month samples of each saved query */
const OPERATOR_SAMPLES = 40;
const MONTH_SAMPLES = 7;

export interface QueryFigure {
  label: string;
  goalMs: number;
  /** milliseconds of each sample, partitioned table / plain table */
  partitioned: number[];
  plain: number[];
  /** rows the samples returned on each table (the same when the statements agree) */
  rows: [number, number];
}

export interface OplogQueriesOptions {
  /** keep (and reuse) the generated history in this database, not a throw-away one */
  keep?: string;
  /** make the plain indexed table and measure it beside (default true) */
  plain?: boolean;
}

export interface OplogQueriesResult {
  rows: number;
  /** false when the history was reused from a kept database (generateSeconds is then its first build's) */
  generated: boolean;
  plain: boolean;
  months: number;
  generateSeconds: number;
  bytesPerRow: { partitioned: number; plain: number };
  figures: QueryFigure[];
  /** each sample answered the same rows on both tables */
  sameAnswers: boolean;
}

const day = (d: Date) => d.toISOString().slice(0, 10);
const addDays = (d: Date, n: number) => new Date(d.getTime() + n * 86_400_000);

/** The history: `rows` records over WEEKS working weeks ending before `today` (UTC date = Tokyo date here). */
function generation(rows: number, start: string) {
  const workingDays = WEEKS * 5;
  // g → working day d (evenly), its fraction of the day; 1 in 40 after 17:15, the rest 08:30–17:15
  const sql = `
INSERT INTO operation_record ("at", "sourceId", "line", "terminalCode", "operatorId", "operationType", "result", "targetHmac", "receivedAt")
SELECT s.at, s.t, (s.g / ${TERMINALS} + 1)::int, s.t,
       -- every 23rd working day, OP1000 does a quarter of the day's records: unusual volume to find
       'OP' || (1000 + CASE WHEN s.d % 23 = 0 AND (s.h / 7) % 4 = 0 THEN 0 ELSE s.h % ${OPERATORS} END),
       (ARRAY['INQUIRY','INQUIRY','INQUIRY','UPDATE','PROVISION','PRINT'])[1 + ((s.h / ${OPERATORS}) % 6)::int],
       CASE WHEN s.h % 53 = 0 THEN 'FAILURE' ELSE 'SUCCESS' END,
       decode(md5(s.g::text) || md5((s.g + 1)::text), 'hex'), s.at + interval '1 day'
  FROM (
    SELECT g, g * ${workingDays} / $3::bigint AS d, 'T-' || lpad((g % ${TERMINALS})::text, 3, '0') AS t, (g * 2654435761) % 4294967296 AS h,
           ((DATE '${start}' + ((g * ${workingDays} / $3::bigint) / 5 * 7 + (g * ${workingDays} / $3::bigint) % 5)::int)::timestamp
             + CASE WHEN (g * 2654435761) % 4294967296 % 40 = 0
                    THEN interval '17 hours 15 minutes' + ((g * ${workingDays}) % $3::bigint)::float8 / $3::bigint * interval '4 hours'
                    ELSE interval '8 hours 30 minutes' + ((g * ${workingDays}) % $3::bigint)::float8 / $3::bigint * interval '8 hours 45 minutes' END
           ) AT TIME ZONE 'Asia/Tokyo' AS at
      FROM generate_series($1::bigint, $2::bigint) g) s`;
  return { sql, chunks: Math.ceil(rows / CHUNK) };
}

function quantile(values: number[], q: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)] ?? NaN;
}

export async function benchOplogQueries(
  server: ScratchServer,
  rows: number,
  log: (line: string) => void = (l) => process.stderr.write(`${l}\n`),
  options: OplogQueriesOptions = {},
): Promise<OplogQueriesResult> {
  const withPlain = options.plain ?? true;
  const name = options.keep ?? (await server.createDatabase('jukinet_bench_oplogq'));
  const kept = options.keep ? await keptHistory(server, options.keep, rows, withPlain) : undefined;
  const url = server.urlOf(name);
  const ds = createDataSource({ url, statementTimeoutMs: 0, poolSize: 3 });
  await ds.initialize();
  const raw = new pg.Client({ connectionString: url });
  const runners: QueryRunner[] = [];
  try {
    await ds.runMigrations({ transaction: 'each' });
    await raw.connect();
    const reuse = kept !== undefined;
    // the last Monday at least WEEKS weeks before today: the history ends last week
    const today = new Date(`${day(new Date(Date.now() + 9 * 3_600_000))}T00:00:00Z`);
    let start = addDays(today, -(WEEKS + 1) * 7);
    start = addDays(start, (8 - start.getUTCDay()) % 7);
    if (reuse) start = new Date(`${kept.start}T00:00:00Z`);
    const end = addDays(start, WEEKS * 7);
    let months = 0;
    for (let m = new Date(`${day(start).slice(0, 7)}-01T00:00:00Z`); m < end; m.setUTCMonth(m.getUTCMonth() + 1)) {
      months++;
    }
    let generateSeconds = kept?.seconds ?? 0;
    if (reuse) {
      log(`  reusing the ${rows}-row history kept in ${name} (generated from ${kept.start})`);
    } else {
      const t0 = performance.now();
      for (let m = new Date(`${day(start).slice(0, 7)}-01T00:00:00Z`); m < end; m.setUTCMonth(m.getUTCMonth() + 1)) {
        await raw.query(`SELECT oplog_ensure_partition($1::date)`, [day(m)]);
      }
      const gen = generation(rows, day(start));
      for (let c = 0; c < gen.chunks; c++) {
        const from = c * CHUNK;
        const to = Math.min(rows, from + CHUNK) - 1;
        await raw.query(gen.sql, [from, to, rows]);
        log(`  generated ${to + 1} / ${rows} rows (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
      }
      if (withPlain) {
        await raw.query(`CREATE SCHEMA plain`);
        await raw.query(
          `CREATE TABLE plain.operation_record (LIKE public.operation_record INCLUDING DEFAULTS INCLUDING CONSTRAINTS)`,
        );
        await raw.query(`INSERT INTO plain.operation_record SELECT * FROM public.operation_record`);
        await raw.query(`ALTER TABLE plain.operation_record ADD PRIMARY KEY ("sourceId", "line", "at")`);
        await raw.query(`CREATE INDEX ON plain.operation_record USING brin ("at")`);
        await raw.query(`CREATE INDEX ON plain.operation_record ("operatorId", "at")`);
        log(`  plain copy made (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
      }
      // an old history has been vacuumed: visibility maps set, statistics current
      await raw.query(`VACUUM ANALYZE operation_record`);
      if (withPlain) await raw.query(`VACUUM ANALYZE plain.operation_record`);
      generateSeconds = (performance.now() - t0) / 1000;
      log(`  vacuumed and analysed (${generateSeconds.toFixed(0)} s)`);
      if (options.keep) {
        await raw.query(`CREATE TABLE bench_history (rows bigint, start date, plain boolean, seconds float8)`);
        await raw.query(`INSERT INTO bench_history VALUES ($1, $2, $3, $4)`, [
          rows,
          day(start),
          withPlain,
          generateSeconds,
        ]);
      }
    }
    const size = async (sql: string) => Number((await raw.query<{ b: string }>(sql)).rows[0].b);
    const bytesPerRow = {
      partitioned:
        (await size(`SELECT coalesce(sum(pg_total_relation_size(inhrelid)), 0)::bigint AS b
                      FROM pg_inherits WHERE inhparent = 'operation_record'::regclass`)) / rows,
      plain: withPlain
        ? (await size(`SELECT pg_total_relation_size('plain.operation_record')::bigint AS b`)) / rows
        : NaN,
    };

    const connect = async (searchPath: string) => {
      const qr = ds.createQueryRunner();
      await qr.connect();
      await qr.query(`SET search_path TO ${searchPath}`);
      runners.push(qr);
      return qr;
    };
    const partitioned = await connect('public');
    const plain = withPlain ? await connect('plain, public') : undefined;
    const saved = new OplogSavedQueryService(ds, { officeHours: loadConfig().oplog.officeHours });

    // samples: a fixed pseudo-random sequence of months (not the first: unusual volume reads 30 days before)
    let seed = 16;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const monthOf = (i: number) => {
      const m = new Date(`${day(start).slice(0, 7)}-01T00:00:00Z`);
      m.setUTCMonth(m.getUTCMonth() + 1 + i);
      const next = new Date(m);
      next.setUTCMonth(next.getUTCMonth() + 1);
      return { from: day(m), until: day(addDays(next, -1)) };
    };
    const sampleMonth = () => monthOf(rand(months - 2));

    let sameAnswers = true;
    const figure = async (
      label: string,
      goalMs: number,
      samples: number,
      run: (qr: QueryRunner, i: number) => Promise<unknown[]>,
    ): Promise<QueryFigure> => {
      const f: QueryFigure = { label, goalMs, partitioned: [], plain: [], rows: [0, 0] };
      for (let i = 0; i < samples; i++) {
        // alternate which table goes first, so a warm cache favours neither
        const order = !plain ? [partitioned] : i % 2 ? [plain, partitioned] : [partitioned, plain];
        const answers = new Map<QueryRunner, string>();
        for (const qr of order) {
          const t = performance.now();
          const out = await run(qr, i);
          const ms = performance.now() - t;
          (qr === partitioned ? f.partitioned : f.plain).push(ms);
          f.rows[qr === partitioned ? 0 : 1] += out.length;
          answers.set(qr, JSON.stringify(out));
        }
        if (plain) sameAnswers &&= answers.get(partitioned) === answers.get(plain);
      }
      log(`  ${label}: done`);
      return f;
    };

    const operatorMonths = Array.from({ length: OPERATOR_SAMPLES }, () => ({
      operator: `OP${1000 + rand(OPERATORS)}`,
      ...sampleMonth(),
    }));
    const recordMonths = Array.from({ length: MONTH_SAMPLES }, sampleMonth);
    const dayMonths = Array.from({ length: MONTH_SAMPLES }, sampleMonth);
    const figures = [
      await figure('one operator, one month (first page)', 100, OPERATOR_SAMPLES, async (qr, i) => {
        const { operator, from, until } = operatorMonths[i];
        const k = OPERATION_RECORD_KEYSET.sql({ first: 100 }, 4);
        return (await qr.query(RECORDS_OF_PERIOD(k.where, k.orderBy, k.limit), [
          new Date(`${from}T00:00:00+09:00`),
          addDays(new Date(`${until}T00:00:00+09:00`), 1),
          operator,
          ...k.params,
        ])) as unknown[];
      }),
      await figure('after-hours, one month, all operators (first page)', 1000, MONTH_SAMPLES, async (qr, i) => {
        const page = await saved.records(
          OplogRecordQuery.OUTSIDE_HOURS,
          { ...recordMonths[i], first: 100 },
          {
            em: qr.manager,
          },
        );
        return page.nodes;
      }),
      await figure('unusual volume, one month (first page)', 2000, MONTH_SAMPLES, async (qr, i) => {
        const page = await saved.operatorDays(
          OplogOperatorDayQuery.UNUSUAL_VOLUME,
          { ...dayMonths[i], first: 100 },
          {
            em: qr.manager,
          },
        );
        return page.nodes;
      }),
    ];
    return { rows, generated: !reuse, plain: withPlain, months, generateSeconds, bytesPerRow, figures, sameAnswers };
  } finally {
    for (const qr of runners) await qr.release();
    await raw.end().catch(() => undefined);
    await ds.destroy();
    if (!options.keep) await server.dropDatabase(name);
  }
}

/** The history kept in database `name` when it has `rows` rows (and the plain table, if asked); otherwise the
 * database is made anew (empty) and undefined is answered. Records cannot be deleted (A20.2), so a
 * history of another size goes with its database. */
async function keptHistory(
  server: ScratchServer,
  name: string,
  rows: number,
  withPlain: boolean,
): Promise<{ start: string; seconds: number } | undefined> {
  const admin = new pg.Client({ connectionString: server.adminUrl });
  await admin.connect();
  try {
    const exists = (await admin.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [name])).rowCount;
    if (exists) {
      const db = new pg.Client({ connectionString: server.urlOf(name) });
      await db.connect();
      const found = await db
        .query<{ start: string; plain: boolean; seconds: number }>(
          `SELECT to_char(start, 'YYYY-MM-DD') AS start, plain, seconds FROM bench_history WHERE rows = $1`,
          [rows],
        )
        .then((r) => r.rows[0])
        .catch(() => undefined)
        .finally(() => db.end());
      if (found && (found.plain || !withPlain)) return found;
      await admin.query(`DROP DATABASE ${pg.escapeIdentifier(name)} WITH (FORCE)`);
    }
    await admin.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`);
    return undefined;
  } finally {
    await admin.end();
  }
}

/** The lines `npm run bench -- --only=oplog-queries` prints. */
export function printOplogQueries(r: OplogQueriesResult, print: (line: string) => void = console.log): boolean {
  const fmt = (n: number, digits = 1) => n.toFixed(digits);
  print(
    `rows ${r.rows} over ${r.months} monthly partitions, ${r.generated ? '' : 'kept from a run that '}` +
      `generated${r.plain ? ' + copied' : ''} + vacuumed in ${fmt(r.generateSeconds, 0)} s; ` +
      `bytes on disk per row: partitioned ${fmt(r.bytesPerRow.partitioned, 0)}` +
      `${r.plain ? `, plain ${fmt(r.bytesPerRow.plain, 0)}` : ''} (tables + indexes)`,
  );
  for (const f of r.figures) {
    const p95 = quantile(f.partitioned, 0.95);
    const plain95 = quantile(f.plain, 0.95);
    const beside = r.plain
      ? `plain p95 ${fmt(plain95).padStart(8)} ms (median ${fmt(quantile(f.plain, 0.5))})  ratio = ${fmt(p95 / plain95, 2)}  `
      : '';
    print(
      `${f.label.padEnd(52)} partitioned p95 ${fmt(p95).padStart(8)} ms (median ${fmt(quantile(f.partitioned, 0.5))})  ` +
        `${beside}goal ≤ ${f.goalMs} ms: ${p95 <= f.goalMs ? 'met' : 'NOT met'}  ` +
        `(${f.partitioned.length} samples, ${f.rows[0]} rows in all)`,
    );
  }
  if (r.plain) print(`the same rows from both tables in every sample: ${r.sameAnswers ? 'yes' : 'NO'}`);
  return r.sameAnswers;
}
