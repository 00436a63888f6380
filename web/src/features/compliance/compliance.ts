// The compliance report (compliance(on)): every article of the standard with its status, judged by
// the server from the records; typed by hand from schema.graphql like the other features.
import { request } from '../../api/graphql-client.js';

export type ComplianceStatus = 'OK' | 'ATTENTION' | 'VIOLATION' | 'NOT_COVERED';
export const STATUSES: readonly ComplianceStatus[] = ['VIOLATION', 'ATTENTION', 'NOT_COVERED', 'OK'];

export interface ComplianceControlResult {
  article: string;
  title: string;
  status: ComplianceStatus;
  reason: string;
  /** the page where it is put right (a path of this app), if there is one */
  link: string | null;
}

export interface ComplianceArticle {
  id: string;
  chapter: number;
  chapterTitle: string;
  chapterTitleEn: string;
  title: string;
  titleEn: string;
  rule: string;
  status: ComplianceStatus;
  controls: ComplianceControlResult[];
}

export interface ComplianceSummary {
  ok: number;
  attention: number;
  violation: number;
  notCovered: number;
}

export interface ComplianceReport {
  on: string;
  evaluatedAt: string;
  articles: ComplianceArticle[];
  summary: ComplianceSummary;
}

const QUERY = `query Compliance($on: LocalDate) {
  compliance(on: $on) {
    on
    evaluatedAt
    summary { ok attention violation notCovered }
    articles {
      id chapter chapterTitle chapterTitleEn title titleEn rule status
      controls { article title status reason link }
    }
  }
}`;

export async function loadCompliance(on: string): Promise<ComplianceReport> {
  return (await request<{ compliance: ComplianceReport }>(QUERY, { on })).compliance;
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
