import { AppError, CommonErrorCode } from './errors.js';

/** Every list is capped (OWASP GraphQL): a page asks for 1–100 items. */
export const MAX_PAGE = 100;

export function assertPageSize(first: number): void {
  if (first < 1 || first > MAX_PAGE)
    throw new AppError(CommonErrorCode.BAD_USER_INPUT, `first は 1〜${MAX_PAGE} です (first must be 1–${MAX_PAGE})`);
}
