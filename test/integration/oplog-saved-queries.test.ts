// A20.1: the saved queries that surface what needs a look in the operation history, each with data
// made to trigger it and data made not to, read through GraphQL (keyset-paged) and as CSV.
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, useTestApp } from '../helpers/app.js';
import { gql, signIn } from '../helpers/graphql.js';
import { apiToken, CSV_HEADER, postBatch } from '../helpers/oplog.js';
import { DEMO } from '../helpers/people.js';

const clock = new Date('2026-12-10T01:00:00Z');
const f = useTestApp({ now: () => clock });
let cookie: string;

const lines: string[] = [];
/** One record (Tokyo wall clock). */
const rec = (at: string, operator: string, type = 'INQUIRY', terminal = 'T-001') =>
  lines.push(`${at},${terminal},${operator},${type},SUCCESS,`);
const pad = (n: number) => String(n).padStart(2, '0');

// outside hours: 11/3 文化の日 (a Tuesday), 11/7 a Saturday, 11/4 before 08:30 and from 17:15
rec('2026-11-03 10:00:00', 'OPH1');
rec('2026-11-07 10:00:00', 'OPH1');
rec('2026-11-04 08:29:59', 'OPH1');
rec('2026-11-04 17:15:00', 'OPH1');
// within office hours of a working day: not flagged
rec('2026-11-04 08:30:00', 'OPH1');
rec('2026-11-04 17:14:59', 'OPH1');
// the year-end closure: 12/29 (a Monday) and 1/2 (a Friday) are closed; 1/5 (a Monday) is open
rec('2025-12-29 10:00:00', 'OPY');
rec('2026-01-02 10:00:00', 'OPY');
rec('2026-01-05 10:00:00', 'OPY');

// unusual volume: OPV and OPS do 10 a day on ten working days, then on 11/19 OPV does 60, OPS 12
const baselineDays = ['10-26', '10-27', '10-28', '10-29', '10-30', '11-02', '11-04', '11-05', '11-06', '11-09'];
for (const d of baselineDays)
  for (let i = 0; i < 10; i++) for (const op of ['OPV', 'OPS']) rec(`2026-${d} 10:${pad(i)}:00`, op);
for (let i = 0; i < 60; i++) rec(`2026-11-19 ${pad(9 + Math.floor(i / 20))}:${pad(i % 20)}:00`, 'OPV');
for (let i = 0; i < 12; i++) rec(`2026-11-19 10:${pad(i)}:00`, 'OPS');

// all day: OPD from 07:00 to 20:00 every hour on 11/12; OPE 09:00–17:00 (a working day)
for (let h = 7; h <= 20; h++) rec(`2026-11-12 ${pad(h)}:05:00`, 'OPD');
for (let h = 9; h <= 17; h++) rec(`2026-11-12 ${pad(h)}:05:00`, 'OPE');

// cards: OPC1 holds a card from 11/2 09:00 to 11/20 09:00; OPX is in no register
rec('2026-11-02 08:59:00', 'OPC1'); // before the card was issued
rec('2026-11-10 10:00:00', 'OPC1'); // with the card
rec('2026-11-20 09:00:01', 'OPC1'); // after it was returned
rec('2026-11-10 10:00:00', 'OPX');

// role table: PROVISION only for operations managers; OPC1 is not one, OPM is; INQUIRY is open
rec('2026-11-10 11:00:00', 'OPC1', 'PROVISION');
rec('2026-11-10 11:00:00', 'OPM', 'PROVISION');
rec('2026-11-10 11:00:00', 'OPM', 'INQUIRY');

// server room R01's terminal T-SRV: somebody inside 10:00–11:00 on 11/6; T-001 is not in a room
rec('2026-11-06 10:30:00', 'OPR', 'INQUIRY', 'T-SRV');
rec('2026-11-06 12:00:00', 'OPR', 'INQUIRY', 'T-SRV');
rec('2026-11-06 12:00:00', 'OPR', 'INQUIRY', 'T-001');

const RECORDS = `query($q: OplogRecordQuery!, $from: LocalDate!, $until: LocalDate!, $after: String) {
  oplogFlaggedRecords(query: $q, from: $from, until: $until, first: 7, after: $after) {
    nodes { at operatorId terminalCode operationType markVerdict } hasNextPage endCursor } }`;
const DAYS = `query($q: OplogOperatorDayQuery!, $from: LocalDate!, $until: LocalDate!) {
  oplogOperatorDays(query: $q, from: $from, until: $until, first: 100) {
    nodes { day operatorId count hours baselineMean baselineSd baselineDays } hasNextPage } }`;

/** Every page of a flagged-records query, following endCursor. */
async function flagged(q: string, from = '2026-11-01', until = '2026-11-30') {
  const nodes: { at: string; operatorId: string; terminalCode: string; operationType: string }[] = [];
  let after: string | null = null;
  for (let i = 0; i < 50; i++) {
    const res: any = await gql(f.t.app.http, RECORDS, { q, from, until, after }, cookie);
    expect(res.errors).toBeUndefined();
    expect(res.data.oplogFlaggedRecords.nodes.length).toBeLessThanOrEqual(7);
    nodes.push(...res.data.oplogFlaggedRecords.nodes);
    if (!res.data.oplogFlaggedRecords.hasNextPage) break;
    after = res.data.oplogFlaggedRecords.endCursor;
  }
  return nodes;
}
const tokyo = (iso: string) =>
  new Date(new Date(iso).getTime() + 9 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');

beforeAll(async () => {
  const token = await apiToken(f.t, DEMO.manager.staffNumber, ['WRITE_OPLOG']);
  const res = await postBatch(f.t, 'saved-queries', [CSV_HEADER, ...lines].join('\n'), { token });
  expect(res.body).toMatchObject({ refused: 0, stored: lines.length });
  cookie = await signIn(f.t.app.http, DEMO.manager.staffNumber, DEMO_PASSWORD);

  const ds = f.t.db.dataSource;
  const one = async (sql: string, params: unknown[]) => (await ds.query(sql, params))[0];
  const staffId = async (n: string) => (await one(`SELECT id FROM staff WHERE "staffNumber" = $1`, [n])).id;
  const clerk = await staffId(DEMO.operator.staffNumber);
  const opsManager = await staffId(DEMO.operationsManager.staffNumber);
  const by = await staffId(DEMO.pinAdministrator.staffNumber);
  const section = (await one(`SELECT "sectionId" FROM staff WHERE id = $1`, [clerk])).sectionId;
  const operator = async (code: string, staff: string) =>
    (
      await one(
        `INSERT INTO card_operator ("staffId", "operatorCode", "sectionId", since) VALUES ($1, $2, $3, '2026-10-01') RETURNING id`,
        [staff, code, section],
      )
    ).id;
  const opc1 = await operator('OPC1', clerk);
  const opm = await operator('OPM', opsManager);
  // OPC1's card: received, issued 11/2 09:00, returned 11/20 09:00 (kept locked since)
  const card = (
    await one(
      `INSERT INTO operator_card ("cardNumber", state, "storagePlace", "storageLocked", "updatedAt")
       VALUES ('C-001', 'RETURNED', '金庫', true, now()) RETURNING id`,
      [],
    )
  ).id;
  const event = (kind: string, at: string, op: string | null) =>
    ds.query(
      `INSERT INTO operator_card_event ("cardId", kind, "at", "byId", "operatorId") VALUES ($1, $2, $3, $4, $5)`,
      [card, kind, at, by, op],
    );
  await event('RECEIVED', '2026-10-01T00:00:00Z', null);
  await event('ISSUED', '2026-11-02T00:00:00Z', opc1);
  await event('RETURNED', '2026-11-20T00:00:00Z', opc1);
  // OPM's card, issued 10/1 and still held
  const card2 = (
    await one(
      `INSERT INTO operator_card ("cardNumber", state, "holderId", "updatedAt") VALUES ('C-002', 'ISSUED', $1, now()) RETURNING id`,
      [opm],
    )
  ).id;
  await ds.query(
    `INSERT INTO operator_card_event ("cardId", kind, "at", "byId", "operatorId") VALUES ($1, 'ISSUED', $2, $3, $4)`,
    [card2, '2026-10-01T00:00:00Z', by, opm],
  );

  await ds.query(`INSERT INTO oplog_role_operation ("operationType", role) VALUES ('PROVISION', 'OPERATIONS_MANAGER')`);

  const room = (await one(`SELECT id FROM room WHERE code = 'R01'`, [])).id;
  await ds.query(`INSERT INTO oplog_terminal_room ("terminalCode", "roomId") VALUES ('T-SRV', $1)`, [room]);
  const entry = (
    await one(
      `INSERT INTO access_event ("clientEventId", direction, "subjectKind", "staffId", "roomId", purpose,
         "deviceTime", "clockSkewSeconds", "occurredAt", "receivedAt")
       VALUES (gen_random_uuid(), 'ENTER', 'STAFF', $1, $2, '保守', $3, 0, $3, $3) RETURNING id`,
      [clerk, room, '2026-11-06T01:00:00Z'],
    )
  ).id;
  await ds.query(
    `INSERT INTO access_event ("clientEventId", direction, "subjectKind", "staffId", "roomId", purpose,
       "deviceTime", "clockSkewSeconds", "occurredAt", "receivedAt", "entryEventId")
     VALUES (gen_random_uuid(), 'EXIT', 'STAFF', $1, $2, '保守', $3, 0, $3, $3, $4)`,
    [clerk, room, '2026-11-06T02:00:00Z', entry],
  );
});

describe('A20.1 saved queries of the operation history', () => {
  it('A20.1 outside office hours: a public holiday, a Saturday, before 08:30 and from 17:15 — not 08:30 or 17:14:59 of a working day', async () => {
    const hits = (await flagged('OUTSIDE_HOURS')).filter((r) => r.operatorId === 'OPH1').map((r) => tokyo(r.at));
    expect(hits).toEqual(['2026-11-03 10:00:00', '2026-11-04 08:29:59', '2026-11-04 17:15:00', '2026-11-07 10:00:00']);
  });

  it('A20.1 outside office hours: 12/29–1/3 count as closed days, even on a weekday', async () => {
    const hits = (await flagged('OUTSIDE_HOURS', '2025-12-28', '2026-01-06')).map((r) => [tokyo(r.at), r.operatorId]);
    expect(hits).toEqual([
      ['2025-12-29 10:00:00', 'OPY'],
      ['2026-01-02 10:00:00', 'OPY'],
    ]);
  });

  it('A20.1 unusual volume: 60 against a baseline of 10 a day is flagged; 12 against a steady 10 is not', async () => {
    const res: any = await gql(
      f.t.app.http,
      DAYS,
      { q: 'UNUSUAL_VOLUME', from: '2026-11-01', until: '2026-11-30' },
      cookie,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.oplogOperatorDays.nodes).toEqual([
      {
        day: '2026-11-19',
        operatorId: 'OPV',
        count: 60,
        hours: 3,
        baselineMean: 10,
        baselineSd: 0,
        baselineDays: 10, // the ten active days, all within the 30 days before 11/19
      },
    ]);
  });

  it('A20.1 one operator ID active all day: 07:00–20:00 in 14 hours is flagged, 09:00–17:00 is not', async () => {
    const res: any = await gql(f.t.app.http, DAYS, { q: 'ALL_DAY', from: '2026-11-01', until: '2026-11-30' }, cookie);
    expect(res.errors).toBeUndefined();
    expect(res.data.oplogOperatorDays.nodes.map((d: any) => [d.day, d.operatorId, d.hours])).toEqual([
      ['2026-11-12', 'OPD', 14],
    ]);
  });

  it('A20.1 without a valid card: before the card was issued, after it was returned, and an ID in no register — not while held', async () => {
    const hits = (await flagged('NO_VALID_CARD'))
      .filter((r) => ['OPC1', 'OPX', 'OPM'].includes(r.operatorId))
      .map((r) => [tokyo(r.at), r.operatorId]);
    expect(hits).toEqual([
      ['2026-11-02 08:59:00', 'OPC1'],
      ['2026-11-10 10:00:00', 'OPX'],
      ['2026-11-20 09:00:01', 'OPC1'],
    ]);
  });

  it('A20.1 beyond the role: PROVISION by an operator who is no operations manager — not by one, nor an open type', async () => {
    const hits = (await flagged('BEYOND_ROLE')).map((r) => [r.operatorId, r.operationType]);
    expect(hits).toEqual([['OPC1', 'PROVISION']]);
  });

  it('A20.1 a terminal in a server room while nobody was inside: 12:00 flagged, 10:30 (someone inside) and other terminals not', async () => {
    const hits = (await flagged('EMPTY_SERVER_ROOM')).map((r) => [tokyo(r.at), r.terminalCode]);
    expect(hits).toEqual([['2026-11-06 12:00:00', 'T-SRV']]);
  });

  it('A20.1 a saved query refuses a reversed or too long period with OPLOG_QUERY_BAD_PERIOD', async () => {
    for (const [from, until] of [
      ['2026-11-30', '2026-11-01'],
      ['2026-01-01', '2026-12-31'],
    ]) {
      const res: any = await gql(f.t.app.http, RECORDS, { q: 'OUTSIDE_HOURS', from, until }, cookie);
      expect(res.errors[0].extensions.code).toBe('OPLOG_QUERY_BAD_PERIOD');
    }
  });

  it('A20.1 each saved query is a CSV export too: the same rows, audited; an auditor may, an operator may not', async () => {
    const auditor = await signIn(f.t.app.http, DEMO.auditor.staffNumber, DEMO_PASSWORD);
    const res = await f.t.app.http.inject({
      method: 'GET',
      url: '/exports/oplog/outside-hours.csv?from=2026-11-01&until=2026-11-30',
      headers: { cookie: auditor },
    });
    expect(res.statusCode).toBe(200);
    const csv = res.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(csv[0]).toContain('"日時","端末","操作者ID"');
    expect(csv.filter((l) => l.includes('"OPH1"'))).toHaveLength(4);
    const days = await f.t.app.http.inject({
      method: 'GET',
      url: '/exports/oplog/unusual-volume.csv?from=2026-11-01&until=2026-11-30',
      headers: { cookie: auditor },
    });
    expect(days.body).toContain('"OPV"');
    const [audit] = await f.t.db.dataSource.query(
      `SELECT changes FROM audit_entry WHERE action = 'Export.oplogSavedQuery' AND "targetId" = 'outside-hours'`,
    );
    expect(audit.changes.rows[1]).toBe(csv.length - 1);
    const operator = await signIn(f.t.app.http, DEMO.operator.staffNumber, DEMO_PASSWORD);
    const refused = await f.t.app.http.inject({
      method: 'GET',
      url: '/exports/oplog/outside-hours.csv?from=2026-11-01&until=2026-11-30',
      headers: { cookie: operator },
    });
    expect(refused.statusCode).toBe(403);
    const bad = await f.t.app.http.inject({
      method: 'GET',
      url: '/exports/oplog/outside-hours.csv?from=2026-11-30&until=2026-11-01',
      headers: { cookie: auditor },
    });
    expect([bad.statusCode, bad.json().code]).toEqual([400, 'OPLOG_QUERY_BAD_PERIOD']);
  });
});
