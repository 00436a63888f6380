// A16: operator ID cards (操作識別カード) and requests to the PIN administrator. The PIN administrator
// (A7.1) keeps the operator register and each card's life: received into locked stock (A16.6),
// issued, returned (A16.2), lost (revoked at once, an incident opens) or revoked, destroyed before a
// witness. A manager, or an operations manager for their own section, asks the PIN administrator to
// set, cancel or change a PIN or issue or collect a card (A16.1); the PIN administrator may start one
// (A16.3). A transfer or the end of employment opens the requests in the same transaction.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, startTestApp, type TestApp } from '../helpers/app.js';
import { auditEntriesOf, sectionIdOf, staffIdsByNumber } from '../helpers/factories.js';
import { errorCode, gql, signIn, type GqlResult } from '../helpers/graphql.js';
import { DEMO, type DemoPerson } from '../helpers/people.js';

/** Tokyo wall-clock time → instant */
const tokyo = (day: string, hm = '09:00') => new Date(`${day}T${hm}:00+09:00`);

let t: TestApp;
let clock = tokyo('2026-04-28');
let staff: Record<string, string>;
const cookies = new Map<string, string>();
const setClock = (at: Date) => {
  clock = at;
  cookies.clear();
};
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
const REGISTER = `mutation($i: RegisterCardOperatorInput!) { registerCardOperator(input: $i) { id operatorCode since until current staff { staffNumber } section { code } } }`;
const RECEIVE = `mutation($i: ReceiveOperatorCardInput!) { receiveOperatorCard(input: $i) { id cardNumber state storagePlace storageLocked } }`;
const ISSUE = `mutation($i: IssueOperatorCardInput!) { issueOperatorCard(input: $i) { id state storagePlace holder { operatorCode } } }`;
const RETURN = `mutation($i: ReturnOperatorCardInput!) { returnOperatorCard(input: $i) { id state storagePlace storageLocked holder { id } } }`;
const LOST = `mutation($i: ReportOperatorCardLostInput!) { reportOperatorCardLost(input: $i) { id state holder { id } } }`;
const DESTROY = `mutation($i: DestroyOperatorCardInput!) { destroyOperatorCard(input: $i) { id state } }`;
const CARD = `query($id: ID!) { operatorCard(id: $id) { cardNumber state history { kind at storagePlace storageLocked note by { staffNumber } operator { operatorCode } witness { staffNumber } } } }`;
const OPERATOR = `query($id: ID!) { cardOperator(id: $id) { operatorCode until current cards { cardNumber state } } }`;
const REQUEST = `mutation($i: RequestCardChangeInput!) { requestCardChange(input: $i) { id kind status origin dueOn overdue reason requestedBy { staffNumber } section { code } } }`;
const ACCEPT = `mutation($i: CardRequestIdInput!) { acceptCardRequest(input: $i) { id status acceptedAt handledBy { staffNumber } } }`;
const COMPLETE = `mutation($i: CompleteCardRequestInput!) { completeCardRequest(input: $i) { id status doneAt note } }`;
const REFUSE = `mutation($i: RefuseCardRequestInput!) { refuseCardRequest(input: $i) { id status refusalReason } }`;
const REQUESTS = `query($f: CardRequestFilterInput, $first: Int, $after: String) { cardRequests(filter: $f, first: $first, after: $after) {
  nodes { id kind status origin overdue dueOn card { cardNumber } operator { operatorCode } } endCursor hasNextPage } }`;

const register = async (who: DemoPerson, code: string, since = '2026-04-01') =>
  (await ok(pin, REGISTER, { i: { staffId: staff[who.staffNumber], operatorCode: code, since } })).registerCardOperator;
const receive = async (cardNumber: string) =>
  (await ok(pin, RECEIVE, { i: { cardNumber, storagePlace: '市民課 金庫', storageLocked: true } })).receiveOperatorCard;
const issue = async (cardId: string, operatorId: string) =>
  (await ok(pin, ISSUE, { i: { cardId, operatorId } })).issueOperatorCard;
const article = async (id: string, on?: string) => {
  const data = await ok(
    DEMO.chief,
    `query($on: LocalDate) { compliance(on: $on) { articles { id status controls { status reason link } } } }`,
    { on },
  );
  return (data.compliance.articles as any[]).find((a) => a.id === id);
};
const todo = async (who: DemoPerson, id: string): Promise<number> =>
  ((await ok(who, `{ myTodos { id count } }`)).myTodos as { id: string; count: number }[]).find((x) => x.id === id)
    ?.count ?? 0;

beforeAll(async () => {
  t = await startTestApp({ now: () => clock });
  staff = await staffIdsByNumber(t.db.dataSource);
});
afterAll(() => t.close());

describe('A16 operator register and card lifecycle', () => {
  let kato: any;
  let yoshida: any;
  let card: any;

  it('A16 the PIN administrator registers operators with their operator ID and section; an ID is never given twice', async () => {
    kato = await register(DEMO.citizenSectionStaff, 'OP-0401-001');
    expect(kato).toMatchObject({
      operatorCode: 'OP-0401-001',
      since: '2026-04-01',
      until: null,
      current: true,
      staff: { staffNumber: DEMO.citizenSectionStaff.staffNumber },
      section: { code: 'S0401' },
    });
    yoshida = await register(DEMO.citizenSectionClerk, 'OP-0401-002');
    const taken = await call(pin, REGISTER, {
      i: { staffId: staff[DEMO.citizenSectionJunior.staffNumber], operatorCode: 'OP-0401-001', since: '2026-04-01' },
    });
    expect(errorCode(taken)).toBe('OPERATOR_CODE_TAKEN');
    // an operator of the examples, with no role, may not keep the register
    expect(
      errorCode(
        await call(DEMO.operator, REGISTER, {
          i: { staffId: staff[DEMO.operator.staffNumber], operatorCode: 'X', since: '2026-04-01' },
        }),
      ),
    ).toBe('FORBIDDEN');
  });

  it('A16.6 a card not issued must have a locked storage place: received without one is refused with a code', async () => {
    for (const i of [
      { cardNumber: 'C-0001' },
      { cardNumber: 'C-0001', storagePlace: '市民課 机の上', storageLocked: false },
      { cardNumber: 'C-0001', storagePlace: '  ', storageLocked: true },
    ])
      expect(errorCode(await call(pin, RECEIVE, { i }))).toBe('CARD_STORAGE_NOT_LOCKED');
    const refusals = (await auditEntriesOf(t.db.dataSource, 'Mutation.receiveOperatorCard')).filter(
      (e) => e.outcome === 'REFUSED',
    );
    expect(refusals.map((e) => e.reason)).toEqual(Array(3).fill('CARD_STORAGE_NOT_LOCKED'));
    card = await receive('C-0001');
    expect(card).toMatchObject({ state: 'IN_STOCK', storagePlace: '市民課 金庫', storageLocked: true });
    expect(
      errorCode(await call(pin, RECEIVE, { i: { cardNumber: 'C-0001', storagePlace: '金庫', storageLocked: true } })),
    ).toBe('CARD_NUMBER_TAKEN');
  });

  it('A16 a card is issued to an operator once: issuing it twice is refused with a code', async () => {
    const issued = await issue(card.id, kato.id);
    expect(issued).toMatchObject({ state: 'ISSUED', storagePlace: null, holder: { operatorCode: 'OP-0401-001' } });
    expect(errorCode(await call(pin, ISSUE, { i: { cardId: card.id, operatorId: yoshida.id } }))).toBe(
      'CARD_ALREADY_ISSUED',
    );
    expect(errorCode(await call(pin, ISSUE, { i: { cardId: card.id, operatorId: kato.id } }))).toBe(
      'CARD_ALREADY_ISSUED',
    );
  });

  it('A16.2 a card is returned by the operator who holds it, into a locked place; anyone else is refused', async () => {
    const place = { storagePlace: '市民課 金庫', storageLocked: true };
    expect(errorCode(await call(pin, RETURN, { i: { cardId: card.id, operatorId: yoshida.id, ...place } }))).toBe(
      'CARD_NOT_HELD',
    );
    expect(
      errorCode(
        await call(pin, RETURN, {
          i: { cardId: card.id, operatorId: kato.id, storagePlace: '机', storageLocked: false },
        }),
      ),
    ).toBe('CARD_STORAGE_NOT_LOCKED');
    const back = (await ok(pin, RETURN, { i: { cardId: card.id, operatorId: kato.id, ...place } })).returnOperatorCard;
    expect(back).toMatchObject({ state: 'RETURNED', storagePlace: '市民課 金庫', storageLocked: true, holder: null });
    // returning it again: it is no longer issued
    expect(errorCode(await call(pin, RETURN, { i: { cardId: card.id, operatorId: kato.id, ...place } }))).toBe(
      'CARD_STATE_INVALID',
    );
  });

  it('A16 a card is destroyed only before a witness who is someone else, with the method; then its history reads in full', async () => {
    expect(errorCode(await call(pin, DESTROY, { i: { cardId: card.id, method: '裁断' } }))).toBe(
      'CARD_WITNESS_REQUIRED',
    );
    expect(
      errorCode(
        await call(pin, DESTROY, { i: { cardId: card.id, witnessStaffId: staff[pin.staffNumber], method: '裁断' } }),
      ),
    ).toBe('CARD_WITNESS_REQUIRED');
    expect(
      errorCode(
        await call(pin, DESTROY, {
          i: { cardId: card.id, witnessStaffId: staff[DEMO.residentRecordsChief.staffNumber], method: ' ' },
        }),
      ),
    ).toBe('CARD_WITNESS_REQUIRED');
    const done = await ok(pin, DESTROY, {
      i: { cardId: card.id, witnessStaffId: staff[DEMO.residentRecordsChief.staffNumber], method: '裁断' },
    });
    expect(done.destroyOperatorCard.state).toBe('DESTROYED');
    const history = (await ok(DEMO.auditor, CARD, { id: card.id })).operatorCard.history;
    expect(history.map((e: any) => e.kind)).toEqual(['RECEIVED', 'ISSUED', 'RETURNED', 'DESTROYED']);
    expect(history[0]).toMatchObject({
      storagePlace: '市民課 金庫',
      storageLocked: true,
      by: { staffNumber: pin.staffNumber },
    });
    expect(history[1]).toMatchObject({ operator: { operatorCode: 'OP-0401-001' }, storagePlace: null });
    expect(history[3]).toMatchObject({ note: '裁断', witness: { staffNumber: DEMO.residentRecordsChief.staffNumber } });
    // each operator's cards
    const op = (await ok(DEMO.manager, OPERATOR, { id: kato.id })).cardOperator;
    expect(op.cards).toEqual([{ cardNumber: 'C-0001', state: 'DESTROYED' }]);
    // every step is audited
    for (const action of ['receiveOperatorCard', 'issueOperatorCard', 'returnOperatorCard', 'destroyOperatorCard'])
      expect((await auditEntriesOf(t.db.dataSource, `Mutation.${action}`)).some((e) => e.outcome === 'OK')).toBe(true);
  });

  it('A16 a lost card is revoked at once and opens an incident for the manager, in the same transaction', async () => {
    const c = await receive('C-0002');
    await issue(c.id, yoshida.id);
    const lost = (await ok(pin, LOST, { i: { cardId: c.id, note: '通勤中に紛失' } })).reportOperatorCardLost;
    expect(lost).toMatchObject({ state: 'LOST', holder: null });
    const incidents = await t.db.dataSource.query(
      `SELECT type, source, "sectionId", summary, "reportedById" FROM incident WHERE summary LIKE '%C-0002%'`,
    );
    expect(incidents).toHaveLength(1);
    expect(incidents[0]).toMatchObject({
      type: 'UNAUTHORISED_ACCESS',
      source: 'STAFF',
      sectionId: await sectionIdOf(t.db.dataSource, 'S0401'),
      reportedById: staff[pin.staffNumber],
    });
    expect(incidents[0].summary).toContain(DEMO.citizenSectionClerk.fullName);
    const entry = (await auditEntriesOf(t.db.dataSource, 'Mutation.reportOperatorCardLost')).at(-1);
    expect(entry.changes.incidentsOpened[1]).toHaveLength(1);
    // a lost card cannot be destroyed (it is not in our hands) nor lost twice
    expect(errorCode(await call(pin, LOST, { i: { cardId: c.id } }))).toBe('CARD_STATE_INVALID');
    expect(
      errorCode(
        await call(pin, DESTROY, {
          i: { cardId: c.id, witnessStaffId: staff[DEMO.manager.staffNumber], method: '裁断' },
        }),
      ),
    ).toBe('CARD_STATE_INVALID');
  });

  it('A16 the register pages by card number with a keyset cursor', async () => {
    for (const n of ['C-0003', 'C-0004', 'C-0005']) await receive(n);
    const q = `query($after: String) { operatorCards(first: 2, after: $after) { nodes { cardNumber } endCursor hasNextPage } }`;
    const first = (await ok(pin, q)).operatorCards;
    expect(first.nodes.map((n: any) => n.cardNumber)).toEqual(['C-0001', 'C-0002']);
    const second = (await ok(pin, q, { after: first.endCursor })).operatorCards;
    expect(second.nodes.map((n: any) => n.cardNumber)).toEqual(['C-0003', 'C-0004']);
    expect(second.hasNextPage).toBe(true);
  });
});

describe('A16.1 requests to the PIN administrator', () => {
  let operator: any;
  let insuranceOperator: any;
  let request: any;

  beforeAll(async () => {
    setClock(tokyo('2026-04-28'));
    operator = await register(DEMO.citizenSectionJunior, 'OP-0401-003');
    insuranceOperator = await register(DEMO.insuranceStaff, 'OP-0402-001');
  });

  it('A16.1 a manager asks: REQUESTED → ACCEPTED → DONE by the PIN administrator, on their 対応が必要', async () => {
    const before = await todo(pin, 'cards.requestsToHandle');
    request = (await ok(DEMO.manager, REQUEST, { i: { kind: 'PIN_SET', operatorId: operator.id, reason: '新任' } }))
      .requestCardChange;
    expect(request).toMatchObject({
      kind: 'PIN_SET',
      status: 'REQUESTED',
      origin: 'MANAGER',
      // asked on Tuesday 28 April: 5 working days skip 昭和の日 and Golden Week (5/3–5/6)
      dueOn: '2026-05-11',
      overdue: false,
      requestedBy: { staffNumber: DEMO.manager.staffNumber },
      section: { code: 'S0401' },
    });
    expect(await todo(pin, 'cards.requestsToHandle')).toBe(before + 1);
    // only the PIN administrator handles it; completing before accepting is refused
    expect(errorCode(await call(DEMO.manager, ACCEPT, { i: { id: request.id } }))).toBe('FORBIDDEN');
    expect(errorCode(await call(pin, COMPLETE, { i: { id: request.id } }))).toBe('CARD_REQUEST_STATE_INVALID');
    const accepted = (await ok(pin, ACCEPT, { i: { id: request.id } })).acceptCardRequest;
    expect(accepted).toMatchObject({ status: 'ACCEPTED', handledBy: { staffNumber: pin.staffNumber } });
    const done = (await ok(pin, COMPLETE, { i: { id: request.id, note: '設定済み' } })).completeCardRequest;
    expect(done).toMatchObject({ status: 'DONE', note: '設定済み' });
    expect(errorCode(await call(pin, ACCEPT, { i: { id: request.id } }))).toBe('CARD_REQUEST_STATE_INVALID');
    expect(await todo(pin, 'cards.requestsToHandle')).toBe(before);
  });

  it('A16.1 an operations manager asks only for their own section; the PIN administrator may start one (A16.3)', async () => {
    const own = await call(DEMO.insuranceOperationsManager, REQUEST, {
      i: { kind: 'CARD_ISSUE', operatorId: insuranceOperator.id },
    });
    expect(own.errors).toBeUndefined();
    expect(own.data!.requestCardChange.origin).toBe('MANAGER');
    const other = await call(DEMO.insuranceOperationsManager, REQUEST, {
      i: { kind: 'PIN_CHANGE', operatorId: operator.id },
    });
    expect(errorCode(other)).toBe('CARD_REQUEST_OUTSIDE_SECTION');
    // the PIN administrator is also 市民課's operations manager: for 保険年金課 they ask as PIN administrator
    const byPin = (
      await ok(pin, REQUEST, { i: { kind: 'PIN_CHANGE', operatorId: insuranceOperator.id, reason: '定期変更' } })
    ).requestCardChange;
    expect(byPin.origin).toBe('PIN_ADMINISTRATOR');
    // the operations manager reads their section's requests only
    const seen = (await ok(DEMO.insuranceOperationsManager, REQUESTS, { f: { open: true } })).cardRequests.nodes;
    expect(seen.every((r: any) => r.operator.operatorCode === 'OP-0402-001')).toBe(true);
    expect(seen).toHaveLength(2);
  });

  it('A16.1 a refusal needs a reason; no Juki-net PIN is ever stored (a reason that is a PIN is refused)', async () => {
    const r = (await ok(DEMO.manager, REQUEST, { i: { kind: 'PIN_CHANGE', operatorId: operator.id } }))
      .requestCardChange;
    expect(errorCode(await call(pin, REFUSE, { i: { id: r.id, reason: ' ' } }))).toBe('INVALID_CARD_REQUEST');
    const refused = (await ok(pin, REFUSE, { i: { id: r.id, reason: '操作者の登録を先に' } })).refuseCardRequest;
    expect(refused).toMatchObject({ status: 'REFUSED', refusalReason: '操作者の登録を先に' });
    for (const reason of ['123456', '暗証番号は 4821 です', 'PIN:90210'])
      expect(
        errorCode(await call(DEMO.manager, REQUEST, { i: { kind: 'PIN_SET', operatorId: operator.id, reason } })),
      ).toBe('INVALID_CARD_REQUEST');
    const stored = await t.db.dataSource.query(`SELECT reason, note FROM card_request`);
    expect(JSON.stringify(stored)).not.toMatch(/4821|90210|123456/);
  });

  it('A16.1 a request open past 5 working days is overdue on /compliance (Golden Week does not count)', async () => {
    setClock(tokyo('2026-05-11', '17:00'));
    expect((await article('A16.1')).status).toBe('OK');
    setClock(tokyo('2026-05-12'));
    const a = await article('A16.1');
    expect(a.status).toBe('ATTENTION');
    expect(a.controls[0].reason).toContain('2件');
    const overdue = (await ok(pin, REQUESTS, { f: { open: true } })).cardRequests.nodes.filter((r: any) => r.overdue);
    expect(overdue).toHaveLength(2);
    // as of a past day it was not yet late
    expect((await article('A16.1', '2026-05-08')).status).toBe('OK');
  });
});

describe('A16.2 transfers open the requests in the move’s transaction', () => {
  const UPDATE_STAFF = `mutation($i: UpdateStaffInput!) { updateStaff(input: $i) { id } }`;
  const DEACTIVATE = `mutation($i: DeactivateStaffInput!) { deactivateStaff(input: $i) { id } }`;
  const ofOperator = async (operatorId: string) =>
    (await ok(pin, REQUESTS, { f: { operatorId, open: true } })).cardRequests.nodes as any[];

  it('A16.2 a move opens the card’s collection and the PIN’s change at once, once, recorded on the move’s audit entry', async () => {
    setClock(tokyo('2026-06-01'));
    const op = await register(DEMO.insuranceClerk, 'OP-0402-002', '2026-05-01');
    const c = await receive('C-0100');
    await issue(c.id, op.id);
    const move = { id: staff[DEMO.insuranceClerk.staffNumber], sectionId: await sectionIdOf(t.db.dataSource, 'S0401') };
    await ok(DEMO.systemAdministrator, UPDATE_STAFF, { i: move });
    const opened = await ofOperator(op.id);
    expect(opened.map((r) => [r.kind, r.origin, r.status, r.card?.cardNumber ?? null]).sort()).toEqual([
      ['CARD_COLLECT', 'TRANSFER', 'REQUESTED', 'C-0100'],
      ['PIN_CHANGE', 'TRANSFER', 'REQUESTED', null],
    ]);
    const entry = (await auditEntriesOf(t.db.dataSource, 'Mutation.updateStaff')).at(-1);
    expect(entry.changes.cardRequestsOpened[1]).toHaveLength(2);
    // moved back before anything was done: the same requests are not opened twice
    await ok(DEMO.systemAdministrator, UPDATE_STAFF, {
      i: { ...move, sectionId: await sectionIdOf(t.db.dataSource, 'S0402') },
    });
    expect(await ofOperator(op.id)).toHaveLength(2);
    // the PIN administrator's 対応が必要 counts them
    expect(await todo(pin, 'cards.requestsToHandle')).toBeGreaterThanOrEqual(2);
  });

  it('A16.2 leaving opens the PIN’s cancellation and the card’s collection, ends the operator, and a card not collected is a violation', async () => {
    setClock(tokyo('2026-06-10'));
    const op = await register(DEMO.personnelStaff, 'OP-0302-001', '2026-05-01');
    const c = await receive('C-0101');
    await issue(c.id, op.id);
    await ok(DEMO.systemAdministrator, DEACTIVATE, {
      i: { id: staff[DEMO.personnelStaff.staffNumber], lastDay: '2026-06-15' },
    });
    expect((await ofOperator(op.id)).map((r) => r.kind).sort()).toEqual(['CARD_COLLECT', 'PIN_CANCEL']);
    expect((await ok(pin, OPERATOR, { id: op.id })).cardOperator).toMatchObject({ until: '2026-06-15', current: true });
    expect((await article('A16.2')).status).toBe('OK');
    // the day after the last one, the card is still out: nobody collected it
    setClock(tokyo('2026-06-16'));
    const late = await article('A16.2');
    expect(late.status).toBe('VIOLATION');
    expect(late.controls[0].reason).toContain('1枚');
    await ok(pin, RETURN, { i: { cardId: c.id, operatorId: op.id, storagePlace: '市民課 金庫', storageLocked: true } });
    expect((await article('A16.2')).status).toBe('OK');
    expect((await article('A16.6')).status).toBe('OK');
  });
});
