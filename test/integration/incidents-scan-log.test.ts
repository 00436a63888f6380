// The media scan log as a list (A19.1–2): newest first on keyset pages, by result, timing and month
// (from/to on scannedAt: the month a person picks on /incidents/scans), and only what the reader may
// see (the manager and auditors every scan; others their own).
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { RECORD_SCAN, useIncidentFixture } from '../helpers/incidents.js';
import { DEMO, type DemoPerson } from '../helpers/people.js';

const START = new Date('2026-11-26T01:00:00Z');
const f = useIncidentFixture(START);

const LIST = `query($filter: MediaScanFilterInput, $first: Int, $after: String) {
  mediaScans(filter: $filter, first: $first, after: $after) {
    nodes { medium scannedAt result direction software definitionVersion scannedBy { staffNumber } incident { type } }
    endCursor hasNextPage } }`;

async function list(who: DemoPerson, filter: Record<string, unknown> = {}, first = 100, after?: string) {
  const res = await f.gql(who, LIST, { filter, first, after });
  expect(res.errors).toBeUndefined();
  return res.data!.mediaScans as { nodes: any[]; endCursor: string | null; hasNextPage: boolean };
}
const media = async (who: DemoPerson, filter: Record<string, unknown> = {}) =>
  (await list(who, filter)).nodes.map((n) => n.medium);

// Tokyo: 2026-10-31 23:30 is October, 2026-11-01 00:30 is November
const SCANS: [DemoPerson, string, string, 'CLEAN' | 'INFECTED', 'RECEIVED' | 'SENT_OUT'][] = [
  [DEMO.citizenSectionClerk, 'USB-1', '2026-10-20T01:00:00Z', 'CLEAN', 'RECEIVED'],
  [DEMO.citizenSectionClerk, 'USB-2', '2026-10-31T14:30:00Z', 'CLEAN', 'SENT_OUT'],
  [DEMO.citizenSectionClerk, 'USB-3', '2026-10-31T15:30:00Z', 'INFECTED', 'RECEIVED'],
  [DEMO.citizenSectionClerk, 'CD-4', '2026-11-10T01:00:00Z', 'CLEAN', 'RECEIVED'],
  [DEMO.insuranceClerk, 'CD-5', '2026-11-20T01:00:00Z', 'CLEAN', 'SENT_OUT'],
];

beforeAll(async () => {
  for (const [who, medium, scannedAt, result, direction] of SCANS) {
    const res = await f.gql(who, RECORD_SCAN, {
      i: { clientId: randomUUID(), medium, direction, software: 'ESET', definitionVersion: '30012', result, scannedAt },
    });
    expect(res.errors).toBeUndefined();
  }
});

describe('A19.1–2 the media scan log list', () => {
  it('newest first on keyset pages of 2, each scan once', async () => {
    const seen: string[] = [];
    let after: string | undefined;
    for (let i = 0; i < 10; i++) {
      const page = await list(DEMO.manager, {}, 2, after);
      seen.push(...page.nodes.map((n) => n.medium));
      if (!page.hasNextPage) break;
      after = page.endCursor!;
    }
    expect(seen).toEqual(['CD-5', 'CD-4', 'USB-3', 'USB-2', 'USB-1']);
    const [first] = (await list(DEMO.manager, {}, 1)).nodes;
    expect(first).toMatchObject({
      medium: 'CD-5',
      direction: 'SENT_OUT',
      software: 'ESET',
      definitionVersion: '30012',
      scannedBy: { staffNumber: DEMO.insuranceClerk.staffNumber },
    });
  });

  it('by result (a virus found links its incident), by timing, and by month in Tokyo', async () => {
    const infected = (await list(DEMO.manager, { result: 'INFECTED' })).nodes;
    expect(infected.map((n) => [n.medium, n.incident?.type])).toEqual([['USB-3', 'VIRUS']]);
    expect(await media(DEMO.manager, { direction: 'SENT_OUT' })).toEqual(['CD-5', 'USB-2']);
    const november = { from: '2026-10-31T15:00:00Z', to: '2026-11-30T15:00:00Z' };
    const october = { from: '2026-09-30T15:00:00Z', to: '2026-10-31T15:00:00Z' };
    expect(await media(DEMO.manager, november)).toEqual(['CD-5', 'CD-4', 'USB-3']);
    expect(await media(DEMO.manager, october)).toEqual(['USB-2', 'USB-1']);
    expect(await media(DEMO.manager, { ...november, result: 'CLEAN', direction: 'RECEIVED' })).toEqual(['CD-4']);
  });

  it('who sees what: the manager and auditors every scan, a clerk their own', async () => {
    expect(await media(DEMO.auditor)).toHaveLength(5);
    expect(await media(DEMO.insuranceClerk)).toEqual(['CD-5']);
    expect(await media(DEMO.citizenSectionClerk, { result: 'CLEAN' })).toEqual(['CD-4', 'USB-2', 'USB-1']);
  });
});
