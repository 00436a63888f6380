// A thin GraphQL client over fetch. Every failure becomes a GraphQLRequestError with a code:
// the server's extensions.code, or NETWORK_ERROR when the server could not be reached.
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
import { reportServerAnswer } from '../offline/server-reach.js';
import type { ErrorCode } from './error-codes.js';

export class GraphQLRequestError extends Error {
  constructor(
    /** one of ErrorCode when the server or this client made it; any string a newer server sends */
    readonly code: ErrorCode | (string & {}),
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

/** An operation of web/src/features/**\/*.graphql, as generated (TypedDocumentString). */
export type Operation<TResult, TVariables> = DocumentTypeDecoration<TResult, TVariables> & { toString(): string };
/** Variables are a parameter only when the operation declares some; required when one is non-null. */
type VariablesArg<TVariables> = [TVariables] extends [{ [key: string]: never }]
  ? []
  : Record<string, never> extends TVariables
    ? [variables?: TVariables]
    : [variables: TVariables];

const REQUEST_TIMEOUT_MS = 30_000;

type Reauthenticator = () => Promise<boolean>;
let reauthenticate: Reauthenticator | null = null;

/**
 * Called when a request finds the session gone: it may sign the same person in again (a dialog over
 * the page, so nothing typed is lost) and answer true, after which the request is sent once more.
 */
export function setReauthenticator(fn: Reauthenticator | null): void {
  reauthenticate = fn;
}

export async function request<TResult, TVariables>(
  operation: Operation<TResult, TVariables>,
  ...[variables]: VariablesArg<TVariables>
): Promise<TResult> {
  const query = operation.toString();
  try {
    return await send<TResult>(query, variables);
  } catch (e) {
    if (
      e instanceof GraphQLRequestError &&
      e.code === 'UNAUTHENTICATED' &&
      reauthenticate &&
      (await reauthenticate())
    ) {
      return send<TResult>(query, variables);
    }
    throw e;
  }
}

/**
 * A request as a paired door tablet: its credential as a Bearer token, no session cookie. No
 * re-authentication: a refused credential means the tablet was revoked (UNAUTHENTICATED).
 */
export function requestAsDevice<TResult, TVariables>(
  credential: string,
  operation: Operation<TResult, TVariables>,
  ...[variables]: VariablesArg<TVariables>
): Promise<TResult> {
  return send<TResult>(operation.toString(), variables, credential);
}

async function send<T>(query: string, variables: unknown, bearer?: string): Promise<T> {
  let res: globalThis.Response;
  try {
    res = await fetch('/graphql', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json',
        ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
      },
      body: JSON.stringify({ query, variables }),
      credentials: bearer ? 'omit' : 'same-origin',
      // a connection that dies silently must not hold a sender (or a person at the door) forever
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
  } catch {
    reportServerAnswer(false);
    throw new GraphQLRequestError('NETWORK_ERROR', 'network unreachable');
  }
  let body: Response<T>;
  try {
    body = (await res.json()) as Response<T>;
  } catch {
    reportServerAnswer(res.status < 500);
    throw new GraphQLRequestError(res.status >= 500 ? 'NETWORK_ERROR' : 'BAD_RESPONSE', `HTTP ${res.status}`);
  }
  reportServerAnswer(true);
  const first = body.errors?.[0];
  if (first) throw new GraphQLRequestError(first.extensions?.code ?? 'UNKNOWN', first.message);
  if (!body.data) throw new GraphQLRequestError('BAD_RESPONSE', `HTTP ${res.status}`);
  return body.data;
}
