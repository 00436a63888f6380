import type { FastifyInstance } from 'fastify';

export interface GqlResult<T = Record<string, unknown>> {
  status: number;
  data?: T;
  errors?: { message: string; extensions?: { code?: string; [k: string]: unknown } }[];
  setCookie?: string;
}

/** Sends one GraphQL operation through the full HTTP stack (fastify inject: no port, same code path). */
export async function gql<T = Record<string, any>>(
  http: FastifyInstance,
  query: string,
  variables?: Record<string, unknown>,
  cookie?: string,
): Promise<GqlResult<T>> {
  const res = await http.inject({
    method: 'POST',
    url: '/graphql',
    headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
    payload: { query, variables },
  });
  const setCookie = res.headers['set-cookie'];
  return {
    status: res.statusCode,
    ...(res.json() as object),
    setCookie: Array.isArray(setCookie) ? setCookie[0] : setCookie,
  };
}

const SIGN_IN = `mutation($input: SignInInput!) { signIn(input: $input) { staff { staffNumber } authorities } }`;

/** Signs in through the API; returns the Cookie header value for later requests. */
export async function signIn(http: FastifyInstance, staffNumber: string, password: string): Promise<string> {
  const res = await gql(http, SIGN_IN, { input: { staffNumber, password } });
  if (res.errors || !res.setCookie) throw new Error(`sign-in as ${staffNumber} failed: ${JSON.stringify(res.errors)}`);
  return res.setCookie.split(';')[0];
}

/** The code of a GraphQL answer's first error (FORBIDDEN, BAD_USER_INPUT …), or undefined. */
export const errorCode = (r: { errors?: { extensions?: { code?: string } }[] }) => r.errors?.[0]?.extensions?.code;

/** Sends one GraphQL operation as an API client or a door tablet: Authorization: Bearer, no cookie. */
export async function gqlBearer<T = Record<string, any>>(
  http: FastifyInstance,
  credential: string,
  query: string,
  variables?: Record<string, unknown>,
): Promise<GqlResult<T>> {
  const res = await http.inject({
    method: 'POST',
    url: '/graphql',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${credential}` },
    payload: { query, variables },
  });
  return { status: res.statusCode, ...(res.json() as object) };
}
