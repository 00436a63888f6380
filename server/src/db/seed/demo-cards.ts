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

export const DEMO_CARDS_MARKER = 'demo_cards_seed';
const ZONE = 'Asia/Tokyo';
const DAY = 86_400_000;
const SAFE = '市民課 金庫';

/** staff number, operator ID, section, since, until */
const OPERATORS: [string, string, string, string, string | null][] = [
  ['400102', 'OP-0401-001', 'S0401', '2026-04-01', null],
  ['400103', 'OP-0401-002', 'S0401', '2026-04-01', null],
  ['400104', 'OP-0401-003', 'S0401', '2026-04-01', null],
  ['400202', 'OP-0402-001', 'S0402', '2026-04-01', null],
  ['400203', 'OP-0402-002', 'S0402', '2026-04-01', '2026-09-30'],
  ['400302', 'OP-0403-001', 'S0403', '2026-04-01', null],
];

type Step = [CardEventKind, number /* days ago */, string | null /* operator ID */, string | null /* note */];
/** card number, its steps (oldest first); the last step gives its state */
const CARDS: [string, Step[]][] = [
  [
    'C-0001',
    [
      [CardEventKind.RECEIVED, 60, null, null],
      [CardEventKind.ISSUED, 58, 'OP-0401-001', null],
    ],
  ],
  [
    'C-0002',
    [
      [CardEventKind.RECEIVED, 60, null, null],
      [CardEventKind.ISSUED, 57, 'OP-0401-002', null],
    ],
  ],
  [
    'C-0003',
    [
      [CardEventKind.RECEIVED, 60, null, null],
      [CardEventKind.ISSUED, 55, 'OP-0402-001', null],
    ],
  ],
  [
    'C-0004',
    [
      [CardEventKind.RECEIVED, 60, null, null],
      [CardEventKind.ISSUED, 55, 'OP-0402-002', null],
      [CardEventKind.RETURNED, 20, 'OP-0402-002', '異動のため回収'],
    ],
  ],
  [
    'C-0005',
    [
      [CardEventKind.RECEIVED, 60, null, null],
      [CardEventKind.ISSUED, 54, 'OP-0403-001', null],
      [CardEventKind.RETURNED, 30, 'OP-0403-001', '破損のため回収'],
      [CardEventKind.REVOKED, 30, null, '破損'],
    ],
  ],
  ['C-0006', [[CardEventKind.RECEIVED, 10, null, null]]],
  ['C-0007', [[CardEventKind.RECEIVED, 10, null, null]]],
  [
    'C-0008',
    [
      [CardEventKind.RECEIVED, 90, null, null],
      [CardEventKind.REVOKED, 45, null, '予備カードの整理'],
      [CardEventKind.DESTROYED, 40, null, '裁断 (シュレッダー)'],
    ],
  ],
];
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
    const needed = [...OPERATORS.map(([n]) => n), '400101', '200301'];
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

  // the operator register (A16)
  const operators = new Map<string, CardOperator>();
  for (const [number, operatorCode, section, since, until] of OPERATORS) {
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
  for (const [cardNumber, steps] of CARDS) {
    const [kind, days, code] = steps[steps.length - 1];
    const state = STATE_AFTER[kind];
    const inHand = state === CardState.IN_STOCK || state === CardState.RETURNED || state === CardState.REVOKED;
    const { identifiers } = await em.getRepository(OperatorCard).insert({
      cardNumber,
      state,
      holderId: state === CardState.ISSUED ? operators.get(code!)!.id : null,
      storagePlace: inHand ? SAFE : null,
      storageLocked: inHand,
      updatedAt: ago(days),
    });
    const cardId = identifiers[0].id as string;
    cards.set(cardNumber, cardId);
    for (const [k, d, op, note] of steps) {
      const stored = k === CardEventKind.RECEIVED || k === CardEventKind.RETURNED || k === CardEventKind.REVOKED;
      await em.getRepository(CardEvent).insert({
        cardId,
        kind: k,
        at: ago(d, 6 - steps.findIndex((s) => s[0] === k)),
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
  await request(CardRequestKind.PIN_SET, CardRequestStatus.REQUESTED, 'OP-0401-003', 1, {
    reason: '新たに操作者となったため',
  });
  await request(CardRequestKind.CARD_ISSUE, CardRequestStatus.ACCEPTED, 'OP-0401-003', 2, {
    reason: '新たに操作者となったため',
  });
  await request(CardRequestKind.PIN_CANCEL, CardRequestStatus.DONE, 'OP-0402-002', 25, {
    reason: '異動のため',
    cardId: cards.get('C-0004')!,
    doneAt: ago(21),
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
