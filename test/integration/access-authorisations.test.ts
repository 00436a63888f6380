// A12.2: only people the manager authorised in advance enter the 電算室等. Requests, decisions,
// scope of who may ask for whom, revocation on transfer and end of employment, and the audit.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, startTestApp, type TestApp } from '../helpers/app.js';
import { gql, signIn } from '../helpers/graphql.js';

const FIELDS = `id subjectKind subjectName status purpose validFrom validTo escortRequired inForce reason
  rooms { code } staff { staffNumber } requestedBy { staffNumber } decidedBy { staffNumber }
  contractorCompany contractorName contractorContact`;
const REQUEST = `mutation($i: RequestRoomAuthorisationInput!) { requestRoomAuthorisation(input: $i) { ${FIELDS} } }`;
const APPROVE = `mutation($i: AuthorisationIdInput!) { approveRoomAuthorisation(input: $i) { ${FIELDS} } }`;
const REFUSE = `mutation($i: AuthorisationDecisionInput!) { refuseRoomAuthorisation(input: $i) { ${FIELDS} } }`;
const REVOKE = `mutation($i: AuthorisationDecisionInput!) { revokeRoomAuthorisation(input: $i) { ${FIELDS} } }`;
const LIST = `query($f: RoomAuthorisationFilter, $first: Int, $after: String) {
  roomAuthorisations(filter: $f, first: $first, after: $after) { nodes { ${FIELDS} } endCursor hasNextPage } }`;

let clock = new Date('2026-11-26T00:00:00Z'); // 09:00 in Tokyo
let t: TestApp;
const rooms: Record<string, string> = {};
const cookies: Record<string, string> = {};
const as = async (staffNumber: string) =>
  (cookies[staffNumber] ??= await signIn(t.app.http, staffNumber, DEMO_PASSWORD));
const staffId = async (n: string) =>
  (await t.db.dataSource.query(`SELECT id FROM staff WHERE "staffNumber" = $1`, [n]))[0].id as string;
const code = (r: { errors?: { extensions?: { code?: string } }[] }) => r.errors?.[0]?.extensions?.code;
const hours = (h: number) => new Date(clock.getTime() + h * 3_600_000).toISOString();

async function request(by: string, input: Record<string, unknown>) {
  return gql(
    t.app.http,
    REQUEST,
    {
      i: {
        subjectKind: 'STAFF',
        roomIds: [rooms.R01],
        validFrom: hours(0),
        validTo: hours(8),
        purpose: 'サーバー保守',
        ...input,
      },
    },
    await as(by),
  );
}

beforeAll(async () => {
  t = await startTestApp({ now: () => clock });
  for (const r of await t.db.dataSource.query(`SELECT id, code FROM room`)) rooms[r.code] = r.id;
});
afterAll(() => t.close());

describe('A12.2 room authorisations', () => {
  it('A12.2: a staff member asks for themselves; the manager approves; it is in force during its period only', async () => {
    const asked = await request('200305', {});
    expect(asked.errors).toBeUndefined();
    const a = asked.data!.requestRoomAuthorisation;
    expect(a).toMatchObject({
      subjectKind: 'STAFF',
      subjectName: '森 玲奈',
      status: 'REQUESTED',
      inForce: false,
      rooms: [{ code: 'R01' }],
      staff: { staffNumber: '200305' },
      requestedBy: { staffNumber: '200305' },
      escortRequired: false,
    });
    const approved = await gql(t.app.http, APPROVE, { i: { id: a.id } }, await as('200301'));
    expect(approved.errors).toBeUndefined();
    expect(approved.data!.approveRoomAuthorisation).toMatchObject({
      status: 'APPROVED',
      inForce: true,
      decidedBy: { staffNumber: '200301' },
    });
    const inForce = async () =>
      (
        await gql(
          t.app.http,
          LIST,
          { f: { inForceAt: clock.toISOString(), staffId: await staffId('200305') } },
          await as('200301'),
        )
      ).data!.roomAuthorisations.nodes.length;
    expect(await inForce()).toBe(1);
    clock = new Date(clock.getTime() + 9 * 3_600_000); // after 17:00 (sessions idle out: sign in again)
    try {
      for (const k of Object.keys(cookies)) delete cookies[k];
      expect(await inForce()).toBe(0);
    } finally {
      clock = new Date('2026-11-26T00:00:00Z');
      for (const k of Object.keys(cookies)) delete cookies[k];
    }
    const audit = await t.db.dataSource.query(
      `SELECT action, changes FROM audit_entry WHERE "targetId" = $1 AND outcome = 'OK' ORDER BY "occurredAt"`,
      [a.id],
    );
    expect(audit.map((e: { action: string }) => e.action)).toEqual([
      'Mutation.requestRoomAuthorisation',
      'Mutation.approveRoomAuthorisation',
    ]);
    expect(audit[1].changes).toEqual({ status: ['REQUESTED', 'APPROVED'] });
  });

  it('A12.2: only the manager decides; a refusal needs a reason; a decision is taken once', async () => {
    const a = (await request('200304', {})).data!.requestRoomAuthorisation;
    expect(code(await gql(t.app.http, APPROVE, { i: { id: a.id } }, await as('200304')))).toBe('FORBIDDEN');
    expect(code(await gql(t.app.http, APPROVE, { i: { id: a.id } }, await as('400101')))).toBe('FORBIDDEN');
    expect(code(await gql(t.app.http, REFUSE, { i: { id: a.id, reason: '' } }, await as('200301')))).toBe(
      'BAD_USER_INPUT',
    );
    const [first, second] = await Promise.all([
      gql(t.app.http, REFUSE, { i: { id: a.id, reason: '作業計画が未提出' } }, await as('200301')),
      gql(t.app.http, APPROVE, { i: { id: a.id } }, await as('200301')),
    ]);
    const outcomes = [first, second].map((r) => code(r) ?? 'OK').sort();
    expect(outcomes).toEqual(['AUTHORISATION_NOT_PENDING', 'OK']);
    const [row] = await t.db.dataSource.query(`SELECT status FROM room_authorisation WHERE id = $1`, [a.id]);
    expect(['REFUSED', 'APPROVED']).toContain(row.status);
    const refusedAudit = await t.db.dataSource.query(
      `SELECT reason FROM audit_entry WHERE "targetId" = $1 AND outcome = 'REFUSED'`,
      [a.id],
    );
    expect(refusedAudit.map((r: { reason: string }) => r.reason)).toContain('AUTHORISATION_NOT_PENDING');
  });

  it('A12.2 with A6: an operations manager asks for staff of their own section and for outside people only', async () => {
    // 伊藤 (400101) is the operations manager of 市民課 (S0401); 山田 (400102) works there, 森 (200305) does not
    const own = await request('400101', { staffId: await staffId('400102') });
    expect(own.errors).toBeUndefined();
    expect(code(await request('400101', { staffId: await staffId('200305') }))).toBe('OUTSIDE_YOUR_SCOPE');
    expect(code(await request('200305', { staffId: await staffId('400102') }))).toBe('OUTSIDE_YOUR_SCOPE');
    const contractor = await request('400101', {
      subjectKind: 'CONTRACTOR',
      contractorCompany: '株式会社みどりシステム',
      contractorName: '佐藤 健',
      contractorContact: '042-000-0000',
      purpose: '住基ネット端末の定期点検',
    });
    expect(contractor.errors).toBeUndefined();
    expect(contractor.data!.requestRoomAuthorisation).toMatchObject({
      subjectKind: 'CONTRACTOR',
      subjectName: '株式会社みどりシステム 佐藤 健',
      escortRequired: true,
      staff: null,
    });
    expect(
      code(await request('200305', { subjectKind: 'CONTRACTOR', contractorCompany: 'X', contractorName: 'Y' })),
    ).toBe('OUTSIDE_YOUR_SCOPE');
    // the manager may ask for anyone
    expect((await request('200301', { staffId: await staffId('400102') })).errors).toBeUndefined();
  });

  it('A12.2: refuses a request without rooms, with a period that ended or runs backwards, or for an unknown room', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ roomIds: [] }, 'BAD_USER_INPUT'],
      [{ validFrom: hours(-10), validTo: hours(-2) }, 'INVALID_AUTHORISATION_REQUEST'],
      [{ validFrom: hours(5), validTo: hours(1) }, 'INVALID_AUTHORISATION_REQUEST'],
      [{ validTo: hours(24 * 400) }, 'INVALID_AUTHORISATION_REQUEST'],
      [{ roomIds: ['00000000-0000-4000-8000-000000000000'] }, 'INVALID_AUTHORISATION_REQUEST'],
      [{ purpose: '   ' }, 'INVALID_AUTHORISATION_REQUEST'],
      [{ subjectKind: 'CONTRACTOR' }, 'INVALID_AUTHORISATION_REQUEST'],
    ];
    for (const [input, expected] of cases) {
      const res = await request('200301', input);
      expect([JSON.stringify(input), code(res)]).toEqual([JSON.stringify(input), expected]);
    }
  });

  it('A12.2: the manager revokes with a reason; a transfer or the end of employment revokes all of a person', async () => {
    const manager = await as('200301');
    const approve = async (by: string, input: Record<string, unknown>) => {
      const a = (await request(by, input)).data!.requestRoomAuthorisation;
      return (await gql(t.app.http, APPROVE, { i: { id: a.id } }, manager)).data!.approveRoomAuthorisation;
    };
    const one = await approve('200303', {});
    const revoked = await gql(t.app.http, REVOKE, { i: { id: one.id, reason: '作業中止' } }, manager);
    expect(revoked.data!.revokeRoomAuthorisation).toMatchObject({
      status: 'REVOKED',
      reason: '作業中止',
      inForce: false,
    });

    const transferred = await approve('300103', { roomIds: [rooms.R01, rooms.R02] });
    const pending = (await request('300103', { purpose: '媒体の搬入' })).data!.requestRoomAuthorisation;
    const admin = await as('200302');
    const [{ id: otherSection }] = await t.db.dataSource.query(`SELECT id FROM section WHERE code = 'S0401'`);
    const moved = await gql(
      t.app.http,
      `mutation($i: UpdateStaffInput!) { updateStaff(input: $i) { id } }`,
      { i: { id: await staffId('300103'), sectionId: otherSection } },
      admin,
    );
    expect(moved.errors).toBeUndefined();
    const statuses = await t.db.dataSource.query(
      `SELECT id, status, reason FROM room_authorisation WHERE id = ANY($1::uuid[])`,
      [[transferred.id, pending.id]],
    );
    const byId = Object.fromEntries(statuses.map((r: { id: string }) => [r.id, r]));
    expect(byId[transferred.id]).toMatchObject({ status: 'REVOKED', reason: expect.stringContaining('異動') });
    expect(byId[pending.id]).toMatchObject({ status: 'REFUSED', reason: expect.stringContaining('異動') });

    const leaving = await approve('400105', {});
    const gone = await gql(
      t.app.http,
      `mutation($i: DeactivateStaffInput!) { deactivateStaff(input: $i) { id } }`,
      { i: { id: await staffId('400105'), lastDay: '2026-11-26' } },
      admin,
    );
    expect(gone.errors).toBeUndefined();
    const [row] = await t.db.dataSource.query(`SELECT status FROM room_authorisation WHERE id = $1`, [leaving.id]);
    expect(row.status).toBe('REVOKED');
    const [entry] = await t.db.dataSource.query(
      `SELECT changes FROM audit_entry WHERE action = 'Mutation.deactivateStaff' AND outcome = 'OK' ORDER BY id DESC LIMIT 1`,
    );
    expect(entry.changes.roomAuthorisationsRevoked).toEqual([null, 1]);
  });

  it('A12.2: lists by status and room with a cursor, in the same number of statements for 10 and 50 rows', async () => {
    const manager = await as('200301');
    for (let i = 0; i < 50; i++) await request('200301', { purpose: `点検 ${i}`, roomIds: [rooms.R02] });
    const pull = async (first: number) => {
      const before = t.db.logger.statements;
      const res = await gql(t.app.http, LIST, { f: { status: 'REQUESTED', roomId: rooms.R02 }, first }, manager);
      expect(res.data!.roomAuthorisations.nodes).toHaveLength(first);
      return { statements: t.db.logger.statements - before, page: res.data!.roomAuthorisations };
    };
    const small = await pull(10);
    const large = await pull(50);
    expect(large.statements).toBe(small.statements);
    const next = await gql(
      t.app.http,
      LIST,
      { f: { status: 'REQUESTED', roomId: rooms.R02 }, first: 10, after: small.page.endCursor },
      manager,
    );
    const firstIds = small.page.nodes.map((n: { id: string }) => n.id);
    expect(next.data!.roomAuthorisations.nodes.some((n: { id: string }) => firstIds.includes(n.id))).toBe(false);
    expect(code(await gql(t.app.http, LIST, { after: 'garbage' }, manager))).toBe('BAD_USER_INPUT');
    // an operator sees only their own
    const mine = await gql(
      t.app.http,
      `{ myRoomAuthorisations { nodes { staff { staffNumber } } } }`,
      {},
      await as('200305'),
    );
    expect(mine.data!.myRoomAuthorisations.nodes.every((n: any) => n.staff.staffNumber === '200305')).toBe(true);
    expect(code(await gql(t.app.http, LIST, {}, await as('200305')))).toBe('FORBIDDEN');
  });

  it('A12.2: pages requests made at the same instant in pages of 7, each exactly once, newest first', async () => {
    const manager = await as('200301');
    for (let i = 0; i < 12; i++) await request('200301', { purpose: `同時刻 ${i}`, roomIds: [rooms.R02] });
    // a tie on the sort key: only the id orders these rows
    await t.db.dataSource.query(
      `UPDATE room_authorisation SET "requestedAt" = '2026-11-26T00:00:00.123Z' WHERE purpose LIKE '同時刻 %'`,
    );
    const f = { status: 'REQUESTED', roomId: rooms.R02 };
    const ids: string[] = [];
    let after: string | null = null;
    for (let i = 0; i < 30; i++) {
      const res: any = await gql(t.app.http, LIST, { f, first: 7, after }, manager);
      expect(res.errors).toBeUndefined();
      ids.push(...res.data.roomAuthorisations.nodes.map((n: { id: string }) => n.id));
      after = res.data.roomAuthorisations.endCursor;
      if (!res.data.roomAuthorisations.hasNextPage) break;
    }
    const expected = await t.db.dataSource.query(
      `SELECT a.id FROM room_authorisation a WHERE a.status = 'REQUESTED'
         AND EXISTS (SELECT 1 FROM room_authorisation_room r WHERE r."authorisationId" = a.id AND r."roomId" = $1)
       ORDER BY a."requestedAt" DESC, a.id DESC`,
      [rooms.R02],
    );
    expect(expected.length).toBeGreaterThan(7);
    expect(ids).toEqual(expected.map((r: { id: string }) => r.id));
    const tied = Buffer.from(JSON.stringify(['roomAuthorisations', '2026-11-26T00:00:00.123Z', 'x'])).toString(
      'base64url',
    );
    expect(code(await gql(t.app.http, LIST, { f, after: tied }, manager))).toBe('BAD_USER_INPUT');
    const old = Buffer.from(`2026-11-26T00:00:00.123Z|${ids[0]}`).toString('base64url'); // the former format
    expect(code(await gql(t.app.http, LIST, { f, after: old }, manager))).toBe('BAD_USER_INPUT');
  });
});
