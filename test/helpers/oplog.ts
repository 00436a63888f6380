// Operation-history batches for tests (A20): a token of the manager with WRITE_OPLOG, and a POST.
import { expect } from 'vitest';
import { DEMO_PASSWORD, type TestApp } from './app.js';
import { gql, signIn } from './graphql.js';

export const CSV_HEADER = '日時,端末,操作者ID,操作種別,結果,対象';

/** An API token of this staff member with these scopes. */
export async function apiToken(t: TestApp, staffNumber: string, scopes: string[]): Promise<string> {
  const cookie = await signIn(t.app.http, staffNumber, DEMO_PASSWORD);
  const res = await gql(
    t.app.http,
    `mutation($input: CreateApiTokenInput!) { createApiToken(input: $input) { token } }`,
    { input: { name: '操作履歴の連携', scopes, expiresInDays: 30, currentPassword: DEMO_PASSWORD } },
    cookie,
  );
  expect(res.errors).toBeUndefined();
  return (res.data as { createApiToken: { token: string } }).createApiToken.token;
}

/** POST /api/oplog/batches/:sourceId with a body, as a token (or a cookie, or nobody). */
export async function postBatch(
  t: TestApp,
  sourceId: string,
  body: string | Buffer,
  opts: { token?: string; cookie?: string; contentType?: string } = {},
) {
  const headers: Record<string, string> = { 'content-type': opts.contentType ?? 'text/csv; charset=utf-8' };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.cookie) headers.cookie = opts.cookie;
  const res = await t.app.http.inject({
    method: 'POST',
    url: `/api/oplog/batches/${encodeURIComponent(sourceId)}`,
    headers,
    payload: body,
  });
  return { status: res.statusCode, body: res.json() as Record<string, any> };
}
