// The incident types of the standard and the steps each one mandates, as data (REQUIREMENTS §5):
// who must do each step (a role of A3–A6, or anyone on the spot), how soon, and under which
// article. The manager may add steps to an incident; these are the ones it starts with.
import { registerEnumType } from 'type-graphql';
import { OrgRole } from '../../shared/authority.js';

export enum IncidentType {
  /** ウイルス感染 (A19.3–4) */
  VIRUS = 'VIRUS',
  /** 不正アクセス行為 (A22) */
  UNAUTHORISED_ACCESS = 'UNAUTHORISED_ACCESS',
  /** システムの障害 (A27) */
  SYSTEM_FAILURE = 'SYSTEM_FAILURE',
  /** 災害又は緊急事態 (A28) */
  DISASTER = 'DISASTER',
  /** 火災 (A29) */
  FIRE = 'FIRE',
  /** 比較的大規模な地震、落雷による停電 (A30) */
  EARTHQUAKE_OR_LIGHTNING = 'EARTHQUAKE_OR_LIGHTNING',
  /** 許可のない入室 (A12.2): opened by the entry/exit register itself */
  ACCESS_ANOMALY = 'ACCESS_ANOMALY',
}
registerEnumType(IncidentType, { name: 'IncidentType', description: 'インシデントの種類 (A12.2, A19, A22, A27–A30)' });

/**
 * How soon: IMMEDIATE (直ちに, or plainly urgent) and PROMPT (速やかに) take their minutes from
 * config.incidents; NONE has no limit (following a manual, acting on instructions).
 */
export type Urgency = 'IMMEDIATE' | 'PROMPT' | 'NONE';

export interface StepDefinition {
  /** stable within the type, e.g. 'disconnect' */
  key: string;
  /** what to do, in Japanese */
  label: string;
  /** who must do it; null: anyone on the spot (A29.1: 管理者等及び職員) */
  role: OrgRole | null;
  /** the requirement id it comes from */
  article: string;
  due: Urgency;
  /** done by the first instruction the manager records (A28) */
  doneByInstruction?: boolean;
  /** done when the last row of the disaster-mode checklist is confirmed (A30.1) */
  doneByChecklist?: boolean;
  /** done by the first damage report of someone who may do it (A29.2, A30.2) */
  doneByDamageReport?: boolean;
}

export interface TypeDefinition {
  type: IncidentType;
  /** the requirement ids of the type, as the compliance view names them */
  articles: string[];
  label: string;
  /** the role the standard names as receiving the report */
  reportTo: OrgRole;
  /** how soon the report must be acknowledged (IMMEDIATE: 直ちに) */
  ack: Exclude<Urgency, 'NONE'>;
  /** the type's response manual (A22.2, A27), linked on each incident while the configuration register is not there */
  manual?: 'unauthorisedAccess' | 'systemFailure';
  steps: StepDefinition[];
  /**
   * Disaster mode (A30): 'auto' for a type whose report declares it (a large earthquake, a lightning
   * power cut), 'manual' for one the manager may switch into it. Damage reports per room (A29.2,
   * A30.2) are taken for these types.
   */
  disasterMode?: 'auto' | 'manual';
}

const { OPERATIONS_MANAGER: OM, MANAGER } = OrgRole;

export const INCIDENT_TYPES: Readonly<Record<IncidentType, TypeDefinition>> = {
  VIRUS: {
    type: IncidentType.VIRUS,
    articles: ['A19.3', 'A19.4'],
    label: 'ウイルス感染',
    reportTo: MANAGER,
    ack: 'IMMEDIATE',
    steps: [
      { key: 'disconnect', label: 'ネットワークの接続を遮断する', role: OM, article: 'A19.3', due: 'IMMEDIATE' },
      { key: 'reportCause', label: '感染の経緯を管理者に報告する', role: OM, article: 'A19.3', due: 'PROMPT' },
      { key: 'notifySource', label: '感染した磁気記録の入手元に連絡する', role: OM, article: 'A19.3', due: 'PROMPT' },
      {
        key: 'notifyOperationsManagers',
        label: '運用管理者に速やかに連絡する',
        role: MANAGER,
        article: 'A19.4',
        due: 'PROMPT',
      },
      { key: 'preventSpread', label: '感染の拡大を防ぐ措置をとる', role: MANAGER, article: 'A19.4', due: 'PROMPT' },
    ],
  },
  UNAUTHORISED_ACCESS: {
    type: IncidentType.UNAUTHORISED_ACCESS,
    articles: ['A22.1–3'],
    label: '不正アクセス',
    reportTo: MANAGER,
    ack: 'IMMEDIATE',
    manual: 'unauthorisedAccess',
    steps: [
      { key: 'reportToManager', label: '管理者に報告する', role: OM, article: 'A22.1–3', due: 'IMMEDIATE' },
      {
        key: 'followManual',
        label: '不正アクセス行為を受けたときの対応マニュアルに従って対処する',
        role: MANAGER,
        article: 'A22.1–3',
        due: 'NONE',
      },
    ],
  },
  SYSTEM_FAILURE: {
    type: IncidentType.SYSTEM_FAILURE,
    articles: ['A27'],
    label: 'システムの障害',
    reportTo: MANAGER,
    ack: 'PROMPT',
    manual: 'systemFailure',
    steps: [
      {
        key: 'followManual',
        label: '障害対策マニュアルの作業手順に従って対処する',
        role: MANAGER,
        article: 'A27',
        due: 'NONE',
      },
      { key: 'confirmRecovery', label: '復旧を確認する', role: MANAGER, article: 'A27', due: 'NONE' },
    ],
  },
  DISASTER: {
    type: IncidentType.DISASTER,
    articles: ['A28'],
    label: '災害又は緊急事態',
    reportTo: MANAGER,
    ack: 'IMMEDIATE',
    disasterMode: 'manual',
    steps: [
      { key: 'contactManager', label: '直ちに管理者に連絡する', role: OM, article: 'A28', due: 'IMMEDIATE' },
      {
        key: 'instructions',
        label: '対処を指示する',
        role: MANAGER,
        article: 'A28',
        due: 'IMMEDIATE',
        doneByInstruction: true,
      },
      { key: 'actOnInstructions', label: '管理者の指示により対処する', role: OM, article: 'A28', due: 'NONE' },
    ],
  },
  FIRE: {
    type: IncidentType.FIRE,
    articles: ['A29'],
    label: '火災',
    reportTo: MANAGER,
    ack: 'IMMEDIATE',
    disasterMode: 'manual',
    steps: [
      {
        key: 'containDamage',
        label: '検知装置・消火設備等を活用し被害の拡大を防ぐ',
        role: null,
        article: 'A29',
        due: 'IMMEDIATE',
      },
      {
        key: 'reportDamage',
        label: '被害の状況を直ちに管理者に報告する',
        role: OM,
        article: 'A29',
        due: 'IMMEDIATE',
        doneByDamageReport: true,
      },
    ],
  },
  EARTHQUAKE_OR_LIGHTNING: {
    type: IncidentType.EARTHQUAKE_OR_LIGHTNING,
    articles: ['A30'],
    label: '地震・落雷による停電等',
    reportTo: MANAGER,
    ack: 'IMMEDIATE',
    disasterMode: 'auto',
    steps: [
      {
        key: 'shutDown',
        label: '直ちにシステムを終了する',
        role: OM,
        article: 'A30',
        due: 'IMMEDIATE',
        doneByChecklist: true,
      },
      {
        key: 'powerOffTerminals',
        label: '端末装置の電源を切断する',
        role: OM,
        article: 'A30',
        due: 'IMMEDIATE',
        doneByChecklist: true,
      },
      {
        key: 'reportDamage',
        label: '被害の状況を直ちに管理者に報告する',
        role: OM,
        article: 'A30',
        due: 'IMMEDIATE',
        doneByDamageReport: true,
      },
    ],
  },
  ACCESS_ANOMALY: {
    type: IncidentType.ACCESS_ANOMALY,
    articles: ['A12.2'],
    label: '許可のない入室',
    reportTo: MANAGER,
    ack: 'PROMPT',
    steps: [
      {
        key: 'confirmEntry',
        label: '入室の事実と理由を確認する',
        role: MANAGER,
        article: 'A12.2',
        due: 'PROMPT',
      },
      { key: 'preventRecurrence', label: '再発を防ぐ措置をとる', role: MANAGER, article: 'A12.2', due: 'NONE' },
    ],
  },
};

/**
 * The roles a report climbs when nobody acknowledges it (REQUIREMENTS §5): from the role it went
 * to, one up each time the limit passes.
 */
export const ESCALATION: readonly OrgRole[] = [
  OrgRole.OPERATIONS_MANAGER,
  OrgRole.MANAGER,
  OrgRole.DEPUTY_CHIEF,
  OrgRole.CHIEF,
];

/** Its place in ESCALATION (-1: not on it). */
export const rankOf = (role: OrgRole | null): number => (role ? ESCALATION.indexOf(role) : -1);

/**
 * Whether someone holding `held` may do what `role` must do: the role itself or one above it on
 * the chain (the manager may cut the network when the operations manager cannot); a step for
 * anyone (null) is anyone's.
 */
export function mayStandIn(role: OrgRole | null, held: readonly OrgRole[]): boolean {
  if (role === null) return true;
  if (held.includes(role)) return true;
  const need = rankOf(role);
  return need >= 0 && held.some((h) => rankOf(h) > need);
}
