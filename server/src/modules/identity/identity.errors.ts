import { AppError } from '../../shared/errors.js';

export enum IdentityErrorCode {
  /** wrong staff number or password (never says which) */
  INVALID_CREDENTIALS = 'INVALID_CREDENTIALS',
  /** 10 consecutive failures: a manager or system administrator must unlock */
  ACCOUNT_LOCKED = 'ACCOUNT_LOCKED',
  /** too soon after the last failures; retryAfterSeconds says when */
  TOO_MANY_ATTEMPTS = 'TOO_MANY_ATTEMPTS',
  WEAK_PASSWORD = 'WEAK_PASSWORD',
  STAFF_NOT_FOUND = 'STAFF_NOT_FOUND',
  INVALID_TOKEN_REQUEST = 'INVALID_TOKEN_REQUEST',
  TOKEN_NOT_FOUND = 'TOKEN_NOT_FOUND',
  INVALID_PAIRING_REQUEST = 'INVALID_PAIRING_REQUEST',
  /** wrong, expired or already used pairing code */
  PAIRING_CODE_INVALID = 'PAIRING_CODE_INVALID',
  DEVICE_NOT_FOUND = 'DEVICE_NOT_FOUND',
  /** malformed passkey data, a missing name, or too many passkeys */
  INVALID_PASSKEY_REQUEST = 'INVALID_PASSKEY_REQUEST',
  /** the passkey could not be verified (unknown, replayed challenge, wrong origin, cloned …); never says which */
  PASSKEY_REJECTED = 'PASSKEY_REJECTED',
  PASSKEY_NOT_FOUND = 'PASSKEY_NOT_FOUND',
  /** a sensitive change needs the current password or a fresh passkey assertion: exactly one of them */
  REAUTHENTICATION_REQUIRED = 'REAUTHENTICATION_REQUIRED',
  /** a demo account (known password) signs in only on the server machine, unless DEMO_SIGN_IN_FROM allows more */
  DEMO_ACCOUNT_LOCAL_ONLY = 'DEMO_ACCOUNT_LOCAL_ONLY',
}

export class IdentityError extends AppError {
  constructor(code: IdentityErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(code, message, details);
  }
}
