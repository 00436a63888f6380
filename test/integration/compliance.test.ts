// Parts 5–6: the compliance view (every article of the standard, evaluated from live data) and
// "what needs me" (myTodos), through GraphQL as real callers on a real PostgreSQL.
//
// Rooms and requests are stamped by the database's clock (real time); the app's clock is moved
// to days of the months after the real one, so what was registered "now" lies in its past.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTICLES } from '../../server/src/modules/compliance/articles.js';
import { DEMO_PASSWORD, startTestApp, type TestApp } from '../helpers/app.js';
import { DEMO } from '../helpers/people.js';
import { gql, signIn } from '../helpers/graphql.js';

const COMPLIANCE = `query($on: LocalDate) { compliance(on: $on) { on evaluatedAt
  summary { ok attention violation notCovered }
  articles { id chapter chapterTitle chapterTitleEn title titleEn rule status
    controls { article title status reason link } } } }`;
const TODOS = `{ myTodos { id title link count } }`;

/** 'YYYY-MM' of the month `n` months after the real one, in Tokyo. */
function monthAfter(n: number): string {
  const [y, m] = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tokyo', year: 'numeric', month: '2-digit' })
    .format(new Date())
    .split('-')
    .map(Number);
  const d = new Date(Date.UTC(y, m - 1 + n, 1));
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}
/** Tokyo wall-clock time on a day of the month `n` months after the real one. */
const dayOf = (n: number, day: number, hm = '09:00') =>
  new Date(`${monthAfter(n)}-${String(day).padStart(2, '0')}T${hm}:00+09:00`);

let clock = dayOf(1, 5);
let t: TestApp;
const staff: Record<string, string> = {};
const rooms: Record<string, string> = {};

const as = (staffNumber: string) => signIn(t.app.http, staffNumber, DEMO_PASSWORD);
async function report(cookie: string, on?: string) {
  const res = await gql(t.app.http, COMPLIANCE, on ? { on } : {}, cookie);
  expect(res.errors).toBeUndefined();
  return res.data!.compliance as {
    on: string;
    summary: Record<string, number>;
    articles: { id: string; status: string; controls: { status: string; reason: string; link: string }[] }[];
  };
}
const article = async (id: string, cookie: string, on?: string) =>
  (await report(cookie, on)).articles.find((a) => a.id === id)!;
async function todos(cookie: string): Promise<{ id: string; count: number; link: string }[]> {
  const res = await gql(t.app.http, TODOS, {}, cookie);
  expect(res.errors).toBeUndefined();
  return res.data!.myTodos;
}

beforeAll(async () => {
  t = await startTestApp({ now: () => clock });
  for (const r of await t.db.dataSource.query(`SELECT id, code FROM room`)) rooms[r.code] = r.id;
  for (const s of await t.db.dataSource.query(`SELECT id, "staffNumber" FROM staff`)) staff[s.staffNumber] = s.id;
});
afterAll(() => t.close());

describe('compliance view', () => {
  it('every module declares controls only for articles of the standard: organisation A3–A7.1, access A12.1–A13, configuration A7.2 and A11–A17, incidents A19–A30, maintenance A26, cards A16, card stock A18, oplog A20.1–2 and A21', () => {
    const known = new Set(ARTICLES.map((a) => a.id));
    const declared = t.app.services.declared.compliance.map((c) => c.article);
    expect(declared.filter((id) => !known.has(id))).toEqual([]);
    expect(new Set(declared)).toEqual(
      new Set(
        ['A3', 'A4', 'A5', 'A6', 'A7.1', 'A12.1', 'A12.2', 'A12.3', 'A13'].concat(
          ['A7.2', 'A11.1', 'A11.2', 'A14.1–2', 'A14.3–4', 'A14.5', 'A14.6', 'A14.7', 'A14.8', 'A15', 'A17'],
          ['A19.1–2', 'A19.3', 'A19.4', 'A22.1–3', 'A26', 'A27', 'A28', 'A29', 'A30', 'A20.1', 'A20.2', 'A21'],
          ['A16.1', 'A16.2', 'A16.4–5', 'A16.6'],
          ['A18.1', 'A18.2'],
        ),
      ),
    );
  });

  it('A3–A30: lists every article of the standard in order, NOT_COVERED where no control evaluates it', async () => {
    const r = await report(await as(DEMO.chief.staffNumber));
    expect(r.articles.map((a) => a.id)).toEqual(ARTICLES.map((a) => a.id));
    const a23 = r.articles.find((a) => a.id === 'A23')!;
    expect(a23).toMatchObject({ status: 'NOT_COVERED', controls: [] });
    const a3 = r.articles.find((a) => a.id === 'A3')!;
    expect(a3).toMatchObject({
      status: 'OK',
      controls: [{ status: 'OK', reason: `住基ネット統括者: ${DEMO.chief.fullName}`, link: '/' }],
    });
    expect(r.articles.find((a) => a.id === 'A6')!.status).toBe('OK');
    const a123 = r.articles.find((a) => a.id === 'A12.3')!;
    expect(a123).toMatchObject({ chapter: 2, chapterTitle: '電算室等と入退室管理簿', title: '電算室等の入退室管理簿' });
    expect(a123.controls[0].link).toMatch(/^\/access\?tab=/);
    const { ok, attention, violation, notCovered } = r.summary;
    expect(ok + attention + violation + notCovered).toBe(ARTICLES.length);
    expect(notCovered).toBe(r.articles.filter((a) => a.controls.length === 0).length);
    expect(r.on).toBe(`${monthAfter(1)}-05`);
  });

  it('refuses the compliance view to an operator (FORBIDDEN), a future day to anyone (BAD_USER_INPUT)', async () => {
    const res = await gql(t.app.http, COMPLIANCE, {}, await as(DEMO.operator.staffNumber));
    expect(res.errors![0].extensions!.code).toBe('FORBIDDEN');
    const auditor = await gql(t.app.http, COMPLIANCE, {}, await as(DEMO.auditor.staffNumber));
    expect(auditor.errors).toBeUndefined();
    const future = await gql(t.app.http, COMPLIANCE, { on: `${monthAfter(1)}-06` }, await as(DEMO.chief.staffNumber));
    expect(future.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
  });

  it('A12.1: VIOLATION with no room in use, OK once the manager registers one', async () => {
    const manager = await as(DEMO.manager.staffNumber);
    const UPDATE = `mutation($i: UpdateRoomInput!) { updateRoom(input: $i) { id } }`;
    for (const id of Object.values(rooms)) {
      expect((await gql(t.app.http, UPDATE, { i: { id, active: false } }, manager)).errors).toBeUndefined();
    }
    const none = await article('A12.1', manager);
    expect(none.status).toBe('VIOLATION');
    expect(none.controls[0].reason).toBe('電算室等が登録されていません');
    const created = await gql(
      t.app.http,
      `mutation($i: CreateRoomInput!) { createRoom(input: $i) { id } }`,
      { i: { code: 'R09', name: '第2サーバー室', kind: 'SERVER_ROOM', location: '別館2階' } },
      manager,
    );
    expect(created.errors).toBeUndefined();
    rooms.R09 = created.data!.createRoom.id;
    expect((await article('A12.1', manager)).status).toBe('OK');
  });

  it('A12.2: VIOLATION after an unauthorised entry, OK after the manager resolves it; as of the day before, OK', async () => {
    const manager = await as(DEMO.manager.staffNumber);
    // the manager records by hand (paper fallback): 200305, with no authorisation, in and out
    const rec = await gql(
      t.app.http,
      `mutation($i: RecordAccessEventsInput!) { recordAccessEvents(input: $i) { results { outcome anomalies } } }`,
      {
        i: {
          deviceNow: clock.toISOString(),
          events: [
            { direction: 'ENTER', at: new Date(clock.getTime() - 20 * 60_000) },
            { direction: 'EXIT', at: new Date(clock.getTime() - 10 * 60_000) },
          ].map((e) => ({
            clientEventId: randomUUID(),
            direction: e.direction,
            staffId: staff[DEMO.operator.staffNumber],
            roomId: rooms.R09,
            purpose: '機器の確認',
            deviceTime: e.at.toISOString(),
            ...(e.direction === 'EXIT'
              ? {
                  checklist: {
                    equipmentOff: true,
                    noMediaLeft: true,
                    noUnauthorisedCable: true,
                    noDocumentsLeft: true,
                  },
                }
              : {}),
          })),
        },
      },
      manager,
    );
    expect(rec.errors).toBeUndefined();
    expect(rec.data!.recordAccessEvents.results[0].anomalies).toContain('UNAUTHORISED');
    const violated = await article('A12.2', manager);
    expect(violated.status).toBe('VIOLATION');
    expect(violated.controls[0].reason).toContain('1件');
    // the day before the entry, nothing was wrong yet
    expect((await article('A12.2', manager, `${monthAfter(1)}-04`)).status).toBe('OK');

    const open = await gql(t.app.http, `{ accessAnomalies { id kind } }`, {}, manager);
    for (const a of open.data!.accessAnomalies) {
      const res = await gql(
        t.app.http,
        `mutation($i: ResolveAnomalyInput!) { resolveAccessAnomaly(input: $i) { id } }`,
        { i: { id: a.id, note: '本人に確認、許可申請を指導' } },
        manager,
      );
      expect(res.errors).toBeUndefined();
    }
    const resolved = await article('A12.2', manager);
    expect(resolved.status).toBe('OK');
    expect((await article('A12.3', manager)).status).toBe('OK');
    expect((await todos(manager)).map((x) => x.id)).not.toContain('access.anomaliesToResolve');
  });

  it('A12.3: ATTENTION for an entry open past 12 hours (NOT_CLOSED), OK once the manager resolves it', async () => {
    const manager = await as(DEMO.manager.staffNumber);
    const rec = await gql(
      t.app.http,
      `mutation($i: RecordAccessEventsInput!) { recordAccessEvents(input: $i) { results { outcome } } }`,
      {
        i: {
          deviceNow: clock.toISOString(),
          events: [
            {
              clientEventId: randomUUID(),
              direction: 'ENTER',
              staffId: staff[DEMO.manager.staffNumber],
              roomId: rooms.R09,
              purpose: '点検',
              deviceTime: new Date(clock.getTime() - 60_000).toISOString(),
            },
          ],
        },
      },
      manager,
    );
    expect(rec.errors).toBeUndefined();
    clock = new Date(clock.getTime() + 13 * 3600_000);
    await t.app.services.accessRegister.sweep();
    const open = await article('A12.3', await as(DEMO.manager.staffNumber));
    expect(open.status).toBe('ATTENTION');
    expect(open.controls[0].reason).toContain('12時間を超えて退室の記録がない入室が1件');
    const cookie = await as(DEMO.manager.staffNumber);
    expect(await todos(cookie)).toContainEqual(expect.objectContaining({ id: 'access.anomaliesToResolve' }));
    for (const a of (await gql(t.app.http, `{ accessAnomalies { id } }`, {}, cookie)).data!.accessAnomalies) {
      await gql(
        t.app.http,
        `mutation($i: ResolveAnomalyInput!) { resolveAccessAnomaly(input: $i) { id } }`,
        { i: { id: a.id, note: '退室の打刻漏れ。本人に確認済み' } },
        cookie,
      );
    }
    expect((await article('A12.3', cookie)).status).toBe('OK');
  });

  it('myTodos: the manager sees a pending request (A12.2 ATTENTION after 3 days), gone after approval; an operator sees no manager items', async () => {
    const operator = await as(DEMO.operator.staffNumber);
    const asked = await gql(
      t.app.http,
      `mutation($i: RequestRoomAuthorisationInput!) { requestRoomAuthorisation(input: $i) { id } }`,
      {
        i: {
          subjectKind: 'STAFF',
          roomIds: [rooms.R09],
          validFrom: dayOf(1, 20).toISOString(),
          validTo: dayOf(1, 21).toISOString(),
          purpose: '機器の確認',
        },
      },
      operator,
    );
    expect(asked.errors).toBeUndefined();
    let manager = await as(DEMO.manager.staffNumber);
    expect(await todos(manager)).toContainEqual({
      id: 'access.requestsToDecide',
      title: '入室申請の承認',
      link: '/access?tab=pending',
      count: 1,
    });
    const mine = (await todos(operator)).map((x) => x.id);
    expect(
      mine.filter((id) => /requestsToDecide|anomaliesToResolve|reportToAcknowledge|lockedAccounts/.test(id)),
    ).toEqual([]);

    clock = dayOf(1, 9); // four days on, the request still waits
    manager = await as(DEMO.manager.staffNumber);
    const waiting = await article('A12.2', manager);
    expect(waiting.status).toBe('ATTENTION');
    expect(waiting.controls[0].link).toBe('/access?tab=pending');

    const approved = await gql(
      t.app.http,
      `mutation($i: AuthorisationIdInput!) { approveRoomAuthorisation(input: $i) { id } }`,
      { i: { id: asked.data!.requestRoomAuthorisation.id } },
      manager,
    );
    expect(approved.errors).toBeUndefined();
    expect((await todos(manager)).map((x) => x.id)).not.toContain('access.requestsToDecide');
    expect((await article('A12.2', manager)).status).toBe('OK');
  });

  it('A13: OK until the 10th, ATTENTION after, OK once the chief acknowledges (as of the day before: ATTENTION); VIOLATION with two months unacknowledged', async () => {
    clock = dayOf(1, 9);
    let chief = await as(DEMO.chief.staffNumber);
    const lastMonth = monthAfter(0);
    const early = await article('A13', chief);
    expect(early.status).toBe('OK');
    expect(early.controls[0].reason).toContain('10日');
    expect(await todos(chief)).toContainEqual(
      expect.objectContaining({ id: 'access.reportToAcknowledge', link: '/access?tab=report', count: 1 }),
    );

    clock = dayOf(1, 12);
    chief = await as(DEMO.chief.staffNumber);
    const late = await article('A13', chief);
    expect(late.status).toBe('ATTENTION');
    expect(late.controls[0].reason).toContain(lastMonth);

    const ack = await gql(
      t.app.http,
      `mutation($i: AcknowledgeAccessReportInput!) { acknowledgeAccessReport(input: $i) { id } }`,
      { i: { month: lastMonth, followUp: 'NONE' } },
      chief,
    );
    expect(ack.errors).toBeUndefined();
    expect((await article('A13', chief)).status).toBe('OK');
    expect((await todos(chief)).map((x) => x.id)).not.toContain('access.reportToAcknowledge');
    // as of the end of the 11th the report was not acknowledged yet
    expect((await article('A13', chief, `${monthAfter(1)}-11`)).status).toBe('ATTENTION');

    clock = dayOf(3, 12);
    chief = await as(DEMO.chief.staffNumber);
    const behind = await article('A13', chief);
    expect(behind.status).toBe('VIOLATION');
    expect(behind.controls[0].reason).toContain(`${monthAfter(1)}、${monthAfter(2)}`);
    expect(await todos(chief)).toContainEqual(expect.objectContaining({ id: 'access.reportToAcknowledge', count: 2 }));
  });

  it('myTodos: locked accounts for the system administrator and the manager, not for an operator', async () => {
    // ten wrong passwords lock the welfare clerk (a minute apart: the sign-in backs off after the third)
    for (let i = 0; i < 10; i++) {
      clock = new Date(clock.getTime() + 61_000);
      await gql(t.app.http, `mutation($i: SignInInput!) { signIn(input: $i) { authorities } }`, {
        i: { staffNumber: DEMO.welfareClerk.staffNumber, password: 'not-the-password' },
      });
    }
    for (const who of [DEMO.systemAdministrator.staffNumber, DEMO.manager.staffNumber]) {
      expect(await todos(await as(who))).toContainEqual({
        id: 'identity.lockedAccounts',
        title: 'ロックされたアカウントの解除',
        link: '/admin/staff',
        count: 1,
      });
    }
    expect((await todos(await as(DEMO.operator.staffNumber))).map((x) => x.id)).not.toContain(
      'identity.lockedAccounts',
    );
  });

  // last: it ends the chief's term, which the tests above sign in as
  it('A3: the chief’s term ended yesterday → VIOLATION today, still OK as of that last day', async () => {
    const admin = await as(DEMO.systemAdministrator.staffNumber);
    const holders = await gql(t.app.http, `{ roleHolders { role assignment { id } } }`, {}, admin);
    const chiefAssignment = holders.data!.roleHolders.find((h: { role: string }) => h.role === 'CHIEF').assignment.id;
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tokyo' }).format(clock);
    const yesterday = new Date(Date.parse(`${today}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    const ended = await gql(
      t.app.http,
      `mutation($i: EndRoleAssignmentInput!) { endRoleAssignment(input: $i) { id } }`,
      { i: { id: chiefAssignment, lastDay: yesterday } },
      admin,
    );
    expect(ended.errors).toBeUndefined();
    const manager = await as(DEMO.manager.staffNumber);
    const a3 = await article('A3', manager);
    expect(a3.status).toBe('VIOLATION');
    expect(a3.controls[0].reason).toBe('住基ネット統括者が任命されていません。');
    expect((await article('A3', manager, yesterday)).status).toBe('OK');
  });
});
