import { describe, expect, it } from 'vitest';
import { Authority, TokenScope } from '../shared/authority.js';
import { DEVICE, PUBLIC } from '../shared/policy.js';
import { ANONYMOUS, type DevicePrincipal, type StaffPrincipal, type TokenPrincipal } from '../shared/principal.js';
import { policy, POLICY, TOKEN_SCOPES } from './policy.js';

const decide: typeof policy.decide = (p, a) => policy.decide(p, a);
const grantees: typeof policy.grantees = (a) => policy.grantees(a);

const staff = (...authorities: Authority[]): StaffPrincipal => ({
  kind: 'staff',
  staffId: 's',
  sessionId: 'x',
  sessionExpiresAt: new Date(0),
  authorities: new Set(authorities),
});
const token = (scopes: TokenScope[], ...authorities: Authority[]): TokenPrincipal => ({
  kind: 'token',
  tokenId: 't',
  staffId: 's',
  expiresAt: new Date(0),
  scopes: new Set(scopes),
  authorities: new Set(authorities),
});
const device: DevicePrincipal = { kind: 'device', deviceId: 'd', roomIds: [] };
const { OPERATOR, MANAGER, AUDITOR, CHIEF, SYSTEM_ADMINISTRATOR } = Authority;

describe('decide (REQUIREMENTS §8: one table, deny by default)', () => {
  it('lets anyone call a PUBLIC action, signed in or not', () => {
    expect(decide(ANONYMOUS, 'Mutation.signIn')).toBe('ALLOW');
    expect(decide(staff(OPERATOR), 'Mutation.signIn')).toBe('ALLOW');
    expect(decide(ANONYMOUS, 'Mutation.pairDevice')).toBe('ALLOW');
  });

  it('asks an anonymous caller to sign in for anything else, and refuses what the table does not name', () => {
    expect(decide(ANONYMOUS, 'Query.council')).toBe('UNAUTHENTICATED');
    expect(decide(ANONYMOUS, 'Query.noSuchThing')).toBe('UNAUTHENTICATED');
    expect(decide(staff(...Object.values(Authority)), 'Query.noSuchThing')).toBe('FORBIDDEN');
    expect(grantees('Query.noSuchThing')).toBeUndefined();
  });

  it('lets staff call what one of their authorities is granted, and nothing else', () => {
    expect(decide(staff(OPERATOR), 'Query.council')).toBe('ALLOW');
    expect(decide(staff(OPERATOR), 'Mutation.approveRoomAuthorisation')).toBe('FORBIDDEN');
    expect(decide(staff(OPERATOR, MANAGER), 'Mutation.approveRoomAuthorisation')).toBe('ALLOW');
    expect(decide(staff(OPERATOR, AUDITOR), 'Query.auditCheckpoint')).toBe('ALLOW');
    expect(decide(staff(OPERATOR, MANAGER), 'Query.auditCheckpoint')).toBe('FORBIDDEN');
    // an empty set of authorities (no OPERATOR either) is refused even the plain reads
    expect(decide(staff(), 'Query.council')).toBe('FORBIDDEN');
  });

  it('never lets staff or tokens call what only a DEVICE may, however high their authority', () => {
    const everything = Object.values(Authority);
    expect(decide(staff(...everything), 'Query.doorAuthorisations')).toBe('FORBIDDEN');
    expect(decide(token(Object.values(TokenScope), ...everything), 'Query.doorPinKey')).toBe('FORBIDDEN');
  });

  it('lets a paired tablet call only the actions that name DEVICE, not PUBLIC or OPERATOR ones', () => {
    expect(decide(device, 'Mutation.recordAccessEvents')).toBe('ALLOW');
    expect(decide(device, 'Query.doorInside')).toBe('ALLOW');
    expect(decide(device, 'Mutation.signIn')).toBe('FORBIDDEN'); // PUBLIC, but not for a device
    expect(decide(device, 'Query.council')).toBe('FORBIDDEN');
    expect(decide(device, 'Query.noSuchThing')).toBe('FORBIDDEN');
  });

  it('lets a token call an action only with the scope it needs and an owner allowed it', () => {
    expect(decide(token([TokenScope.READ], OPERATOR), 'Query.council')).toBe('ALLOW');
    expect(decide(token([], OPERATOR), 'Query.council')).toBe('FORBIDDEN'); // no scope
    expect(decide(token([TokenScope.READ_AUDIT], OPERATOR), 'Query.council')).toBe('FORBIDDEN'); // wrong scope
    // READ on an owner who may not read the directory
    expect(decide(token([TokenScope.READ], OPERATOR), 'Query.staffDirectory')).toBe('FORBIDDEN');
    expect(decide(token([TokenScope.READ], OPERATOR, SYSTEM_ADMINISTRATOR), 'Query.staffDirectory')).toBe('ALLOW');
    // the audit trail needs READ_AUDIT, not READ, even for an auditor
    expect(decide(token([TokenScope.READ], OPERATOR, AUDITOR), 'Query.auditEntries')).toBe('FORBIDDEN');
    expect(decide(token([TokenScope.READ_AUDIT], OPERATOR, AUDITOR), 'Query.auditEntries')).toBe('ALLOW');
    // a PUBLIC action with its scope needs no owner authority
    expect(decide(token([TokenScope.READ]), 'Query.me')).toBe('ALLOW');
  });

  it('refuses every mutation to a token, whatever its scopes and its owner (tokens are read-only)', () => {
    const all = token(Object.values(TokenScope), ...Object.values(Authority));
    const mutations = Object.keys(POLICY).filter((a) => a.startsWith('Mutation.'));
    expect(mutations.length).toBeGreaterThan(10);
    for (const m of mutations) expect([m, decide(all, m)]).toEqual([m, 'FORBIDDEN']);
    expect(decide(all, 'Mutation.signIn')).toBe('FORBIDDEN'); // PUBLIC for people, not for tokens
    expect(decide(all, 'Query.export')).toBe('FORBIDDEN');
    expect(decide(all, 'Export.accessRegister')).toBe('ALLOW');
  });

  it('keeps the table sane: scoped actions exist in it, and DEVICE or PUBLIC never sit beside an authority by mistake', () => {
    for (const action of Object.keys(TOKEN_SCOPES)) expect(grantees(action)).toBeDefined();
    for (const [action, who] of Object.entries(POLICY) as [string, readonly string[]][]) {
      if (who.includes(DEVICE))
        expect([action, who.filter((g) => g !== DEVICE && g !== MANAGER)]).toEqual([action, []]);
      if (who.includes(PUBLIC))
        expect([action, who.filter((g) => g !== PUBLIC && g !== OPERATOR)]).toEqual([action, []]);
    }
    expect(decide(staff(OPERATOR, CHIEF), 'Mutation.acknowledgeAccessReport')).toBe('ALLOW');
  });
});
