import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, startTestApp, type TestApp } from '../helpers/app.js';
import { DEMO } from '../helpers/people.js';

let t: TestApp;
let clock = new Date('2026-11-26T01:00:00Z');
const advance = (seconds: number) => (clock = new Date(clock.getTime() + seconds * 1000));
const PROXY = '10.9.9.9';
beforeAll(async () => {
  t = await startTestApp({
    env: { RATE_LIMIT_SIGN_IN: '3', RATE_LIMIT_PAIRING: '2', RATE_LIMIT_SIGN_IN_ACCOUNT: '4', TRUST_PROXY: PROXY },
    now: () => clock,
  });
});
afterAll(() => t.close());

async function from(
  address: string,
  query: string,
  variables: Record<string, unknown>,
  headers: Record<string, string> = {},
  app: TestApp = t,
) {
  const res = await app.app.http.inject({
    method: 'POST',
    url: '/graphql',
    remoteAddress: address,
    headers: { 'content-type': 'application/json', ...headers },
    payload: { query, variables },
  });
  return res.json() as { data?: any; errors?: { extensions?: { code?: string; retryAfterSeconds?: number } }[] };
}

const SIGN_IN = `mutation($i: SignInInput!) { signIn(input: $i) { staff { id } } }`;
const PAIR = `mutation($i: PairDeviceInput!) { pairDevice(input: $i) { credential } }`;

describe('rate limits per client address', () => {
  it('refuses sign-in attempts over the limit from one address, whatever the account, and audits it', async () => {
    for (const n of [DEMO.chief.staffNumber, DEMO.deputyChief.staffNumber, DEMO.manager.staffNumber]) {
      expect(
        (await from('10.0.0.1', SIGN_IN, { i: { staffNumber: n, password: 'wrong-password' } })).errors![0].extensions!
          .code,
      ).toBe('INVALID_CREDENTIALS');
    }
    const over = await from('10.0.0.1', SIGN_IN, {
      i: { staffNumber: DEMO.operator.staffNumber, password: DEMO_PASSWORD },
    });
    expect(over.errors![0].extensions).toMatchObject({ code: 'TOO_MANY_REQUESTS' });
    expect(over.errors![0].extensions!.retryAfterSeconds).toBeGreaterThan(0);
    const other = await from('10.0.0.2', SIGN_IN, {
      i: { staffNumber: DEMO.operator.staffNumber, password: DEMO_PASSWORD },
    });
    expect(other.errors).toBeUndefined();
    const [{ n }] = await t.db.dataSource.query(
      `SELECT count(*)::int AS n FROM audit_entry WHERE action = 'Mutation.signIn' AND reason = 'TOO_MANY_REQUESTS' AND "clientAddress" = '10.0.0.1'`,
    );
    expect(n).toBe(1);
  });

  it('refuses pairing-code guesses over the limit from one address', async () => {
    for (let i = 0; i < 2; i++) {
      expect((await from('10.0.0.3', PAIR, { i: { code: `AAAAA-AAAA${i}` } })).errors![0].extensions!.code).toBe(
        'PAIRING_CODE_INVALID',
      );
    }
    expect((await from('10.0.0.3', PAIR, { i: { code: 'AAAAA-AAAA9' } })).errors![0].extensions!.code).toBe(
      'TOO_MANY_REQUESTS',
    );
  });
});

const codeOf = (res: Awaited<ReturnType<typeof from>>) => res.errors?.[0].extensions?.code ?? 'OK';
const signInFrom = (address: string, staffNumber: string, password: string, headers?: Record<string, string>) =>
  from(address, SIGN_IN, { i: { staffNumber, password } }, headers);

describe('Hardening §4 rate limits count failures, per address (IPv6 by /64), per account and in all', () => {
  it('Hardening §4 successful sign-ins do not count: only failures use up an address', async () => {
    for (let i = 0; i < 5; i++) {
      expect(codeOf(await signInFrom('10.0.0.5', DEMO.operator.staffNumber, DEMO_PASSWORD))).toBe('OK');
    }
    for (const n of [DEMO.chief.staffNumber, DEMO.deputyChief.staffNumber, DEMO.manager.staffNumber]) {
      expect(codeOf(await signInFrom('10.0.0.5', n, 'wrong-password'))).toBe('INVALID_CREDENTIALS');
    }
    expect(codeOf(await signInFrom('10.0.0.5', DEMO.operator.staffNumber, DEMO_PASSWORD))).toBe('TOO_MANY_REQUESTS');
  });

  it('Hardening §4 IPv6 addresses share the limit of their /64', async () => {
    const numbers = [DEMO.auditor.staffNumber, DEMO.itJunior.staffNumber, DEMO.personnelStaff.staffNumber];
    for (const [i, n] of numbers.entries()) {
      expect(codeOf(await signInFrom(`2001:db8:1:2::${i + 1}`, n, 'wrong-password'))).toBe('INVALID_CREDENTIALS');
    }
    expect(codeOf(await signInFrom('2001:db8:1:2:ffff::9', DEMO.operator.staffNumber, DEMO_PASSWORD))).toBe(
      'TOO_MANY_REQUESTS',
    );
    expect(codeOf(await signInFrom('2001:db8:1:3::1', DEMO.operator.staffNumber, DEMO_PASSWORD))).toBe('OK');
  });

  it('Hardening §4 failures for one staff number are limited from any address, alike for an unknown number', async () => {
    const sequence = async (staffNumber: string, subnet: string) => {
      const codes = [];
      for (let i = 1; i <= 4; i++) {
        advance(120); // past the account's back-off
        codes.push(codeOf(await signInFrom(`${subnet}.${i}`, staffNumber, `wrong-password-${i}`)));
      }
      advance(120);
      codes.push(codeOf(await signInFrom(`${subnet}.5`, staffNumber, DEMO_PASSWORD)));
      return codes;
    };
    const real = await sequence(DEMO.generalAffairsClerk.staffNumber, '10.1.0');
    expect(real).toEqual([...Array(4).fill('INVALID_CREDENTIALS'), 'TOO_MANY_REQUESTS']);
    expect(await sequence('990002', '10.2.0')).toEqual(real);
  });

  it('Hardening §4 takes the client address from X-Forwarded-For only through a TRUST_PROXY proxy', async () => {
    const via = (client: string) => ({ 'x-forwarded-for': client });
    const numbers = [DEMO.welfareClerk.staffNumber, DEMO.citizenSectionClerk.staffNumber, DEMO.itJunior.staffNumber];
    for (const n of numbers) {
      expect(codeOf(await signInFrom(PROXY, n, 'wrong-password', via('203.0.113.7')))).toBe('INVALID_CREDENTIALS');
    }
    // another person behind the same proxy is not blocked by the first one's failures
    expect(codeOf(await signInFrom(PROXY, DEMO.operator.staffNumber, DEMO_PASSWORD, via('203.0.113.8')))).toBe('OK');
    expect(codeOf(await signInFrom(PROXY, DEMO.operator.staffNumber, DEMO_PASSWORD, via('203.0.113.7')))).toBe(
      'TOO_MANY_REQUESTS',
    );
    // a client that is not a trusted proxy cannot choose its address
    await signInFrom('10.0.0.60', DEMO.chief.staffNumber, 'wrong-password', via('203.0.113.9'));
    const rows = await t.db.dataSource.query(
      `SELECT DISTINCT "clientAddress" FROM audit_entry WHERE action = 'Mutation.signIn' AND "clientAddress" IN ('203.0.113.7', '203.0.113.8', '203.0.113.9', '10.0.0.60', $1)`,
      [PROXY],
    );
    expect(rows.map((r: { clientAddress: string }) => r.clientAddress).sort()).toEqual([
      '10.0.0.60',
      '203.0.113.7',
      '203.0.113.8',
    ]);
  });

  it('Hardening §4 a global limit stops failures spread over many addresses and accounts', async () => {
    const small = await startTestApp({ env: { RATE_LIMIT_SIGN_IN_GLOBAL: '4' } });
    try {
      const codes = [];
      for (let i = 1; i <= 4; i++) {
        codes.push(
          codeOf(await from(`10.3.0.${i}`, SIGN_IN, { i: { staffNumber: `99000${i}`, password: 'x' } }, {}, small)),
        );
      }
      const honest = { i: { staffNumber: DEMO.operator.staffNumber, password: DEMO_PASSWORD } };
      codes.push(codeOf(await from('10.3.0.9', SIGN_IN, honest, {}, small)));
      expect(codes).toEqual([...Array(4).fill('INVALID_CREDENTIALS'), 'TOO_MANY_REQUESTS']);
    } finally {
      await small.close();
    }
  });
});
