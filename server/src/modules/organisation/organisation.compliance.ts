// What the organisation module tells the compliance view: every role the standard names has a holder
// on the day asked (A3–A5, A6 per using section, A7.1), from the role assignments of that day.
import { OrgRole } from '../../shared/authority.js';
import type { ComplianceControl, ComplianceFinding } from '../../shared/module.js';
import type { OrganisationService } from './organisation.service.js';
import type { RoleHolder } from './organisation.types.js';

export interface OrganisationComplianceServices {
  organisation: OrganisationService;
}

const ROLE_JA: Record<OrgRole, string> = {
  [OrgRole.CHIEF]: '住基ネット統括者',
  [OrgRole.DEPUTY_CHIEF]: '住基ネット副統括者',
  [OrgRole.MANAGER]: '住基ネット管理者',
  [OrgRole.OPERATIONS_MANAGER]: '住基ネット運用管理者',
  [OrgRole.PIN_ADMINISTRATOR]: '暗証番号管理者',
  [OrgRole.RESIDENT_INFORMATION_DIRECTOR]: '住民情報担当部長',
};

/** One city-wide role: held → OK; vacant but someone acts for it (A9.7) → ATTENTION; vacant → VIOLATION. */
export function singleHolderFinding(role: OrgRole, rows: readonly RoleHolder[]): ComplianceFinding {
  const row = rows.find((r) => r.role === role);
  const name = ROLE_JA[role];
  if (row?.holder) {
    const acting = row.acting ? `(職務代理: ${row.acting.actingStaff?.fullName ?? '—'})` : '';
    return { status: 'OK', reason: `${name}: ${row.holder.fullName}${acting}` };
  }
  if (row?.acting?.actingStaff) {
    return {
      status: 'ATTENTION',
      reason: `${name}が欠員です。${row.acting.actingStaff.fullName}が職務を代理しています。`,
    };
  }
  return { status: 'VIOLATION', reason: `${name}が任命されていません。` };
}

/** A6: each section that uses Juki-net has an operations manager. */
export function operationsManagersFinding(rows: readonly RoleHolder[]): ComplianceFinding {
  const sections = rows.filter((r) => r.role === OrgRole.OPERATIONS_MANAGER && r.section);
  if (!sections.length) return { status: 'ATTENTION', reason: '住基ネットを利用する課が登録されていません。' };
  const vacant = sections.filter((r) => !r.holder).map((r) => r.section!.name);
  if (vacant.length) {
    return {
      status: 'VIOLATION',
      reason: `運用管理者が欠員の課があります (${vacant.length}課: ${vacant.join('・')})。`,
    };
  }
  return { status: 'OK', reason: `住基ネットを利用する${sections.length}課すべてに運用管理者がいます。` };
}

export function organisationCompliance(s: OrganisationComplianceServices): ComplianceControl[] {
  const single = (article: string, role: OrgRole, title: string): ComplianceControl => ({
    article,
    title,
    link: '/',
    evaluate: async ({ on }) => singleHolderFinding(role, await s.organisation.roleHolders(on)),
  });
  return [
    single('A3', OrgRole.CHIEF, '統括者が任命されている'),
    single('A4', OrgRole.DEPUTY_CHIEF, '副統括者が任命されている'),
    single('A5', OrgRole.MANAGER, '管理者が任命されている'),
    {
      article: 'A6',
      title: '住基ネットを利用する課ごとに運用管理者がいる',
      link: '/',
      evaluate: async ({ on }) => operationsManagersFinding(await s.organisation.roleHolders(on)),
    },
    single('A7.1', OrgRole.PIN_ADMINISTRATOR, '暗証番号管理者が任命されている'),
  ];
}
