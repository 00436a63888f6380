import { registerEnumType } from 'type-graphql';
import { OrgRole } from '../organisation/org-role.js';

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
