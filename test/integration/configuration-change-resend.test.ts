// A14.1–2: a change request sent again with its clientId (the phone's answer was lost, the form
// retried) is stored once, even when both arrive at once; other content under the id is refused.
// The manager never finds the same request twice on their list.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, startTestApp, type TestApp } from '../helpers/app.js';
import { itemIdsByNumber, REQUEST_CHANGE } from '../helpers/configuration.js';
import { errorCode, gql, signIn } from '../helpers/graphql.js';
import { DEMO } from '../helpers/people.js';

let t: TestApp;
let items: Record<string, string>;
let cookie = '';

beforeAll(async () => {
  t = await startTestApp();
  items = await itemIdsByNumber(t.db.dataSource);
  cookie = await signIn(t.app.http, DEMO.systemAdministrator.staffNumber, DEMO_PASSWORD);
});
afterAll(() => t.close());

describe('A14.1–2 a change request is stored once however often it is sent', () => {
  it('A14.1–2 the same clientId twice at once and once more: one request; other content under it: CLIENT_ID_REUSED', async () => {
    const clientId = randomUUID();
    const input = {
      clientId,
      kind: 'CHANGE',
      itemId: items['EQ-001'],
      item: { note: '再送の試験' },
      summary: '備考の変更',
      reason: '再送の試験',
    };
    const send = (i: Record<string, unknown>) => gql(t.app.http, REQUEST_CHANGE, { i }, cookie);
    const [a, b] = await Promise.all([send(input), send(input)]);
    const c = await send(input);
    for (const r of [a, b, c]) expect(r.errors).toBeUndefined();
    expect(new Set([a, b, c].map((r) => r.data!.requestConfigurationChange.id)).size).toBe(1);
    const [{ n }] = await t.db.dataSource.query(
      `SELECT count(*)::int AS n FROM configuration_change_request WHERE "clientId" = $1`,
      [clientId],
    );
    expect(n).toBe(1);
    expect(errorCode(await send({ ...input, reason: '別の理由' }))).toBe('CLIENT_ID_REUSED');
    // without a clientId (an API client that does not send one) each call is a request of its own
    const plain = { ...input, clientId: undefined };
    const [x, y] = [await send(plain), await send(plain)];
    expect(x.data!.requestConfigurationChange.id).not.toBe(y.data!.requestConfigurationChange.id);
  });
});
