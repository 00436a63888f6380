// A thin GraphQL client over fetch. Every failure becomes a GraphQLRequestError with a code:
// the server's extensions.code, or NETWORK_ERROR when the server could not be reached.

export class GraphQLRequestError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
  get isNetwork(): boolean {
    return this.code === 'NETWORK_ERROR';
  }
}

interface Response<T> {
  data?: T;
  errors?: { message: string; extensions?: { code?: string } }[];
}

export async function request<T>(query: string, variables?: Record<string, unknown>): Promise<T> {
  let res: globalThis.Response;
  try {
    res = await fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ query, variables }),
      credentials: 'same-origin',
    });
  } catch {
    throw new GraphQLRequestError('NETWORK_ERROR', 'network unreachable');
  }
  let body: Response<T>;
  try {
    body = (await res.json()) as Response<T>;
  } catch {
    throw new GraphQLRequestError(res.status >= 500 ? 'NETWORK_ERROR' : 'BAD_RESPONSE', `HTTP ${res.status}`);
  }
  const first = body.errors?.[0];
  if (first) throw new GraphQLRequestError(first.extensions?.code ?? 'UNKNOWN', first.message);
  if (!body.data) throw new GraphQLRequestError('BAD_RESPONSE', `HTTP ${res.status}`);
  return body.data;
}
