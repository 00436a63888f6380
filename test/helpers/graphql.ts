import type { FastifyInstance } from 'fastify';

export interface GqlResult<T = Record<string, unknown>> {
  status: number;
  data?: T;
  errors?: { message: string; extensions?: { code?: string; [k: string]: unknown } }[];
}

/** Sends one GraphQL operation through the full HTTP stack (fastify inject: no port, same code path). */
export async function gql<T = Record<string, any>>(
  http: FastifyInstance,
  query: string,
  variables?: Record<string, unknown>,
): Promise<GqlResult<T>> {
  const res = await http.inject({
    method: 'POST',
    url: '/graphql',
    headers: { 'content-type': 'application/json' },
    payload: { query, variables },
  });
  return { status: res.statusCode, ...(res.json() as object) };
}
