// One error class per module, each with a code enum; clients (the offline outbox above all) act on
// extensions.code. The composition root folds these enums and the two below into the one GraphQL
// enum ErrorCode (composition/error-codes.ts); formatError in graphql-errors.ts lets only those
// codes out and masks everything else.

/** Codes shared by every module. */
export enum CommonErrorCode {
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  NOT_FOUND = 'NOT_FOUND',
  INTERNAL_SERVER_ERROR = 'INTERNAL_SERVER_ERROR',
  /** no session, token or device credential, where the action needs one */
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  /** the policy table (or the resolver's @CurrentStaff) refuses this caller */
  FORBIDDEN = 'FORBIDDEN',
  /** too many attempts from this address (sign-in, pairing); retryAfterSeconds says when */
  TOO_MANY_REQUESTS = 'TOO_MANY_REQUESTS',
  /** separation of duties: nobody decides their own case (grants themselves a role, approves or unlocks their own) */
  OWN_CASE = 'OWN_CASE',
}

/** Codes graphql-js and Apollo give a client's own mistake; their messages are safe to show. */
export enum ClientErrorCode {
  GRAPHQL_PARSE_FAILED = 'GRAPHQL_PARSE_FAILED',
  GRAPHQL_VALIDATION_FAILED = 'GRAPHQL_VALIDATION_FAILED',
  BAD_REQUEST = 'BAD_REQUEST',
  OPERATION_RESOLUTION_FAILURE = 'OPERATION_RESOLUTION_FAILURE',
  PERSISTED_QUERY_NOT_FOUND = 'PERSISTED_QUERY_NOT_FOUND',
  PERSISTED_QUERY_NOT_SUPPORTED = 'PERSISTED_QUERY_NOT_SUPPORTED',
}

/** A module's (or shared's) code enum, as the composition root folds it. */
export type ErrorCodeEnum = Readonly<Record<string, string>>;

export class AppError extends Error {
  override name = 'AppError';
  constructor(
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/** PostgreSQL SQLSTATE of a failed statement, when the error came from the database. */
export function sqlState(error: unknown): string | undefined {
  const e = error as { code?: unknown; driverError?: { code?: unknown } };
  const code = e?.driverError?.code ?? e?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

export function constraintName(error: unknown): string | undefined {
  const e = error as { constraint?: unknown; driverError?: { constraint?: unknown } };
  const c = e?.driverError?.constraint ?? e?.constraint;
  return typeof c === 'string' ? c : undefined;
}
