// Issue 15 §3 (A16.1–2): the April personnel file imported into a transfer round. All or nothing
// with every bad row named; idempotent by (staff, effective date); moves dated today or before move
// and open their tasks at once, later ones on their date through the durable job queue; the round's
// view (the PIN administrator's screen in April) counts every task per state, two statements a page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, startTestApp, type TestApp } from '../helpers/app.js';
import { IMPORT_TRANSFERS, makeStaff, TRANSFER_MOVES, TRANSFER_ROUND, transferCsv } from '../helpers/card-transfers.js';
import { auditEntriesOf, sectionIdOf, staffIdsByNumber } from '../helpers/factories.js';
import { errorCode, gql, gqlBearer, signIn, type GqlResult } from '../helpers/graphql.js';
import { apiToken } from '../helpers/oplog.js';
import { DEMO, type DemoPerson } from '../helpers/people.js';

const tokyo = (day: string, hm = '09:00') => new Date(`${day}T${hm}:00+09:00`);

let t: TestApp;
let clock = tokyo('2027-03-15');
let staff: Record<string, string>;
const cookies = new Map<string, string>();
const setClock = (at: Date) => {
  clock = at;
  cookies.clear();
};
const as = async (who: DemoPerson) => {
  if (!cookies.has(who.staffNumber))
    cookies.set(who.staffNumber, await signIn(t.app.http, who.staffNumber, DEMO_PASSWORD));
  return cookies.get(who.staffNumber)!;
};
const call = async (who: DemoPerson, query: string, variables: Record<string, unknown> = {}) =>
  gql(t.app.http, query, variables, await as(who)) as Promise<GqlResult<any>>;
const ok = async (who: DemoPerson, query: string, variables: Record<string, unknown> = {}) => {
  const res = await call(who, query, variables);
  expect(res.errors).toBeUndefined();
  return res.data!;
};
const pin = DEMO.pinAdministrator;
const importFile = async (roundName: string, rows: string[][]) =>
  (await ok(pin, IMPORT_TRANSFERS, { i: { roundName, contentBase64: transferCsv(rows) } })).importCardTransfers;
const summary = async (id: string) => (await ok(pin, TRANSFER_ROUND, { id })).cardTransferRound;
const allMoves = async (roundId: string, extra: Record<string, unknown> = {}, first = 100) => {
  const out: any[] = [];
  let after: string | null = null;
  for (;;) {
    const page: any = (await ok(pin, TRANSFER_MOVES, { f: { roundId, ...extra }, first, after })).cardTransferMoves;
    out.push(...page.nodes);
    if (!page.hasNextPage) return out;
    after = page.endCursor;
  }
};
const count = async (sql: string, params: unknown[] = []) =>
  ((await t.db.dataSource.query(sql, params)) as { n: number }[])[0].n;
const sectionOf = async (staffId: string) =>
  (
    (await t.db.dataSource.query(
      `SELECT s.code FROM staff JOIN section s ON s.id = staff."sectionId" WHERE staff.id = $1`,
      [staffId],
    )) as { code: string }[]
  )[0].code;
const byCount = (rows: { state: string; count: number }[]) => Object.fromEntries(rows.map((r) => [r.state, r.count]));
const openJob = () => t.app.services.declared.jobs.find((j) => j.name === 'cards.openTransfers')!;

beforeAll(async () => {
  t = await startTestApp({ now: () => clock });
  staff = await staffIdsByNumber(t.db.dataSource);
});
afterAll(() => t.close());

describe('A16.1 importing the April personnel file', () => {
  it('A16.1 a file with bad rows stores nothing and names every bad row with its reason', async () => {
    await makeStaff(t.db.dataSource, {
      prefix: 'BAD',
      n: 3,
      sectionCode: 'S0401',
      operators: 0,
      since: '2026-04-01',
      by: '',
    });
    const before = await count(`SELECT count(*)::int AS n FROM card_transfer_move`);
    const res = await importFile('令和9年4月 定期異動 (誤りあり)', [
      ['BAD0001', '市民課', '保険年金課', '2027-03-01', ''],
      ['NOBODY', '市民課', '保険年金課', '2027-03-01', ''],
      ['BAD0002', '市民課', '存在しない課', '2027/3/1', ''],
      ['BAD0003', '市民課', 'S0402', '3月1日', ''],
      ['BAD0001', '市民課', '職員課', '2027-03-01', ''],
      ['', '', '', '', ''],
      [DEMO.welfareClerk.staffNumber, '市民課', '保険年金課', '令和9年3月1日', ''],
    ]);
    expect(res.round).toBeNull();
    expect(res.added).toBe(0);
    expect(res.errors.map((e: any) => [e.row, e.staffNumber])).toEqual([
      [3, 'NOBODY'],
      [4, 'BAD0002'],
      [5, 'BAD0003'],
      [6, 'BAD0001'],
      [8, DEMO.welfareClerk.staffNumber],
    ]);
    expect(res.errors[1].reason).toContain('存在しない課');
    expect(res.errors[2].reason).toContain('発令日');
    expect(res.errors[3].reason).toContain('2 行目');
    expect(res.errors[4].reason).toContain('現在の所属');
    // nothing stored, nobody moved (the good first row neither)
    expect(await count(`SELECT count(*)::int AS n FROM card_transfer_move`)).toBe(before);
    expect(await count(`SELECT count(*)::int AS n FROM card_transfer_round WHERE name LIKE '%誤りあり%'`)).toBe(0);
    const bad1 = (await t.db.dataSource.query(`SELECT id FROM staff WHERE "staffNumber" = 'BAD0001'`))[0].id;
    expect(await sectionOf(bad1)).toBe('S0401');
    const refused = (await auditEntriesOf(t.db.dataSource, 'Mutation.importCardTransfers')).at(-1);
    expect(refused).toMatchObject({ outcome: 'REFUSED', reason: 'TRANSFER_ROWS_INVALID:5' });
  });

  it('A16.1 a file that is not a personnel file is refused with a code, before any row', async () => {
    const noHeader = await call(pin, IMPORT_TRANSFERS, {
      i: { roundName: 'x', contentBase64: transferCsv([['1', '2']], ['氏名', '所属']) },
    });
    // the import kit's codes, as every import answers them (the configuration register's too)
    expect(errorCode(noHeader)).toBe('IMPORT_COLUMNS_MISSING');
    expect(noHeader.errors![0].message).toContain('職員番号');
    expect(errorCode(await call(pin, IMPORT_TRANSFERS, { i: { roundName: 'x', contentBase64: '!!' } }))).toBe(
      'NOT_A_SPREADSHEET',
    );
    expect(
      errorCode(await call(pin, IMPORT_TRANSFERS, { i: { roundName: '  ', contentBase64: transferCsv([]) } })),
    ).toBe('TRANSFER_ROUND_NAME_INVALID');
    // an operator without a role may not import
    expect(
      errorCode(await call(DEMO.operator, IMPORT_TRANSFERS, { i: { roundName: 'x', contentBase64: transferCsv([]) } })),
    ).toBe('FORBIDDEN');
  });

  it('A16.1 a past-dated move moves the person and opens its tasks at once: collect the card, change the PIN; a new operator gets a card and a PIN', async () => {
    const [op, plain, fresh] = await makeStaff(t.db.dataSource, {
      prefix: 'PST',
      n: 3,
      sectionCode: 'S0401',
      operators: 1,
      since: '2026-04-01',
      by: '',
    });
    const res = await importFile('令和9年3月 臨時異動', [
      [op.staffNumber, '市民課', '保険年金課', '2027-03-01', ''],
      [plain.staffNumber, 'S0401', 'S0301', '2027-03-15', ''],
      [fresh.staffNumber, '市民課', '保険年金課', 'R9.3.10', 'OP-NEW-0001'],
    ]);
    expect(res).toMatchObject({ rows: 3, added: 3, alreadyImported: 0, openedNow: 3, scheduled: 0, tasksOpened: 4 });
    expect(res.errors).toEqual([]);
    expect(await sectionOf(op.staffId)).toBe('S0402');
    expect(await sectionOf(plain.staffId)).toBe('S0301');
    const moves = await allMoves(res.round.id);
    const of = (n: string) => moves.find((m) => m.staffNumber === n);
    expect(
      of(op.staffNumber)
        .tasks.map((x: any) => [x.kind, x.status, x.cardNumber])
        .sort(),
    ).toEqual([
      ['CARD_COLLECT', 'REQUESTED', `C-OP-${op.staffNumber}`],
      ['PIN_CHANGE', 'REQUESTED', null],
    ]);
    expect(of(plain.staffNumber)).toMatchObject({ state: 'OPENED', tasks: [] });
    expect(
      of(fresh.staffNumber)
        .tasks.map((x: any) => x.kind)
        .sort(),
    ).toEqual(['CARD_ISSUE', 'PIN_SET']);
    expect(
      await count(
        `SELECT count(*)::int AS n FROM card_operator WHERE "operatorCode" = 'OP-NEW-0001' AND since = '2027-03-10'
           AND "sectionId" = $1`,
        [await sectionIdOf(t.db.dataSource, 'S0402')],
      ),
    ).toBe(1);
    // each move is on record with what the modules did in its transaction
    const opened = (await auditEntriesOf(t.db.dataSource, 'System.openCardTransfer')).filter(
      (e: any) => e.changes.staffId?.[1] === op.staffId,
    );
    expect(opened).toHaveLength(1);
    expect(opened[0].changes.cardRequestsOpened[1]).toHaveLength(2);
  });

  it('A16.1 importing the same file twice stores nothing twice; a row saying something else for an imported move is a bad row', async () => {
    const people = await makeStaff(t.db.dataSource, {
      prefix: 'IDM',
      n: 4,
      sectionCode: 'S0402',
      operators: 2,
      since: '2026-04-01',
      by: '',
    });
    const rows = people.map((p, i) => [p.staffNumber, '保険年金課', '市民課', i < 2 ? '2027-03-01' : '2027-04-01', '']);
    const first = await importFile('令和9年4月 定期異動 (二度)', rows);
    expect(first).toMatchObject({ added: 4, openedNow: 2, scheduled: 2, tasksOpened: 4 });
    const second = await importFile('令和9年4月 定期異動 (二度)', rows);
    expect(second).toMatchObject({ added: 0, alreadyImported: 4, openedNow: 0, scheduled: 0, errors: [] });
    expect(second.round.id).toBe(first.round.id);
    expect(
      await count(`SELECT count(*)::int AS n FROM card_transfer_move WHERE "roundId" = $1`, [first.round.id]),
    ).toBe(4);
    expect(
      await count(
        `SELECT count(*)::int AS n FROM card_request r JOIN card_operator o ON o.id = r."operatorId"
         WHERE o."staffId" = ANY($1::uuid[])`,
        [people.map((p) => p.staffId)],
      ),
    ).toBe(4);
    // under another round's name the same rows are the same moves: still nothing stored twice
    expect(await importFile('別の名前', rows)).toMatchObject({ added: 0, alreadyImported: 4 });
    const changed = await importFile('令和9年4月 定期異動 (二度)', [
      [people[3].staffNumber, '保険年金課', '職員課', '2027-04-01', ''],
    ]);
    expect(changed.errors).toEqual([
      { row: 2, staffNumber: people[3].staffNumber, reason: expect.stringContaining('別の内容で取込み済み') },
    ]);
  });

  it('A16.1 a future-dated move waits on the job queue and opens on its effective date, through the job', async () => {
    const [op] = await makeStaff(t.db.dataSource, {
      prefix: 'FUT',
      n: 1,
      sectionCode: 'S0401',
      operators: 1,
      since: '2026-04-01',
      by: '',
    });
    const res = await importFile('令和9年4月 定期異動', [[op.staffNumber, '市民課', '職員課', '2027-04-01', '']]);
    expect(res).toMatchObject({ added: 1, openedNow: 0, scheduled: 1, tasksOpened: 0 });
    expect(await sectionOf(op.staffId)).toBe('S0401');
    // the job of the date waits in PostgreSQL, once per date however many imports name it
    const jobs = (await t.db.dataSource.query(
      `SELECT j.payload, j.run_at
         FROM graphile_worker._private_jobs j JOIN graphile_worker._private_tasks k ON k.id = j.task_id
        WHERE k.identifier = 'cards.openTransfers' AND j.key = 'card-transfers:2027-04-01'`,
    )) as { payload: { on: string }; run_at: Date }[];
    expect(jobs).toHaveLength(1);
    expect(jobs[0].payload).toEqual({ on: '2027-04-01' });
    // midnight in Tokyo of the date (the database's clock is behind the test's: never earlier than that)
    expect(jobs[0].run_at.toISOString()).toBe('2027-03-31T15:00:00.000Z');
    const [m] = await allMoves(res.round.id, { state: 'SCHEDULED' });
    expect(m).toMatchObject({ staffNumber: op.staffNumber, state: 'SCHEDULED', tasks: [] });
    // run before the day (a clock ahead of the app's): nothing opens early
    await openJob().run(jobs[0].payload, { now: clock, log: t.app.services.log });
    expect(await sectionOf(op.staffId)).toBe('S0401');
    setClock(tokyo('2027-04-01', '00:00'));
    await openJob().run(jobs[0].payload, { now: clock, log: t.app.services.log });
    expect(await sectionOf(op.staffId)).toBe('S0302');
    const after = (await allMoves(res.round.id)).find((x) => x.staffNumber === op.staffNumber);
    expect(after.state).toBe('OPENED');
    expect(after.tasks.map((x: any) => x.kind).sort()).toEqual(['CARD_COLLECT', 'PIN_CHANGE']);
    // the earlier round's scheduled moves of that date opened with it
    expect(await count(`SELECT count(*)::int AS n FROM card_transfer_move WHERE state = 'SCHEDULED'`)).toBe(0);
    setClock(tokyo('2027-04-01'));
  });
});

describe('A16.1–2 the transfer round of 300 people', () => {
  let roundId: string;
  let people: { staffNumber: string; staffId: string }[];

  it('A16.1 a round of 300: the right tasks open, and the view counts them', async () => {
    people = await makeStaff(t.db.dataSource, {
      prefix: 'APR',
      n: 300,
      sectionCode: 'S0401',
      operators: 100,
      since: '2026-04-01',
      by: '',
    });
    // 100 operators holding a card, 50 becoming operators, 150 others; 200 dated today, 100 later
    const rows = people.map((p, i) => [
      p.staffNumber,
      '市民課',
      i % 2 ? '保険年金課' : '職員課',
      i < 200 ? '2027-04-01' : '2027-04-10',
      i >= 100 && i < 150 ? `OP-APR-${i}` : '',
    ]);
    const res = await importFile('令和9年4月1日付 定期異動', rows);
    expect(res).toMatchObject({ rows: 300, added: 300, openedNow: 200, scheduled: 100, tasksOpened: 300, errors: [] });
    roundId = res.round.id;
    const s = await summary(roundId);
    expect(s).toMatchObject({ moves: 300, openTasks: 300, firstDate: '2027-04-01', lastDate: '2027-04-10' });
    expect(byCount(s.movesByState)).toEqual({ OPENED: 200, SCHEDULED: 100 });
    expect(byCount(s.tasksByStatus)).toEqual({ REQUESTED: 300 });
    const moves = await allMoves(roundId);
    expect(moves).toHaveLength(300);
    expect(new Set(moves.map((m) => m.staffNumber)).size).toBe(300);
    const kinds = (i: number) =>
      moves[i].tasks
        .map((x: any) => x.kind)
        .sort()
        .join(',');
    expect(kinds(0)).toBe('CARD_COLLECT,PIN_CHANGE');
    expect(kinds(120)).toBe('CARD_ISSUE,PIN_SET');
    expect(kinds(180)).toBe('');
    expect(kinds(250)).toBe('');
    expect(moves[250].state).toBe('SCHEDULED');
    // the PIN administrator works through some: the counts and the open filter follow
    const first = moves[0].tasks;
    for (const task of first) {
      await ok(pin, `mutation($i: CardRequestIdInput!) { acceptCardRequest(input: $i) { id } }`, {
        i: { id: task.requestId },
      });
      await ok(pin, `mutation($i: CompleteCardRequestInput!) { completeCardRequest(input: $i) { id } }`, {
        i: { id: task.requestId, note: '回収済み' },
      });
    }
    const s2 = await summary(roundId);
    expect(byCount(s2.tasksByStatus)).toEqual({ REQUESTED: 298, DONE: 2 });
    expect(s2.openTasks).toBe(298);
    const open = await allMoves(roundId, { openOnly: true }, 37);
    // 149 opened moves with a task left, and the 100 still waiting for their date
    expect(open).toHaveLength(249);
    expect(open.some((m) => m.staffNumber === moves[0].staffNumber)).toBe(false);
    const done = (await allMoves(roundId)).find((m) => m.staffNumber === moves[0].staffNumber);
    expect(done.tasks.every((x: any) => x.status === 'DONE' && x.handledByName)).toBe(true);
  }, 240_000);

  it('A16.1 an API client with a READ token follows the round (counts, moves and tasks); it may not import', async () => {
    const token = await apiToken(t, pin.staffNumber, ['READ']);
    const read = await gqlBearer(t.app.http, token, TRANSFER_ROUND, { id: roundId });
    expect(read.errors).toBeUndefined();
    expect((read.data as any).cardTransferRound).toMatchObject({ moves: 300, openTasks: 298 });
    const page = await gqlBearer(t.app.http, token, TRANSFER_MOVES, { f: { roundId, openOnly: true }, first: 5 });
    expect(page.errors).toBeUndefined();
    expect((page.data as any).cardTransferMoves.nodes).toHaveLength(5);
    const rounds = await gqlBearer(t.app.http, token, `{ cardTransferRounds { id } }`);
    expect((rounds.data as any).cardTransferRounds.map((r: any) => r.id)).toContain(roundId);
    const write = await gqlBearer(t.app.http, token, IMPORT_TRANSFERS, {
      i: { roundName: 'トークンから', contentBase64: transferCsv([]) },
    });
    expect(errorCode(write)).toBe('FORBIDDEN');
  });

  it('A16.1 the round’s view takes the same statements per page for 3 people and for 300', async () => {
    const small = await importFile(
      '小さな回',
      (
        await makeStaff(t.db.dataSource, {
          prefix: 'SML',
          n: 3,
          sectionCode: 'S0401',
          operators: 2,
          since: '2026-04-01',
          by: '',
        })
      ).map((p) => [p.staffNumber, '市民課', '職員課', '2027-04-01', '']),
    );
    // the statements of one page, the fewest of several alternating asks: a statement of the app's
    // own housekeeping (the principal cache reloading the caller when told that staff rows changed)
    // may land in any one of them, never in all
    const once = async (id: string, first: number) => {
      await as(pin);
      const before = t.db.logger.statements;
      const page = (await ok(pin, TRANSFER_MOVES, { f: { roundId: id }, first })).cardTransferMoves;
      return { n: t.db.logger.statements - before, size: page.nodes.length };
    };
    const a = { n: Infinity, size: 0 };
    const b = { n: Infinity, size: 0 };
    for (let i = 0; i < 4; i++) {
      const [x, y] = [await once(small.round.id, 50), await once(roundId, 100)];
      [a.n, a.size, b.n, b.size] = [Math.min(a.n, x.n), x.size, Math.min(b.n, y.n), y.size];
    }
    expect(a.size).toBe(3);
    expect(b.size).toBe(100);
    expect(b.n).toBe(a.n);
  });
});

describe('A16.1 moves opened on the day against a changed organisation', () => {
  it('A16.1 a person who left before the effective date is not moved: the move says why', async () => {
    const [p] = await makeStaff(t.db.dataSource, {
      prefix: 'LFT',
      n: 1,
      sectionCode: 'S0401',
      operators: 0,
      since: '2026-04-01',
      by: '',
    });
    const res = await importFile('令和9年5月 異動', [[p.staffNumber, '市民課', '職員課', '2027-05-01', '']]);
    await ok(DEMO.systemAdministrator, `mutation($i: DeactivateStaffInput!) { deactivateStaff(input: $i) { id } }`, {
      i: { id: p.staffId, lastDay: '2027-04-20' },
    });
    setClock(tokyo('2027-05-01', '00:05'));
    await openJob().run({ on: '2027-05-01' }, { now: clock, log: t.app.services.log });
    const [m] = await allMoves(res.round.id);
    expect(m).toMatchObject({ state: 'SKIPPED', skipReason: expect.stringContaining('退職') });
    expect(await sectionOf(p.staffId)).toBe('S0401');
    void staff;
  });
});
