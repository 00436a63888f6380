// The demo office's people by what they are in the tests, instead of bare staff numbers. Role holders
// are looked up in the seed's own assignments (server/src/db/seed/demo-organisation.ts), so a change
// of who holds a role there moves the tests with it; everyone else is named once here and checked
// against the seed's staff list (a number the seed does not have fails on import).
import { demoAppRoles, demoAssignments, demoDepartments } from '../../server/src/db/seed/demo-organisation.js';

export interface DemoPerson {
  staffNumber: string;
  /** 氏名 as the API shows it: 姓 名 */
  fullName: string;
  /** ふりがな: せい めい */
  fullNameKana: string;
  title: string;
  /** code of the person's section, e.g. S0202 */
  sectionCode: string;
}

const everyone = new Map<string, DemoPerson>();
for (const d of demoDepartments)
  for (const s of d.sections)
    for (const [staffNumber, family, given, familyKana, givenKana, title] of s.staff)
      everyone.set(staffNumber, {
        staffNumber,
        fullName: `${family} ${given}`,
        fullNameKana: `${familyKana} ${givenKana}`,
        title,
        sectionCode: s.code,
      });

/** The seeded person with this staff number; throws for a number the seed does not have. */
export function demoPerson(staffNumber: string): DemoPerson {
  const p = everyone.get(staffNumber);
  if (!p) throw new Error(`no demo staff member ${staffNumber} in the seed`);
  return p;
}

/** The current holder of a role (A3–A7); for an operations manager, the one of that section. */
function holder(role: string, sectionCode: string | null = null): DemoPerson {
  const found = demoAssignments.filter(
    ([r, , s, , to]) => r === role && to === null && (!sectionCode || s === sectionCode),
  );
  if (found.length === 0) throw new Error(`no current ${role}${sectionCode ? ` of ${sectionCode}` : ''} in the seed`);
  return demoPerson(found[0][1]);
}

/** The holder of an application role (system administrator, auditor). */
function appRoleHolder(role: string): DemoPerson {
  const found = demoAppRoles.find(([r]) => r === role);
  if (!found) throw new Error(`no ${role} in the seed`);
  return demoPerson(found[1]);
}

/** A role holder's predecessor: the last term of that role that has ended. */
function formerHolder(role: string): DemoPerson {
  const found = demoAssignments.filter(([r, , , , to]) => r === role && to !== null);
  if (found.length === 0) throw new Error(`no former ${role} in the seed`);
  return demoPerson(found[found.length - 1][1]);
}

export const DEMO = {
  // role holders (A3–A7, A9.3) and application roles, as the seed assigns them
  /** 統括者 (A3), 副市長 鈴木 一郎 */
  chief: holder('CHIEF'),
  /** 副統括者 (A4), 企画部長 高橋 誠; acts for the chief in August (A9.7) */
  deputyChief: holder('DEPUTY_CHIEF'),
  /** 管理者 (A5), 情報政策課長 田中 美穂 */
  manager: holder('MANAGER'),
  /** the manager until 2026-03-31, now 職員課長 渡辺 健一 */
  formerManager: formerHolder('MANAGER'),
  /** 運用管理者 (A6) of 市民課 (S0401), 伊藤 直子; also the PIN administrator */
  operationsManager: holder('OPERATIONS_MANAGER', 'S0401'),
  /** 運用管理者 (A6) of 保険年金課 (S0402), 山本 浩 */
  insuranceOperationsManager: holder('OPERATIONS_MANAGER', 'S0402'),
  /** 運用管理者 (A6) of 若葉台出張所 (S0403), 中村 聡 */
  branchOperationsManager: holder('OPERATIONS_MANAGER', 'S0403'),
  /** 暗証番号管理者 (A7), 伊藤 直子 (the same person as the operations manager of 市民課) */
  pinAdministrator: holder('PIN_ADMINISTRATOR'),
  /** 住民情報を担当する部長 (A9.3(6)), 市民部長 小林 和子 */
  residentInformationDirector: holder('RESIDENT_INFORMATION_DIRECTOR'),
  /** システム管理者, 情報システム係長 林 健太 */
  systemAdministrator: appRoleHolder('SYSTEM_ADMINISTRATOR'),
  /** 監査者, 総務課長 橋本 真理子 */
  auditor: appRoleHolder('AUDITOR'),

  // staff with no role: each named once here, checked against the seed
  /** 情報政策課 主事 森 玲奈: the operator of the examples, no role at all */
  operator: demoPerson('200305'),
  /** 情報政策課 主任 清水 彩: no role; the register tests' person who works in R01 and R02 */
  itStaff: demoPerson('200303'),
  /** 情報政策課 主事 山崎 拓也: no role; in the register tests authorised for R01 only */
  itJunior: demoPerson('200304'),
  /** 秘書広報課 主事 松本 翔太 (市長公室) */
  secretariatClerk: demoPerson('100203'),
  /** 総務部長 池田 茂: a department head with no role */
  generalAffairsDirector: demoPerson('300001'),
  /** 総務課 主事 阿部 悠斗 */
  generalAffairsClerk: demoPerson('300103'),
  /** 職員課 主任 石川 愛 */
  personnelStaff: demoPerson('300202'),
  /** 市民課 住民記録係長 山田 太郎: in the section of the operations manager */
  residentRecordsChief: demoPerson('400102'),
  /** 市民課 主任 加藤 さくら */
  citizenSectionStaff: demoPerson('400103'),
  /** 市民課 主事 吉田 陽介 */
  citizenSectionClerk: demoPerson('400104'),
  /** 市民課 主事 山口 美咲 */
  citizenSectionJunior: demoPerson('400105'),
  /** 保険年金課 国保係長 斎藤 恵子 */
  insuranceStaff: demoPerson('400202'),
  /** 保険年金課 主事 近藤 亮 */
  insuranceClerk: demoPerson('400203'),
  /** 若葉台出張所 主任 藤田 明美 */
  branchStaff: demoPerson('400302'),
  /** 福祉総務課長 後藤 千尋: a section head with no role */
  welfareSectionChief: demoPerson('500102'),
  /** 福祉総務課 主事 長谷川 涼 */
  welfareClerk: demoPerson('500103'),
} as const;
