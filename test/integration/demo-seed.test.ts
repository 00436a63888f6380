import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoCardsOnce } from '../../server/src/db/seed/demo-cards.js';
import { seedDemoOnce } from '../../server/src/db/seed/demo-seed.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';

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
