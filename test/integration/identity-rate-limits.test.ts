import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, startTestApp, type TestApp } from '../helpers/app.js';
import { DEMO } from '../helpers/people.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ env: { RATE_LIMIT_SIGN_IN: '3', RATE_LIMIT_PAIRING: '2' } });
});
afterAll(() => t.close());

async function from(address: string, query: string, variables: Record<string, unknown>) {
  const res = await t.app.http.inject({
    method: 'POST',
    url: '/graphql',
    remoteAddress: address,
    headers: { 'content-type': 'application/json' },
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
