// Issue 16 §4: the demo's operation-history months — three ended months of a few thousand records,
// each saved query of the reviews with something to find, the oldest month's review signed off —
// seeded once (a second run adds nothing), so /oplog, the reviews and retention do not open empty.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoOplogMonths, seedDemoOplogOnce } from '../../server/src/db/seed/demo-oplog.js';
import { loadOrCreateSecrets } from '../../server/src/shared/secrets.js';
import { DEMO_PASSWORD, startTestApp, type TestApp } from '../helpers/app.js';
import { gql, signIn } from '../helpers/graphql.js';
import { DEMO } from '../helpers/people.js';

let t: TestApp;
let cookie: string;
const now = new Date();
const months = demoOplogMonths(now);
const FLAGGED = `query($q: OplogRecordQuery!, $from: LocalDate!, $until: LocalDate!) {
  oplogFlaggedRecords(query: $q, from: $from, until: $until, first: 5) { nodes { operatorId } } }`;
const DAYS = `query($q: OplogOperatorDayQuery!, $from: LocalDate!, $until: LocalDate!) {
  oplogOperatorDays(query: $q, from: $from, until: $until, first: 5) { nodes { operatorId } } }`;
const REVIEWS = `{ oplogReviews { month state } }`;
const counts = async () =>
  (await t.db.dataSource.query(
    `SELECT to_char("at" AT TIME ZONE 'Asia/Tokyo', 'YYYY-MM') AS month, count(*)::int AS n
       FROM operation_record GROUP BY 1 ORDER BY 1`,
  )) as { month: string; n: number }[];

beforeAll(async () => {
  t = await startTestApp();
  cookie = await signIn(t.app.http, DEMO.manager.staffNumber, DEMO_PASSWORD);
});
afterAll(() => t.close());

describe('issue 16 §4 demo operation-history months', () => {
  it('seeds the three months before this one, a few thousand records, once', async () => {
    const secrets = await loadOrCreateSecrets(t.secretsDir);
    expect(await seedDemoOplogOnce(t.db.dataSource, secrets, now)).toBe(true);
    const first = await counts();
    expect(first.map((r) => r.month)).toEqual(months);
    const total = first.reduce((a, r) => a + r.n, 0);
    expect(total).toBeGreaterThan(1500);
    expect(total).toBeLessThan(10_000);
    expect(await seedDemoOplogOnce(t.db.dataSource, secrets, now)).toBe(false);
    expect(await counts()).toEqual(first);
  });

  it('gives each saved query something to find in the last month, and signs off the oldest month’s review', async () => {
    const last = months[2];
    const range = { from: `${last}-01`, until: `${last}-28` };
    for (const q of ['OUTSIDE_HOURS', 'NO_VALID_CARD', 'BEYOND_ROLE', 'EMPTY_SERVER_ROOM']) {
      const r = await gql(t.app.http, FLAGGED, { q, ...range }, cookie);
      expect(r.errors, q).toBeUndefined();
      expect(r.data!.oplogFlaggedRecords.nodes.length, q).toBeGreaterThan(0);
    }
    const byQuery: Record<string, string[]> = {};
    for (const q of ['UNUSUAL_VOLUME', 'ALL_DAY']) {
      const r = await gql(t.app.http, DAYS, { q, ...range }, cookie);
      expect(r.errors, q).toBeUndefined();
      byQuery[q] = r.data!.oplogOperatorDays.nodes.map((n: any) => n.operatorId);
    }
    expect(byQuery.UNUSUAL_VOLUME).toContain('D0105');
    expect(byQuery.ALL_DAY).toEqual(['D0107']);
    const reviews = (await gql(t.app.http, REVIEWS, {}, cookie)).data!.oplogReviews;
    expect(reviews).toContainEqual({ month: months[0], state: 'SIGNED_OFF' });
  });
});
