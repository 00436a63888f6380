// A12.3: the month's entry/exit register exported for Excel (CSV and xlsx), with the same caller
// rules as the API, and the escort (付添者) of an outside visitor.
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../helpers/app.js';
import { OK_CHECKLIST } from '../helpers/door-tablet.js';
import { gql, signIn } from '../helpers/graphql.js';
import { REPORT, tokyo, useOctoberRegister } from '../helpers/october-register.js';
import { DEMO } from '../helpers/people.js';

const f = useOctoberRegister();

describe('A12.3 register export', () => {
  it('A12.3: exports the month as CSV for Excel: BOM, CRLF, quoted, 令和 dates, the register columns', async () => {
    const manager = await signIn(f.t.app.http, DEMO.manager.staffNumber, DEMO_PASSWORD);
    const res = await f.t.app.http.inject({
      method: 'GET',
      url: '/exports/access-register.csv?month=2026-10',
      headers: { cookie: manager },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toContain('access-register-2026-10.csv');
    expect(res.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const lines = res.body.replace(/^\uFEFF/, '').split('\r\n');
    expect(lines[0]).toBe(
      '"氏名","所属","電算室等","入室日時","退室日時","目的","確認結果","特記事項","付添者","記録方法"',
    );
    expect(lines).toHaveLength(1 + 5 + 1); // header, 5 lines, trailing CRLF
    expect(lines[1]).toMatch(
      /^"[^"]+","[^"]+","R01","令和8年10月5日 10:00","令和8年10月5日 10:40","サーバー保守","異常なし","","","端末"$/,
    );
    expect(lines[2]).toContain('"要確認","USBメモリを回収・退室時確認に不備"');
    expect(lines[3]).toContain('許可なし');
    expect(lines[4]).toMatch(/^"[^"]+","[^"]+","R01","","令和8年10月8日 09:00"/);
    const audit = await f.t.db.dataSource.query(
      `SELECT changes FROM audit_entry WHERE action = 'Export.accessRegister' ORDER BY id DESC LIMIT 1`,
    );
    expect(audit[0].changes).toMatchObject({ rows: [null, 5], format: [null, 'csv'] });
    expect(audit[0].changes.complete).toBeUndefined();
  });

  it('A12.3: exports the month as xlsx: the same columns, bold frozen header, 令和-formatted date cells', async () => {
    const manager = await signIn(f.t.app.http, DEMO.manager.staffNumber, DEMO_PASSWORD);
    const res = await f.t.app.http.inject({
      method: 'GET',
      url: '/exports/access-register.xlsx?month=2026-10',
      headers: { cookie: manager },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers['content-disposition']).toContain('access-register-2026-10.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    expect(ws.name).toBe('入退室管理簿 2026-10');
    expect(ws.getRow(1).values).toEqual([
      undefined,
      ...['氏名', '所属', '電算室等', '入室日時', '退室日時', '目的', '確認結果', '特記事項', '付添者', '記録方法'],
    ]);
    expect(ws.getRow(1).font?.bold ?? ws.getRow(1).getCell(1).font?.bold).toBe(true);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(ws.rowCount).toBe(1 + 5);
    const first = ws.getRow(2);
    expect(first.getCell(3).value).toBe('R01');
    expect(first.getCell(4).value).toEqual(new Date(Date.UTC(2026, 9, 5, 10, 0))); // Tokyo wall-clock time
    expect(first.getCell(4).numFmt).toContain('ggge');
    expect(first.getCell(6).value).toBe('サーバー保守');
    expect(first.getCell(7).value).toBe('異常なし');
    expect(ws.getRow(3).getCell(8).value).toBe('USBメモリを回収・退室時確認に不備');
    expect(ws.getRow(5).getCell(4).value).toBeNull(); // the exit without entry
    const audit = await f.t.db.dataSource.query(
      `SELECT changes FROM audit_entry WHERE action = 'Export.accessRegister' ORDER BY id DESC LIMIT 1`,
    );
    expect(audit[0].changes).toMatchObject({ rows: [null, 5], format: [null, 'xlsx'] });
  });

  it('A12.3: an outside visitor’s line names the escort (付添者) in GraphQL, CSV and xlsx', async () => {
    // November 2026: 株式会社みどりシステム 佐藤 健, asked for by the operations manager of 市民課, approved by the manager,
    // accompanied into R01 by DEMO.itJunior (the escort types their own PIN)
    f.clock = new Date('2026-11-02T00:00:00Z');
    const manager = await signIn(f.t.app.http, DEMO.manager.staffNumber, DEMO_PASSWORD);
    try {
      const asked = await gql(
        f.t.app.http,
        `mutation($i: RequestRoomAuthorisationInput!) { requestRoomAuthorisation(input: $i) { id } }`,
        {
          i: {
            subjectKind: 'CONTRACTOR',
            contractorCompany: '株式会社みどりシステム',
            contractorName: '佐藤 健',
            contractorContact: '042-000-0000',
            roomIds: [f.rooms.R01],
            validFrom: '2026-11-01T00:00:00+09:00',
            validTo: '2026-12-01T00:00:00+09:00',
            purpose: '住基ネット端末の定期点検',
          },
        },
        await signIn(f.t.app.http, DEMO.operationsManager.staffNumber, DEMO_PASSWORD),
      );
      expect(asked.errors).toBeUndefined();
      const contractor = asked.data!.requestRoomAuthorisation.id;
      const approved = await gql(
        f.t.app.http,
        `mutation($i: AuthorisationIdInput!) { approveRoomAuthorisation(input: $i) { id } }`,
        { i: { id: contractor } },
        manager,
      );
      expect(approved.errors).toBeUndefined();
      f.clock = new Date('2026-11-30T00:00:00Z');
      const escort = f.staff[DEMO.itJunior.staffNumber];
      const results = await f.record([
        {
          contractorAuthorisationId: contractor,
          escortStaffId: escort,
          direction: 'ENTER',
          deviceTime: new Date('2026-11-10T13:00:00+09:00'),
          purpose: '住基ネット端末の定期点検',
        },
        {
          contractorAuthorisationId: contractor,
          escortStaffId: escort,
          direction: 'EXIT',
          deviceTime: new Date('2026-11-10T14:00:00+09:00'),
          checklist: OK_CHECKLIST,
        },
      ]);
      expect(results.map((r: any) => r.anomalies)).toEqual([[], []]);
    } finally {
      f.clock = new Date('2026-10-05T00:00:00Z');
    }
    const escortName = { name: DEMO.itJunior.fullName };
    const visits = (
      await gql(
        f.t.app.http,
        `{ accessVisits(month: "2026-11") { nodes { name affiliation escortName checkedOk } } }`,
        {},
        manager,
      )
    ).data!.accessVisits.nodes;
    expect(visits).toEqual([
      { name: '佐藤 健', affiliation: '株式会社みどりシステム', escortName: escortName.name, checkedOk: true },
    ]);
    const october = (
      await gql(f.t.app.http, `{ accessVisits(month: "2026-10") { nodes { escortName } } }`, {}, manager)
    ).data!.accessVisits.nodes;
    expect(october.every((v: any) => v.escortName === null)).toBe(true); // staff entering alone
    const csv = await f.t.app.http.inject({
      method: 'GET',
      url: '/exports/access-register.csv?month=2026-11',
      headers: { cookie: manager },
    });
    expect(csv.body.split('\r\n')[1]).toBe(
      `"佐藤 健","株式会社みどりシステム","R01","令和8年11月10日 13:00","令和8年11月10日 14:00",` +
        `"住基ネット端末の定期点検","異常なし","","${escortName.name}","端末"`,
    );
    const xlsx = await f.t.app.http.inject({
      method: 'GET',
      url: '/exports/access-register.xlsx?month=2026-11',
      headers: { cookie: manager },
    });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const row = wb.worksheets[0].getRow(2);
    expect([row.getCell(1).value, row.getCell(2).value, row.getCell(9).value]).toEqual([
      '佐藤 健',
      '株式会社みどりシステム',
      escortName.name,
    ]);
  });

  it('A12.3: 1,003 lines at one instant page by keyset, in the API and across the export’s 1,000-line pages', async () => {
    // one instant for every line: only the id orders them; the export's page boundary falls inside the tie
    await f.t.db.dataSource.query(
      `INSERT INTO access_event ("clientEventId", direction, "subjectKind", "staffId", "roomId", purpose,
         "deviceTime", "clockSkewSeconds", "occurredAt", "receivedAt")
       SELECT gen_random_uuid(), 'ENTER', 'STAFF', $1, $2, '同時刻 ' || n, $3, 0, $3, $3 FROM generate_series(1, 1003) n`,
      [f.staff['200303'], f.rooms.R01, '2026-08-03T01:00:00.000Z'],
    );
    const manager = await signIn(f.t.app.http, DEMO.manager.staffNumber, DEMO_PASSWORD);
    const Q = `query($after: String) { accessVisits(month: "2026-08", after: $after) { nodes { purpose } hasNextPage endCursor } }`;
    const purposes: string[] = [];
    let after: string | null = null;
    for (let i = 0; i < 20; i++) {
      const res: any = await gql(f.t.app.http, Q, { after }, manager);
      expect(res.errors).toBeUndefined();
      expect(res.data.accessVisits.nodes.length).toBeLessThanOrEqual(100); // first defaults to 100
      purposes.push(...res.data.accessVisits.nodes.map((v: any) => v.purpose));
      after = res.data.accessVisits.endCursor;
      if (!res.data.accessVisits.hasNextPage) break;
    }
    const expected = await f.t.db.dataSource.query(
      `SELECT purpose FROM access_event WHERE purpose LIKE '同時刻 %' ORDER BY "occurredAt", id`,
    );
    expect(expected).toHaveLength(1003);
    expect(purposes).toEqual(expected.map((r: any) => r.purpose));
    const csv = await f.t.app.http.inject({
      method: 'GET',
      url: '/exports/access-register.csv?month=2026-08',
      headers: { cookie: manager },
    });
    const lines = csv.body
      .replace(/^\uFEFF/, '')
      .split('\r\n')
      .slice(1, -1);
    expect(lines.map((l) => /"(同時刻 \d+)"/.exec(l)?.[1])).toEqual(purposes);
    const refused = async (cursor: string) =>
      (await gql(f.t.app.http, Q, { after: cursor }, manager)).errors?.[0].extensions?.code;
    expect(await refused('3')).toBe('BAD_USER_INPUT'); // the former offset
    expect(await refused('garbage')).toBe('BAD_USER_INPUT');
  });

  it('A12.3: the export refuses callers and input the way the API does', async () => {
    const get = (url: string, headers: Record<string, string> = {}) =>
      f.t.app.http.inject({ method: 'GET', url, headers });
    expect((await get('/exports/access-register.csv?month=2026-10')).statusCode).toBe(401);
    expect((await get('/exports/access-register.xlsx?month=2026-10')).statusCode).toBe(401);
    const operator = await signIn(f.t.app.http, DEMO.operator.staffNumber, DEMO_PASSWORD);
    expect((await get('/exports/access-register.csv?month=2026-10', { cookie: operator })).statusCode).toBe(403);
    expect((await get('/exports/access-register.xlsx?month=2026-10', { cookie: operator })).statusCode).toBe(403);
    const manager = await signIn(f.t.app.http, DEMO.manager.staffNumber, DEMO_PASSWORD);
    const bad = await get('/exports/access-register.csv?month=october', { cookie: manager });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('BAD_USER_INPUT');
    expect((await get('/exports/nothing-here', { cookie: manager, accept: 'text/html' })).statusCode).toBe(404);
    expect((await get('/exports/access-register.pdf?month=2026-10', { cookie: manager })).statusCode).toBe(404);
    expect((await get('/exports/access-register.csv?month=9999-12', { cookie: manager })).statusCode).toBe(400);
    expect((await gql(f.t.app.http, REPORT, { m: '9999-12' }, manager)).errors![0].extensions!.code).toBe(
      'BAD_USER_INPUT',
    );
  });

  it('A12.3: text that Excel would run as a formula is exported as text', async () => {
    f.clock = new Date('2026-10-31T00:00:00Z');
    try {
      await f.record([
        {
          staffId: f.idOf(DEMO.itStaff),
          direction: 'ENTER',
          deviceTime: tokyo(20, '10:00'),
          purpose: '=HYPERLINK("http://x")',
        },
      ]);
    } finally {
      f.clock = new Date('2026-10-05T00:00:00Z');
    }
    const manager = await signIn(f.t.app.http, DEMO.manager.staffNumber, DEMO_PASSWORD);
    const res = await f.t.app.http.inject({
      method: 'GET',
      url: '/exports/access-register.csv?month=2026-10',
      headers: { cookie: manager },
    });
    expect(res.body).toContain(`"'=HYPERLINK(""http://x"")"`);
    expect(res.body).not.toContain(`"=HYPERLINK`);
  });
});
