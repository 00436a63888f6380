// Hardening §1: a manager may record entries and exits for anyone by hand (from the paper register
// kept while the tablets were down). Such lines are their own kind, a paper-fallback entry
// (紙の記録からの転記): apart in the register, the export and the chief's A13 report.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../helpers/app.js';
import { OK_CHECKLIST } from '../helpers/door-tablet.js';
import { gql, signIn } from '../helpers/graphql.js';
import { tokyo, useOctoberRegister } from '../helpers/october-register.js';
import { DEMO } from '../helpers/people.js';

const f = useOctoberRegister();
const RECORD = `mutation($i: RecordAccessEventsInput!) { recordAccessEvents(input: $i) { results { outcome anomalies } } }`;

describe('Hardening §1 paper-fallback entries', () => {
  it('Hardening §1 lines a manager types in by hand are paper-fallback entries in the register, the export and the A13 report', async () => {
    f.clock = new Date('2026-10-31T00:00:00Z');
    try {
      const typist = await signIn(f.t.app.http, DEMO.manager.staffNumber, DEMO_PASSWORD);
      const res = await gql(
        f.t.app.http,
        RECORD,
        {
          i: {
            deviceNow: f.clock.toISOString(),
            events: [
              { direction: 'ENTER', at: tokyo(20, '09:30') },
              { direction: 'EXIT', at: tokyo(20, '10:00'), checklist: OK_CHECKLIST },
            ].map(({ at, ...e }) => ({
              ...e,
              clientEventId: randomUUID(),
              staffId: f.idOf(DEMO.itStaff),
              roomId: f.rooms.R01,
              purpose: '停電中の保守 (紙の記録から)',
              deviceTime: at.toISOString(),
            })),
          },
        },
        typist,
      );
      expect(res.errors).toBeUndefined();
      expect(res.data!.recordAccessEvents.results.map((r: any) => r.outcome)).toEqual(['ACCEPTED', 'ACCEPTED']);
    } finally {
      f.clock = new Date('2026-10-05T00:00:00Z');
    }
    const manager = await signIn(f.t.app.http, DEMO.manager.staffNumber, DEMO_PASSWORD);

    // the register: each event says how it was recorded, and who typed it in
    const events = (
      await gql(
        f.t.app.http,
        `{ accessEvents(first: 50) { nodes { purpose source recordedBy { staffNumber } } } }`,
        {},
        manager,
      )
    ).data!.accessEvents.nodes as any[];
    const byHand = events.filter((e) => e.purpose.startsWith('停電中'));
    expect(byHand).toEqual([
      {
        purpose: '停電中の保守 (紙の記録から)',
        source: 'PAPER_FALLBACK',
        recordedBy: { staffNumber: DEMO.manager.staffNumber },
      },
      {
        purpose: '停電中の保守 (紙の記録から)',
        source: 'PAPER_FALLBACK',
        recordedBy: { staffNumber: DEMO.manager.staffNumber },
      },
    ]);
    expect(events.filter((e) => !e.purpose.startsWith('停電中')).every((e) => e.source === 'DOOR_TABLET')).toBe(true);

    // the chief's A13 report: counted per room, and the line listed as such
    const chief = await signIn(f.t.app.http, DEMO.chief.staffNumber, DEMO_PASSWORD);
    const report = (
      await gql(
        f.t.app.http,
        `{ accessReport(month: "2026-10") { rooms { roomCode paperFallbackEvents } } }`,
        {},
        chief,
      )
    ).data!.accessReport.rooms as any[];
    expect(report.find((r) => r.roomCode === 'R01').paperFallbackEvents).toBe(2);
    expect(report.find((r) => r.roomCode === 'R02').paperFallbackEvents).toBe(0);
    const visits = (
      await gql(
        f.t.app.http,
        `{ accessVisits(month: "2026-10") { nodes { purpose paperFallback transcribedBy } } }`,
        {},
        chief,
      )
    ).data!.accessVisits.nodes as any[];
    expect(visits.filter((v) => v.paperFallback)).toEqual([
      { purpose: '停電中の保守 (紙の記録から)', paperFallback: true, transcribedBy: DEMO.manager.fullName },
    ]);

    // the export: a column says how each line was recorded
    const csv = await f.t.app.http.inject({
      method: 'GET',
      url: '/exports/access-register.csv?month=2026-10',
      headers: { cookie: chief },
    });
    const lines = csv.body.replace(/^\uFEFF/, '').split('\r\n');
    expect(lines[0].endsWith('"付添者","記録方法"')).toBe(true);
    const line = lines.find((l) => l.includes('停電中の保守'))!;
    expect(line.endsWith(`"紙の記録からの転記 (${DEMO.manager.fullName})"`)).toBe(true);
    expect(lines.filter((l) => l.endsWith('"端末"'))).toHaveLength(5);
  });
});
