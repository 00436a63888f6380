// Every code a GraphQLRequestError can carry: what the server answers in extensions.code (its
// enums in server/src/shared/errors.ts, shared/auth-checker.ts, shared/rate-limit.ts,
// modules/*/<module>.errors.ts and the few codes services throw by name), graphql's own codes for a
// client's mistake, and those this client makes itself. Each has a message in
// web/src/i18n/{ja,en}/common.ts (typed Record<ErrorCode, string>: a code without one does not
// compile), and test/integration/error-codes.test.ts fails when the server has a code missing here.
// schema.graphql's ErrorCode enum is the server's list; the test fails when a value is missing here.

/** Codes the server answers. */
export const SERVER_ERROR_CODES = [
  // shared
  'BAD_USER_INPUT',
  'NOT_FOUND',
  'INTERNAL_SERVER_ERROR',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'TOO_MANY_REQUESTS',
  'OWN_CASE',
  // graphql / Apollo: a request this client got wrong (an out-of-date app)
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  // identity
  'INVALID_CREDENTIALS',
  'ACCOUNT_LOCKED',
  'TOO_MANY_ATTEMPTS',
  'WEAK_PASSWORD',
  'STAFF_NOT_FOUND',
  'INVALID_TOKEN_REQUEST',
  'TOKEN_NOT_FOUND',
  'INVALID_PAIRING_REQUEST',
  'PAIRING_CODE_INVALID',
  'DEVICE_NOT_FOUND',
  'INVALID_PASSKEY_REQUEST',
  'PASSKEY_REJECTED',
  'PASSKEY_NOT_FOUND',
  'INVALID_PUSH_SUBSCRIPTION',
  'PUSH_SUBSCRIPTION_NOT_FOUND',
  'REAUTHENTICATION_REQUIRED',
  'DEMO_ACCOUNT_LOCAL_ONLY',
  // organisation
  'ROLE_ALREADY_HELD',
  'ACTING_ALREADY_ASSIGNED',
  'INVALID_ASSIGNMENT',
  'SECTION_NOT_FOUND',
  'STAFF_NUMBER_TAKEN',
  'ASSIGNMENT_NOT_FOUND',
  'SECOND_PERSON_REQUIRED',
  'PROPOSAL_NOT_FOUND',
  'ALREADY_PROPOSED',
  'PROPOSAL_NOT_PENDING',
  'NOT_THE_CONFIRMER',
  // access
  'INVALID_AUTHORISATION_REQUEST',
  'AUTHORISATION_NOT_FOUND',
  'AUTHORISATION_NOT_PENDING',
  'OUTSIDE_YOUR_SCOPE',
  'ANOMALY_NOT_FOUND',
  'ANOMALY_RESOLVED',
  'ROOM_NOT_FOUND',
  'ROOM_CODE_TAKEN',
  'TRY_AGAIN',
  'WEAK_PIN',
  // incidents
  'INCIDENT_NOT_FOUND',
  'INCIDENT_STEP_NOT_FOUND',
  'UNKNOWN_ROOM',
  'UNKNOWN_SECTION',
  'UNKNOWN_STAFF',
  'INVALID_INCIDENT_INPUT',
  'CLIENT_ID_REUSED',
  'NOT_YOURS_TO_ACKNOWLEDGE',
  'NOT_YOUR_STEP',
  'STEP_ALREADY_SETTLED',
  'INCIDENT_CLOSED',
  'STEPS_OPEN',
  'INCIDENT_NOT_ACKNOWLEDGED',
  // incidents: disaster mode (A29, A30)
  'NOT_A_DISASTER_TYPE',
  'DISASTER_MODE_OFF',
  'CHECKLIST_ITEM_NOT_FOUND',
  'CHECKLIST_ITEM_SETTLED',
  // configuration
  'CONFIGURATION_ITEM_NOT_FOUND',
  'INVALID_CONFIGURATION_ITEM',
  'REGISTER_NUMBER_TAKEN',
  'TERMINAL_SHARED',
  'CHANGE_REQUEST_REQUIRED',
  'CHANGE_REQUEST_NOT_FOUND',
  'CHANGE_REQUEST_NOT_PENDING',
  'INVALID_CHANGE_REQUEST',
  'NOT_YOUR_CHANGE_REQUEST',
  'CONNECTION_NOT_FOUND',
  'CONFIGURATION_CHANGE_NOT_FOUND',
  'CHANGE_NOT_TO_REVIEW',
  'CONFIGURATION_FILE_TOO_LARGE',
  'CONFIGURATION_FILE_TYPE_REFUSED',
  'CONFIGURATION_FILE_NOT_FOUND',
  'CONFIGURATION_FILE_TAMPERED',
  'CONFIGURATION_DOCUMENT_NOT_FOUND',
  'INVALID_CONFIGURATION_DOCUMENT',
  'NOT_DOCUMENT_OWNER',
  'DOCUMENT_VERSION_LABEL_TAKEN',
  'NOT_A_FIREWALL',
  'INVALID_FIREWALL_RECORD',
  // maintenance (A26)
  'WORK_ORDER_NOT_FOUND',
  'INVALID_WORK_ORDER',
  'INVALID_WORK_PERIOD',
  'WORK_AUTHORISATION_UNUSABLE',
  'WORK_ORDER_CLOSED',
  'WORK_NOT_STARTED',
  'NOT_YOUR_WORK_ORDER',
  'ENTRY_NOT_UNCOVERED',
  // operator cards and PIN requests (A16)
  'OPERATOR_NOT_FOUND',
  'INVALID_OPERATOR',
  'OPERATOR_CODE_TAKEN',
  'OPERATOR_ENDED',
  'CARD_NOT_FOUND',
  'CARD_NUMBER_TAKEN',
  'CARD_STORAGE_NOT_LOCKED',
  'CARD_ALREADY_ISSUED',
  'CARD_NOT_HELD',
  'CARD_STATE_INVALID',
  'CARD_WITNESS_REQUIRED',
  'CARD_REQUEST_NOT_FOUND',
  'CARD_REQUEST_STATE_INVALID',
  'CARD_REQUEST_OUTSIDE_SECTION',
  'INVALID_CARD_REQUEST',
  'INVALID_TRANSFER_FILE',
  'TRANSFER_ROWS_INVALID',
  'TRANSFER_ROUND_NOT_FOUND',
  // operation history (A20)
  'OPLOG_BAD_SOURCE',
  'OPLOG_UNSUPPORTED_MEDIA_TYPE',
  'OPLOG_BAD_HEADER',
  'OPLOG_BATCH_TOO_LARGE',
  'OPLOG_BAD_PERIOD',
] as const;

/** Codes this client makes: no answer, an answer it cannot read, the browser's passkey prompt. */
export const CLIENT_ERROR_CODES = [
  'NETWORK_ERROR',
  'BAD_RESPONSE',
  'UNKNOWN',
  'PASSKEY_CANCELLED',
  'PASSKEY_EXISTS',
  'PASSKEY_UNSUPPORTED',
  'PUSH_DENIED',
  'PUSH_UNSUPPORTED',
] as const;

export type ServerErrorCode = (typeof SERVER_ERROR_CODES)[number];
export type ErrorCode = ServerErrorCode | (typeof CLIENT_ERROR_CODES)[number];

const ALL: ReadonlySet<string> = new Set<string>([...SERVER_ERROR_CODES, ...CLIENT_ERROR_CODES]);

/** A code as this app knows it; one it does not know (a newer server) is UNKNOWN. */
export const knownErrorCode = (code: string): ErrorCode => (ALL.has(code) ? (code as ErrorCode) : 'UNKNOWN');
