// Who may act: the standard's roles (A3–A7), the application's own roles, the authorities derived from
// them, and the scopes of API tokens. Cross-cutting vocabulary: the policy table and every module use it.
import { registerEnumType } from 'type-graphql';

/** The roles the standard names (A3–A7) plus the head of the resident-information department, a council member (A9.3(6)). */
export enum OrgRole {
  /** 住基ネット統括者 (A3) — the deputy mayor; chairs the council (A9.4) */
  CHIEF = 'CHIEF',
  /** 住基ネット副統括者 (A4) — head of the department in charge of e-information; vice-chair (A9.6) */
  DEPUTY_CHIEF = 'DEPUTY_CHIEF',
  /** 住基ネット管理者 (A5) — chief of the section in charge of e-information */
  MANAGER = 'MANAGER',
  /** 住基ネット運用管理者 (A6) — one per section that uses Juki-net */
  OPERATIONS_MANAGER = 'OPERATIONS_MANAGER',
  /** 暗証番号管理者 (A7.1) */
  PIN_ADMINISTRATOR = 'PIN_ADMINISTRATOR',
  /** 住民情報を担当する部長 (A9.3(6)) */
  RESIDENT_INFORMATION_DIRECTOR = 'RESIDENT_INFORMATION_DIRECTOR',
}

registerEnumType(OrgRole, { name: 'OrgRole', description: '住基ネットの役割 (A3–A7, A9.3)' });

/** Roles held per using section; every other role has exactly one holder for the whole city. */
export const SECTION_ROLES: readonly OrgRole[] = [OrgRole.OPERATIONS_MANAGER];

/** A9.3: the council's members are the current holders of these roles. */
export const COUNCIL_ROLES: readonly OrgRole[] = [
  OrgRole.CHIEF,
  OrgRole.DEPUTY_CHIEF,
  OrgRole.MANAGER,
  OrgRole.PIN_ADMINISTRATOR,
  OrgRole.OPERATIONS_MANAGER,
  OrgRole.RESIDENT_INFORMATION_DIRECTOR,
];

/** Roles that may have an acting holder (A9.7: the vice-chair acts for the chair). */
export const ACTABLE_ROLES: readonly OrgRole[] = [OrgRole.CHIEF, OrgRole.DEPUTY_CHIEF, OrgRole.MANAGER];

export enum CouncilPosition {
  CHAIR = 'CHAIR',
  VICE_CHAIR = 'VICE_CHAIR',
  MEMBER = 'MEMBER',
}

registerEnumType(CouncilPosition, { name: 'CouncilPosition', description: '会議での立場 (A9.4–A9.7)' });

/** Roles of this application that the standard does not name (REQUIREMENTS §8). */
export enum AppRole {
  /** maintains staff and role assignments */
  SYSTEM_ADMINISTRATOR = 'SYSTEM_ADMINISTRATOR',
  /** reads everything, including the audit trail; changes nothing */
  AUDITOR = 'AUDITOR',
}
registerEnumType(AppRole, { name: 'AppRole', description: 'システムの役割 (標準の役割以外)' });

/** Every authority a signed-in person can have: their role holdings (incl. acting), app roles, and OPERATOR. */
export enum Authority {
  CHIEF = OrgRole.CHIEF,
  DEPUTY_CHIEF = OrgRole.DEPUTY_CHIEF,
  MANAGER = OrgRole.MANAGER,
  OPERATIONS_MANAGER = OrgRole.OPERATIONS_MANAGER,
  PIN_ADMINISTRATOR = OrgRole.PIN_ADMINISTRATOR,
  RESIDENT_INFORMATION_DIRECTOR = OrgRole.RESIDENT_INFORMATION_DIRECTOR,
  SYSTEM_ADMINISTRATOR = AppRole.SYSTEM_ADMINISTRATOR,
  AUDITOR = AppRole.AUDITOR,
  /** any active staff member (操作者) */
  OPERATOR = 'OPERATOR',
}
registerEnumType(Authority, { name: 'Authority', description: '権限 (役割・職務代理・システム役割から)' });

/** What an API token may be used for, on top of its owner's authority. */
export enum TokenScope {
  /** read the organisation and registers */
  READ = 'READ',
  /** read the audit trail (owner must be allowed to) */
  READ_AUDIT = 'READ_AUDIT',
  /** push operation logs (A20, a later issue) */
  WRITE_OPLOG = 'WRITE_OPLOG',
  /** read incidents, their timelines and the media scan log (A19, A22, A26–A30; owner must be allowed to) */
  READ_INCIDENTS = 'READ_INCIDENTS',
}
registerEnumType(TokenScope, { name: 'TokenScope', description: 'APIトークンの範囲' });
