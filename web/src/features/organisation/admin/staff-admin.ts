// GraphQL of the staff administration pages (system administrator; managers unlock accounts).
import { request } from '../../../api/graphql-client.js';

export interface SectionOption {
  id: string;
  code: string;
  name: string;
  usesJukinet: boolean;
  departmentName: string;
}
export interface Assignment {
  id: string;
  role: string;
  validFrom: string;
  validTo: string | null;
  note: string | null;
  section: { code: string; name: string } | null;
}
export interface Account {
  hasPassword: boolean;
  lockedAt: string | null;
  failedAttempts: number;
  passkeys: number;
  lastSignInAt: string | null;
}
export interface StaffRow {
  id: string;
  staffNumber: string;
  familyName: string;
  givenName: string;
  familyNameKana: string;
  givenNameKana: string;
  fullName: string;
  fullNameKana: string;
  title: string;
  active: boolean;
  section: { id: string; code: string; name: string };
  roleAssignments: Assignment[];
  account?: Account | null;
}
export interface StaffFilter {
  search?: string;
  sectionId?: string;
  includeInactive?: boolean;
}

const STAFF = `id staffNumber familyName givenName familyNameKana givenNameKana fullName fullNameKana title active
  section { id code name }
  roleAssignments { id role validFrom validTo note section { code name } }`;
const ACCOUNT = `account { hasPassword lockedAt failedAttempts passkeys lastSignInAt }`;
/** The list asks for less than the detail page (the query cost limit counts every field of every level). */
const LIST = `id staffNumber fullName fullNameKana title active section { name } roleAssignments { id role validFrom validTo }`;
const LIST_ACCOUNT = `account { hasPassword lockedAt }`;
export type StaffListRow = Pick<StaffRow, 'id' | 'staffNumber' | 'fullName' | 'fullNameKana' | 'title' | 'active'> & {
  section: { name: string };
  roleAssignments: Pick<Assignment, 'id' | 'role' | 'validFrom' | 'validTo'>[];
  account?: Pick<Account, 'hasPassword' | 'lockedAt'> | null;
};

export async function loadSections(): Promise<SectionOption[]> {
  const d = await request<{
    departments: { name: string; sections: Omit<SectionOption, 'departmentName'>[] }[];
  }>(`{ departments { name sections { id code name usesJukinet } } }`);
  return d.departments.flatMap((dep) => dep.sections.map((s) => ({ ...s, departmentName: dep.name })));
}

export async function loadStaffPage(
  filter: StaffFilter,
  after: string | null,
  withAccount: boolean,
): Promise<{ nodes: StaffListRow[]; endCursor: string | null; hasNextPage: boolean }> {
  const d = await request<{
    staffDirectory: { nodes: StaffListRow[]; endCursor: string | null; hasNextPage: boolean };
  }>(
    `query($f: StaffDirectoryFilter, $after: String) {
      staffDirectory(filter: $f, first: 50, after: $after) { nodes { ${LIST} ${withAccount ? LIST_ACCOUNT : ''} } endCursor hasNextPage } }`,
    { f: { ...filter, sectionId: filter.sectionId || null }, after },
  );
  return d.staffDirectory;
}

export async function loadStaff(id: string, withAccount: boolean): Promise<StaffRow | null> {
  const d = await request<{ staffMember: StaffRow | null }>(
    `query($id: ID!) { staffMember(id: $id) { ${STAFF} ${withAccount ? ACCOUNT : ''} } }`,
    { id },
  );
  return d.staffMember;
}

const mutate = <T>(field: string, inputType: string, input: Record<string, unknown>, select = '') =>
  request<Record<string, T>>(
    `mutation($input: ${inputType}!) { ${field}(input: $input)${select ? ` { ${select} }` : ''} }`,
    { input },
  ).then((d) => d[field]);

export type StaffFields = Pick<StaffRow, 'familyName' | 'givenName' | 'familyNameKana' | 'givenNameKana' | 'title'> & {
  sectionId: string;
};

export const createStaff = (input: StaffFields & { staffNumber: string }) =>
  mutate<{ id: string }>('createStaff', 'CreateStaffInput', input, 'id');
export const updateStaff = (id: string, input: Partial<StaffFields>) =>
  mutate<{ id: string }>('updateStaff', 'UpdateStaffInput', { id, ...input }, 'id');
export const deactivateStaff = (id: string, lastDay: string) =>
  mutate<{ id: string }>('deactivateStaff', 'DeactivateStaffInput', { id, lastDay }, 'id');
export const assignRole = (input: {
  role: string;
  staffId: string;
  sectionId?: string | null;
  validFrom: string;
  validTo?: string | null;
  note?: string | null;
}) => mutate<{ id: string }>('assignRole', 'AssignRoleInput', input, 'id');
export const endRoleAssignment = (id: string, lastDay: string) =>
  mutate<{ id: string }>('endRoleAssignment', 'EndRoleAssignmentInput', { id, lastDay }, 'id');
export const assignActing = (input: {
  role: string;
  actingStaffId: string;
  startsOn: string;
  endsOn: string;
  reason: string;
}) => mutate<{ id: string }>('assignActing', 'AssignActingInput', input, 'id');
export const setStaffPassword = (staffId: string, password: string) =>
  mutate<boolean>('setStaffPassword', 'SetStaffPasswordInput', { staffId, password });
export const unlockAccount = (staffId: string) => mutate<boolean>('unlockAccount', 'StaffIdInput', { staffId });

/** A readable one-time password for a first issue or a reset (the person changes it after signing in). */
export function generatePassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  const chars = [...bytes].map((b) => alphabet[b % alphabet.length]);
  return [0, 4, 8, 12].map((i) => chars.slice(i, i + 4).join('')).join('-');
}

export const ROLES = [
  'CHIEF',
  'DEPUTY_CHIEF',
  'MANAGER',
  'OPERATIONS_MANAGER',
  'PIN_ADMINISTRATOR',
  'RESIDENT_INFORMATION_DIRECTOR',
] as const;
export const SECTION_ROLES = ['OPERATIONS_MANAGER'];
export const ACTABLE_ROLES = ['CHIEF', 'DEPUTY_CHIEF', 'MANAGER'];
