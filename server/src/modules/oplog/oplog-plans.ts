// The EXPLAIN plans of the operation history's statements (oplog.sql.ts, oplog-archive.sql.ts,
// saved-queries.sql.ts),
// committed in oplog.plans.sql and checked for drift by `npm run check` (like immich's generated
// SQL): a changed query, index or partitioning shows its new plan in review. Each runs on a fixed,
// generated history (three months, 8 640 rows each: below ANALYZE's sample, so its statistics are
// exact and the plan choice the same on every run), EXPLAIN without ANALYZE and COSTS OFF, with
// custom plans for the sample parameters, no parallel workers and no JIT.
import type pg from 'pg';
import { encodeCursor } from '../../shared/paging.js';
import { OPERATION_RECORD_KEYSET } from './operation-record-reading.service.js';
import { EXPORT_MONTH, HOLDS_OVER, MONTH_STATE } from './oplog-archive.sql.js';
import {
  BATCHES_RECEIVED,
  CREATE_STAGE,
  ADD_DAYS,
  INSERT_STAGED,
  INSERT_STAGED_NEW,
  LAST_LINE_OF_SOURCE,
  LINES_STORED,
  LAST_POSSIBLE_LINE,
  LAST_RECEIVED,
  OPERATION_TYPE_CODES,
  READ_BACK,
  RECORD_BY_KEY,
  RECORDS_OF_PERIOD,
  SUMMARISE_RECORDS,
} from './oplog.sql.js';
import { DAY_KEYSET, MIN_BASELINE_DAYS, periodOf, RECORD_KEYSET } from './saved-queries.service.js';
import {
  ALL_DAY,
  BEYOND_ROLE,
  EMPTY_SERVER_ROOM,
  NO_VALID_CARD,
  OUTSIDE_HOURS,
  UNUSUAL_VOLUME,
} from './saved-queries.sql.js';
import { isWorkingDay } from '../../shared/working-days.js';

export const PLANS_FILE = 'server/src/modules/oplog/oplog.plans.sql';

/** The fixed history: Jan–Mar 2025 (Tokyo), one record every 15 minutes for each of 3 operators per source. */
const MONTHS = ['2025-01-01', '2025-02-01', '2025-03-01'];
const DATASET = `
INSERT INTO operation_record ("at", "sourceId", "line", "terminalCode", "operatorId", "operationType", "result", "targetHmac", "receivedAt")
SELECT m + make_interval(mins => 15 * (g / 3)), 'T-' || (g % 3) || '-' || to_char(m, 'YYYY-MM'), g + 1,
       'T-' || (g % 3), 'OP' || (1000 + g % 3), (ARRAY['SIGN_IN','INQUIRY','UPDATE','PRINT'])[1 + g % 4],
       CASE WHEN g % 50 = 0 THEN 'FAILURE' ELSE 'SUCCESS' END, NULL, m + make_interval(days => 40)
  FROM unnest($1::timestamptz[]) m, generate_series(0, 8639) g`;

const SAVED_QUERY_TABLES = [
  'oplog_review_mark',
  'card_operator',
  'operator_card_event',
  'oplog_role_operation',
  'role_assignment',
  'oplog_terminal_room',
  'room',
  'access_event',
];

interface Sample {
  name: string;
  what: string;
  sql: string;
  params: unknown[];
}

function samples(): Sample[] {
  const from = new Date('2025-02-01T00:00:00+09:00');
  const to = new Date('2025-03-01T00:00:00+09:00');
  const first = OPERATION_RECORD_KEYSET.sql({ first: 50 }, 4);
  const cursor = encodeCursor(
    'operationRecords',
    ['timestamp', 'text', 'bigint'],
    [new Date('2025-02-10T09:00:00+09:00'), 'T-1-2025-02', '100'],
  );
  const next = OPERATION_RECORD_KEYSET.sql({ first: 50, after: cursor }, 4);
  return [
    {
      name: 'RECORDS_OF_PERIOD (one operator, first page)',
      what: 'operationRecords(operatorId, from, to): the ("operatorId", at) index of the month only',
      sql: RECORDS_OF_PERIOD(first.where, first.orderBy, first.limit),
      params: [from, to, 'OP1001', ...first.params],
    },
    {
      name: 'RECORDS_OF_PERIOD (all operators, next page)',
      what: 'operationRecords(from, to, after): the month’s partition, other months pruned',
      sql: RECORDS_OF_PERIOD(next.where, next.orderBy, next.limit),
      params: [from, to, null, ...next.params],
    },
    {
      name: 'RECORD_BY_KEY',
      what: 'an investigation links a record by its key (A21): the primary key of one partition',
      sql: RECORD_BY_KEY,
      params: ['T-1-2025-02', 100, new Date('2025-02-01T08:15:00+09:00')],
    },
    {
      name: 'LAST_LINE_OF_SOURCE',
      what: 'an import resumes after the last line of its source',
      sql: LAST_LINE_OF_SOURCE,
      params: ['T-1-2025-02'],
    },
    {
      name: 'LINES_STORED',
      what: 'whether a batch’s lines may be stored already: the primary key of each partition',
      sql: LINES_STORED,
      params: ['T-1-2025-02', 1, 100_000],
    },
    {
      name: 'LINES_STORED (from a line on)',
      what: 'whether a batch may go straight into the history: no line of its source from its first on',
      sql: LINES_STORED,
      params: ['T-1-2025-02', 100_001, LAST_POSSIBLE_LINE],
    },
    {
      name: 'READ_BACK',
      what: 'a batch that met a month with no partition: what it COPYed straight in, read back (the query inside the COPY)',
      sql: READ_BACK('T-1-2025-02', 1)
        .replace(/^COPY \(/, '')
        .replace(/\) TO STDOUT$/, ''),
      params: [],
    },
    {
      name: 'INSERT_STAGED_NEW',
      what: 'a batch none of whose lines is stored from the staging table into the history, a plain insert',
      sql: INSERT_STAGED_NEW,
      params: ['T-9'],
    },
    {
      name: 'ADD_DAYS',
      what: 'the operator-days the parser counted into operation_day, in key order',
      sql: ADD_DAYS,
      params: [['2025-02-03'], ['OP1001'], [3], ['2025-02-03T00:00:00Z'], ['2025-02-03T08:00:00Z'], [7]],
    },
    {
      name: 'INSERT_STAGED',
      what: 'a batch from the staging table into the history, duplicates skipped, and what was stored into operation_day',
      sql: INSERT_STAGED,
      params: ['T-9'],
    },
    {
      name: 'LAST_RECEIVED',
      what: 'the newest batch received: one row per source (operation_source), no partition read',
      sql: LAST_RECEIVED,
      params: [new Date('2025-04-01T00:00:00Z')],
    },
    {
      name: 'BATCHES_RECEIVED',
      what: 'A20.2 on /compliance: batches from the audit trail, not the history',
      sql: BATCHES_RECEIVED,
      params: [new Date('2025-04-01T00:00:00Z')],
    },
    { name: 'OPERATION_TYPE_CODES', what: 'the codes an ingest accepts', sql: OPERATION_TYPE_CODES, params: [] },
    {
      name: 'MONTH_STATE',
      what: 'archiving a month (A20.2): its bounds, partition and age',
      sql: MONTH_STATE,
      params: ['2025-02-01', new Date('2033-01-01T00:00:00Z')],
    },
    {
      name: 'HOLDS_OVER',
      what: 'archiving a month (A20.2): legal holds in force over it',
      sql: HOLDS_OVER,
      params: [from, to],
    },
    {
      name: 'EXPORT_MONTH',
      what: 'archiving a month (A20.2): its records, oldest first, through COPY (the query inside it)',
      sql: EXPORT_MONTH('2025-02')
        .replace(/^COPY \(/, '')
        .replace(/\) TO STDOUT WITH \(FORMAT csv, HEADER\)$/, ''),
      params: [],
    },
    ...savedQuerySamples(),
  ];
}

/** The saved queries of the reviews (saved-queries.sql.ts) over February, first page, as the service binds them. */
function savedQuerySamples(): Sample[] {
  const p = periodOf('2025-02-01', '2025-02-28');
  const records = RECORD_KEYSET.sql({ first: 100 }, 3);
  const outside = RECORD_KEYSET.sql({ first: 100 }, 6);
  const days = (own: number) => DAY_KEYSET.sql({ first: 100 }, 3 + own);
  const record = (name: string, what: string, sql: typeof OUTSIDE_HOURS): Sample => ({
    name,
    what,
    sql: sql(records.where, records.orderBy, records.limit),
    params: [p.from, p.to, ...records.params],
  });
  return [
    {
      name: 'OUTSIDE_HOURS (saved query, first page)',
      what: 'records on closed days or outside office hours: the month’s partition, other months pruned',
      sql: OUTSIDE_HOURS(outside.where, outside.orderBy, outside.limit),
      params: [p.from, p.to, p.days.filter((d) => !isWorkingDay(d)), '08:30', '17:15', ...outside.params],
    },
    record(
      'NO_VALID_CARD (saved query, first page)',
      'records by an operator without a valid card then (card_operator, operator_card_event)',
      NO_VALID_CARD,
    ),
    record(
      'BEYOND_ROLE (saved query, first page)',
      'records of a type beyond the operator’s roles (oplog_role_operation, role_assignment)',
      BEYOND_ROLE,
    ),
    record(
      'EMPTY_SERVER_ROOM (saved query, first page)',
      'records at a server-room terminal with nobody inside (oplog_terminal_room, access_event)',
      EMPTY_SERVER_ROOM,
    ),
    {
      name: 'UNUSUAL_VOLUME (saved query, first page)',
      what: 'operator-days above their 30-day baseline: operation_day of the month and the 30 days before',
      sql: UNUSUAL_VOLUME(days(1).where, days(1).orderBy, days(1).limit),
      params: [p.from, p.to, MIN_BASELINE_DAYS, ...days(1).params],
    },
    {
      name: 'ALL_DAY (saved query, first page)',
      what: 'operator-days active all day (a shared ID): operation_day of the month',
      sql: ALL_DAY(days(2).where, days(2).orderBy, days(2).limit),
      params: [p.from, p.to, 12, 10, ...days(2).params],
    },
  ];
}

/** The file's text: each statement, then its plan as comment lines. */
export async function renderPlans(client: pg.Client): Promise<string> {
  await client.query(`SET max_parallel_workers_per_gather = 0`);
  await client.query(`SET jit = off`);
  await client.query(`SET plan_cache_mode = force_custom_plan`);
  await client.query(`SET TIME ZONE 'UTC'`);
  // the migration made the months around today: only the fixed months stay, so the plans do not age
  const { rows: made } = await client.query<{ t: string }>(
    `SELECT c.relname AS t FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
      WHERE i.inhparent = 'operation_record'::regclass`,
  );
  for (const { t } of made) await client.query(`DROP TABLE ${t}`);
  for (const m of MONTHS) await client.query(`SELECT oplog_ensure_partition($1::date)`, [m]);
  const months = MONTHS.map((m) => `${m} 00:00:00+09`);
  await client.query(DATASET, [months]);
  // the per-operator, per-day summary of those records, as the migration's backfill makes it
  await client.query(SUMMARISE_RECORDS);
  await client.query(CREATE_STAGE);
  // each source's last batch, as the ingest keeps it (LAST_RECEIVED reads it)
  await client.query(`INSERT INTO operation_source (id, "firstReceivedAt", "lastReceivedAt", batches, stored)
    SELECT "sourceId", min("receivedAt"), max("receivedAt"), 1, count(*) FROM operation_record GROUP BY 1`);
  await client.query(`ANALYZE operation_source`);
  await client.query(`ANALYZE operation_record`);
  await client.query(`ANALYZE operation_day`);
  await client.query(`ANALYZE oplog_stage`);
  await client.query(`ANALYZE operation_type`);
  await client.query(`ANALYZE audit_entry`);
  await client.query(`ANALYZE oplog_legal_hold`);
  // the saved queries' other tables, empty here: analysed so their (empty) statistics are the same on every run
  for (const t of SAVED_QUERY_TABLES) await client.query(`ANALYZE ${t}`);
  const out = [
    '-- Generated by `npm run oplog:plans` (server/src/modules/oplog/oplog-plans.ts): do not edit.',
    '-- EXPLAIN (COSTS OFF) of the operation history’s statements on a fixed generated history of three',
    '-- months (25 920 rows, ANALYZEd); `npm run check` fails when a plan changes. The statements that read',
    '-- only the catalog (partition months, the retention guard) are not here. The same on PostgreSQL 15 and',
    '-- 18 (CI runs both), after normalise() drops what 15 prints and 18 does not.',
    '',
  ];
  for (const [i, s] of samples().entries()) {
    await client.query(`PREPARE plan_${i} AS ${s.sql}`);
    const args = s.params.length ? `(${s.params.map((_, j) => `$${j + 1}`).join(', ')})` : '';
    const { rows } = await client.query<{ 'QUERY PLAN': string }>(
      `EXPLAIN (COSTS OFF) EXECUTE plan_${i}${args}`.replace(/\$(\d+)/g, (_, n: string) =>
        literal(s.params[Number(n) - 1]),
      ),
    );
    await client.query(`DEALLOCATE plan_${i}`);
    out.push(
      `-- ${s.name}`,
      `-- ${s.what}`,
      s.sql.trim().replace(/\n\s*\n/g, '\n'),
      ...rows.map((r) => `--   ${normalise(r['QUERY PLAN'])}`),
      '',
    );
  }
  return out.join('\n');
}

/**
 * What PostgreSQL 15 prints and 18 does not, for the same plan (CI runs both): an InitPlan's
 * "(returns $0)", and an "IS NOT NULL" on a NOT NULL column that 17+ no longer adds to a min/max
 * index condition. Any other difference is a different plan and fails the check.
 */
export function normalise(line: string): string {
  return line
    .replace(/^(\s*InitPlan \d+) \(returns \$\d+(?:,\$\d+)*\)$/, '$1')
    .replace(/\(\((.+)\) AND \(([\w"]+) IS NOT NULL\)\)$/, '($1)');
}

/** A sample parameter as a SQL literal in EXECUTE's argument list. */
function literal(v: unknown): string {
  if (v === null || v === undefined) return 'NULL';
  if (v instanceof Date) return `'${v.toISOString()}'`;
  if (Array.isArray(v)) return literal(`{${v.map(String).join(',')}}`);
  if (typeof v === 'number') return String(v);
  return `'${String(v).replace(/'/g, "''")}'`;
}
