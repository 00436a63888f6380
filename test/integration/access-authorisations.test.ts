// A12.2: only people the manager authorised in advance enter the 電算室等. Requests, decisions,
// scope of who may ask for whom, revocation on transfer and end of employment, and the audit.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, startTestApp, type TestApp } from '../helpers/app.js';
import { requestAuthorisation, roomIdsByCode, sectionIdOf, staffIdOf } from '../helpers/factories.js';
import { errorCode, gql, signIn } from '../helpers/graphql.js';
import { DEMO, type DemoPerson } from '../helpers/people.js';

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
let rooms: Record<string, string>;
const cookies: Record<string, string> = {};
const as = async (staffNumber: string) =>
  (cookies[staffNumber] ??= await signIn(t.app.http, staffNumber, DEMO_PASSWORD));
const staffId = (who: DemoPerson | string) => staffIdOf(t.db.dataSource, who);
const hours = (h: number) => new Date(clock.getTime() + h * 3_600_000).toISOString();

/** asks as `by` for themselves, R01 from now for 8 hours, unless `input` says otherwise */
const request = async (by: string, input: Record<string, unknown>) =>
  requestAuthorisation(
    t.app.http,
    await as(by),
    { roomIds: [rooms.R01], validFrom: hours(0), validTo: hours(8), ...input },
    REQUEST,
  );

beforeAll(async () => {
  // the principal cache off: each request looks its caller up once, so the N+1 count is exact (with it on,
  // a late NOTIFY of this file's own writes may empty it between two counts)
  t = await startTestApp({ now: () => clock, env: { IDENTITY_CACHE_SECONDS: '0' } });
  rooms = await roomIdsByCode(t.db.dataSource);
});
afterAll(() => t.close());

describe('A12.2 room authorisations', () => {
  it('A12.2: a staff member asks for themselves; the manager approves; it is in force during its period only', async () => {
    const asked = await request(DEMO.operator.staffNumber, {});
    expect(asked.errors).toBeUndefined();
    const a = asked.data!.requestRoomAuthorisation;
    expect(a).toMatchObject({
      subjectKind: 'STAFF',
      subjectName: DEMO.operator.fullName,
      status: 'REQUESTED',
      inForce: false,
      rooms: [{ code: 'R01' }],
      staff: { staffNumber: DEMO.operator.staffNumber },
      requestedBy: { staffNumber: DEMO.operator.staffNumber },
      escortRequired: false,
    });
    const approved = await gql(t.app.http, APPROVE, { i: { id: a.id } }, await as(DEMO.manager.staffNumber));
    expect(approved.errors).toBeUndefined();
    expect(approved.data!.approveRoomAuthorisation).toMatchObject({
      status: 'APPROVED',
      inForce: true,
      decidedBy: { staffNumber: DEMO.manager.staffNumber },
    });
    const inForce = async () =>
      (
        await gql(
          t.app.http,
          LIST,
          { f: { inForceAt: clock.toISOString(), staffId: await staffId(DEMO.operator) } },
          await as(DEMO.manager.staffNumber),
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
    const a = (await request(DEMO.itJunior.staffNumber, {})).data!.requestRoomAuthorisation;
    expect(errorCode(await gql(t.app.http, APPROVE, { i: { id: a.id } }, await as(DEMO.itJunior.staffNumber)))).toBe(
      'FORBIDDEN',
    );
    expect(
      errorCode(await gql(t.app.http, APPROVE, { i: { id: a.id } }, await as(DEMO.operationsManager.staffNumber))),
    ).toBe('FORBIDDEN');
    expect(
      errorCode(await gql(t.app.http, REFUSE, { i: { id: a.id, reason: '' } }, await as(DEMO.manager.staffNumber))),
    ).toBe('BAD_USER_INPUT');
    const [first, second] = await Promise.all([
      gql(t.app.http, REFUSE, { i: { id: a.id, reason: '作業計画が未提出' } }, await as(DEMO.manager.staffNumber)),
      gql(t.app.http, APPROVE, { i: { id: a.id } }, await as(DEMO.manager.staffNumber)),
    ]);
    const outcomes = [first, second].map((r) => errorCode(r) ?? 'OK').sort();
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
    // the operations manager is that of 市民課 (S0401); the resident records chief works there, the operator does not
    const own = await request(DEMO.operationsManager.staffNumber, {
      staffId: await staffId(DEMO.residentRecordsChief),
    });
    expect(own.errors).toBeUndefined();
    expect(
      errorCode(await request(DEMO.operationsManager.staffNumber, { staffId: await staffId(DEMO.operator) })),
    ).toBe('OUTSIDE_YOUR_SCOPE');
    expect(
      errorCode(await request(DEMO.operator.staffNumber, { staffId: await staffId(DEMO.residentRecordsChief) })),
    ).toBe('OUTSIDE_YOUR_SCOPE');
    const contractor = await request(DEMO.operationsManager.staffNumber, {
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
      errorCode(
        await request(DEMO.operator.staffNumber, {
          subjectKind: 'CONTRACTOR',
          contractorCompany: 'X',
          contractorName: 'Y',
        }),
      ),
    ).toBe('OUTSIDE_YOUR_SCOPE');
    // the manager may ask for anyone
    expect(
      (await request(DEMO.manager.staffNumber, { staffId: await staffId(DEMO.residentRecordsChief) })).errors,
    ).toBeUndefined();
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
      const res = await request(DEMO.manager.staffNumber, input);
      expect([JSON.stringify(input), errorCode(res)]).toEqual([JSON.stringify(input), expected]);
    }
  });

  it('A12.2: the manager revokes with a reason; a transfer or the end of employment revokes all of a person', async () => {
    const manager = await as(DEMO.manager.staffNumber);
    const approve = async (by: string, input: Record<string, unknown>) => {
      const a = (await request(by, input)).data!.requestRoomAuthorisation;
      return (await gql(t.app.http, APPROVE, { i: { id: a.id } }, manager)).data!.approveRoomAuthorisation;
    };
    const one = await approve(DEMO.itStaff.staffNumber, {});
    const revoked = await gql(t.app.http, REVOKE, { i: { id: one.id, reason: '作業中止' } }, manager);
    expect(revoked.data!.revokeRoomAuthorisation).toMatchObject({
      status: 'REVOKED',
      reason: '作業中止',
      inForce: false,
    });

    const transferred = await approve(DEMO.generalAffairsClerk.staffNumber, { roomIds: [rooms.R01, rooms.R02] });
    const pending = (await request(DEMO.generalAffairsClerk.staffNumber, { purpose: '媒体の搬入' })).data!
      .requestRoomAuthorisation;
    const admin = await as(DEMO.systemAdministrator.staffNumber);
    const otherSection = await sectionIdOf(t.db.dataSource, 'S0401');
    const moved = await gql(
      t.app.http,
      `mutation($i: UpdateStaffInput!) { updateStaff(input: $i) { id } }`,
      { i: { id: await staffId(DEMO.generalAffairsClerk), sectionId: otherSection } },
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

    const leaving = await approve(DEMO.citizenSectionJunior.staffNumber, {});
    const gone = await gql(
      t.app.http,
      `mutation($i: DeactivateStaffInput!) { deactivateStaff(input: $i) { id } }`,
      { i: { id: await staffId(DEMO.citizenSectionJunior), lastDay: '2026-11-26' } },
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
    const manager = await as(DEMO.manager.staffNumber);
    for (let i = 0; i < 50; i++)
      await request(DEMO.manager.staffNumber, { purpose: `点検 ${i}`, roomIds: [rooms.R02] });
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
    expect(errorCode(await gql(t.app.http, LIST, { after: 'garbage' }, manager))).toBe('BAD_USER_INPUT');
    // an operator sees only their own
    const mine = await gql(
      t.app.http,
      `{ myRoomAuthorisations { nodes { staff { staffNumber } } } }`,
      {},
      await as(DEMO.operator.staffNumber),
    );
    expect(
      mine.data!.myRoomAuthorisations.nodes.every((n: any) => n.staff.staffNumber === DEMO.operator.staffNumber),
    ).toBe(true);
    expect(errorCode(await gql(t.app.http, LIST, {}, await as(DEMO.operator.staffNumber)))).toBe('FORBIDDEN');
  });

  it('A12.2: pages requests made at the same instant in pages of 7, each exactly once, newest first', async () => {
    const manager = await as(DEMO.manager.staffNumber);
    for (let i = 0; i < 12; i++)
      await request(DEMO.manager.staffNumber, { purpose: `同時刻 ${i}`, roomIds: [rooms.R02] });
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
    expect(errorCode(await gql(t.app.http, LIST, { f, after: tied }, manager))).toBe('BAD_USER_INPUT');
    const old = Buffer.from(`2026-11-26T00:00:00.123Z|${ids[0]}`).toString('base64url'); // the former format
    expect(errorCode(await gql(t.app.http, LIST, { f, after: old }, manager))).toBe('BAD_USER_INPUT');
  });
});
