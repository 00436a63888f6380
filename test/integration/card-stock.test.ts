// A18: 住民基本台帳カード等の在庫. The operations manager keeps the resident-card stock: lots received
// into a locked place (A18.1), cards issued, physical counts against the ledger (a difference is a
// finding until the manager signs the month off), and destructions by number, with the method and a
// witness who is another person (A18.2). The monthly stock sheet exports as CSV and xlsx.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, startTestApp, type TestApp } from '../helpers/app.js';
import { auditEntriesOf, staffIdsByNumber } from '../helpers/factories.js';
import { errorCode, gql, signIn } from '../helpers/graphql.js';
import { DEMO, type DemoPerson } from '../helpers/people.js';

/** Tokyo wall-clock time → instant */
const tokyo = (day: string, hm = '10:00') => new Date(`${day}T${hm}:00+09:00`);

let t: TestApp;
let clock = tokyo('2026-11-02');
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
  gql(t.app.http, query, variables, await as(who));

beforeAll(async () => {
  t = await startTestApp({ now: () => clock });
  staff = await staffIdsByNumber(t.db.dataSource);
});
afterAll(() => t.close());

const OPS = DEMO.operationsManager;
const LINE = `id kind on count firstNumber lastNumber lotNumber collected storagePlace storageLocked issuedTo method note
  by { staffNumber } witness { staffNumber }`;
const RECEIVE = `mutation($i: ReceiveResidentCardsInput!) { receiveResidentCards(input: $i) { ${LINE} } }`;
const ISSUE = `mutation($i: IssueResidentCardsInput!) { issueResidentCards(input: $i) { ${LINE} } }`;
const DESTROY = `mutation($i: DestroyResidentCardsInput!) { destroyResidentCards(input: $i) { ${LINE} } }`;
const COUNT = `mutation($i: CountResidentCardsInput!) { countResidentCards(input: $i) { id countedOn expected counted difference reason by { staffNumber } } }`;
const REVIEW = `mutation($i: ReviewResidentCardMonthInput!) { reviewResidentCardMonth(input: $i) { month note reviewedBy { staffNumber } } }`;
const STOCK = `{ residentCardStock { onHand storagePlaces lastCount { counted difference } recent { kind count } } }`;
const SHEET = `query($m: String!) { residentCardStockSheet(month: $m) {
  month opening received issued destroyed closing lastCount { counted expected difference reason }
  review { reviewedBy { staffNumber } note } movements { kind count } counts { difference } } }`;
const TODOS = `{ myTodos { id count } }`;

const lot = (fields: Record<string, unknown> = {}) => ({
  lotNumber: 'L-2026-11',
  count: 100,
  firstNumber: '100001',
  lastNumber: '100100',
  on: '2026-11-02',
  storagePlace: '市民課 金庫',
  storageLocked: true,
  ...fields,
});
const onHand = async () => (await call(OPS, STOCK)).data!.residentCardStock.onHand as number;
const todo = async (who: DemoPerson, id: string): Promise<number> =>
  ((await call(who, TODOS)).data!.myTodos as { id: string; count: number }[]).find((x) => x.id === id)?.count ?? 0;
const article = async (id: string) => {
  const res = await call(DEMO.chief, `{ compliance { articles { id status controls { status reason link } } } }`);
  expect(res.errors).toBeUndefined();
  return (res.data!.compliance.articles as any[]).find((a) => a.id === id);
};
const refusals = async (action: string) =>
  (await auditEntriesOf(t.db.dataSource, action)).filter((e) => e.outcome === 'REFUSED').map((e) => e.reason);

describe('A18.1 resident cards received into a locked place, issued, counted', () => {
  it('A18.1 a lot without a locked storage place is refused (STOCK_STORAGE_NOT_LOCKED); with one it is on hand', async () => {
    for (const bad of [{ storagePlace: null }, { storageLocked: false }, { storagePlace: '  ' }]) {
      const res = await call(OPS, RECEIVE, { i: lot(bad) });
      expect(errorCode(res)).toBe('STOCK_STORAGE_NOT_LOCKED');
    }
    expect(await onHand()).toBe(0);
    const res = await call(OPS, RECEIVE, { i: lot({ note: '初回納品' }) });
    expect(res.errors).toBeUndefined();
    expect(res.data!.receiveResidentCards).toMatchObject({
      kind: 'RECEIVED',
      count: 100,
      firstNumber: '100001',
      lastNumber: '100100',
      storagePlace: '市民課 金庫',
      storageLocked: true,
      by: { staffNumber: OPS.staffNumber },
    });
    expect(await onHand()).toBe(100);
    // audited: the refusals with their code, the receipt with what changed
    expect(await refusals('Mutation.receiveResidentCards')).toEqual(Array(3).fill('STOCK_STORAGE_NOT_LOCKED'));
    const ok = (await auditEntriesOf(t.db.dataSource, 'Mutation.receiveResidentCards')).filter(
      (e) => e.outcome === 'OK',
    );
    expect(ok).toHaveLength(1);
    expect(ok[0].changes).toMatchObject({ lotNumber: [null, 'L-2026-11'], onHand: [0, 100] });
  });

  it('A18.1 bad receipts are refused with a code: count and range disagree, lot again, numbers in stock, a future day', async () => {
    expect(errorCode(await call(OPS, RECEIVE, { i: lot({ lotNumber: 'L-X', count: 99 }) }))).toBe(
      'INVALID_STOCK_ENTRY',
    );
    expect(errorCode(await call(OPS, RECEIVE, { i: lot({ lotNumber: 'L-X', firstNumber: '12a' }) }))).toBe(
      'INVALID_STOCK_ENTRY',
    );
    expect(
      errorCode(
        await call(OPS, RECEIVE, { i: lot({ lotNumber: 'L-X', count: 0, firstNumber: null, lastNumber: null }) }),
      ),
    ).toBe('INVALID_STOCK_ENTRY');
    expect(errorCode(await call(OPS, RECEIVE, { i: lot({ firstNumber: '200001', lastNumber: '200100' }) }))).toBe(
      'STOCK_LOT_TAKEN',
    );
    expect(
      errorCode(
        await call(OPS, RECEIVE, {
          i: lot({ lotNumber: 'L-Y', count: 10, firstNumber: '100095', lastNumber: '100104' }),
        }),
      ),
    ).toBe('CARDS_ALREADY_IN_STOCK');
    expect(errorCode(await call(OPS, RECEIVE, { i: lot({ lotNumber: 'L-Z', on: '2026-11-03' }) }))).toBe(
      'INVALID_STOCK_ENTRY',
    );
    expect(await onHand()).toBe(100);
  });

  it('A18.1 issuing takes cards out of the stock: never more than it holds, numbered ones only if in stock', async () => {
    const base = { on: '2026-11-02', issuedTo: '市民課 窓口' };
    expect(errorCode(await call(OPS, ISSUE, { i: { ...base, count: 101 } }))).toBe('STOCK_INSUFFICIENT');
    expect(errorCode(await call(OPS, ISSUE, { i: { ...base, count: 5, issuedTo: ' ' } }))).toBe('INVALID_STOCK_ENTRY');
    expect(
      errorCode(await call(OPS, ISSUE, { i: { ...base, count: 5, firstNumber: '100099', lastNumber: '100103' } })),
    ).toBe('CARDS_NOT_IN_STOCK');
    const res = await call(OPS, ISSUE, { i: { ...base, count: 10, firstNumber: '100001', lastNumber: '100010' } });
    expect(res.errors).toBeUndefined();
    expect(res.data!.issueResidentCards).toMatchObject({ kind: 'ISSUED', count: 10, issuedTo: '市民課 窓口' });
    // issued numbers are out of the stock: issued again, refused
    expect(
      errorCode(await call(OPS, ISSUE, { i: { ...base, count: 1, firstNumber: '100005', lastNumber: null } })),
    ).toBe('CARDS_NOT_IN_STOCK');
    expect(await onHand()).toBe(90);
    expect(await refusals('Mutation.issueResidentCards')).toEqual([
      'STOCK_INSUFFICIENT',
      'INVALID_STOCK_ENTRY',
      'CARDS_NOT_IN_STOCK',
      'CARDS_NOT_IN_STOCK',
    ]);
  });
});

describe('A18.2 destruction by number, with the method and another person as witness', () => {
  const destroy = (fields: Record<string, unknown> = {}) => ({
    firstNumber: '100091',
    lastNumber: '100100',
    on: '2026-11-02',
    method: 'シュレッダーで裁断し、ICチップを破砕',
    witnessId: staff[DEMO.welfareClerk.staffNumber],
    ...fields,
  });

  it('A18.2 without a witness, with oneself as witness or without a method: DESTRUCTION_WITNESS_REQUIRED', async () => {
    for (const bad of [{ witnessId: null }, { witnessId: staff[OPS.staffNumber] }, { method: ' ' }]) {
      expect(errorCode(await call(OPS, DESTROY, { i: destroy(bad) }))).toBe('DESTRUCTION_WITNESS_REQUIRED');
    }
    expect(await refusals('Mutation.destroyResidentCards')).toEqual(Array(3).fill('DESTRUCTION_WITNESS_REQUIRED'));
    expect(await onHand()).toBe(90);
  });

  it('A18.2 cards not in stock (issued, never received) are refused; destroyed once, then CARDS_ALREADY_DESTROYED', async () => {
    expect(errorCode(await call(OPS, DESTROY, { i: destroy({ firstNumber: '100001', lastNumber: '100002' }) }))).toBe(
      'CARDS_NOT_IN_STOCK',
    );
    expect(errorCode(await call(OPS, DESTROY, { i: destroy({ firstNumber: '999999', lastNumber: null }) }))).toBe(
      'CARDS_NOT_IN_STOCK',
    );
    const res = await call(OPS, DESTROY, { i: destroy() });
    expect(res.errors).toBeUndefined();
    expect(res.data!.destroyResidentCards).toMatchObject({
      kind: 'DESTROYED',
      count: 10,
      firstNumber: '100091',
      lastNumber: '100100',
      method: 'シュレッダーで裁断し、ICチップを破砕',
      by: { staffNumber: OPS.staffNumber },
      witness: { staffNumber: DEMO.welfareClerk.staffNumber },
    });
    expect(errorCode(await call(OPS, DESTROY, { i: destroy({ firstNumber: '100100', lastNumber: null }) }))).toBe(
      'CARDS_ALREADY_DESTROYED',
    );
    // destroyed numbers are not received again either
    expect(
      errorCode(
        await call(OPS, RECEIVE, { i: lot({ lotNumber: 'L-R', count: 1, firstNumber: '100100', lastNumber: null }) }),
      ),
    ).toBe('CARDS_ALREADY_DESTROYED');
    expect(await onHand()).toBe(80);
    const ok = (await auditEntriesOf(t.db.dataSource, 'Mutation.destroyResidentCards')).filter(
      (e) => e.outcome === 'OK',
    );
    expect(ok[0].changes).toMatchObject({ witnessId: [null, staff[DEMO.welfareClerk.staffNumber]], onHand: [90, 80] });
  });

  it('A18.2 the database refuses a destruction without a witness other than the person recording it (CHECK)', async () => {
    await expect(
      t.db.dataSource.query(
        `INSERT INTO resident_card_movement (kind, "on", count, "firstNumber", "lastNumber", method, "byId", "witnessId", "recordedAt")
         VALUES ('DESTROYED', '2026-11-02', 1, 1, 1, '裁断', $1, $1, now())`,
        [staff[OPS.staffNumber]],
      ),
    ).rejects.toThrow(/resident_card_movement_destroyed/);
    await expect(
      t.db.dataSource.query(
        `INSERT INTO resident_card_movement (kind, "on", count, "lotNumber", "byId", "recordedAt")
         VALUES ('RECEIVED', '2026-11-02', 1, 'NO-PLACE', $1, now())`,
        [staff[OPS.staffNumber]],
      ),
    ).rejects.toThrow(/resident_card_movement_received/);
  });
});

describe('A18.1 the physical count, its difference a finding until the manager signs the month off', () => {
  it('A18.1 a count that differs needs its reason (COUNT_REASON_REQUIRED); recorded, it is a VIOLATION and a to-do', async () => {
    expect(await todo(OPS, 'cardStock.countDue')).toBe(1);
    expect(errorCode(await call(OPS, COUNT, { i: { counted: 79 } }))).toBe('COUNT_REASON_REQUIRED');
    expect(errorCode(await call(OPS, COUNT, { i: { counted: -1 } }))).toBe('INVALID_STOCK_ENTRY');
    const res = await call(OPS, COUNT, { i: { counted: 79, reason: '1枚を窓口で書損、記録漏れ' } });
    expect(res.errors).toBeUndefined();
    expect(res.data!.countResidentCards).toMatchObject({
      countedOn: '2026-11-02',
      expected: 80,
      counted: 79,
      difference: -1,
      reason: '1枚を窓口で書損、記録漏れ',
    });
    expect(await refusals('Mutation.countResidentCards')).toEqual(['COUNT_REASON_REQUIRED', 'INVALID_STOCK_ENTRY']);
    expect(await todo(OPS, 'cardStock.countDue')).toBe(0);
    expect(await todo(DEMO.manager, 'cardStock.differences')).toBe(1);
    expect(await todo(DEMO.manager, 'cardStock.monthsToReview')).toBe(1);
    const a = await article('A18.1');
    expect(a.status).toBe('VIOLATION');
    expect(a.controls[0].reason).toContain('差異が1件');
  });

  it('A18.1 only the manager signs off, only a counted month; then the month is closed and the finding gone', async () => {
    expect(errorCode(await call(OPS, REVIEW, { i: { month: '2026-11' } }))).toBe('FORBIDDEN');
    expect(errorCode(await call(DEMO.manager, REVIEW, { i: { month: '2026-10' } }))).toBe('STOCK_MONTH_NOT_COUNTED');
    expect(errorCode(await call(DEMO.manager, REVIEW, { i: { month: '2026-12' } }))).toBe('INVALID_STOCK_ENTRY');
    const res = await call(DEMO.manager, REVIEW, { i: { month: '2026-11', note: '書損1枚の報告を受けた' } });
    expect(res.errors).toBeUndefined();
    expect(res.data!.reviewResidentCardMonth).toMatchObject({
      month: '2026-11',
      reviewedBy: { staffNumber: DEMO.manager.staffNumber },
    });
    expect(errorCode(await call(DEMO.manager, REVIEW, { i: { month: '2026-11' } }))).toBe('STOCK_MONTH_REVIEWED');
    expect(
      errorCode(await call(OPS, RECEIVE, { i: lot({ lotNumber: 'L-LATE', firstNumber: null, lastNumber: null }) })),
    ).toBe('STOCK_MONTH_REVIEWED');
    expect(await todo(DEMO.manager, 'cardStock.differences')).toBe(0);
    expect(await todo(DEMO.manager, 'cardStock.monthsToReview')).toBe(0);
    expect((await article('A18.1')).status).toBe('OK');
    expect((await article('A18.2')).status).toBe('OK');
    expect(await refusals('Mutation.reviewResidentCardMonth')).toEqual([
      'FORBIDDEN',
      'STOCK_MONTH_NOT_COUNTED',
      'INVALID_STOCK_ENTRY',
      'STOCK_MONTH_REVIEWED',
    ]);
  });

  it('A18.1 a month that held cards and was not counted is ATTENTION after it ends; the count is due again', async () => {
    setClock(tokyo('2027-01-05'));
    const a = await article('A18.1');
    expect(a.status).toBe('ATTENTION');
    expect(a.controls[0].reason).toContain('2026-12');
    expect(await todo(OPS, 'cardStock.countDue')).toBe(1);
    setClock(tokyo('2026-11-02', '11:00'));
  });
});

describe('A18 the monthly stock sheet', () => {
  it('A18 the sheet: opening, received, issued, destroyed, closing, the last count and the review', async () => {
    const res = await call(DEMO.auditor, SHEET, { m: '2026-11' });
    expect(res.errors).toBeUndefined();
    expect(res.data!.residentCardStockSheet).toMatchObject({
      month: '2026-11',
      opening: 0,
      received: 100,
      issued: 10,
      destroyed: 10,
      closing: 80,
      lastCount: { counted: 79, expected: 80, difference: -1 },
      review: { reviewedBy: { staffNumber: DEMO.manager.staffNumber } },
    });
    const dec = (await call(DEMO.auditor, SHEET, { m: '2026-12' })).data!.residentCardStockSheet;
    expect(dec).toMatchObject({ opening: 80, received: 0, closing: 80, lastCount: null, review: null });
    expect(errorCode(await call(DEMO.auditor, SHEET, { m: '2026-13' }))).toBe('INVALID_STOCK_ENTRY');
    expect(errorCode(await call(DEMO.welfareClerk, SHEET, { m: '2026-11' }))).toBe('FORBIDDEN');
  });

  it('A18 CSV (BOM, 令和 dates, running balance) and xlsx; refused to others, audited', async () => {
    const get = async (url: string, who?: DemoPerson) =>
      t.app.http.inject({ method: 'GET', url, headers: who ? { cookie: await as(who) } : {} });
    const csv = await get('/exports/resident-card-stock-sheet.csv?month=2026-11', DEMO.manager);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-disposition']).toContain('resident-card-stock-2026-11.csv');
    const lines = csv.body.replace(/^\uFEFF/, '').split('\r\n');
    expect(lines[0]).toBe(
      '"日付","区分","ロット番号","カード番号","枚数","在庫 (帳簿)","保管場所・交付先・廃棄方法","記録者","立会人","実査","差異","理由・備考"',
    );
    expect(lines[1]).toMatch(/^"令和8年11月1日","前月繰越",.*"0"/);
    expect(lines[2]).toMatch(/^"令和8年11月2日","受入","L-2026-11","100001〜100100","100","100","市民課 金庫"/);
    expect(lines[3]).toMatch(/"交付",.*"10","90","市民課 窓口"/);
    expect(lines[4]).toMatch(/"廃棄",.*"100091〜100100","10","80","シュレッダーで裁断し、ICチップを破砕"/);
    expect(lines[5]).toMatch(/"実査",.*"80",.*"79","-1","1枚を窓口で書損、記録漏れ"/);
    expect(lines[6]).toMatch(/^"令和8年11月30日","翌月繰越",.*"80",.*"79","-1","受入100枚・交付10枚・廃棄10枚"/);
    expect(lines[7]).toMatch(/"管理者確認"/);
    const xlsx = await get('/exports/resident-card-stock-sheet.xlsx?month=2026-11', DEMO.manager);
    expect(xlsx.statusCode).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    expect(book.worksheets[0].getRow(3).getCell(2).value).toBe('受入');
    expect((await get('/exports/resident-card-stock-sheet.csv?month=2026-11', DEMO.welfareClerk)).statusCode).toBe(403);
    expect((await get('/exports/resident-card-stock-sheet.csv?month=2026-11')).statusCode).toBe(401);
    expect((await get('/exports/resident-card-stock-sheet.csv?month=11-2026', DEMO.manager)).statusCode).toBe(400);
    const entries = await auditEntriesOf(t.db.dataSource, 'Export.residentCardStockSheet');
    expect(entries.map((e) => e.outcome)).toEqual(['OK', 'OK', 'REFUSED', 'REFUSED']);
  });
});

describe('A18.1 the ledger, keyset-paged (the stock page shows more than its latest lines)', () => {
  const LINES = `query($first: Int!, $after: String) { residentCardMovements(first: $first, after: $after) {
    nodes { id kind count } endCursor hasNextPage } }`;
  it('A18.1 pages of 2 walk every line newest first, once each; the end says so; a bad cursor or size is refused', async () => {
    // a month of its own: the earlier months may be signed off (they take no more entries)
    setClock(tokyo('2027-01-05'));
    for (const k of [1, 2, 3, 4, 5]) {
      const numbers = { firstNumber: `70000${k}`, lastNumber: `70000${k}`, count: 1 };
      const res = await call(OPS, RECEIVE, { i: lot({ lotNumber: `L-PAGING-${k}`, on: '2027-01-05', ...numbers }) });
      expect(res.errors).toBeUndefined();
    }
    const [{ n }] = (await t.db.dataSource.query(`SELECT count(*)::int AS n FROM resident_card_movement`)) as {
      n: number;
    }[];
    expect(n).toBeGreaterThan(4);
    const newestFirst = (
      (await t.db.dataSource.query(`SELECT id FROM resident_card_movement ORDER BY seq DESC`)) as { id: string }[]
    ).map((r) => r.id);
    const seen: string[] = [];
    let after: string | null = null;
    for (let guard = 0; guard < n; guard++) {
      const res = await call(DEMO.manager, LINES, { first: 2, after });
      expect(res.errors).toBeUndefined();
      const page = res.data!.residentCardMovements as {
        nodes: { id: string }[];
        endCursor: string;
        hasNextPage: boolean;
      };
      seen.push(...page.nodes.map((l) => l.id));
      after = page.endCursor;
      if (!page.hasNextPage) break;
    }
    expect(seen).toEqual(newestFirst);
    const first = (await call(OPS, LINES, { first: 1 })).data!.residentCardMovements;
    expect(first.nodes).toEqual([{ id: newestFirst[0], kind: 'RECEIVED', count: 1 }]);

    expect(errorCode(await call(OPS, LINES, { first: 2, after: 'garbage' }))).toBe('BAD_USER_INPUT');
    expect(errorCode(await call(OPS, LINES, { first: 0 }))).toBe('BAD_USER_INPUT');
    expect(errorCode(await call(OPS, LINES, { first: 101 }))).toBe('BAD_USER_INPUT');
    // another list's cursor is not this list's
    const other = (await call(DEMO.chief, `{ cardOperators(first: 1) { endCursor } }`)).data?.cardOperators?.endCursor;
    if (other) expect(errorCode(await call(OPS, LINES, { first: 2, after: other }))).toBe('BAD_USER_INPUT');
    // a staff member who does not keep or review the stock does not read it
    expect(errorCode(await call(DEMO.welfareClerk, LINES, { first: 2 }))).toBe('FORBIDDEN');
  });
});
