// Hardening §7: the door's look-up and write are prepared statements, and run on their connection's
// generic plan (pipelinedTransaction sends SET LOCAL plan_cache_mode with BEGIN). Left to itself,
// PostgreSQL planned the look-up anew on every request: its generic estimate, made for arrays of
// unknown length, never beat a plan made for one event, and planning took about half of the look-up's
// time in the database (bench/door-single.profile.ts PLANS=2000: 0.99 ms a round trip vs 0.43 ms).
import type pg from 'pg';
import { describe, expect, it } from 'vitest';
import { useRegisterFixture } from '../helpers/door-tablet.js';
import { DEMO } from '../helpers/people.js';
import { aroundPgQueries } from '../helpers/pg-spy.js';

const { f, pairTablet } = useRegisterFixture(new Date('2026-11-28T01:00:00Z'));

describe('Hardening §7 the door’s statements on generic plans', () => {
  it("Hardening §7: the look-up and the write run on their connection's generic plan, never planned again per request, and the generic plan stays within the transaction", async () => {
    const who = f.idOf(DEMO.itStaff);
    const tablet = await pairTablet(['R01']);
    await f.t.app.services.principals.caughtUp();
    // the connection the door's statements went to (requests one after another: pg-pool hands out the
    // connection last given back)
    const used = new Set<pg.Client>();
    await aroundPgQueries(
      (client, args, query) => {
        const q = args[0] as { name?: string };
        if (typeof q === 'object' && q?.name?.startsWith('access_')) used.add(client as pg.Client);
        return query(args);
      },
      async () => {
        // more than the 5 custom plans after which PostgreSQL may choose the generic one by itself
        for (let i = 0; i < 8; i++) await tablet.send([tablet.event({ staffId: who, pin: null })]);
      },
    );
    expect(used.size).toBe(1);
    const [client] = used;
    // the connection is idle in the pool between requests: asked directly, as nothing else runs
    const { rows } = await client.query<{ name: string; generic_plans: string; custom_plans: string }>(
      `SELECT name, generic_plans, custom_plans, current_setting('plan_cache_mode') AS mode
         FROM pg_prepared_statements WHERE name ~ '^access_(lookup|write)_' ORDER BY name`,
    );
    expect(rows.map((r) => r.name.replace(/_[0-9a-f]+$/, ''))).toEqual(['access_lookup', 'access_write']);
    for (const r of rows) {
      expect(Number(r.custom_plans)).toBe(0);
      expect(Number(r.generic_plans)).toBeGreaterThanOrEqual(8);
      // SET LOCAL: the rest of the app's statements on this connection are planned as PostgreSQL chooses
      expect(r).toMatchObject({ mode: 'auto' });
    }
  });
});
