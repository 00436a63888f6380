// Hardening §1, separation of duties in access and sign-in: nobody approves or refuses their own
// room authorisation (as its subject or its requester), nor unlocks their own door PIN or account.
// A request of or for the manager goes to the chief or the deputy chief.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, startTestApp, type TestApp } from '../helpers/app.js';
import { lastAuditEntryOf, requestAuthorisation, roomIdsByCode, staffIdOf } from '../helpers/factories.js';
import { errorCode, gql, signIn } from '../helpers/graphql.js';
import { DEMO, type DemoPerson } from '../helpers/people.js';

const APPROVE = `mutation($i: AuthorisationIdInput!) { approveRoomAuthorisation(input: $i) { status decidedBy { staffNumber } } }`;
const REFUSE = `mutation($i: AuthorisationDecisionInput!) { refuseRoomAuthorisation(input: $i) { status } }`;
const PENDING = `{ roomAuthorisations(filter: { status: REQUESTED }, first: 100) { nodes { id mayDecide } } }`;
const TODOS = `{ myTodos { id count } }`;
const UNLOCK_PIN = `mutation($i: StaffIdInput!) { unlockDoorPin(input: $i) }`;
const UNLOCK_ACCOUNT = `mutation($i: StaffIdInput!) { unlockAccount(input: $i) }`;

const clock = new Date('2026-11-26T00:00:00Z'); // 09:00 in Tokyo
let t: TestApp;
let rooms: Record<string, string>;
const cookies: Record<string, string> = {};
const as = async (who: DemoPerson) =>
  (cookies[who.staffNumber] ??= await signIn(t.app.http, who.staffNumber, DEMO_PASSWORD));
const idOf = (who: DemoPerson) => staffIdOf(t.db.dataSource, who);
const hours = (h: number) => new Date(clock.getTime() + h * 3_600_000).toISOString();
const lastAudit = (action: string) => lastAuditEntryOf(t.db.dataSource, action);

async function ask(by: DemoPerson, forWhom?: DemoPerson): Promise<string> {
  const res = await requestAuthorisation(t.app.http, await as(by), {
    roomIds: [rooms.R01],
    validFrom: hours(0),
    validTo: hours(8),
    ...(forWhom ? { staffId: await idOf(forWhom) } : {}),
  });
  expect(res.errors).toBeUndefined();
  return res.data!.requestRoomAuthorisation.id;
}
const todo = async (who: DemoPerson, id: string) =>
  (await gql(t.app.http, TODOS, {}, await as(who))).data!.myTodos.find((x: any) => x.id === id)?.count ?? 0;
const mayDecide = async (who: DemoPerson, id: string) =>
  (await gql(t.app.http, PENDING, {}, await as(who))).data!.roomAuthorisations.nodes.find((n: any) => n.id === id)
    ?.mayDecide;

beforeAll(async () => {
  t = await startTestApp({ now: () => clock });
  rooms = await roomIdsByCode(t.db.dataSource);
});
afterAll(() => t.close());

describe('Hardening §1 separation of duties: decisions about oneself', () => {
  it('Hardening §1 the manager cannot approve or refuse a request they are the subject or the requester of: OWN_CASE, audited', async () => {
    const own = await ask(DEMO.manager);
    const forOther = await ask(DEMO.manager, DEMO.itStaff);
    const manager = await as(DEMO.manager);
    expect(errorCode(await gql(t.app.http, APPROVE, { i: { id: own } }, manager))).toBe('OWN_CASE');
    expect(await lastAudit('Mutation.approveRoomAuthorisation')).toMatchObject({
      outcome: 'REFUSED',
      reason: 'OWN_CASE',
      targetId: own,
    });
    expect(errorCode(await gql(t.app.http, REFUSE, { i: { id: own, reason: '不要' } }, manager))).toBe('OWN_CASE');
    expect(errorCode(await gql(t.app.http, APPROVE, { i: { id: forOther } }, manager))).toBe('OWN_CASE');
    const [row] = await t.db.dataSource.query(`SELECT status FROM room_authorisation WHERE id = $1`, [own]);
    expect(row.status).toBe('REQUESTED');
    expect(await mayDecide(DEMO.manager, own)).toBe(false);
  });

  it('Hardening §1 a request of or for the manager goes to the chief or the deputy chief, listed and on their to-do', async () => {
    const own = await ask(DEMO.manager);
    const forOther = await ask(DEMO.manager, DEMO.itJunior);
    const ordinary = await ask(DEMO.operator);
    // the manager's to-do counts only requests they may decide
    const managerTodo = await todo(DEMO.manager, 'access.requestsToDecide');
    const open = (
      await t.db.dataSource.query(
        `SELECT count(*)::int AS n FROM room_authorisation WHERE status = 'REQUESTED' AND "requestedById" <> $1 AND "staffId" IS DISTINCT FROM $1`,
        [await idOf(DEMO.manager)],
      )
    )[0].n;
    expect(managerTodo).toBe(open);
    const routed = await todo(DEMO.chief, 'access.managerRequestsToDecide');
    expect(routed).toBeGreaterThanOrEqual(2);
    expect(await todo(DEMO.deputyChief, 'access.managerRequestsToDecide')).toBe(routed);
    expect(await mayDecide(DEMO.chief, own)).toBe(true);
    expect(await mayDecide(DEMO.chief, ordinary)).toBe(false);
    expect(await mayDecide(DEMO.manager, ordinary)).toBe(true);
    // the chief decides only what the manager cannot
    const chief = await as(DEMO.chief);
    expect(errorCode(await gql(t.app.http, APPROVE, { i: { id: ordinary } }, chief))).toBe('OUTSIDE_YOUR_SCOPE');
    const approved = await gql(t.app.http, APPROVE, { i: { id: own } }, chief);
    expect(approved.errors).toBeUndefined();
    expect(approved.data!.approveRoomAuthorisation).toEqual({
      status: 'APPROVED',
      decidedBy: { staffNumber: DEMO.chief.staffNumber },
    });
    const refused = await gql(
      t.app.http,
      REFUSE,
      { i: { id: forOther, reason: '目的が不明確' } },
      await as(DEMO.deputyChief),
    );
    expect(refused.data!.refuseRoomAuthorisation.status).toBe('REFUSED');
    expect(await todo(DEMO.chief, 'access.managerRequestsToDecide')).toBe(routed - 2);
  });

  it('Hardening §1 nobody unlocks their own door PIN: OWN_CASE, audited; another may', async () => {
    const manager = await as(DEMO.manager);
    const pinAdmin = await as(DEMO.pinAdministrator);
    const mine = await idOf(DEMO.manager);
    await t.db.dataSource.query(
      `INSERT INTO door_pin ("staffId", "pinHash", "failedAttempts", "lockedAt", "setAt")
       VALUES ($1, 'not-a-real-hash', 10, now(), now())
       ON CONFLICT ("staffId") DO UPDATE SET "failedAttempts" = 10, "lockedAt" = now()`,
      [mine],
    );
    expect(errorCode(await gql(t.app.http, UNLOCK_PIN, { i: { staffId: mine } }, manager))).toBe('OWN_CASE');
    expect(await lastAudit('Mutation.unlockDoorPin')).toMatchObject({
      outcome: 'REFUSED',
      reason: 'OWN_CASE',
      targetId: mine,
    });
    const [still] = await t.db.dataSource.query(`SELECT "lockedAt" FROM door_pin WHERE "staffId" = $1`, [mine]);
    expect(still.lockedAt).not.toBeNull();
    expect((await gql(t.app.http, UNLOCK_PIN, { i: { staffId: mine } }, pinAdmin)).errors).toBeUndefined();
    expect(
      errorCode(await gql(t.app.http, UNLOCK_PIN, { i: { staffId: await idOf(DEMO.pinAdministrator) } }, pinAdmin)),
    ).toBe('OWN_CASE');
  });

  it('Hardening §1 nobody unlocks their own account: OWN_CASE, audited', async () => {
    const manager = await as(DEMO.manager);
    const mine = await idOf(DEMO.manager);
    expect(errorCode(await gql(t.app.http, UNLOCK_ACCOUNT, { i: { staffId: mine } }, manager))).toBe('OWN_CASE');
    expect(await lastAudit('Mutation.unlockAccount')).toMatchObject({
      outcome: 'REFUSED',
      reason: 'OWN_CASE',
      targetId: mine,
    });
    const admin = await as(DEMO.systemAdministrator);
    expect((await gql(t.app.http, UNLOCK_ACCOUNT, { i: { staffId: mine } }, admin)).errors).toBeUndefined();
  });
});
