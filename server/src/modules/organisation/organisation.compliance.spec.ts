import { describe, expect, it } from 'vitest';
import { OrgRole } from '../../shared/authority.js';
import { operationsManagersFinding, singleHolderFinding } from './organisation.compliance.js';
import type { RoleHolder } from './organisation.types.js';

const person = (fullName: string) => ({ fullName }) as never;
const row = (role: OrgRole, holder: string | null, extra: Partial<RoleHolder> = {}): RoleHolder =>
  ({
    role,
    section: null,
    assignment: null,
    holder: holder ? person(holder) : null,
    acting: null,
    effectiveHolder: null,
    ...extra,
  }) as RoleHolder;

describe('organisation compliance (A3–A7.1)', () => {
  it('A3: a held role is OK and names the holder', () => {
    expect(singleHolderFinding(OrgRole.CHIEF, [row(OrgRole.CHIEF, '鈴木 一郎')])).toEqual({
      status: 'OK',
      reason: '住基ネット統括者: 鈴木 一郎',
    });
  });

  it('A5: a vacant role with an acting holder (A9.7) needs attention; with nobody it is a violation', () => {
    const acting = { actingStaff: person('田中 花子') } as unknown as RoleHolder['acting'];
    expect(singleHolderFinding(OrgRole.MANAGER, [row(OrgRole.MANAGER, null, { acting })]).status).toBe('ATTENTION');
    expect(singleHolderFinding(OrgRole.MANAGER, [row(OrgRole.MANAGER, null)])).toEqual({
      status: 'VIOLATION',
      reason: '住基ネット管理者が任命されていません。',
    });
    expect(singleHolderFinding(OrgRole.MANAGER, []).status).toBe('VIOLATION');
  });

  it('A6: every section that uses Juki-net needs an operations manager', () => {
    const section = (name: string) => ({ name }) as RoleHolder['section'];
    const om = OrgRole.OPERATIONS_MANAGER;
    expect(operationsManagersFinding([row(om, 'A', { section: section('市民課') })]).status).toBe('OK');
    const missing = operationsManagersFinding([
      row(om, 'A', { section: section('市民課') }),
      row(om, null, { section: section('税務課') }),
    ]);
    expect(missing).toEqual({ status: 'VIOLATION', reason: '運用管理者が欠員の課があります (1課: 税務課)。' });
    expect(operationsManagersFinding([]).status).toBe('ATTENTION');
  });
});
