// The demo city's operator ID cards, requests to the PIN administrator and resident-card stock
// (issue 15: A16, A16.1, A18), so /cards, /cards/requests and /card-stock open on a register in use
// rather than on empty lists. Fictional, dated back from the day of the first start; seeded once.
import type { DataSource, EntityManager } from 'typeorm';
import { StockCount, StockMovement, StockMovementKind } from '../../modules/card-stock/index.js';
import {
  CardEvent,
  CardEventKind,
  CardOperator,
  CardRequest,
  CardRequestKind,
  CardRequestOrigin,
  CardRequestStatus,
  CardState,
  OperatorCard,
} from '../../modules/cards/index.js';
import { Section, Staff } from '../../modules/organisation/index.js';
import { dateIn } from '../../shared/dates.js';
import { AppMeta } from '../app-meta.entity.js';
import { CARD_RETURNED_OPERATOR, demoCardReturn, DEMO_OPLOG_OPERATORS } from './demo-operators.js';
import { demoOplogMonths } from './demo-oplog.js';

export const DEMO_CARDS_MARKER = 'demo_cards_seed';
const ZONE = 'Asia/Tokyo';
const DAY = 86_400_000;
const SAFE = '市民課 金庫';
/** the operators' first day, unless the history's months begin earlier */
const FISCAL_START = '2026-04-01';
const NEW_OPERATOR = 'OP-0401-004';

type Step = [CardEventKind, Date, string | null /* operator ID */, string | null /* note */];

const at = (day: string, time: string) => new Date(`${day}T${time}:00+09:00`);
const shiftDay = (day: string, days: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);

/**
 * The demo's operators and their cards, dated against the demo's operation history (demo-oplog.ts):
 * the eight operators of the history hold a card from before its oldest month through the last
 * one, except the card collected on purpose mid-month (demo-operators.ts); one more operator is new
 * and waits for a card and a PIN. Returns the operators [staff, operator ID, section, since, until]
 * and each card's steps, oldest first (the last step gives its state).
 */
export function demoCardsPlan(now: Date) {
  const months = demoOplogMonths(now);
  const first = `${months[0]}-01`;
  const returned = demoCardReturn(months[2]);
  const since = shiftDay(first, -30) < FISCAL_START ? shiftDay(first, -30) : FISCAL_START;
  const received = at(shiftDay(first, -20), '09:00');
  const issuedOn = shiftDay(first, -14);
  const ago = (days: number) => new Date(now.getTime() - days * DAY);
  const operators: [string, string, string, string, string | null][] = DEMO_OPLOG_OPERATORS.map(
    ([staffNumber, code, section]) => [
      staffNumber,
      code,
      section,
      since,
      code === CARD_RETURNED_OPERATOR ? returned.day : null,
    ],
  );
  // a new operator (since three days ago), with a card and a PIN asked for
  operators.push(['400105', NEW_OPERATOR, 'S0401', dateIn(ZONE, ago(3)), null]);
  const cards: [string, Step[]][] = DEMO_OPLOG_OPERATORS.map(([, code], i) => [
    `C-${String(i + 1).padStart(4, '0')}`,
    [
      [CardEventKind.RECEIVED, received, null, null],
      [CardEventKind.ISSUED, at(issuedOn, `10:${String(i * 5).padStart(2, '0')}`), code, null],
    ],
  ]);
  // collected after work, mid-month (the operator still signs in the next morning: NO_VALID_CARD)
  cards[5][1].push([CardEventKind.RETURNED, at(returned.day, '18:00'), CARD_RETURNED_OPERATOR, '異動のため回収']);
  // damaged: collected and revoked before the day's work, and a new card issued at once
  const damagedOn = `${months[1]}-15`;
  cards[4][1].push(
    [CardEventKind.RETURNED, at(damagedOn, '08:00'), 'OP-0403-001', '破損のため回収'],
    [CardEventKind.REVOKED, at(damagedOn, '08:01'), null, '破損'],
  );
  cards.push(
    [
      'C-0009',
      [
        [CardEventKind.RECEIVED, received, null, null],
        [CardEventKind.ISSUED, at(damagedOn, '08:05'), 'OP-0403-001', '破損したカードの再交付'],
      ],
    ],
    ['C-0010', [[CardEventKind.RECEIVED, ago(10), null, null]]],
    ['C-0011', [[CardEventKind.RECEIVED, ago(10), null, null]]],
    [
      'C-0012',
      [
        [CardEventKind.RECEIVED, at(shiftDay(first, -60), '09:00'), null, null],
        [CardEventKind.REVOKED, at(shiftDay(first, -45), '09:00'), null, '予備カードの整理'],
        [CardEventKind.DESTROYED, at(shiftDay(first, -40), '09:00'), null, '裁断 (シュレッダー)'],
      ],
    ],
  );
  return { operators, cards, returned, months };
}

const STATE_AFTER: Record<CardEventKind, CardState> = {
  [CardEventKind.RECEIVED]: CardState.IN_STOCK,
  [CardEventKind.ISSUED]: CardState.ISSUED,
  [CardEventKind.RETURNED]: CardState.RETURNED,
  [CardEventKind.LOST]: CardState.LOST,
  [CardEventKind.REVOKED]: CardState.REVOKED,
  [CardEventKind.DESTROYED]: CardState.DESTROYED,
};

/**
 * Seeds the demo's cards once (its own marker, under the demo's lock), after the demo office: does
 * nothing where the demo office was not seeded (a real installation). Returns true when it seeded now.
 */
export async function seedDemoCardsOnce(ds: DataSource, now = new Date()): Promise<boolean> {
  return ds.transaction(async (em) => {
    await em.query(`SELECT pg_advisory_xact_lock(hashtext('jukinet.demo_seed'))`);
    if (await em.getRepository(AppMeta).existsBy({ key: DEMO_CARDS_MARKER })) return false;
    const staff = new Map((await em.getRepository(Staff).find()).map((s) => [s.staffNumber, s.id]));
    const sections = new Map((await em.getRepository(Section).find()).map((s) => [s.code, s.id]));
    const needed = [...DEMO_OPLOG_OPERATORS.map(([n]) => n), '400105', '400101', '200301'];
    if (!needed.every((n) => staff.has(n)) || !['S0401', 'S0402', 'S0403'].every((c) => sections.has(c))) return false;
    await seedDemoCards(em, staff, sections, now);
    await em.getRepository(AppMeta).insert({ key: DEMO_CARDS_MARKER, value: { seededAt: now.toISOString() } });
    return true;
  });
}

async function seedDemoCards(
  em: EntityManager,
  staff: Map<string, string>,
  sections: Map<string, string>,
  now: Date,
): Promise<void> {
  const ago = (days: number, hours = 0) => new Date(now.getTime() - days * DAY - hours * 3_600_000);
  const dayAgo = (days: number) => dateIn(ZONE, ago(days));
  const pinAdministrator = staff.get('400101')!; // 伊藤 市民課長: PIN administrator and keeper of the stock
  const manager = staff.get('200301')!;
  const witness = staff.get('400102')!;

  const plan = demoCardsPlan(now);
  // the operator register (A16)
  const operators = new Map<string, CardOperator>();
  for (const [number, operatorCode, section, since, until] of plan.operators) {
    const o = await em.getRepository(CardOperator).save({
      staffId: staff.get(number)!,
      operatorCode,
      sectionId: sections.get(section)!,
      since,
      until,
    });
    operators.set(operatorCode, o);
  }

  // each card's life, step by step (A16, A16.2, A16.6)
  const cards = new Map<string, string>();
  for (const [cardNumber, steps] of plan.cards) {
    const [kind, last, code] = steps[steps.length - 1];
    const state = STATE_AFTER[kind];
    const inHand = state === CardState.IN_STOCK || state === CardState.RETURNED || state === CardState.REVOKED;
    const { identifiers } = await em.getRepository(OperatorCard).insert({
      cardNumber,
      state,
      holderId: state === CardState.ISSUED ? operators.get(code!)!.id : null,
      storagePlace: inHand ? SAFE : null,
      storageLocked: inHand,
      updatedAt: last,
    });
    const cardId = identifiers[0].id as string;
    cards.set(cardNumber, cardId);
    for (const [k, when, op, note] of steps) {
      const stored = k === CardEventKind.RECEIVED || k === CardEventKind.RETURNED || k === CardEventKind.REVOKED;
      await em.getRepository(CardEvent).insert({
        cardId,
        kind: k,
        at: when,
        byId: pinAdministrator,
        operatorId: op ? operators.get(op)!.id : null,
        storagePlace: stored ? SAFE : null,
        storageLocked: stored ? true : null,
        witnessId: k === CardEventKind.DESTROYED ? witness : null,
        note,
      });
    }
  }

  // requests to the PIN administrator (A16.1): one waiting, one accepted, one done, one refused
  const request = (
    kind: CardRequestKind,
    status: CardRequestStatus,
    operatorCode: string,
    days: number,
    more: Partial<CardRequest> = {},
  ) => {
    const o = operators.get(operatorCode)!;
    return em.getRepository(CardRequest).insert({
      kind,
      status,
      origin: CardRequestOrigin.MANAGER,
      operatorId: o.id,
      sectionId: o.sectionId,
      requestedById: manager,
      requestedAt: ago(days),
      handledById: status === CardRequestStatus.REQUESTED ? null : pinAdministrator,
      acceptedAt: status === CardRequestStatus.REQUESTED ? null : ago(days - 1),
      ...more,
    });
  };
  await request(CardRequestKind.PIN_SET, CardRequestStatus.REQUESTED, NEW_OPERATOR, 1, {
    reason: '新たに操作者となったため',
  });
  await request(CardRequestKind.CARD_ISSUE, CardRequestStatus.ACCEPTED, NEW_OPERATOR, 2, {
    reason: '新たに操作者となったため',
  });
  const returnedAt = at(plan.returned.day, '18:00');
  await request(CardRequestKind.PIN_CANCEL, CardRequestStatus.DONE, CARD_RETURNED_OPERATOR, 0, {
    reason: '異動のため',
    cardId: cards.get('C-0006')!,
    requestedAt: new Date(returnedAt.getTime() - 3 * DAY),
    acceptedAt: new Date(returnedAt.getTime() - 2 * DAY),
    doneAt: new Date(returnedAt.getTime() + 10 * 60_000),
    note: '住基ネットで取消し済み',
  });
  await request(CardRequestKind.PIN_CHANGE, CardRequestStatus.REFUSED, 'OP-0402-001', 15, {
    reason: '定期変更',
    acceptedAt: null,
    refusedAt: ago(14),
    refusalReason: '変更の時期ではありません (次回は4月)',
  });

  // the resident-card stock (A18): two lots received, cards issued, two destroyed, a count that agrees
  const movement = (m: Partial<StockMovement>) =>
    em.getRepository(StockMovement).insert({ byId: pinAdministrator, recordedAt: now, ...m });
  await movement({
    kind: StockMovementKind.RECEIVED,
    on: dayAgo(75),
    count: 100,
    firstNumber: '1000001',
    lastNumber: '1000100',
    lotNumber: 'R8-LOT-001',
    storagePlace: SAFE,
    storageLocked: true,
  });
  await movement({ kind: StockMovementKind.ISSUED, on: dayAgo(40), count: 12, issuedTo: '市民課窓口 (交付)' });
  await movement({
    kind: StockMovementKind.DESTROYED,
    on: dayAgo(35),
    count: 2,
    firstNumber: '1000099',
    lastNumber: '1000100',
    method: '裁断 (シュレッダー)',
    witnessId: witness,
    note: '印刷不良',
  });
  await movement({
    kind: StockMovementKind.RECEIVED,
    on: dayAgo(20),
    count: 50,
    firstNumber: '1000101',
    lastNumber: '1000150',
    lotNumber: 'R8-LOT-002',
    storagePlace: SAFE,
    storageLocked: true,
  });
  await movement({ kind: StockMovementKind.ISSUED, on: dayAgo(5), count: 8, issuedTo: '市民課窓口 (交付)' });
  const onHand = 100 - 12 - 2 + 50 - 8;
  await em.getRepository(StockCount).insert({
    countedOn: dayAgo(3),
    countedAt: ago(3),
    expected: onHand,
    counted: onHand,
    byId: pinAdministrator,
  });
}
