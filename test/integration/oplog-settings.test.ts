// A20.1: the settings of the review, kept by the manager on /oplog/settings: the role→operation
// table ("beyond the role"), the terminal→room table ("a terminal in a server room while nobody was
// inside") and the city's operation types. A row added through GraphQL makes the saved query flag a
// record, a row removed stops it; bad input answers its code; only the manager changes them; every
// change and refusal is audited.
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, useTestApp } from '../helpers/app.js';
import { errorCode, gql, signIn } from '../helpers/graphql.js';
import { apiToken, CSV_HEADER, postBatch } from '../helpers/oplog.js';
import { DEMO } from '../helpers/people.js';

const clock = new Date('2026-12-10T01:00:00Z');
const f = useTestApp({ now: () => clock });
let manager: string;
let token: string;
let r01: string;
let r02: string;

const RECORDS = `query($q: OplogRecordQuery!) {
  oplogFlaggedRecords(query: $q, from: "2026-11-01", until: "2026-11-30", first: 100) {
    nodes { operatorId terminalCode operationType } } }`;
const flagged = async (q: string) => {
  const res = await gql(f.t.app.http, RECORDS, { q }, manager);
  expect(res.errors).toBeUndefined();
  return (
    res.data!.oplogFlaggedRecords.nodes as { operatorId: string; terminalCode: string; operationType: string }[]
  ).map((n) => `${n.operatorId} ${n.terminalCode} ${n.operationType}`);
};

const ADD_ROLE = `mutation($i: OplogRoleOperationInput!) { addOplogRoleOperation(input: $i) { operationType role } }`;
const REMOVE_ROLE = `mutation($i: OplogRoleOperationInput!) { removeOplogRoleOperation(input: $i) }`;
const ADD_TERMINAL = `mutation($i: OplogTerminalRoomInput!) { addOplogTerminalRoom(input: $i) { terminalCode roomId room { code } } }`;
const REMOVE_TERMINAL = `mutation($c: String!) { removeOplogTerminalRoom(terminalCode: $c) }`;
const ADD_TYPE = `mutation($i: AddOperationTypeInput!) { addOperationType(input: $i) { code labelJa labelEn } }`;
const as = (cookie: string, query: string, variables: Record<string, unknown>) =>
  gql(f.t.app.http, query, variables, cookie);

beforeAll(async () => {
  token = await apiToken(f.t, DEMO.manager.staffNumber, ['WRITE_OPLOG']);
  manager = await signIn(f.t.app.http, DEMO.manager.staffNumber, DEMO_PASSWORD);
  const ds = f.t.db.dataSource;
  const one = async (sql: string, params: unknown[] = []) => (await ds.query(sql, params))[0];
  r01 = (await one(`SELECT id FROM room WHERE code = 'R01'`)).id;
  r02 = (await one(`SELECT id FROM room WHERE code = 'R02'`)).id;
  // OPM is the operations manager's operator ID from 10/1; OPK a clerk's
  const staffId = async (n: string) => (await one(`SELECT id FROM staff WHERE "staffNumber" = $1`, [n])).id;
  const clerk = await staffId(DEMO.operator.staffNumber);
  const section = (await one(`SELECT "sectionId" FROM staff WHERE id = $1`, [clerk])).sectionId;
  for (const [code, staff] of [
    ['OPM', await staffId(DEMO.operationsManager.staffNumber)],
    ['OPK', clerk],
  ])
    await ds.query(
      `INSERT INTO card_operator ("staffId", "operatorCode", "sectionId", since) VALUES ($1, $2, $3, '2026-10-01')`,
      [staff, code, section],
    );
  // records at EQ-011 (a terminal of the register) and EQ-012, on 11/6 at noon with nobody in R01
  const lines = [
    '2026-11-06 12:00:00,EQ-011,OPK,PROVISION,SUCCESS,',
    '2026-11-06 12:00:00,EQ-012,OPM,PROVISION,SUCCESS,',
  ];
  const res = await postBatch(f.t, 'settings', [CSV_HEADER, ...lines].join('\n'), { token });
  expect(res.body).toMatchObject({ refused: 0, stored: 2 });
});

describe('A20.1 the review settings (/oplog/settings)', () => {
  it('A20.1 beyond the role: a row added flags PROVISION by a clerk, not by the operations manager; removed, nothing', async () => {
    expect(await flagged('BEYOND_ROLE')).toEqual([]);
    const added = await as(manager, ADD_ROLE, { i: { operationType: 'PROVISION', role: 'OPERATIONS_MANAGER' } });
    expect(added.data?.addOplogRoleOperation).toEqual({ operationType: 'PROVISION', role: 'OPERATIONS_MANAGER' });
    expect(await flagged('BEYOND_ROLE')).toEqual(['OPK EQ-011 PROVISION']);
    // OPERATOR too: every operator of the register may, so nobody is flagged
    await as(manager, ADD_ROLE, { i: { operationType: 'PROVISION', role: 'OPERATOR' } });
    expect(await flagged('BEYOND_ROLE')).toEqual([]);
    expect((await as(manager, REMOVE_ROLE, { i: { operationType: 'PROVISION', role: 'OPERATOR' } })).data).toEqual({
      removeOplogRoleOperation: true,
    });
    expect(await flagged('BEYOND_ROLE')).toEqual(['OPK EQ-011 PROVISION']);
    const list = await as(manager, `{ oplogRoleOperations { operationType role } }`, {});
    expect(list.data?.oplogRoleOperations).toEqual([{ operationType: 'PROVISION', role: 'OPERATIONS_MANAGER' }]);
    await as(manager, REMOVE_ROLE, { i: { operationType: 'PROVISION', role: 'OPERATIONS_MANAGER' } });
    expect(await flagged('BEYOND_ROLE')).toEqual([]);
  });

  it('A20.1 empty server room: a terminal placed in R01 flags its noon record, not the other terminal; removed, nothing', async () => {
    expect(await flagged('EMPTY_SERVER_ROOM')).toEqual([]);
    const added = await as(manager, ADD_TERMINAL, { i: { terminalCode: 'EQ-011', roomId: r01 } });
    expect(added.data?.addOplogTerminalRoom).toEqual({ terminalCode: 'EQ-011', roomId: r01, room: { code: 'R01' } });
    expect(await flagged('EMPTY_SERVER_ROOM')).toEqual(['OPK EQ-011 PROVISION']);
    expect((await as(manager, REMOVE_TERMINAL, { c: 'EQ-011' })).data).toEqual({ removeOplogTerminalRoom: true });
    expect(await flagged('EMPTY_SERVER_ROOM')).toEqual([]);
  });

  it('A20.1 the picker offers the configuration register terminals by register number', async () => {
    const res = await as(manager, `{ oplogTerminalCandidates { code name } }`, {});
    expect(res.data?.oplogTerminalCandidates.map((c: { code: string }) => c.code)).toEqual([
      'EQ-011',
      'EQ-012',
      'EQ-013',
    ]);
  });

  it('A20.1 a city adds an operation type: its records are taken from then on, and it can join the role table', async () => {
    const line = '2026-11-09 10:00:00,EQ-013,OPK,BULK_PRINT,SUCCESS,';
    const before = await postBatch(f.t, 'settings-type-1', [CSV_HEADER, line].join('\n'), { token });
    expect(before.body).toMatchObject({ refused: 1, stored: 0 });
    expect(errorCode(await as(manager, ADD_ROLE, { i: { operationType: 'BULK_PRINT', role: 'OPERATOR' } }))).toBe(
      'OPLOG_UNKNOWN_OPERATION_TYPE',
    );
    const added = await as(manager, ADD_TYPE, {
      i: { code: 'BULK_PRINT', labelJa: '一括印刷', labelEn: 'Bulk print' },
    });
    expect(added.data?.addOperationType).toEqual({ code: 'BULK_PRINT', labelJa: '一括印刷', labelEn: 'Bulk print' });
    const after = await postBatch(f.t, 'settings-type-2', [CSV_HEADER, line].join('\n'), { token });
    expect(after.body).toMatchObject({ refused: 0, stored: 1 });
    await as(manager, ADD_ROLE, { i: { operationType: 'BULK_PRINT', role: 'MANAGER' } });
    expect(await flagged('BEYOND_ROLE')).toEqual(['OPK EQ-013 BULK_PRINT']);
    await as(manager, REMOVE_ROLE, { i: { operationType: 'BULK_PRINT', role: 'MANAGER' } });
  });

  it('A20.1 bad input answers its code, audited as refused', async () => {
    const cases: [string, Record<string, unknown>, string][] = [
      [ADD_ROLE, { i: { operationType: 'NO_SUCH', role: 'OPERATOR' } }, 'OPLOG_UNKNOWN_OPERATION_TYPE'],
      [ADD_ROLE, { i: { operationType: 'PROVISION', role: 'JANITOR' } }, 'OPLOG_UNKNOWN_ROLE'],
      [REMOVE_ROLE, { i: { operationType: 'PROVISION', role: 'CHIEF' } }, 'OPLOG_SETTING_NOT_FOUND'],
      [ADD_TERMINAL, { i: { terminalCode: 'bad code!', roomId: r01 } }, 'OPLOG_BAD_TERMINAL'],
      // the register lists terminals: a code that is none of them is unknown
      [ADD_TERMINAL, { i: { terminalCode: 'T-SRV', roomId: r01 } }, 'OPLOG_UNKNOWN_TERMINAL'],
      [
        ADD_TERMINAL,
        { i: { terminalCode: 'EQ-012', roomId: '00000000-0000-4000-8000-000000000000' } },
        'OPLOG_UNKNOWN_ROOM',
      ],
      [ADD_TERMINAL, { i: { terminalCode: 'EQ-012', roomId: r02 } }, 'OPLOG_NOT_A_SERVER_ROOM'],
      [REMOVE_TERMINAL, { c: 'EQ-999' }, 'OPLOG_SETTING_NOT_FOUND'],
      [ADD_TYPE, { i: { code: 'bulk print', labelJa: 'x', labelEn: 'x' } }, 'OPLOG_BAD_OPERATION_TYPE'],
      [ADD_TYPE, { i: { code: 'X1', labelJa: ' ', labelEn: 'x' } }, 'OPLOG_BAD_OPERATION_TYPE'],
      [ADD_TYPE, { i: { code: 'X1', labelJa: 'x', labelEn: 'y'.repeat(101) } }, 'OPLOG_BAD_OPERATION_TYPE'],
      [ADD_TYPE, { i: { code: 'SIGN_IN', labelJa: 'x', labelEn: 'x' } }, 'OPLOG_OPERATION_TYPE_EXISTS'],
    ];
    for (const [query, variables, code] of cases)
      expect([JSON.stringify(variables), errorCode(await as(manager, query, variables))]).toEqual([
        JSON.stringify(variables),
        code,
      ]);
    // duplicates
    await as(manager, ADD_ROLE, { i: { operationType: 'PRINT', role: 'OPERATOR' } });
    expect(errorCode(await as(manager, ADD_ROLE, { i: { operationType: 'PRINT', role: 'OPERATOR' } }))).toBe(
      'OPLOG_SETTING_EXISTS',
    );
    await as(manager, ADD_TERMINAL, { i: { terminalCode: 'EQ-012', roomId: r01 } });
    expect(errorCode(await as(manager, ADD_TERMINAL, { i: { terminalCode: 'EQ-012', roomId: r01 } }))).toBe(
      'OPLOG_SETTING_EXISTS',
    );
    const refused = await f.t.db.dataSource.query(
      `SELECT reason FROM audit_entry
        WHERE (action LIKE 'Mutation.%OplogRoleOperation' OR action LIKE 'Mutation.%OplogTerminalRoom'
               OR action = 'Mutation.addOperationType') AND outcome = 'REFUSED'`,
    );
    expect(refused.map((r: { reason: string | null }) => r.reason)).toEqual(
      expect.arrayContaining(['OPLOG_UNKNOWN_ROLE', 'OPLOG_NOT_A_SERVER_ROOM', 'OPLOG_SETTING_EXISTS']),
    );
  });

  it('A20.1 only the manager changes the settings: the chief and auditors read them, an operator neither', async () => {
    const chief = await signIn(f.t.app.http, DEMO.chief.staffNumber, DEMO_PASSWORD);
    const auditor = await signIn(f.t.app.http, DEMO.auditor.staffNumber, DEMO_PASSWORD);
    const operator = await signIn(f.t.app.http, DEMO.operator.staffNumber, DEMO_PASSWORD);
    const read = `{ oplogRoleOperations { role } oplogTerminalRooms { terminalCode } }`;
    // this test's own rows: it does not lean on what the tests before it left
    await as(manager, ADD_ROLE, { i: { operationType: 'INQUIRY', role: 'OPERATIONS_MANAGER' } });
    expect((await as(manager, ADD_TERMINAL, { i: { terminalCode: 'EQ-013', roomId: r01 } })).errors).toBeUndefined();
    const before = await as(manager, `{ oplogRoleOperations { operationType role } }`, {});
    for (const c of [chief, auditor]) {
      expect((await as(c, read, {})).errors).toBeUndefined();
      expect(errorCode(await as(c, ADD_ROLE, { i: { operationType: 'PRINT', role: 'CHIEF' } }))).toBe('FORBIDDEN');
      expect(errorCode(await as(c, REMOVE_TERMINAL, { c: 'EQ-012' }))).toBe('FORBIDDEN');
      expect(errorCode(await as(c, ADD_TYPE, { i: { code: 'X2', labelJa: 'x', labelEn: 'x' } }))).toBe('FORBIDDEN');
    }
    expect(errorCode(await as(operator, read, {}))).toBe('FORBIDDEN');
    // nothing changed by the refusals; the manager's changes are on record with what changed
    const rows = await as(manager, `{ oplogRoleOperations { operationType role } }`, {});
    expect(rows.data?.oplogRoleOperations).toEqual(before.data?.oplogRoleOperations);
    expect(rows.data?.oplogRoleOperations).toContainEqual({ operationType: 'INQUIRY', role: 'OPERATIONS_MANAGER' });
    const [entry] = await f.t.db.dataSource.query(
      `SELECT "targetId", changes FROM audit_entry WHERE action = 'Mutation.addOplogTerminalRoom' AND outcome = 'OK'
          AND "targetId" = 'EQ-013'`,
    );
    expect(entry).toEqual({ targetId: 'EQ-013', changes: { terminalCode: [null, 'EQ-013'], roomId: [null, r01] } });
  });
});
