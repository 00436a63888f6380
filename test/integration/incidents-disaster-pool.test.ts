// A29.2, A30.2 in a disaster many phones report damage on one incident at once. Each report locks the
// incident and then reads who to reach: those reads must go through the report's own transaction. A
// read that asked the pool for a second connection while holding the lock would wait for a
// connection that the reports queued behind the lock hold, and every report would stall until the
// statement timeout (here set far beyond the test's own limit, so a stall fails the test instead of
// being retried away). The pool is smaller than the number of phones.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { useIncidentFixture } from '../helpers/incidents.js';
import { DEMO } from '../helpers/people.js';

const f = useIncidentFixture(new Date('2026-11-26T01:00:00Z'), {
  env: { DB_POOL_SIZE: '3', DB_STATEMENT_TIMEOUT_MS: '600000', IDENTITY_CACHE_SECONDS: '60' },
});
const REPORT_DAMAGE = `mutation($i: ReportIncidentDamageInput!) { reportIncidentDamage(input: $i) { id } }`;

describe('A30.2 damage reports from many phones at once', () => {
  it('A30.2 eight reports on one incident with a pool of three connections are all stored, none stalls', async () => {
    const opened = await f.report(DEMO.itStaff, { type: 'FIRE', summary: '電算室で発煙' });
    expect(opened.errors).toBeUndefined();
    const incidentId = opened.data!.reportIncident.id as string;
    const phones = [DEMO.operationsManager, DEMO.itStaff, DEMO.manager];
    for (const who of phones) await f.as(who); // signed in before the rush
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        f.gql(phones[i % phones.length], REPORT_DAMAGE, {
          i: { clientId: randomUUID(), incidentId, location: `窓口 ${i + 1}`, severity: 'MINOR', damaged: '棚の転倒' },
        }),
      ),
    );
    expect(results.map((r) => r.errors?.[0]?.extensions?.code ?? null)).toEqual(Array(8).fill(null));
    const [{ n }] = await f.t.db.dataSource.query(
      `SELECT count(*)::int AS n FROM incident_damage_report WHERE "incidentId" = $1`,
      [incidentId],
    );
    expect(n).toBe(8);
  }, 90_000);
});
