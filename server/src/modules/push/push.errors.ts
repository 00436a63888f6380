import { AppError } from '../../shared/errors.js';

export enum PushErrorCode {
  /** not a Web Push subscription this server may send to (https, a known push service, keys of the right size) */
  INVALID_PUSH_SUBSCRIPTION = 'INVALID_PUSH_SUBSCRIPTION',
  PUSH_SUBSCRIPTION_NOT_FOUND = 'PUSH_SUBSCRIPTION_NOT_FOUND',
}

export class PushError extends AppError {
  constructor(code: PushErrorCode, message: string) {
    super(code, message);
  }
}
