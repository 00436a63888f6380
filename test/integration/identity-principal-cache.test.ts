// Hardening §7: who a session or token belongs to, and their authorities, are kept in memory so a
// signed-in request needs no SQL — and a revoked session, a revoked token or a removed role is
// refused on the very next request, whether the change was made through this server or by
// another process writing to the database.
import pg from 'pg';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  IDENTITY_TABLES,
  NOT_AN_IDENTITY_CHANGE,
  PrincipalCache,
} from '../../server/src/modules/identity/principal-cache.js';
import { DEMO_PASSWORD, startTestApp, type TestApp } from '../helpers/app.js';
import { gql, gqlBearer, signIn } from '../helpers/graphql.js';
import { DEMO } from '../helpers/people.js';

let t: TestApp;
const ME = `{ me { staff { id staffNumber } authorities } }`;
const me = (cookie: string) => gql(t.app.http, ME, {}, cookie);
const signedIn = async (cookie: string) => (await me(cookie)).data?.me != null;

beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

describe('Hardening §7: the principal cache', () => {
  it('a signed-in `me { staff { id } }` runs no SQL statement once its caller is known', async () => {
    const cookie = await signIn(t.app.http, DEMO.auditor.staffNumber, DEMO_PASSWORD);
    expect((await me(cookie)).data!.me.staff.staffNumber).toBe(DEMO.auditor.staffNumber);
    const before = t.db.logger.statements;
    const again = await me(cookie);
    expect(again.data!.me.staff.staffNumber).toBe(DEMO.auditor.staffNumber);
    expect(t.db.logger.statements - before).toBe(0);
  });

  it('sign out everywhere ends the other browser’s session on its next request', async () => {
    const phone = await signIn(t.app.http, DEMO.operator.staffNumber, DEMO_PASSWORD);
    const desk = await signIn(t.app.http, DEMO.operator.staffNumber, DEMO_PASSWORD);
    expect(await signedIn(phone)).toBe(true);
    expect(await signedIn(phone)).toBe(true); // now answered from the cache
    const out = await gql(t.app.http, `mutation { signOutEverywhere }`, {}, desk);
    expect(out.errors).toBeUndefined();
    expect(await signedIn(phone)).toBe(false);
  });

  it('A3–A7: a role ended by the system administrator is gone from the holder’s next request', async () => {
    const pin = await signIn(t.app.http, DEMO.pinAdministrator.staffNumber, DEMO_PASSWORD);
    expect((await me(pin)).data!.me.authorities).toContain('PIN_ADMINISTRATOR');
    expect((await me(pin)).data!.me.authorities).toContain('PIN_ADMINISTRATOR');
    const admin = await signIn(t.app.http, DEMO.systemAdministrator.staffNumber, DEMO_PASSWORD);
    const holders = await gql(t.app.http, `{ roleHolders { role assignment { id } } }`, {}, admin);
    const id = holders.data!.roleHolders.find((h: { role: string }) => h.role === 'PIN_ADMINISTRATOR').assignment.id;
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tokyo' }).format(new Date());
    const lastDay = new Date(Date.parse(`${today}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    const ended = await gql(
      t.app.http,
      `mutation($i: EndRoleAssignmentInput!) { endRoleAssignment(input: $i) { id } }`,
      { i: { id, lastDay } },
      admin,
    );
    expect(ended.errors).toBeUndefined();
    expect((await me(pin)).data!.me.authorities).not.toContain('PIN_ADMINISTRATOR');
  });

  it('§4: a revoked API token is refused on its next request', async () => {
    const cookie = await signIn(t.app.http, DEMO.auditor.staffNumber, DEMO_PASSWORD);
    const made = await gql(
      t.app.http,
      `mutation($input: CreateApiTokenInput!) { createApiToken(input: $input) { token apiToken { id } } }`,
      { input: { name: 'キャッシュ', scopes: ['READ'], expiresInDays: 5, currentPassword: DEMO_PASSWORD } },
      cookie,
    );
    const { token, apiToken } = made.data!.createApiToken;
    const read = () => gqlBearer(t.app.http, token, `{ roleHolders { role } }`);
    expect((await read()).errors).toBeUndefined();
    expect((await read()).errors).toBeUndefined();
    const revoked = await gql(
      t.app.http,
      `mutation($i: RevokeApiTokenInput!) { revokeApiToken(input: $i) { id } }`,
      { i: { id: apiToken.id } },
      cookie,
    );
    expect(revoked.errors).toBeUndefined();
    expect((await read()).errors?.[0].extensions?.code).toBeDefined();
  });

  it('every table the cache watches tells other processes of its changes (the NOTIFY trigger)', async () => {
    const rows: { table: string }[] = await t.db.dataSource.query(
      `SELECT DISTINCT c.relname AS table FROM pg_trigger g JOIN pg_class c ON c.oid = g.tgrelid
       WHERE g.tgname = 'identity_changed'`,
    );
    expect(rows.map((r) => r.table).sort()).toEqual([...IDENTITY_TABLES].sort());
  });

  it('a session revoked by another process (psql, a second server) is refused as soon as PostgreSQL tells', async () => {
    const cookie = await signIn(t.app.http, DEMO.manager.staffNumber, DEMO_PASSWORD);
    expect(await signedIn(cookie)).toBe(true);
    expect(await signedIn(cookie)).toBe(true);
    // a connection of its own: another client of the database, unseen by the app's subscriber
    const other = new pg.Client({ connectionString: t.db.url });
    await other.connect();
    try {
      await other.query(
        `UPDATE staff_session SET "revokedAt" = now() WHERE "staffId" = (SELECT id FROM staff WHERE "staffNumber" = $1)`,
        [DEMO.manager.staffNumber],
      );
    } finally {
      await other.end();
    }
    await expect.poll(() => signedIn(cookie)).toBe(false);
  });
});

describe('Hardening §7: the principal cache, in this process (without waiting for PostgreSQL)', () => {
  /** a cache that does not wait for its listener: what the app's subscriber alone guarantees */
  class Deaf extends PrincipalCache {
    override get enabled(): boolean {
      return true;
    }
  }

  it('a write to an identity table drops every entry at once; a look-up that raced a write is not kept', async () => {
    const ds = t.db.dataSource;
    const cache = new Deaf(ds, { maxAgeMs: 60_000, maxEntries: 10, log: pino({ level: 'silent' }) });
    try {
      await cache.get('session:a', 0, async () => ({ v: 1 }));
      expect(cache.size).toBe(1);
      await ds.query(`UPDATE room SET name = name WHERE false`); // decides nobody's identity
      expect(cache.size).toBe(1);
      await ds.transaction(async (em) => {
        await em.query(`UPDATE staff_session SET "revokedAt" = now() WHERE false`);
        expect(cache.size).toBe(0);
        // until that transaction ends, nothing read from the database is kept
        await cache.get('session:a', 0, async () => ({ v: 2 }));
        expect(cache.size).toBe(0);
      });
      let answer!: (v: { v: number }) => void;
      const slow = cache.get('session:a', 0, () => new Promise<{ v: number }>((r) => (answer = r)));
      await ds.query(`DELETE FROM app_role_grant WHERE false`);
      answer({ v: 3 });
      await slow;
      expect(cache.size).toBe(0);
      await cache.get('session:a', 0, async () => ({ v: 4 }));
      expect(cache.size).toBe(1);
      // the idle clock's refresh is not a change of identity
      await ds.query(`${NOT_AN_IDENTITY_CHANGE} UPDATE staff_session SET "lastSeenAt" = now() WHERE false`);
      expect(cache.size).toBe(1);
    } finally {
      await cache.stop();
    }
  });
});
