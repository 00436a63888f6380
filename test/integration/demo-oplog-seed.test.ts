// Issue 16 §4: the demo's operation-history months — three ended months of a few thousand records,
// each saved query of the reviews with something to find, the oldest month's review signed off —
// seeded once (a second run adds nothing), so /oplog, the reviews and retention do not open empty.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoCardsOnce } from '../../server/src/db/seed/demo-cards.js';
import { demoCardReturn } from '../../server/src/db/seed/demo-operators.js';
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
    expect(byQuery.UNUSUAL_VOLUME).toContain('OP-0403-001');
    expect(byQuery.ALL_DAY).toEqual(['OP-0402-003']);
    const reviews = (await gql(t.app.http, REVIEWS, {}, cookie)).data!.oplogReviews;
    expect(reviews).toContainEqual({ month: months[0], state: 'SIGNED_OFF' });
  });

  it('issue 15 A16 A20.1: the history’s operators are the demo’s operators, holding cards through the three months, so 有効なカードのない操作 lists only the records made to trigger it', async () => {
    // the card register of the demo (as npm start seeds it after the history)
    expect(await seedDemoCardsOnce(t.db.dataSource, now)).toBe(true);
    const operators = (await t.db.dataSource.query(
      `SELECT DISTINCT r."operatorId" AS code FROM operation_record r ORDER BY 1`,
    )) as { code: string }[];
    const registered = (await t.db.dataSource.query(
      `SELECT "operatorCode" AS code FROM card_operator WHERE "operatorCode" = ANY($1)`,
      [operators.map((o) => o.code)],
    )) as { code: string }[];
    expect(registered).toHaveLength(operators.length);
    // each month on its own (a query reads at most 62 days)
    const NO_CARD = `query($from: LocalDate!, $until: LocalDate!) {
      oplogFlaggedRecords(query: NO_VALID_CARD, from: $from, until: $until, first: 50) {
        nodes { operatorId at operationType } hasNextPage } }`;
    const nodes: { operatorId: string; at: string; operationType: string }[] = [];
    for (const month of months) {
      const [y, m] = month.split('-').map(Number);
      const until = `${month}-${String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, '0')}`;
      const r = await gql(t.app.http, NO_CARD, { from: `${month}-01`, until }, cookie);
      expect(r.errors).toBeUndefined();
      expect(r.data!.oplogFlaggedRecords.hasNextPage).toBe(false);
      nodes.push(...r.data!.oplogFlaggedRecords.nodes);
    }
    const flagged = { nodes };
    // the operator whose card was collected after work on the 10th working day, the next morning
    const { after } = demoCardReturn(months[2]);
    expect(flagged.nodes.map((n: any) => n.operationType)).toEqual(['SIGN_IN', 'INQUIRY', 'INQUIRY', 'SIGN_OUT']);
    for (const n of flagged.nodes) {
      expect(n.operatorId).toBe('OP-0402-002');
      expect(new Date(new Date(n.at).getTime() + 9 * 3_600_000).toISOString().slice(0, 10)).toBe(after);
    }
  });
});
