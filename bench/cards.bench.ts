// Transfer rounds (issue 15 §3): importing a 3,000-row personnel file through the full stack
// (HTTP → GraphQL → checks → moves through the organisation's one move, each in the import's
// transaction, with the staff.moved hooks opening the tasks) against a raw multi-row INSERT of the
// same rows, in the same run. Also the same file dated in the future (stored and scheduled, opened
// later by the job), and SQL statements per page of the round's view for two round sizes.
import { performance } from 'node:perf_hooks';
import { pino } from 'pino';
import { createDataSource } from '../server/src/db/data-source.js';
import { installJobSchema } from '../server/src/jobs/job-queue.js';
import { CountingLogger } from '../server/src/db/query-counter.js';
import type { ScratchServer } from '../server/src/db/scratch-server.js';
import { IMPORT_TRANSFERS, makeStaff, TRANSFER_MOVES, transferCsv } from '../test/helpers/card-transfers.js';
import { BENCH_PASSWORD, startDemoApp } from './demo-app.js';

export interface CardsBenchResult {
  rows: number;
  rawMs: number;
  importOpenMs: number;
  importScheduleMs: number;
  tasksOpened: number;
  statementsPerPage: { moves: number; statements: number }[];
}

export interface CardsBenchOptions {
  /** the data source's logger (a profile driver's, to time each statement) */
  logger?: CountingLogger;
  /** wraps the import dated today, the one the goal is about (a profile driver's CPU profile) */
  aroundOpen?: <T>(run: () => Promise<T>) => Promise<T>;
}

export async function benchCards(
  server: ScratchServer,
  rows: number,
  opts: CardsBenchOptions = {},
): Promise<CardsBenchResult> {
  const name = await server.createDatabase('jukinet_bench_cards');
  const url = server.urlOf(name);
  const logger = opts.logger ?? new CountingLogger();
  const ds = createDataSource({ url, logger });
  await ds.initialize();
  // the durable queue's tables, as the server installs them at start (a later date's moves wait there)
  await installJobSchema(url, pino({ level: 'silent' }));
  const demo = await startDemoApp(ds, url, { JOBS_ENABLED: 'false' });
  try {
    // through Fastify's inject: the whole stack without a socket, so no client timeout cuts a long import
    const gql = async (query: string, variables: Record<string, unknown>, cookie?: string) => {
      const res = await demo.app.http.inject({
        method: 'POST',
        url: '/graphql',
        headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
        payload: JSON.stringify({ query, variables }),
      });
      const body = res.json() as { data?: any; errors?: unknown };
      if (body.errors) throw new Error(JSON.stringify(body.errors));
      const set = res.headers['set-cookie'];
      return { data: body.data, cookie: (Array.isArray(set) ? set[0] : set)?.split(';')[0] };
    };
    const pin = (
      await gql(
        `mutation($n: String!, $p: String!) { signIn(input: { staffNumber: $n, password: $p }) { staff { id } } }`,
        { n: '400101', p: BENCH_PASSWORD },
      )
    ).cookie!;
    // a third of each set are operators holding a card (their move opens CARD_COLLECT + PIN_CHANGE)
    const now = await makeStaff(ds, {
      prefix: 'N',
      n: rows,
      sectionCode: 'S0401',
      operators: rows / 3,
      since: '2020-04-01',
      by: '',
    });
    const later = await makeStaff(ds, {
      prefix: 'L',
      n: rows,
      sectionCode: 'S0401',
      operators: rows / 3,
      since: '2020-04-01',
      by: '',
    });
    const today = new Date(Date.now() + 9 * 3600_000).toISOString().slice(0, 10);
    const file = (staff: { staffNumber: string }[], date: string) =>
      transferCsv(staff.map((s, i) => [s.staffNumber, '市民課', i % 2 ? '保険年金課' : '職員課', date, '']));

    // the baseline: the same number of rows in one multi-row INSERT, no checks, no moves
    await ds.query(`CREATE TABLE bench_raw_move (LIKE card_transfer_move INCLUDING DEFAULTS)`);
    const round = (await ds.query(
      `INSERT INTO card_transfer_round (name, "createdAt") VALUES ('raw', now()) RETURNING id`,
    )) as { id: string }[];
    const sections = (await ds.query(`SELECT id FROM section WHERE code IN ('S0401','S0402') ORDER BY code`)) as {
      id: string;
    }[];
    const values: unknown[] = [];
    const tuples = now.map((s, i) => {
      values.push(round[0].id, s.staffId, s.staffNumber, sections[0].id, sections[1].id, today, 'SCHEDULED', i + 2);
      const b = i * 8;
      return `($${b + 1}, $${b + 2}, $${b + 3}, $${b + 4}, $${b + 5}, $${b + 6}, $${b + 7}, $${b + 8})`;
    });
    let t0 = performance.now();
    await ds.query(
      `INSERT INTO bench_raw_move ("roundId", "staffId", "staffNumber", "fromSectionId", "toSectionId",
         "effectiveDate", state, "sourceRow") VALUES ${tuples.join(', ')}`,
      values,
    );
    const rawMs = performance.now() - t0;

    t0 = performance.now();
    const scheduled = (
      await gql(IMPORT_TRANSFERS, { i: { roundName: '発令待ち', contentBase64: file(later, '2099-04-01') } }, pin)
    ).data.importCardTransfers;
    const importScheduleMs = performance.now() - t0;
    console.log(`(dated later: ${importScheduleMs.toFixed(0)} ms; raw INSERT: ${rawMs.toFixed(0)} ms)`);
    if (scheduled.added !== rows) throw new Error(`scheduled import stored ${scheduled.added}`);

    const around = opts.aroundOpen ?? ((run) => run());
    t0 = performance.now();
    const opened = (
      await around(() => gql(IMPORT_TRANSFERS, { i: { roundName: '本日付', contentBase64: file(now, today) } }, pin))
    ).data.importCardTransfers;
    const importOpenMs = performance.now() - t0;
    if (opened.openedNow !== rows) throw new Error(`opened ${opened.openedNow} of ${rows}`);

    const small = await makeStaff(ds, {
      prefix: 'S',
      n: 30,
      sectionCode: 'S0401',
      operators: 10,
      since: '2020-04-01',
      by: '',
    });
    const smallRound = (await gql(IMPORT_TRANSFERS, { i: { roundName: '小', contentBase64: file(small, today) } }, pin))
      .data.importCardTransfers.round.id;
    const statementsPerPage = [];
    for (const [id, moves] of [
      [smallRound, 30],
      [opened.round.id, rows],
    ] as const) {
      let n = 0;
      for (let i = 0; i < 3; i++) {
        const before = logger.statements;
        await gql(TRANSFER_MOVES, { f: { roundId: id }, first: 100 }, pin);
        n = logger.statements - before;
      }
      statementsPerPage.push({ moves, statements: n });
    }
    return { rows, rawMs, importOpenMs, importScheduleMs, tasksOpened: opened.tasksOpened, statementsPerPage };
  } finally {
    await demo.app.close();
    await ds.destroy();
  }
}
