// GraphQL of the investigation pages (A21) and the retention page (A20.2), typed by `npm run codegen`.
import { request } from '../../api/graphql-client.js';
import {
  InvestigationDocument,
  InvestigationSubjectsDocument,
  LinkInvestigationRecordDocument,
  OpenInvestigationDocument,
  RecordInvestigationFindingsDocument,
  type InvestigationQuery,
  type InvestigationSubjectsQuery,
  type LinkInvestigationRecordInput,
  type OpenInvestigationInput,
} from '../../generated/investigations.js';
import {
  ArchiveOperationRecordMonthDocument,
  LiftOplogLegalHoldDocument,
  OplogRetentionDocument,
  SetOplogLegalHoldDocument,
  type OplogRetentionQuery,
} from '../../generated/oplog-retention.js';

export type InvestigationDetail = InvestigationQuery['investigation'];
export type SubjectOption = InvestigationSubjectsQuery['staffDirectory']['nodes'][number];
export type Retention = OplogRetentionQuery;

export const loadInvestigation = async (id: string): Promise<InvestigationDetail> =>
  (await request(InvestigationDocument, { id })).investigation;
export const searchSubjects = async (search: string): Promise<SubjectOption[]> =>
  (await request(InvestigationSubjectsDocument, { search })).staffDirectory.nodes;
export const openInvestigation = async (i: OpenInvestigationInput): Promise<string> =>
  (await request(OpenInvestigationDocument, { i })).openInvestigation.id;
export const recordInvestigationFindings = (id: string, findings: string, close: boolean) =>
  request(RecordInvestigationFindingsDocument, { i: { id, findings, close } });
export const linkRecord = (i: LinkInvestigationRecordInput) => request(LinkInvestigationRecordDocument, { i });

export const loadRetention = () => request(OplogRetentionDocument);
export const archiveMonth = (month: string) => request(ArchiveOperationRecordMonthDocument, { i: { month } });
export const setHold = (reason: string, from: string | null, to: string | null) =>
  request(SetOplogLegalHoldDocument, { i: { reason, from, to } });
export const liftHold = (id: string, reason: string) => request(LiftOplogLegalHoldDocument, { i: { id, reason } });

/** 'YYYY-MM-DDTHH:mm' in Tokyo (a datetime-local input's value) for an instant. */
export const tokyoLocal = (d: Date) => new Date(d.getTime() + 9 * 3_600_000).toISOString().slice(0, 16);
/** The instant of a datetime-local value ('YYYY-MM-DDTHH:mm' or with seconds) read in Tokyo. */
export const fromTokyoLocal = (v: string) => new Date(`${v.length === 16 ? `${v}:00` : v}+09:00`).toISOString();

/** A month's age ('YYYY-MM' to the current Tokyo month) in whole years and months. */
export function monthAge(month: string, now = new Date()): { years: number; months: number } {
  const tokyo = new Date(now.getTime() + 9 * 3_600_000);
  const [y, m] = month.split('-').map(Number);
  const total = (tokyo.getUTCFullYear() - y) * 12 + (tokyo.getUTCMonth() + 1 - m);
  return { years: Math.floor(total / 12), months: total % 12 };
}
