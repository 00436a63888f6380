import { describe, expect, it } from 'vitest';
import { personOf, staffOf } from './current-staff.js';
import { AppError } from './errors.js';
import type { Principal } from './principal.js';

const staff: Principal = {
  kind: 'staff',
  staffId: 's1',
  sessionId: 'x',
  sessionExpiresAt: new Date(),
  authorities: new Set(),
};
const token: Principal = {
  kind: 'token',
  tokenId: 't',
  staffId: 's1',
  expiresAt: new Date(),
  scopes: new Set(),
  authorities: new Set(),
};
const device: Principal = { kind: 'device', deviceId: 'd', roomIds: [] };
const anonymous: Principal = { kind: 'anonymous' };

const refusal = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return e instanceof AppError ? [e.code, e.message] : e;
  }
  return 'allowed';
};
const FORBIDDEN = ['FORBIDDEN', 'この操作を行う権限がありません (not allowed)'];

describe('CurrentStaff / CurrentPerson', () => {
  it('staffOf: a session only', () => {
    expect(staffOf(staff)).toBe(staff);
    for (const p of [token, device, anonymous]) expect(refusal(() => staffOf(p))).toEqual(FORBIDDEN);
  });

  it('personOf: a session or a token acting for its owner', () => {
    expect(personOf(staff)).toBe(staff);
    expect(personOf(token)).toBe(token);
    for (const p of [device, anonymous]) expect(refusal(() => personOf(p))).toEqual(FORBIDDEN);
  });
});
