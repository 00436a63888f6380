// Hardening §7 and schema changes: the door's look-up and write are named prepared statements that
// live on each pooled connection (access-event.writes.ts, queryNamed). PostgreSQL refuses a cached
// statement whose result columns would change after a schema change (SQLSTATE 0A000 "cached plan must
// not change result type") until the connection is renewed; it replans one whose result does not
// change. The door's statements answer fixed columns (arrays and json built in the statement, never a
// table's row), so a table altered while the pool holds them — as a migration would — does not stop
// the door. Pool of one connection: the statements prepared before the change are the ones used after.
// And migrations run only at start-up, before the server listens (pinned below by the callers).
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useRegisterFixture } from '../helpers/door-tablet.js';
import { preparedNamesSentBy } from '../helpers/pg-spy.js';
import { DEMO } from '../helpers/people.js';

const { f, pairTablet, storedCount } = useRegisterFixture(new Date('2026-11-28T01:00:00Z'), {
  env: { DB_POOL_SIZE: '1' },
});

describe('Hardening §7 the door’s prepared statements across a schema change', () => {
  it('Hardening §7: access_event altered under a live pool (a column added, one retyped): the next event is stored by the same prepared statements', async () => {
    const who = f.idOf(DEMO.itStaff);
    const tablet = await pairTablet(['R01']);
    await f.t.app.services.principals.caughtUp();
    const before = await preparedNamesSentBy(() => tablet.send([tablet.event({ staffId: who, pin: null })]));
    expect(before.map((n) => n.replace(/_[0-9a-f]+$/, ''))).toEqual(['access_lookup', 'access_write']);

    const su = await f.t.db.superuser();
    try {
      // the control: a statement answering the table's row is refused after the change, on its connection
      await su.query(`PREPARE whole_row AS SELECT * FROM access_event LIMIT 1`);
      await su.query(`EXECUTE whole_row`);
      await su.query(`ALTER TABLE access_event ADD COLUMN review_probe text`);
      await su.query(`ALTER TABLE access_event ALTER COLUMN purpose TYPE varchar(500)`);
      await expect(su.query(`EXECUTE whole_row`)).rejects.toMatchObject({ code: '0A000' });
    } finally {
      await su.end();
    }

    const sent = tablet.event({ staffId: who, pin: null });
    const after = await preparedNamesSentBy(() => tablet.send([sent]));
    expect(after).toEqual(before);
    expect(await storedCount([sent.clientEventId as string])).toBe(1);
  });

  it('Hardening §7: migrations run at start-up only, before the server listens: nothing else in the server runs them', async () => {
    const root = path.resolve('server/src');
    const files = (await readdir(root, { recursive: true }))
      .filter((f) => /\.ts$/.test(f) && !/\.spec\.ts$/.test(f))
      .map((f) => f.split(path.sep).join('/'));
    const callers: string[] = [];
    for (const f of files) if ((await readFile(path.join(root, f), 'utf8')).includes('runMigrations(')) callers.push(f);
    // the server's start (openDatabase, with graphile-worker's own schema from jobs/job-queue.ts), and
    // the restore command, which builds an empty database before any server uses it
    expect(callers.sort()).toEqual(['db/database.ts', 'jobs/job-queue.ts', 'modules/backup/backup-restore.ts']);
    const main = await readFile(path.join(root, 'main.ts'), 'utf8');
    expect(main.indexOf('await openDatabase(')).toBeGreaterThan(0);
    expect(main.indexOf('await openDatabase(')).toBeLessThan(main.indexOf('.listen('));
  });
});
