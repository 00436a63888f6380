// A13: the chief hears how access control went, per month and room, acknowledges it, and may
// open an instruction or an investigation. The month's register exports as CSV and xlsx for Excel.
import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, startTestApp, type TestApp } from '../helpers/app.js';
import { encryptPin, giveEveryoneAPin, TEST_PIN } from '../helpers/door-pin.js';
import { authorisation, pairDevice, roomIdsByCode, staffIdsByNumber } from '../helpers/factories.js';
import { gql, gqlBearer, signIn } from '../helpers/graphql.js';
import { OK_CHECKLIST } from '../helpers/door-tablet.js';
import { DEMO, type DemoPerson } from '../helpers/people.js';

const REPORT = `query($m: String!) { accessReport(month: $m) { month officeHours
  rooms { roomCode visits people unauthorisedEntries unclosedEntries afterHoursEntries }
  acknowledgements { followUp followUpNote comment acknowledgedBy { staffNumber } figures } } }`;

let clock = new Date('2026-10-05T00:00:00Z'); // Monday 9:00 in Tokyo
let t: TestApp;
let credential: string;
let seq = 0;
let rooms: Record<string, string>;
let staff: Record<string, string>;
const idOf = (who: DemoPerson) => staff[who.staffNumber];

/** Tokyo wall-clock time in October 2026 → instant */
const tokyo = (day: number, hm: string) => new Date(`2026-10-${String(day).padStart(2, '0')}T${hm}:00+09:00`);

async function record(events: Record<string, unknown>[]) {
  const body = await gqlBearer(
    t.app.http,
    credential,
    `mutation($i: RecordAccessEventsInput!) { recordAccessEvents(input: $i) { results { outcome anomalies } } }`,
    {
      i: {
        deviceNow: clock.toISOString(),
        events: events.map((e) => {
          const clientEventId = randomUUID();
          return {
            clientEventId,
            deviceSeq: ++seq,
            roomId: rooms.R01,
            purpose: 'サーバー保守',
            pin: encryptPin(t.secrets.doorPinKey, TEST_PIN, clientEventId),
            ...e,
            deviceTime: (e.deviceTime as Date).toISOString(),
          };
        }),
      },
    },
  );
  expect(body.errors).toBeUndefined();
  return body.data!.recordAccessEvents.results;
}

beforeAll(async () => {
  t = await startTestApp({ now: () => clock });
  await giveEveryoneAPin(t.db.dataSource, t.secrets.hmacKey);
  rooms = await roomIdsByCode(t.db.dataSource);
  staff = await staffIdsByNumber(t.db.dataSource);
  const manager = await signIn(t.app.http, DEMO.manager.staffNumber, DEMO_PASSWORD);
  ({ credential } = await pairDevice(t.app.http, manager, [rooms.R01, rooms.R02], 'R01 入口'));
  // DEMO.itStaff is authorised for R01 through October
  await authorisation(t.app.http, await signIn(t.app.http, DEMO.itStaff.staffNumber, DEMO_PASSWORD), manager, {
    roomIds: [rooms.R01],
    validFrom: '2026-10-01T00:00:00+09:00',
    validTo: '2026-11-01T00:00:00+09:00',
  });
  // October in R01: itStaff twice in office hours (closed), once on Saturday; the operator once
  // without authorisation and never left; one exit of itJunior without entry (counted only in the register).
  // The tablet sends them at the end of the month (events are never in the future of their sending).
  clock = new Date('2026-10-31T00:00:00Z');
  await record([
    { staffId: idOf(DEMO.itStaff), direction: 'ENTER', deviceTime: tokyo(5, '10:00') },
    {
      staffId: idOf(DEMO.itStaff),
      direction: 'EXIT',
      deviceTime: tokyo(5, '10:40'),
      checklist: OK_CHECKLIST,
    },
    { staffId: idOf(DEMO.itStaff), direction: 'ENTER', deviceTime: tokyo(6, '14:00') },
    {
      staffId: idOf(DEMO.itStaff),
      direction: 'EXIT',
      deviceTime: tokyo(6, '14:30'),
      checklist: { ...OK_CHECKLIST, noMediaLeft: false },
      note: 'USBメモリを回収',
    },
    { staffId: idOf(DEMO.itStaff), direction: 'ENTER', deviceTime: tokyo(10, '11:00') },
    {
      staffId: idOf(DEMO.itStaff),
      direction: 'EXIT',
      deviceTime: tokyo(10, '11:20'),
      checklist: OK_CHECKLIST,
    },
    { staffId: idOf(DEMO.operator), direction: 'ENTER', deviceTime: tokyo(7, '19:30') },
    {
      staffId: idOf(DEMO.itJunior),
      direction: 'EXIT',
      deviceTime: tokyo(8, '09:00'),
      checklist: OK_CHECKLIST,
    },
  ]);
  clock = new Date('2026-10-05T00:00:00Z');
});
afterAll(() => t.close());

describe('A13 access report', () => {
  it('A13: counts per room and month: visits, people, unauthorised, unclosed and after-hours entries', async () => {
    const chief = await signIn(t.app.http, DEMO.chief.staffNumber, DEMO_PASSWORD);
    const res = await gql(t.app.http, REPORT, { m: '2026-10' }, chief);
    expect(res.errors).toBeUndefined();
    const r01 = res.data!.accessReport.rooms.find((r: any) => r.roomCode === 'R01');
    expect(r01).toEqual({
      roomCode: 'R01',
      visits: 4,
      people: 2,
      unauthorisedEntries: 1,
      unclosedEntries: 1,
      afterHoursEntries: 2, // Saturday 10th, and 19:30 on the 7th
    });
    const r02 = res.data!.accessReport.rooms.find((r: any) => r.roomCode === 'R02');
    expect(r02.visits).toBe(0);
    const september = await gql(t.app.http, REPORT, { m: '2026-09' }, chief);
    expect(september.data!.accessReport.rooms.every((r: any) => r.visits === 0)).toBe(true);
    expect((await gql(t.app.http, REPORT, { m: '2026-13' }, chief)).errors![0].extensions!.code).toBe('BAD_USER_INPUT');
  });

  it('A13: the chief acknowledges and opens an investigation; the figures seen are kept; others may not', async () => {
    clock = new Date('2026-11-02T00:00:00Z');
    const chief = await signIn(t.app.http, DEMO.chief.staffNumber, DEMO_PASSWORD);
    const ACK = `mutation($i: AcknowledgeAccessReportInput!) { acknowledgeAccessReport(input: $i) { id followUp } }`;
    const noNote = await gql(t.app.http, ACK, { i: { month: '2026-10', followUp: 'INVESTIGATION' } }, chief);
    expect(noNote.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
    const ok = await gql(
      t.app.http,
      ACK,
      {
        i: {
          month: '2026-10',
          followUp: 'INVESTIGATION',
          followUpNote: '10月7日 19:30 の許可のない入室について管理者が調査し報告すること',
          comment: '報告を受けた',
        },
      },
      chief,
    );
    expect(ok.errors).toBeUndefined();
    const manager = await signIn(t.app.http, DEMO.manager.staffNumber, DEMO_PASSWORD);
    expect(
      (await gql(t.app.http, ACK, { i: { month: '2026-10', followUp: 'NONE' } }, manager)).errors![0].extensions!.code,
    ).toBe('FORBIDDEN');
    const report = (await gql(t.app.http, REPORT, { m: '2026-10' }, manager)).data!.accessReport;
    expect(report.acknowledgements).toEqual([
      expect.objectContaining({ followUp: 'INVESTIGATION', acknowledgedBy: { staffNumber: DEMO.chief.staffNumber } }),
    ]);
    expect(report.acknowledgements[0].figures.find((r: any) => r.roomCode === 'R01').unauthorisedEntries).toBe(1);
    clock = new Date('2026-10-05T00:00:00Z');
  });

  it('A13 with A9.7: the acting chief acknowledges during the acting period', async () => {
    clock = new Date('2026-08-18T01:00:00Z'); // the deputy chief acts for the chief 2026-08-17..21
    try {
      const acting = await signIn(t.app.http, DEMO.deputyChief.staffNumber, DEMO_PASSWORD);
      const res = await gql(
        t.app.http,
        `mutation($i: AcknowledgeAccessReportInput!) { acknowledgeAccessReport(input: $i) { acknowledgedBy { staffNumber } } }`,
        { i: { month: '2026-07', followUp: 'NONE' } },
        acting,
      );
      expect(res.errors).toBeUndefined();
      expect(res.data!.acknowledgeAccessReport.acknowledgedBy.staffNumber).toBe(DEMO.deputyChief.staffNumber);
    } finally {
      clock = new Date('2026-10-05T00:00:00Z');
    }
  });

  it('A12.3: the month register pages entries with their exits, oldest first, exits without entry included', async () => {
    const manager = await signIn(t.app.http, DEMO.manager.staffNumber, DEMO_PASSWORD);
    const Q = `query($after: String) { accessVisits(month: "2026-10", first: 3, after: $after) {
      nodes { name affiliation enteredAt exitedAt purpose checkedOk notes anomalies } hasNextPage endCursor } }`;
    const all: any[] = [];
    let after: string | null = null;
    for (let i = 0; i < 5; i++) {
      const page: any = (await gql(t.app.http, Q, { after }, manager)).data!.accessVisits;
      all.push(...page.nodes);
      after = page.endCursor;
      if (!page.hasNextPage) break;
    }
    expect(all.map((v) => [v.enteredAt ? 'in' : '-', v.exitedAt ? 'out' : '-'])).toEqual([
      ['in', 'out'],
      ['in', 'out'],
      ['in', '-'],
      ['-', 'out'],
      ['in', 'out'],
    ]);
    expect(all[2]).toMatchObject({ name: DEMO.operator.fullName, affiliation: expect.stringContaining('課') });
    expect(all[1]).toMatchObject({ checkedOk: false, notes: ['USBメモリを回収'], anomalies: ['CHECKLIST_INCOMPLETE'] });
    expect(all[2].anomalies).toContain('UNAUTHORISED');
    expect(all[3].anomalies).toContain('EXIT_WITHOUT_ENTRY');
  });

  it('A12.3: exports the month as CSV for Excel: BOM, CRLF, quoted, 令和 dates, the register columns', async () => {
    const manager = await signIn(t.app.http, DEMO.manager.staffNumber, DEMO_PASSWORD);
    const res = await t.app.http.inject({
      method: 'GET',
      url: '/exports/access-register.csv?month=2026-10',
      headers: { cookie: manager },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toContain('access-register-2026-10.csv');
    expect(res.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const lines = res.body.replace(/^\uFEFF/, '').split('\r\n');
    expect(lines[0]).toBe('"氏名","所属","電算室等","入室日時","退室日時","目的","確認結果","特記事項","付添者"');
    expect(lines).toHaveLength(1 + 5 + 1); // header, 5 lines, trailing CRLF
    expect(lines[1]).toMatch(
      /^"[^"]+","[^"]+","R01","令和8年10月5日 10:00","令和8年10月5日 10:40","サーバー保守","異常なし","",""$/,
    );
    expect(lines[2]).toContain('"要確認","USBメモリを回収・退室時確認に不備"');
    expect(lines[3]).toContain('許可なし');
    expect(lines[4]).toMatch(/^"[^"]+","[^"]+","R01","","令和8年10月8日 09:00"/);
    const audit = await t.db.dataSource.query(
      `SELECT changes FROM audit_entry WHERE action = 'Export.accessRegister' ORDER BY id DESC LIMIT 1`,
    );
    expect(audit[0].changes).toMatchObject({ rows: [null, 5], format: [null, 'csv'] });
    expect(audit[0].changes.complete).toBeUndefined();
  });

  it('A12.3: exports the month as xlsx: the same columns, bold frozen header, 令和-formatted date cells', async () => {
    const manager = await signIn(t.app.http, DEMO.manager.staffNumber, DEMO_PASSWORD);
    const res = await t.app.http.inject({
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
      ...['氏名', '所属', '電算室等', '入室日時', '退室日時', '目的', '確認結果', '特記事項', '付添者'],
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
    const audit = await t.db.dataSource.query(
      `SELECT changes FROM audit_entry WHERE action = 'Export.accessRegister' ORDER BY id DESC LIMIT 1`,
    );
    expect(audit[0].changes).toMatchObject({ rows: [null, 5], format: [null, 'xlsx'] });
  });

  it('A12.3: an outside visitor’s line names the escort (付添者) in GraphQL, CSV and xlsx', async () => {
    // November 2026: 株式会社みどりシステム 佐藤 健, asked for by the operations manager of 市民課, approved by the manager,
    // accompanied into R01 by DEMO.itJunior (the escort types their own PIN)
    clock = new Date('2026-11-02T00:00:00Z');
    const manager = await signIn(t.app.http, DEMO.manager.staffNumber, DEMO_PASSWORD);
    try {
      const asked = await gql(
        t.app.http,
        `mutation($i: RequestRoomAuthorisationInput!) { requestRoomAuthorisation(input: $i) { id } }`,
        {
          i: {
            subjectKind: 'CONTRACTOR',
            contractorCompany: '株式会社みどりシステム',
            contractorName: '佐藤 健',
            contractorContact: '042-000-0000',
            roomIds: [rooms.R01],
            validFrom: '2026-11-01T00:00:00+09:00',
            validTo: '2026-12-01T00:00:00+09:00',
            purpose: '住基ネット端末の定期点検',
          },
        },
        await signIn(t.app.http, DEMO.operationsManager.staffNumber, DEMO_PASSWORD),
      );
      expect(asked.errors).toBeUndefined();
      const contractor = asked.data!.requestRoomAuthorisation.id;
      const approved = await gql(
        t.app.http,
        `mutation($i: AuthorisationIdInput!) { approveRoomAuthorisation(input: $i) { id } }`,
        { i: { id: contractor } },
        manager,
      );
      expect(approved.errors).toBeUndefined();
      clock = new Date('2026-11-30T00:00:00Z');
      const escort = staff[DEMO.itJunior.staffNumber];
      const results = await record([
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
      clock = new Date('2026-10-05T00:00:00Z');
    }
    const escortName = { name: DEMO.itJunior.fullName };
    const visits = (
      await gql(
        t.app.http,
        `{ accessVisits(month: "2026-11") { nodes { name affiliation escortName checkedOk } } }`,
        {},
        manager,
      )
    ).data!.accessVisits.nodes;
    expect(visits).toEqual([
      { name: '佐藤 健', affiliation: '株式会社みどりシステム', escortName: escortName.name, checkedOk: true },
    ]);
    const october = (await gql(t.app.http, `{ accessVisits(month: "2026-10") { nodes { escortName } } }`, {}, manager))
      .data!.accessVisits.nodes;
    expect(october.every((v: any) => v.escortName === null)).toBe(true); // staff entering alone
    const csv = await t.app.http.inject({
      method: 'GET',
      url: '/exports/access-register.csv?month=2026-11',
      headers: { cookie: manager },
    });
    expect(csv.body.split('\r\n')[1]).toBe(
      `"佐藤 健","株式会社みどりシステム","R01","令和8年11月10日 13:00","令和8年11月10日 14:00",` +
        `"住基ネット端末の定期点検","異常なし","","${escortName.name}"`,
    );
    const xlsx = await t.app.http.inject({
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
    await t.db.dataSource.query(
      `INSERT INTO access_event ("clientEventId", direction, "subjectKind", "staffId", "roomId", purpose,
         "deviceTime", "clockSkewSeconds", "occurredAt", "receivedAt")
       SELECT gen_random_uuid(), 'ENTER', 'STAFF', $1, $2, '同時刻 ' || n, $3, 0, $3, $3 FROM generate_series(1, 1003) n`,
      [staff['200303'], rooms.R01, '2026-08-03T01:00:00.000Z'],
    );
    const manager = await signIn(t.app.http, '200301', DEMO_PASSWORD);
    const Q = `query($after: String) { accessVisits(month: "2026-08", after: $after) { nodes { purpose } hasNextPage endCursor } }`;
    const purposes: string[] = [];
    let after: string | null = null;
    for (let i = 0; i < 20; i++) {
      const res: any = await gql(t.app.http, Q, { after }, manager);
      expect(res.errors).toBeUndefined();
      expect(res.data.accessVisits.nodes.length).toBeLessThanOrEqual(100); // first defaults to 100
      purposes.push(...res.data.accessVisits.nodes.map((v: any) => v.purpose));
      after = res.data.accessVisits.endCursor;
      if (!res.data.accessVisits.hasNextPage) break;
    }
    const expected = await t.db.dataSource.query(
      `SELECT purpose FROM access_event WHERE purpose LIKE '同時刻 %' ORDER BY "occurredAt", id`,
    );
    expect(expected).toHaveLength(1003);
    expect(purposes).toEqual(expected.map((r: any) => r.purpose));
    const csv = await t.app.http.inject({
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
      (await gql(t.app.http, Q, { after: cursor }, manager)).errors?.[0].extensions?.code;
    expect(await refused('3')).toBe('BAD_USER_INPUT'); // the former offset
    expect(await refused('garbage')).toBe('BAD_USER_INPUT');
  });

  it('A12.3: the export refuses callers and input the way the API does', async () => {
    const get = (url: string, headers: Record<string, string> = {}) =>
      t.app.http.inject({ method: 'GET', url, headers });
    expect((await get('/exports/access-register.csv?month=2026-10')).statusCode).toBe(401);
    expect((await get('/exports/access-register.xlsx?month=2026-10')).statusCode).toBe(401);
    const operator = await signIn(t.app.http, DEMO.operator.staffNumber, DEMO_PASSWORD);
    expect((await get('/exports/access-register.csv?month=2026-10', { cookie: operator })).statusCode).toBe(403);
    expect((await get('/exports/access-register.xlsx?month=2026-10', { cookie: operator })).statusCode).toBe(403);
    const manager = await signIn(t.app.http, DEMO.manager.staffNumber, DEMO_PASSWORD);
    const bad = await get('/exports/access-register.csv?month=october', { cookie: manager });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('BAD_USER_INPUT');
    expect((await get('/exports/nothing-here', { cookie: manager, accept: 'text/html' })).statusCode).toBe(404);
    expect((await get('/exports/access-register.pdf?month=2026-10', { cookie: manager })).statusCode).toBe(404);
    expect((await get('/exports/access-register.csv?month=9999-12', { cookie: manager })).statusCode).toBe(400);
    expect((await gql(t.app.http, REPORT, { m: '9999-12' }, manager)).errors![0].extensions!.code).toBe(
      'BAD_USER_INPUT',
    );
  });

  it('A12.3: text that Excel would run as a formula is exported as text', async () => {
    clock = new Date('2026-10-31T00:00:00Z');
    try {
      await record([
        {
          staffId: idOf(DEMO.itStaff),
          direction: 'ENTER',
          deviceTime: tokyo(20, '10:00'),
          purpose: '=HYPERLINK("http://x")',
        },
      ]);
    } finally {
      clock = new Date('2026-10-05T00:00:00Z');
    }
    const manager = await signIn(t.app.http, DEMO.manager.staffNumber, DEMO_PASSWORD);
    const res = await t.app.http.inject({
      method: 'GET',
      url: '/exports/access-register.csv?month=2026-10',
      headers: { cookie: manager },
    });
    expect(res.body).toContain(`"'=HYPERLINK(""http://x"")"`);
    expect(res.body).not.toContain(`"=HYPERLINK`);
  });
});
