import 'reflect-metadata';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES, foldErrorCodes, type ErrorCode } from './error-codes.js';

describe('ErrorCode: one list folded from shared and every module', () => {
  it('holds shared, client-mistake and module codes, each once', () => {
    for (const code of [
      'FORBIDDEN',
      'GRAPHQL_VALIDATION_FAILED',
      'OUTSIDE_YOUR_SCOPE',
      'PASSKEY_REJECTED',
      'ROLE_ALREADY_HELD',
    ])
      expect(ERROR_CODES).toHaveProperty(code, code);
    // identity and organisation both say STAFF_NOT_FOUND: one code
    expect(Object.keys(ERROR_CODES).filter((c) => c === 'STAFF_NOT_FOUND')).toHaveLength(1);
  });

  it('is a closed type: a code no enum declares does not compile', () => {
    const known: ErrorCode = 'WEAK_PIN';
    // @ts-expect-error NOT_A_CODE is in no module's enum
    const unknown: ErrorCode = 'NOT_A_CODE';
    expect([known, unknown]).toHaveLength(2);
  });

  it('refuses a code whose name differs from what is sent', () => {
    expect(() => foldErrorCodes([{ SHOWN: 'SENT' }])).toThrow(/SHOWN is sent as SENT/);
    expect(foldErrorCodes([{ A: 'A' }, { A: 'A', B: 'B' }])).toEqual({ A: 'A', B: 'B' });
  });
});
