// A16.4–5, A7.2: each current Juki-net operator acknowledges the PIN operating rules in force (the
// PIN administrator's PIN_RULES document of the configuration register); a new version asks everyone
// again; who has not is on /compliance and on their own 対応が必要. A16: one issued card per operator,
// race-safe (two issues at once: one passes).
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, startTestApp, type TestApp } from '../helpers/app.js';
import { ADD_VERSION, CREATE_DOCUMENT, pdf, upload } from '../helpers/documents.js';
import { auditEntriesOf, staffIdsByNumber } from '../helpers/factories.js';
import { errorCode, gql, signIn, type GqlResult } from '../helpers/graphql.js';
import { DEMO, type DemoPerson } from '../helpers/people.js';

/** Tokyo wall-clock time → instant */
const tokyo = (day: string, hm = '09:00') => new Date(`${day}T${hm}:00+09:00`);

let t: TestApp;
let clock = tokyo('2026-04-28');
let staff: Record<string, string>;
const cookies = new Map<string, string>();
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
const kato = DEMO.citizenSectionStaff;
const yoshida = DEMO.citizenSectionClerk;
const REGISTER = `mutation($i: RegisterCardOperatorInput!) { registerCardOperator(input: $i) { id operatorCode } }`;
const MINE = `{ myPinRules { asked rules { versionId title versionLabel effectiveOn fileName downloadUrl }
  acknowledgement { id versionLabel acknowledgedAt } } }`;
const OVERVIEW = `{ pinRulesOverview { operators acknowledged rules { versionLabel } pending { operatorCode } } }`;
const ACK = `mutation($v: ID!) { acknowledgePinRules(versionId: $v) { id versionLabel acknowledgedAt } }`;
const RECEIVE = `mutation($i: ReceiveOperatorCardInput!) { receiveOperatorCard(input: $i) { id } }`;
const ISSUE = `mutation($i: IssueOperatorCardInput!) { issueOperatorCard(input: $i) { id state } }`;

const control = async (on?: string) => {
  const data = await ok(
    DEMO.chief,
    `query($on: LocalDate) { compliance(on: $on) { articles { id controls { status reason link } } } }`,
    { on },
  );
  return (data.compliance.articles as any[]).find((a) => a.id === 'A16.4–5')?.controls[0];
};
const todo = async (who: DemoPerson): Promise<number> =>
  ((await ok(who, `{ myTodos { id count } }`)).myTodos as { id: string; count: number }[]).find(
    (x) => x.id === 'cards.pinRulesToAcknowledge',
  )?.count ?? 0;
const addVersion = async (documentId: string, versionLabel: string, effectiveOn: string) => {
  const res = await call(pin, ADD_VERSION, {
    i: { documentId, versionLabel, effectiveOn, file: upload('pin-rules.pdf', pdf(versionLabel)) },
  });
  expect(res.errors).toBeUndefined();
  return res.data!.addConfigurationDocumentVersion as { id: string };
};

beforeAll(async () => {
  t = await startTestApp({ now: () => clock });
  staff = await staffIdsByNumber(t.db.dataSource);
  // these tests start with no PIN rules in force (the demo seed has the required documents)
  await t.db.dataSource.query(
    `DELETE FROM configuration_document_version WHERE "documentId" IN (SELECT id FROM configuration_document WHERE type = 'PIN_RULES')`,
  );
  await t.db.dataSource.query(`DELETE FROM configuration_document WHERE type = 'PIN_RULES'`);
});
afterAll(() => t.close());

const operators: Record<string, string> = {};

describe('A16.4–5 the PIN operating rules acknowledged by each operator', () => {
  let documentId: string;
  let v1: string;

  it('A16.4–5 no rules in force: the control says so, nothing is asked and acknowledging is refused with a code', async () => {
    for (const [who, code] of [
      [kato, 'OP-R-001'],
      [yoshida, 'OP-R-002'],
    ] as const)
      operators[who.staffNumber] = (
        await ok(pin, REGISTER, { i: { staffId: staff[who.staffNumber], operatorCode: code, since: '2026-04-01' } })
      ).registerCardOperator.id;
    expect(await control()).toMatchObject({ status: 'VIOLATION', link: '/configuration/documents?type=PIN_RULES' });
    expect((await control()).reason).toContain('登録されていない');
    expect((await ok(kato, MINE)).myPinRules).toEqual({ asked: true, rules: null, acknowledgement: null });
    expect(await todo(kato)).toBe(0);
    expect(errorCode(await call(kato, ACK, { v: '00000000-0000-4000-8000-000000000000' }))).toBe('PIN_RULES_MISSING');
    expect((await auditEntriesOf(t.db.dataSource, 'Mutation.acknowledgePinRules')).at(-1)).toMatchObject({
      outcome: 'REFUSED',
      reason: 'PIN_RULES_MISSING',
    });
  });

  it('A16.4–5 each current operator acknowledges the version in force; who has not is on /compliance and on their own 対応が必要', async () => {
    const created = await call(pin, CREATE_DOCUMENT, { i: { type: 'PIN_RULES', title: '暗証番号等の運用基準' } });
    expect(created.errors).toBeUndefined();
    documentId = created.data!.createConfigurationDocument.id;
    v1 = (await addVersion(documentId, '第1版', '2026-04-01')).id;

    expect(await control()).toMatchObject({ status: 'ATTENTION', reason: expect.stringContaining('2人') });
    const mine = (await ok(kato, MINE)).myPinRules;
    expect(mine).toMatchObject({
      asked: true,
      acknowledgement: null,
      rules: { versionId: v1, versionLabel: '第1版', effectiveOn: '2026-04-01', fileName: 'pin-rules.pdf' },
    });
    expect(mine.rules.downloadUrl).toMatch(/^\/configuration\/files\//);
    expect(await todo(kato)).toBe(1);
    // a staff member who is not an operator is not asked, and may not acknowledge for the register
    expect((await ok(DEMO.operator, MINE)).myPinRules.asked).toBe(false);
    expect(await todo(DEMO.operator)).toBe(0);
    expect(errorCode(await call(DEMO.operator, ACK, { v: v1 }))).toBe('PIN_RULES_NOT_OPERATOR');

    const ack = (await ok(kato, ACK, { v: v1 })).acknowledgePinRules;
    expect(ack).toMatchObject({ versionLabel: '第1版', acknowledgedAt: clock.toISOString() });
    // twice (a double tap) answers the first one
    expect((await ok(kato, ACK, { v: v1 })).acknowledgePinRules.id).toBe(ack.id);
    expect(await todo(kato)).toBe(0);
    expect((await ok(kato, MINE)).myPinRules.acknowledgement.id).toBe(ack.id);
    expect((await ok(pin, OVERVIEW)).pinRulesOverview).toEqual({
      operators: 2,
      acknowledged: 1,
      rules: { versionLabel: '第1版' },
      pending: [{ operatorCode: 'OP-R-002' }],
    });
    expect(await control()).toMatchObject({ status: 'ATTENTION', reason: expect.stringContaining('1人') });
    // an operator may not read who else has not acknowledged
    expect(errorCode(await call(kato, OVERVIEW))).toBe('FORBIDDEN');

    await ok(yoshida, ACK, { v: v1 });
    expect(await control()).toMatchObject({ status: 'OK', reason: expect.stringContaining('2人全員') });
    const entries = await auditEntriesOf(t.db.dataSource, 'Mutation.acknowledgePinRules');
    expect(entries.filter((e) => e.outcome === 'OK')).toHaveLength(3);
    expect(entries.filter((e) => e.outcome === 'REFUSED').map((e) => e.reason)).toEqual([
      'PIN_RULES_MISSING',
      'PIN_RULES_NOT_OPERATOR',
    ]);
  });

  it('A16.4–5 a new version in force asks everyone again; the old version can no longer be acknowledged', async () => {
    clock = tokyo('2026-05-07');
    cookies.clear();
    const v2 = (await addVersion(documentId, '第2版', '2026-05-07')).id;
    expect(await todo(kato)).toBe(1);
    expect(await todo(yoshida)).toBe(1);
    expect(await control()).toMatchObject({ status: 'ATTENTION', reason: expect.stringContaining('2人') });
    // the day before, version 1 was in force and both had acknowledged it
    expect((await control('2026-05-06')).status).toBe('OK');
    expect(errorCode(await call(kato, ACK, { v: v1 }))).toBe('PIN_RULES_VERSION_NOT_CURRENT');
    expect((await ok(kato, ACK, { v: v2 })).acknowledgePinRules.versionLabel).toBe('第2版');
    expect(await todo(kato)).toBe(0);
    expect((await ok(pin, OVERVIEW)).pinRulesOverview.pending).toEqual([{ operatorCode: 'OP-R-002' }]);
  });
});

describe('A16 one issued card per operator', () => {
  const receive = async (cardNumber: string) =>
    (await ok(pin, RECEIVE, { i: { cardNumber, storagePlace: '市民課 金庫', storageLocked: true } }))
      .receiveOperatorCard.id as string;

  it('A16 a second card for an operator who holds one is refused with OPERATOR_HOLDS_CARD', async () => {
    const [c1, c2] = [await receive('R-0001'), await receive('R-0002')];
    await ok(pin, ISSUE, { i: { cardId: c1, operatorId: operators[kato.staffNumber] } });
    const second = await call(pin, ISSUE, { i: { cardId: c2, operatorId: operators[kato.staffNumber] } });
    expect(errorCode(second)).toBe('OPERATOR_HOLDS_CARD');
    expect((await auditEntriesOf(t.db.dataSource, 'Mutation.issueOperatorCard')).at(-1)).toMatchObject({
      outcome: 'REFUSED',
      reason: 'OPERATOR_HOLDS_CARD',
    });
  });

  it('A16 two cards issued to one operator at the same moment: exactly one passes, the other is refused with a code', async () => {
    const cards = [await receive('R-0003'), await receive('R-0004'), await receive('R-0005')];
    const results = await Promise.all(
      cards.map((cardId) => call(pin, ISSUE, { i: { cardId, operatorId: operators[yoshida.staffNumber] } })),
    );
    expect(results.filter((r) => !r.errors)).toHaveLength(1);
    expect(results.filter((r) => r.errors).map(errorCode)).toEqual(['OPERATOR_HOLDS_CARD', 'OPERATOR_HOLDS_CARD']);
    const [{ n }] = (await t.db.dataSource.query(`SELECT count(*)::int AS n FROM operator_card WHERE "holderId" = $1`, [
      operators[yoshida.staffNumber],
    ])) as { n: number }[];
    expect(n).toBe(1);
  });
});

describe('A16 the register prints and exports as 操作者識別カード管理簿 (貸与・回収・失効)', () => {
  const get = async (url: string, who: DemoPerson | null) =>
    t.app.http.inject({ method: 'GET', url, headers: who ? { cookie: await as(who) } : {} });

  it('A16 exports the register as CSV for Excel: one line per step, by card number, 令和 dates, audited', async () => {
    const res = await get('/exports/operator-cards.csv', pin);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toContain('operator-cards-2026-05-07.csv');
    const lines = res.body.replace(/^\uFEFF/, '').split('\r\n');
    expect(lines[0]).toBe('"カード番号","区分","日時","識別番号","操作者","所属","取扱者","保管場所","立会人","備考"');
    // R-0001: received, issued to kato; R-0002: received; R-0003–5: received, one issued to yoshida
    expect(lines).toHaveLength(1 + 2 + 1 + 4 + 1);
    expect(lines[1]).toMatch(/^"R-0001","受入","令和8年5月7日 09:00","","","","[^"]+","市民課 金庫 \(施錠\)","",""$/);
    expect(lines[2]).toMatch(/^"R-0001","貸与","令和8年5月7日 09:00","OP-R-001","[^"]+","[^"]+","[^"]+","","",""$/);
    const audit = await t.db.dataSource.query(
      `SELECT changes FROM audit_entry WHERE action = 'Export.operatorCards' ORDER BY id DESC LIMIT 1`,
    );
    expect(audit[0].changes).toMatchObject({ rows: [null, 7], format: [null, 'csv'] });
  });

  it('A16 exports the register as xlsx: the same columns, 令和-formatted date cells', async () => {
    const res = await get('/exports/operator-cards.xlsx', DEMO.auditor);
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(ws.name).toBe('操作者識別カード管理簿');
    expect(ws.getRow(1).getCell(1).value).toBe('カード番号');
    expect(ws.rowCount).toBe(1 + 7);
    expect(ws.getRow(3).getCell(2).value).toBe('貸与');
    expect(ws.getRow(3).getCell(3).numFmt).toContain('ggge');
  });

  it('A16 the export refuses callers the way the API does, and audits the refusal', async () => {
    expect((await get('/exports/operator-cards.csv', null)).statusCode).toBe(401);
    expect((await get('/exports/operator-cards.xlsx', kato)).statusCode).toBe(403);
    expect((await auditEntriesOf(t.db.dataSource, 'Export.operatorCards')).slice(-2)).toMatchObject([
      { outcome: 'REFUSED', reason: 'UNAUTHENTICATED' },
      { outcome: 'REFUSED', reason: 'FORBIDDEN' },
    ]);
    expect((await get('/exports/operator-cards.pdf', pin)).statusCode).toBe(404);
  });
});
