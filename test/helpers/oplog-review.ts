// The browser tests' start for an investigation opened from a review (A20.1 → A21): a clerk with an
// operator code, last month's operation records of that operator inserted directly, and the
// manager's review of last month with one record marked as a finding through the API.
import type { Page } from 'playwright-core';
import { DEMO } from './people.js';
import type { WebApp } from './web-app.js';

/** Last month in Tokyo, 'YYYY-MM'. */
export function lastMonth(): string {
  const tokyo = new Date(Date.now() + 9 * 3_600_000);
  const y = tokyo.getUTCFullYear();
  const m = tokyo.getUTCMonth();
  return m === 0 ? `${y - 1}-12` : `${y}-${String(m).padStart(2, '0')}`;
}

/** A GraphQL call to the server process; throws on errors, returns the session cookie it set. */
export async function webGql(
  web: WebApp,
  query: string,
  variables: Record<string, unknown>,
  cookie?: string,
): Promise<{ data: any; cookie?: string }> {
  const res = await fetch(`${web.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: any; errors?: unknown };
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return { data: body.data, cookie: res.headers.get('set-cookie')?.split(';')[0] };
}

/** The page's full width in CSS pixels, to check that nothing is wider than the screen. */
export const pageWidth = (page: Page): Promise<number> => page.evaluate(() => document.documentElement.scrollWidth);

/**
 * The citizen section's clerk becomes operator `operatorCode`; `records` (time, line) of source
 * `sourceId` are stored in `month`'s partition; the manager (signed in with `password`) opens the
 * review of `month` and marks the record of line `findingLine` as a FINDING with `note`. Returns the
 * review's id.
 */
export async function reviewWithFinding(
  web: WebApp,
  opts: {
    password: string;
    operatorCode: string;
    sourceId: string;
    records: [Date, number][];
    findingLine: number;
    note: string;
    month: string;
  },
): Promise<string> {
  const { month } = opts;
  const db = web.db.dataSource;
  const [clerk] = await db.query(`SELECT id, "sectionId" FROM staff WHERE "staffNumber" = $1`, [
    DEMO.citizenSectionClerk.staffNumber,
  ]);
  await db.query(
    `INSERT INTO card_operator ("staffId", "operatorCode", "sectionId", since) VALUES ($1, $2, $3, '2000-01-01')`,
    [clerk.id, opts.operatorCode, clerk.sectionId],
  );
  await db.query(`SELECT oplog_ensure_partition($1::date)`, [`${month}-01`]);
  for (const [at, line] of opts.records)
    await db.query(
      `INSERT INTO operation_record ("at", "sourceId", line, "terminalCode", "operatorId", "operationType", result)
       VALUES ($1, $2, $3, 'T-001', $4, 'INQUIRY', 'SUCCESS')`,
      [at, opts.sourceId, line, opts.operatorCode],
    );
  const manager = (
    await webGql(
      web,
      `mutation($s: String!, $p: String!) { signIn(input: { staffNumber: $s, password: $p }) { staff { id } } }`,
      { s: DEMO.manager.staffNumber, p: opts.password },
    )
  ).cookie!;
  const reviewId = (
    await webGql(web, `mutation($m: String!) { createOplogReview(month: $m) { id } }`, { m: month }, manager)
  ).data.createOplogReview.id as string;
  const [at, line] = opts.records.find(([, l]) => l === opts.findingLine)!;
  await webGql(
    web,
    `mutation($i: MarkOperationRecordInput!) { markOperationRecord(input: $i) { line } }`,
    { i: { at, sourceId: opts.sourceId, line, verdict: 'FINDING', note: opts.note } },
    manager,
  );
  return reviewId;
}
