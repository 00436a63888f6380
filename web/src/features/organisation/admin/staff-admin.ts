// GraphQL of the staff administration pages (system administrator; managers unlock accounts).
import { request } from '../../../api/graphql-client.js';
import { SetStaffPasswordDocument, UnlockAccountDocument } from '../../../generated/staff-account.js';
import {
  SectionOptionsDocument,
  StaffDirectoryDocument,
  StaffDirectoryWithAccountDocument,
  type StaffDirectoryFilter,
  type StaffDirectoryWithAccountQuery,
} from '../../../generated/staff-directory.js';
import {
  CreateStaffDocument,
  DeactivateStaffDocument,
  StaffMemberDocument,
  StaffMemberWithAccountDocument,
  UpdateStaffDocument,
  type StaffDetailFragment,
  type StaffMemberWithAccountQuery,
} from '../../../generated/staff-member.js';
import {
  AssignActingDocument,
  AssignRoleDocument,
  EndRoleAssignmentDocument,
  type AssignActingInput,
  type AssignRoleInput,
} from '../../../generated/staff-roles.js';

export interface SectionOption {
  id: string;
  code: string;
  name: string;
  usesJukinet: boolean;
  departmentName: string;
}
type WithAccount = NonNullable<StaffMemberWithAccountQuery['staffMember']>;
export type Account = NonNullable<WithAccount['account']>;
export type Assignment = StaffDetailFragment['roleAssignments'][number];
/** the detail page's person; account only for managers and administrators */
export type StaffRow = StaffDetailFragment & { account?: WithAccount['account'] };
export type StaffFilter = Pick<StaffDirectoryFilter, 'search' | 'sectionId' | 'includeInactive'>;
type ListWithAccount = StaffDirectoryWithAccountQuery['staffDirectory']['nodes'][number];
/** The list asks for less than the detail page (the query cost limit counts every field of every level). */
export type StaffListRow = Omit<ListWithAccount, 'account'> & { account?: ListWithAccount['account'] };

export async function loadSections(): Promise<SectionOption[]> {
  const d = await request(SectionOptionsDocument);
  return d.departments.flatMap((dep) => dep.sections.map((s) => ({ ...s, departmentName: dep.name })));
}

export async function loadStaffPage(
  filter: StaffFilter,
  after: string | null,
  withAccount: boolean,
): Promise<{ nodes: StaffListRow[]; endCursor: string | null; hasNextPage: boolean }> {
  const variables = { f: { ...filter, sectionId: filter.sectionId || null }, after };
  const d = withAccount
    ? await request(StaffDirectoryWithAccountDocument, variables)
    : await request(StaffDirectoryDocument, variables);
  return d.staffDirectory;
}

export async function loadStaff(id: string, withAccount: boolean): Promise<StaffRow | null> {
  const d = withAccount
    ? await request(StaffMemberWithAccountDocument, { id })
    : await request(StaffMemberDocument, { id });
  return d.staffMember;
}

export type StaffFields = Pick<StaffRow, 'familyName' | 'givenName' | 'familyNameKana' | 'givenNameKana' | 'title'> & {
  sectionId: string;
};

export const createStaff = async (input: StaffFields & { staffNumber: string }) =>
  (await request(CreateStaffDocument, { input })).createStaff;
export const updateStaff = async (id: string, input: Partial<StaffFields>) =>
  (await request(UpdateStaffDocument, { input: { id, ...input } })).updateStaff;
export const deactivateStaff = async (id: string, lastDay: string) =>
  (await request(DeactivateStaffDocument, { input: { id, lastDay } })).deactivateStaff;
export const assignRole = async (input: AssignRoleInput) => (await request(AssignRoleDocument, { input })).assignRole;
export const endRoleAssignment = async (id: string, lastDay: string) =>
  (await request(EndRoleAssignmentDocument, { input: { id, lastDay } })).endRoleAssignment;
export const assignActing = async (input: AssignActingInput) =>
  (await request(AssignActingDocument, { input })).assignActing;
export const setStaffPassword = async (staffId: string, password: string) =>
  (await request(SetStaffPasswordDocument, { input: { staffId, password } })).setStaffPassword;
export const unlockAccount = async (staffId: string) =>
  (await request(UnlockAccountDocument, { input: { staffId } })).unlockAccount;

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
