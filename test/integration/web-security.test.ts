// Issue 12 §1: the headers a browser expects on every response, HTTPS served by the server itself
// (HSTS and a __Host- Secure cookie only there), and demo accounts that sign in from loopback only.
import { request as httpsRequest } from 'node:https';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordDemoAccounts } from '../../server/src/db/seed/demo-seed.js';
import { createLocalCa, type LocalCaResult } from '../../server/src/tls/local-ca.js';
import { DEMO_PASSWORD, startTestApp, useTestApp, type TestApp } from '../helpers/app.js';
import { auditEntriesOf, staffIdOf } from '../helpers/factories.js';
import { errorCode } from '../helpers/graphql.js';
import { DEMO } from '../helpers/people.js';

const SIGN_IN = `mutation($input: SignInInput!) { signIn(input: $input) { staff { staffNumber } } }`;
const signInFrom = (t: TestApp, remoteAddress: string, staffNumber: string, password = DEMO_PASSWORD) =>
  t.app.http.inject({
    method: 'POST',
    url: '/graphql',
    remoteAddress,
    headers: { 'content-type': 'application/json' },
    payload: { query: SIGN_IN, variables: { input: { staffNumber, password } } },
  });

describe('Deploy §1 security headers on every response (plain HTTP)', () => {
  const app = useTestApp();

  it.each([
    ['GET', '/healthz'],
    ['POST', '/graphql'],
    ['GET', '/no-such-thing'],
  ])('%s %s carries the CSP, nosniff, no-referrer and no framing, and no HSTS over http', async (method, url) => {
    const res = await app.t.app.http.inject({
      method: method as 'GET' | 'POST',
      url,
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      ...(method === 'POST' ? { payload: { query: '{ __typename }' } } : {}),
    });
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['x-frame-options']).toBe('DENY');
    // the rest of helmet's set, computed once at start (shared/web-security.ts), on every response
    expect(res.headers).toMatchObject({
      'cross-origin-opener-policy': 'same-origin',
      'cross-origin-resource-policy': 'same-origin',
      'origin-agent-cluster': '?1',
      'x-dns-prefetch-control': 'off',
      'x-download-options': 'noopen',
      'x-permitted-cross-domain-policies': 'none',
      'x-xss-protection': '0',
    });
    expect(res.headers['cross-origin-embedder-policy']).toBeUndefined();
    expect(res.headers['strict-transport-security']).toBeUndefined();
  });

  it('keeps the plain cookie name and no Secure attribute over plain HTTP (a newcomer on localhost)', async () => {
    const res = await signInFrom(app.t, '127.0.0.1', DEMO.manager.staffNumber);
    expect(String(res.headers['set-cookie'])).toMatch(/^jukinet_session=/);
    expect(String(res.headers['set-cookie'])).not.toMatch(/Secure/);
  });
});

describe('Deploy §1 HTTPS served by the server itself (TLS_CERT_FILE / TLS_KEY_FILE)', () => {
  let t: TestApp;
  let ca: LocalCaResult;
  let origin: string;

  beforeAll(async () => {
    ca = await createLocalCa({
      hosts: ['localhost'],
      ips: ['127.0.0.1'],
      outDir: await mkdtemp(path.join(tmpdir(), 'https-it-')),
    });
    t = await startTestApp({ env: { TLS_CERT_FILE: ca.serverCertFile, TLS_KEY_FILE: ca.serverKeyFile } });
    await t.app.http.listen({ host: '127.0.0.1', port: 0 });
    origin = `https://localhost:${(t.app.http.server.address() as AddressInfo).port}`;
  });
  afterAll(() => t?.close());

  /** An HTTPS request that trusts only our local CA (the certificate must verify for "localhost"). */
  const fetchTls = (url: string, body?: object) =>
    new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; text: string }>(
      (resolve, reject) => {
        const req = httpsRequest(
          url,
          {
            method: body ? 'POST' : 'GET',
            ca: readFileSync(ca.caCertFile),
            headers: body ? { 'content-type': 'application/json' } : {},
          },
          (res) => {
            let text = '';
            res.on('data', (d) => (text += d));
            res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, text }));
          },
        );
        req.on('error', reject);
        req.end(body ? JSON.stringify(body) : undefined);
      },
    );

  it('answers over TLS with a certificate of the local CA, with HSTS', async () => {
    const res = await fetchTls(`${origin}/healthz`);
    expect(res.status).toBe(200);
    expect(res.headers['strict-transport-security']).toBe('max-age=15552000');
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
  });

  it('sets the session cookie as __Host-jukinet_session: Secure, Path=/, no Domain, and reads it back', async () => {
    const res = await fetchTls(`${origin}/graphql`, {
      query: SIGN_IN,
      variables: { input: { staffNumber: DEMO.manager.staffNumber, password: DEMO_PASSWORD } },
    });
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/^__Host-jukinet_session=[\w-]{40,};/);
    expect(cookie).toMatch(/; Secure/);
    expect(cookie).toMatch(/; Path=\//);
    expect(cookie).not.toMatch(/Domain=/i);
    const me = await t.app.http.inject({
      method: 'POST',
      url: '/graphql',
      headers: { 'content-type': 'application/json', cookie: cookie.split(';')[0] },
      payload: { query: '{ me { staff { staffNumber } } }' },
    });
    expect(me.json().data.me.staff.staffNumber).toBe(DEMO.manager.staffNumber);
  });
});

describe('Deploy §1 demo accounts sign in only from loopback unless DEMO_SIGN_IN_FROM allows more', () => {
  const app = useTestApp({ env: { DEMO_SIGN_IN_FROM: 'loopback' } });

  it('refuses a demo account from a LAN address with DEMO_ACCOUNT_LOCAL_ONLY, and audits the refusal', async () => {
    const res = await signInFrom(app.t, '192.168.1.20', DEMO.manager.staffNumber);
    expect(errorCode(res.json())).toBe('DEMO_ACCOUNT_LOCAL_ONLY');
    expect(res.headers['set-cookie']).toBeUndefined();
    const refused = (await auditEntriesOf(app.t.db.dataSource, 'Mutation.signIn')).at(-1);
    expect(refused).toMatchObject({ outcome: 'REFUSED', reason: 'DEMO_ACCOUNT_LOCAL_ONLY' });
  });

  it('lets the same account in from loopback (IPv4 and IPv6)', async () => {
    for (const address of ['127.0.0.1', '::1']) {
      const res = await signInFrom(app.t, address, DEMO.manager.staffNumber);
      expect([address, errorCode(res.json())]).toEqual([address, undefined]);
    }
  });

  it('lets an account that is not the demo seed’s sign in from the LAN', async () => {
    const id = await staffIdOf(app.t.db.dataSource, DEMO.operationsManager);
    await app.t.db.dataSource.query(
      `UPDATE app_meta SET value = jsonb_set(value, '{staffIds}', (value -> 'staffIds') - $1::text) WHERE key = 'demo_seed'`,
      [id],
    );
    const res = await signInFrom(app.t, '192.168.1.20', DEMO.operationsManager.staffNumber);
    expect(errorCode(res.json())).toBeUndefined();
  });

  it('lists the accounts of a demo seeded before the list existed (recordDemoAccounts at start)', async () => {
    const ds = app.t.db.dataSource;
    await ds.query(`UPDATE app_meta SET value = value - 'staffIds' WHERE key = 'demo_seed'`);
    expect(errorCode((await signInFrom(app.t, '192.168.1.20', DEMO.chief.staffNumber)).json())).toBeUndefined();
    await recordDemoAccounts(ds);
    const [{ n }] = await ds.query(
      `SELECT jsonb_array_length(value -> 'staffIds') AS n FROM app_meta WHERE key = 'demo_seed'`,
    );
    expect(n).toBe(30);
    expect(errorCode((await signInFrom(app.t, '192.168.1.20', DEMO.chief.staffNumber)).json())).toBe(
      'DEMO_ACCOUNT_LOCAL_ONLY',
    );
  });

  it('lets demo accounts in from the ranges DEMO_SIGN_IN_FROM names', async () => {
    const t = await startTestApp({ env: { DEMO_SIGN_IN_FROM: '192.168.1.0/24' } });
    try {
      expect(errorCode((await signInFrom(t, '192.168.1.20', DEMO.manager.staffNumber)).json())).toBeUndefined();
      expect(errorCode((await signInFrom(t, '192.168.2.20', DEMO.manager.staffNumber)).json())).toBe(
        'DEMO_ACCOUNT_LOCAL_ONLY',
      );
    } finally {
      await t.close();
    }
  });
});
