import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoCardsOnce } from '../../server/src/db/seed/demo-cards.js';
import { seedDemoOnce } from '../../server/src/db/seed/demo-seed.js';
import { DEMO_TRANSFER_ROUND, seedDemoTransfersOnce } from '../../server/src/db/seed/demo-transfers.js';
import { DEMO_PASSWORD, startTestApp, type TestApp } from '../helpers/app.js';
import { TRANSFER_MOVES, TRANSFER_ROUND } from '../helpers/card-transfers.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { gql, signIn } from '../helpers/graphql.js';
import { DEMO } from '../helpers/people.js';

let db: TestDatabase;
const creds = { hmacKey: Buffer.alloc(32, 7), password: 'seed-test-password' };
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.drop());

const counts = async () =>
  (
    await db.dataSource.query(
      `SELECT (SELECT count(*) FROM department)::int AS d, (SELECT count(*) FROM section)::int AS s,
              (SELECT count(*) FROM staff)::int AS st, (SELECT count(*) FROM role_assignment)::int AS r`,
    )
  )[0];

describe('demo seed', () => {
  it('seeds the fictional office once, even when two starts race, and never again', async () => {
    const results = await Promise.all([seedDemoOnce(db.dataSource, creds), seedDemoOnce(db.dataSource, creds)]);
    expect(results.filter(Boolean)).toHaveLength(1);
    const first = await counts();
    expect(first.st).toBeGreaterThanOrEqual(28);
    expect(first.st).toBeLessThanOrEqual(35);
    expect(await seedDemoOnce(db.dataSource, creds)).toBe(false);
    expect(await counts()).toEqual(first);
  });

  it('gives every staff member a name in kanji and kana and a staff number', async () => {
    const rows = await db.dataSource.query(`SELECT * FROM staff`);
    for (const r of rows) {
      expect(r.staffNumber).toMatch(/^\d{6}$/);
      expect(`${r.familyNameKana}${r.givenNameKana}`).toMatch(/^[\u3041-\u309f]+$/);
      expect(r.familyName.length).toBeGreaterThan(0);
    }
  });

  it('issue 15: seeds operators with cards in several states, requests and resident-card stock, once', async () => {
    const cardCounts = async () =>
      (
        await db.dataSource.query(
          `SELECT (SELECT count(*) FROM card_operator)::int AS operators,
                  (SELECT count(*) FROM operator_card_event)::int AS events,
                  (SELECT count(*) FROM card_request)::int AS requests,
                  (SELECT count(*) FROM resident_card_movement)::int AS movements,
                  (SELECT count(*) FROM resident_card_count)::int AS counts,
                  (SELECT array_agg(DISTINCT state::text ORDER BY state::text) FROM operator_card) AS states,
                  (SELECT array_agg(DISTINCT status::text ORDER BY status::text) FROM card_request) AS statuses,
                  (SELECT coalesce(sum(CASE kind WHEN 'RECEIVED' THEN count ELSE -count END), 0)::int
                     FROM resident_card_movement) AS "onHand",
                  (SELECT counted FROM resident_card_count) AS counted`,
        )
      )[0];
    const results = await Promise.all([seedDemoCardsOnce(db.dataSource), seedDemoCardsOnce(db.dataSource)]);
    expect(results.filter(Boolean)).toHaveLength(1);
    const first = await cardCounts();
    expect(first.operators).toBeGreaterThanOrEqual(5);
    expect(first.states).toEqual(['DESTROYED', 'IN_STOCK', 'ISSUED', 'RETURNED', 'REVOKED']);
    expect(first.statuses).toEqual(['ACCEPTED', 'DONE', 'REFUSED', 'REQUESTED']);
    expect(first.movements).toBeGreaterThanOrEqual(4);
    expect(first.counts).toBe(1);
    // the count agrees with the ledger: the demo shows no stock difference it did not mean to
    expect(first.counted).toBe(first.onHand);
    expect(await seedDemoCardsOnce(db.dataSource)).toBe(false);
    expect(await cardCounts()).toEqual(first);
  });

  it('issue 15: seeds no cards where the demo office was not seeded', async () => {
    const empty = await createTestDatabase();
    try {
      expect(await seedDemoCardsOnce(empty.dataSource)).toBe(false);
      expect((await empty.dataSource.query(`SELECT count(*)::int AS n FROM card_operator`))[0].n).toBe(0);
    } finally {
      await empty.drop();
    }
  });
});

describe('issue 15 §3 demo transfer round', () => {
  let t: TestApp;
  let pin: string;
  beforeAll(async () => {
    t = await startTestApp();
    pin = await signIn(t.app.http, DEMO.pinAdministrator.staffNumber, DEMO_PASSWORD);
  });
  afterAll(() => t.close());
  const counts = (rows: { state: string; count: number }[]) => Object.fromEntries(rows.map((r) => [r.state, r.count]));
  const roundState = async () => {
    const rounds = (await gql(t.app.http, `{ cardTransferRounds { id name } }`, {}, pin)).data!.cardTransferRounds;
    expect(rounds.map((r: any) => r.name)).toEqual([DEMO_TRANSFER_ROUND]);
    const summary = (await gql(t.app.http, TRANSFER_ROUND, { id: rounds[0].id }, pin)).data!.cardTransferRound;
    const moves = (await gql(t.app.http, TRANSFER_MOVES, { f: { roundId: rounds[0].id }, first: 100 }, pin)).data!
      .cardTransferMoves.nodes;
    return { summary, moves };
  };

  it('A16.1 A16.2 seeds a round through the app’s services once: moves made, requests open and done, one move waiting; audited', async () => {
    expect(await seedDemoTransfersOnce(t.app.services)).toBe(false); // no demo cards yet: nothing
    expect(await seedDemoCardsOnce(t.db.dataSource)).toBe(true);
    expect(await seedDemoTransfersOnce(t.app.services)).toBe(true);
    const { summary, moves } = await roundState();
    expect(summary.moves).toBe(5);
    expect(counts(summary.movesByState)).toEqual({ OPENED: 4, SCHEDULED: 1 });
    // 400104: collect + PIN change done; 400302: collect accepted, PIN change asked; the new operator: card + PIN asked
    expect(counts(summary.tasksByStatus)).toEqual({ DONE: 2, ACCEPTED: 1, REQUESTED: 3 });
    expect(summary.openTasks).toBe(4);
    const tasksOf = (n: string) =>
      moves
        .find((m: any) => m.staffNumber === n)
        .tasks.map((x: any) => `${x.kind}:${x.status}`)
        .sort();
    expect(tasksOf('400104')).toEqual(['CARD_COLLECT:DONE', 'PIN_CHANGE:DONE']);
    expect(tasksOf('400302')).toEqual(['CARD_COLLECT:ACCEPTED', 'PIN_CHANGE:REQUESTED']);
    expect(tasksOf('300103')).toEqual(['CARD_ISSUE:REQUESTED', 'PIN_SET:REQUESTED']);
    expect(tasksOf('200203')).toEqual([]);
    expect(moves.find((m: any) => m.staffNumber === '400202').state).toBe('SCHEDULED');
    // the people moved, the collected card is back in the safe, and the PIN administrator's steps are audited
    const [moved] = await t.db.dataSource.query(
      `SELECT sec.code FROM staff s JOIN section sec ON sec.id = s."sectionId" WHERE s."staffNumber" = '400104'`,
    );
    expect(moved.code).toBe('S0402');
    const [card] = await t.db.dataSource.query(
      `SELECT c.state FROM operator_card c JOIN card_request r ON r."cardId" = c.id
        JOIN card_operator o ON o.id = r."operatorId" JOIN staff s ON s.id = o."staffId"
       WHERE s."staffNumber" = '400104' AND r.kind = 'CARD_COLLECT'`,
    );
    expect(card.state).toBe('RETURNED');
    const audited = await t.db.dataSource.query(
      `SELECT action, count(*)::int AS n FROM audit_entry a JOIN staff s ON s.id::text = a."actorId"
        WHERE s."staffNumber" = $1 AND a.outcome = 'OK' GROUP BY action ORDER BY action`,
      [DEMO.pinAdministrator.staffNumber],
    );
    expect(audited).toEqual(
      expect.arrayContaining([
        { action: 'Mutation.importCardTransfers', n: 1 },
        { action: 'Mutation.acceptCardRequest', n: 3 },
        { action: 'Mutation.completeCardRequest', n: 2 },
        { action: 'Mutation.returnOperatorCard', n: 1 },
      ]),
    );
    // a second start seeds nothing twice
    expect(await seedDemoTransfersOnce(t.app.services)).toBe(false);
    expect(await roundState()).toEqual({ summary, moves });
  });
});
