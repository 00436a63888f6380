// The media scan log's list (A19.1–2): its filters as the URL carries them (?result=INFECTED&month=2026-11,
// so the compliance view and a bookmark open it filtered) and the page of scans they ask for.
import type { LocationQuery } from 'vue-router';
import { request } from '../../api/graphql-client.js';
import {
  MediaScansDocument,
  type MediaScanFilterInput,
  type MediaScanRowFragment,
  type ScanDirection,
  type ScanResult,
} from '../../generated/scans.js';

export type ScanRow = MediaScanRowFragment;
export const SCAN_RESULTS: readonly ScanResult[] = ['CLEAN', 'INFECTED'];
export const SCAN_DIRECTIONS: readonly ScanDirection[] = ['RECEIVED', 'SENT_OUT'];
export const SCAN_PAGE_SIZE = 30;

export interface ScanFilter {
  result: ScanResult | null;
  direction: ScanDirection | null;
  /** 'YYYY-MM' (Tokyo) */
  month: string | null;
}

const one = (v: LocationQuery[string]): string | null => (typeof v === 'string' ? v : null);
const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function scanFilterFromQuery(q: LocationQuery): ScanFilter {
  const result = one(q.result) as ScanResult | null;
  const direction = one(q.direction) as ScanDirection | null;
  const month = one(q.month);
  return {
    result: result && SCAN_RESULTS.includes(result) ? result : null,
    direction: direction && SCAN_DIRECTIONS.includes(direction) ? direction : null,
    month: month && MONTH.test(month) ? month : null,
  };
}

export const queryOfScanFilter = (f: ScanFilter): Record<string, string> => ({
  ...(f.result ? { result: f.result } : {}),
  ...(f.direction ? { direction: f.direction } : {}),
  ...(f.month ? { month: f.month } : {}),
});

/** A Tokyo month 'YYYY-MM' → the instants it starts and the next one starts. */
export function monthRange(month: string): { from: string; to: string } {
  const [y, m] = month.split('-').map(Number);
  const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
  return {
    from: new Date(`${month}-01T00:00:00+09:00`).toISOString(),
    to: new Date(`${next}-01T00:00:00+09:00`).toISOString(),
  };
}

const apiFilter = (f: ScanFilter): MediaScanFilterInput => ({
  result: f.result,
  direction: f.direction,
  ...(f.month ? monthRange(f.month) : {}),
});

export async function scanPage(f: ScanFilter, after: string | null) {
  return (await request(MediaScansDocument, { filter: apiFilter(f), first: SCAN_PAGE_SIZE, after })).mediaScans;
}
