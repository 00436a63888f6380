// Issue 14 §5: 様式第1号 as xlsx/CSV and the city's spreadsheet taken in (A14.5). The import is all
// or nothing, answers every bad row with its row number, changes nothing the second time
// (idempotent by register number), refuses a file too large or not a spreadsheet with a code, and
// is audited; the export gives the form's columns and reads back unchanged through the import.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, startTestApp, type TestApp } from '../helpers/app.js';
import { lastAuditEntryOf } from '../helpers/factories.js';
import { errorCode, gql, signIn } from '../helpers/graphql.js';
import { DEMO, type DemoPerson } from '../helpers/people.js';

const IMPORT = `mutation($i: ImportConfigurationRegisterInput!) { importConfigurationRegister(input: $i) {
  imported fileName rows created changed unchanged issues { row column code message } } }`;
const HEADER =
  '登録番号,種別,名称,メーカー,型式・製品名,バージョン,電算室等,ラック,施錠保管,組込先,使用課,管理責任者,使用開始日,状態,備考';

let t: TestApp;
const cookies: Record<string, string> = {};
const as = async (who: DemoPerson) =>
  (cookies[who.staffNumber] ??= await signIn(t.app.http, who.staffNumber, DEMO_PASSWORD));
const b64 = (s: string | Buffer) => Buffer.from(s).toString('base64');
const importFile = async (fileName: string, content: string | Buffer, who: DemoPerson = DEMO.manager, extra = {}) =>
  gql(t.app.http, IMPORT, { i: { file: { fileName, contentBase64: b64(content) }, ...extra } }, await as(who));
const count = async (prefix: string) =>
  Number(
    (
      await t.db.dataSource.query(`SELECT count(*)::int AS n FROM configuration_item WHERE "registerNumber" LIKE $1`, [
        `${prefix}%`,
      ])
    )[0].n,
  );
const changesOf = (number: string) =>
  t.db.dataSource.query(
    `SELECT c.kind, c.basis, c.reason, c.changes FROM configuration_change c
       JOIN configuration_item i ON i.id = c."itemId" WHERE i."registerNumber" = $1 ORDER BY c.at, c.id`,
    [number],
  ) as Promise<{ kind: string; basis: string; reason: string; changes: Record<string, unknown> }[]>;
const download = async (format: 'csv' | 'xlsx', cookie?: string) =>
  t.app.http.inject({
    method: 'GET',
    url: `/exports/configuration-register.${format}`,
    headers: cookie ? { cookie } : {},
  });

const GOOD = [
  HEADER,
  'IM-001,サーバー,取込試験サーバ,みどりの電機,MS-9,,R01,ラックB,,,情報政策課,200302,2026-04-01,使用中,',
  'IM-002,OS,取込試験OS,,,2024,,,,IM-001,情報政策課,林 健太,令和8年4月1日,使用中,新しいサーバに導入',
  'IM-003,テープ,取込試験テープ,,,,,,有,,S0202,200302,,保管中,',
];

beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

describe('A14.5 §5 importing the city’s spreadsheet (様式第1号)', () => {
  it('A14.5 all or nothing: one bad row among good ones stores nothing, and every bad row is named with its reason', async () => {
    const csv = [
      ...GOOD,
      'IM-004,プリンタ,種別のない機器,,,,,,,,情報政策課,200302,,使用中,',
      'IM-005,サーバー,課のない機器,,,,,,,,存在しない課,200302,2026-13-01,使用中,',
      'IM-001,サーバー,番号の重複,,,,,,,,情報政策課,200302,,使用中,',
    ].join('\r\n');
    const res = await importFile('構成管理簿.csv', csv);
    expect(res.errors).toBeUndefined();
    const r = res.data!.importConfigurationRegister;
    expect(r).toMatchObject({ imported: false, created: 0, changed: 0, unchanged: 0 });
    expect(r.issues.map((i: any) => [i.row, i.column, i.code])).toEqual([
      [5, '種別', 'INVALID_VALUE'],
      [6, '使用開始日', 'INVALID_VALUE'],
      [6, '使用課', 'UNKNOWN_REFERENCE'],
      [7, '登録番号', 'DUPLICATE_IN_FILE'],
    ]);
    expect(r.issues[0].message).toContain('プリンタ');
    expect(await count('IM-')).toBe(0);
    const audit = await lastAuditEntryOf(t.db.dataSource, 'Mutation.importConfigurationRegister');
    expect(audit).toMatchObject({ outcome: 'REFUSED', reason: 'IMPORT_ROWS_INVALID' });
  });

  it('A14.5 a good file is stored with a change record per line; the same file again changes nothing; a changed line is a change record with the import as its reason', async () => {
    const first = await importFile('構成管理簿.csv', GOOD.join('\r\n'));
    expect(first.data!.importConfigurationRegister).toMatchObject({
      imported: true,
      rows: 3,
      created: 3,
      changed: 0,
      unchanged: 0,
      issues: [],
    });
    expect(await count('IM-')).toBe(3);
    const [installed] = await changesOf('IM-002');
    expect(installed).toMatchObject({ kind: 'INSTALL', basis: 'DIRECT', reason: '様式第1号の取込: 構成管理簿.csv' });
    expect(installed.changes).toMatchObject({
      installedOn: [null, 'IM-001 取込試験サーバ'],
      inUseFrom: [null, '2026-04-01'],
    });
    const audit = await lastAuditEntryOf(t.db.dataSource, 'Mutation.importConfigurationRegister');
    expect(audit).toMatchObject({ outcome: 'OK' });
    expect(audit.changes).toMatchObject({ created: [null, 3], rows: [null, 3] });

    const again = await importFile('構成管理簿.csv', GOOD.join('\r\n'));
    expect(again.data!.importConfigurationRegister).toMatchObject({
      imported: true,
      created: 0,
      changed: 0,
      unchanged: 3,
    });
    expect(await changesOf('IM-001')).toHaveLength(1);

    const edited = GOOD.map((l) => (l.startsWith('IM-001') ? l.replace('ラックB', 'ラックC') : l)).join('\r\n');
    const third = await importFile('構成管理簿 改訂.csv', edited, DEMO.manager, { reason: 'ラックの移設を反映' });
    expect(third.data!.importConfigurationRegister).toMatchObject({
      imported: true,
      created: 0,
      changed: 1,
      unchanged: 2,
    });
    const history = await changesOf('IM-001');
    expect(history).toHaveLength(2);
    expect(history[1]).toMatchObject({
      kind: 'CHANGE',
      basis: 'DIRECT',
      reason: 'ラックの移設を反映',
      changes: { rack: ['ラックB', 'ラックC'] },
    });
  });

  it('A14.5 a line the register refuses in the database (a server retired with programs in use) is answered by its row; nothing is stored', async () => {
    const csv = [
      '登録番号,種別,名称,使用課,管理責任者,状態',
      'IM-201,テープ,予備テープ,情報政策課,200302,保管中',
      'EQ-001,サーバー,コミュニケーションサーバ,情報政策課,200302,使用終了',
    ].join('\n');
    const res = await importFile('retire.csv', csv, DEMO.manager);
    // the tape has no 施錠保管 column: refused by the item rules too, on its own row (the column by the form's header)
    const r = res.data!.importConfigurationRegister;
    expect(r.imported).toBe(false);
    expect(r.issues.map((i: any) => [i.row, i.column ?? null, i.code])).toEqual([
      [2, '施錠保管', 'INVALID_CONFIGURATION_ITEM'],
    ]);
    const fixed = csv.replace('IM-201,テープ,予備テープ', 'IM-201,OS,予備OS').split('\n');
    fixed[0] += ',バージョン';
    fixed[1] += ',2024';
    fixed[2] += ',';
    const second = await importFile('retire.csv', fixed.join('\n'), DEMO.manager);
    expect(second.data!.importConfigurationRegister.issues.map((i: any) => [i.row, i.column, i.code])).toEqual([
      [3, '状態', 'INVALID_CONFIGURATION_ITEM'],
    ]);
    expect(second.data!.importConfigurationRegister.issues[0].message).toContain('プログラム');
    expect(await count('IM-201')).toBe(0);
    const [eq] = await t.db.dataSource.query(`SELECT state FROM configuration_item WHERE "registerNumber" = 'EQ-001'`);
    expect(eq.state).toBe('IN_USE');
  });

  it('A14.5 the caller maps its own headers to the form’s fields', async () => {
    const csv = ['No,Type,Item,Section,Owner,State', 'IM-101,端末装置,窓口端末 予備,情報政策課,200302,保管中'].join(
      '\n',
    );
    const missing = await importFile('own.csv', csv);
    expect(errorCode(missing)).toBe('IMPORT_COLUMNS_MISSING');
    const mapping = [
      ['registerNumber', 'No'],
      ['kind', 'Type'],
      ['name', 'Item'],
      ['section', 'Section'],
      ['responsible', 'Owner'],
      ['state', 'State'],
    ].map(([field, header]) => ({ field, header }));
    const res = await importFile('own.csv', csv, DEMO.manager, { mapping });
    expect(res.data!.importConfigurationRegister).toMatchObject({ imported: true, created: 1 });
  });

  it('A14.5 a file too large, not a spreadsheet, or from someone who may not edit the register is refused with a code and audited', async () => {
    // over CONFIGURATION_FILE_MAX_BYTES (700 KB by default), under the request body limit
    const big = await importFile('big.csv', Buffer.alloc(710 * 1024, 0x41));
    expect(errorCode(big)).toBe('IMPORT_FILE_TOO_LARGE');
    expect(await lastAuditEntryOf(t.db.dataSource, 'Mutation.importConfigurationRegister')).toMatchObject({
      outcome: 'REFUSED',
      reason: 'IMPORT_FILE_TOO_LARGE',
    });
    const pdf = await importFile('register.xlsx', Buffer.from('%PDF-1.7\n\u0000\u0001\u0002'));
    expect(errorCode(pdf)).toBe('NOT_A_SPREADSHEET');
    expect(await lastAuditEntryOf(t.db.dataSource, 'Mutation.importConfigurationRegister')).toMatchObject({
      outcome: 'REFUSED',
      reason: 'NOT_A_SPREADSHEET',
    });
    const operator = await importFile('構成管理簿.csv', GOOD.join('\n'), DEMO.operator);
    expect(errorCode(operator)).toBe('FORBIDDEN');
  });
});

describe('A14.5 §5 exporting 様式第1号 (xlsx and CSV)', () => {
  it('A14.5 xlsx: the form’s columns, the references as people read them, 令和 date cells; it imports back unchanged', async () => {
    const res = await download('xlsx', await as(DEMO.operator));
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toContain('configuration-register.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    const header = (ws.getRow(1).values as unknown[]).slice(1);
    expect(header).toEqual([
      '登録番号',
      '区分',
      '種別',
      '名称',
      'メーカー',
      '型式・製品名',
      'バージョン',
      '製造番号・ライセンス番号',
      '電算室等',
      'ラック',
      '設置・保管場所',
      '施錠保管',
      'ネットワークアドレス',
      '組込先',
      '他システムと共用',
      '使用課',
      '管理責任者',
      '使用開始日',
      '使用終了日',
      '状態',
      '備考',
    ]);
    const row = (n: string) => {
      let found: ExcelJS.Row | undefined;
      ws.eachRow((r) => {
        if (r.getCell(1).value === n) found = r;
      });
      return found!;
    };
    const eq = row('EQ-001');
    const value = (r: ExcelJS.Row, h: string) => r.getCell(header.indexOf(h) + 1).value;
    expect(value(eq, '区分')).toBe('機器');
    expect(value(eq, '種別')).toBe('サーバー');
    expect(value(eq, 'ラック')).toBe('ラックA');
    expect(value(eq, 'ネットワークアドレス')).toBe('192.0.2.10');
    expect(value(eq, '他システムと共用')).toBe('無');
    expect(value(eq, '使用課')).toBe('情報政策課');
    expect(value(eq, '管理責任者')).toBe('林 健太');
    expect(value(eq, '使用開始日')).toEqual(new Date(Date.UTC(2024, 3, 1)));
    expect(eq.getCell(header.indexOf('使用開始日') + 1).numFmt).toContain('ggge');
    expect(value(eq, '状態')).toBe('使用中');
    expect(value(row('PG-001'), '組込先')).toBe('EQ-001');
    const audit = await lastAuditEntryOf(t.db.dataSource, 'Export.configurationRegister');
    expect(audit.changes).toMatchObject({ format: [null, 'xlsx'], rows: [null, ws.rowCount - 1] });

    // the register exported and imported again: every line unchanged, nothing written
    const back = await importFile('export.xlsx', res.rawPayload);
    expect(back.data!.importConfigurationRegister).toMatchObject({
      imported: true,
      created: 0,
      changed: 0,
      unchanged: ws.rowCount - 1,
    });
  });

  it('A14.5 CSV: BOM, the same columns, 令和 dates; a caller without a session is refused and audited', async () => {
    const res = await download('csv', await as(DEMO.auditor));
    expect(res.statusCode).toBe(200);
    expect(res.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const text = res.rawPayload.toString('utf8');
    expect(text).toContain('"登録番号","区分","種別"');
    expect(text).toMatch(/"EQ-001","機器","サーバー",.*"令和6年4月1日"/);
    const anonymous = await download('csv');
    expect(anonymous.statusCode).toBe(401);
    expect(await lastAuditEntryOf(t.db.dataSource, 'Export.configurationRegister')).toMatchObject({
      outcome: 'REFUSED',
      reason: 'UNAUTHENTICATED',
    });
  });
});
