import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
});
