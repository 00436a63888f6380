// The compliance report (compliance(on)): every article of the standard with its status, judged by
// the server from the records; typed from compliance.graphql by `npm run codegen`.
import { request } from '../../api/graphql-client.js';
import {
  ComplianceDocument,
  type ComplianceQuery,
  type ComplianceStatus as GeneratedComplianceStatus,
} from '../../generated/compliance.js';

export type ComplianceStatus = GeneratedComplianceStatus;
export const STATUSES: readonly ComplianceStatus[] = ['VIOLATION', 'ATTENTION', 'NOT_COVERED', 'OK'];

export type ComplianceReport = ComplianceQuery['compliance'];
export type ComplianceArticle = ComplianceReport['articles'][number];
/** `link`: the page where it is put right (a path of this app), if there is one */
export type ComplianceControlResult = ComplianceArticle['controls'][number];
export type ComplianceSummary = ComplianceReport['summary'];

export async function loadCompliance(on: string): Promise<ComplianceReport> {
  return (await request(ComplianceDocument, { on })).compliance;
}

export const summaryCount = (s: ComplianceSummary, status: ComplianceStatus): number =>
  ({ OK: s.ok, ATTENTION: s.attention, VIOLATION: s.violation, NOT_COVERED: s.notCovered })[status];

export interface Chapter {
  chapter: number;
  title: string;
  titleEn: string;
  articles: ComplianceArticle[];
}

/** Articles by chapter, in the order the server gives them. */
export function byChapter(articles: readonly ComplianceArticle[]): Chapter[] {
  const chapters = new Map<number, Chapter>();
  for (const a of articles) {
    let c = chapters.get(a.chapter);
    if (!c)
      chapters.set(
        a.chapter,
        (c = { chapter: a.chapter, title: a.chapterTitle, titleEn: a.chapterTitleEn, articles: [] }),
      );
    c.articles.push(a);
  }
  return [...chapters.values()];
}

/** Filters of the page: all, problems (violation or attention), or one status. */
export type ComplianceFilter = 'all' | 'problems' | 'VIOLATION' | 'ATTENTION' | 'NOT_COVERED';
export const FILTERS: readonly ComplianceFilter[] = ['all', 'problems', 'VIOLATION', 'ATTENTION', 'NOT_COVERED'];

export function matches(filter: ComplianceFilter, status: ComplianceStatus): boolean {
  if (filter === 'all') return true;
  if (filter === 'problems') return status === 'VIOLATION' || status === 'ATTENTION';
  return status === filter;
}
