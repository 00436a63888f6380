// A13: the chief hears how access control went, per month and room, acknowledges it, and may
// open an instruction or an investigation; the month's register pages for the manager (A12.3).
import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../helpers/app.js';
import { gql, signIn } from '../helpers/graphql.js';
import { REPORT, useOctoberRegister } from '../helpers/october-register.js';
import { DEMO } from '../helpers/people.js';

const f = useOctoberRegister();

describe('A13 access report', () => {
  it('A13: counts per room and month: visits, people, unauthorised, unclosed and after-hours entries', async () => {
    const chief = await signIn(f.t.app.http, DEMO.chief.staffNumber, DEMO_PASSWORD);
    const res = await gql(f.t.app.http, REPORT, { m: '2026-10' }, chief);
    expect(res.errors).toBeUndefined();
    const r01 = res.data!.accessReport.rooms.find((r: any) => r.roomCode === 'R01');
    expect(r01).toEqual({
      roomCode: 'R01',
      visits: 4,
      people: 2,
      unauthorisedEntries: 1,
      unclosedEntries: 1,
      afterHoursEntries: 2, // Saturday 10th, and 19:30 on the 7th
    });
    const r02 = res.data!.accessReport.rooms.find((r: any) => r.roomCode === 'R02');
    expect(r02.visits).toBe(0);
    const september = await gql(f.t.app.http, REPORT, { m: '2026-09' }, chief);
    expect(september.data!.accessReport.rooms.every((r: any) => r.visits === 0)).toBe(true);
    expect((await gql(f.t.app.http, REPORT, { m: '2026-13' }, chief)).errors![0].extensions!.code).toBe(
      'BAD_USER_INPUT',
    );
  });

  it('A13: the chief acknowledges and opens an investigation; the figures seen are kept; others may not', async () => {
    f.clock = new Date('2026-11-02T00:00:00Z');
    const chief = await signIn(f.t.app.http, DEMO.chief.staffNumber, DEMO_PASSWORD);
    const ACK = `mutation($i: AcknowledgeAccessReportInput!) { acknowledgeAccessReport(input: $i) { id followUp } }`;
    const noNote = await gql(f.t.app.http, ACK, { i: { month: '2026-10', followUp: 'INVESTIGATION' } }, chief);
    expect(noNote.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
    const ok = await gql(
      f.t.app.http,
      ACK,
      {
        i: {
          month: '2026-10',
          followUp: 'INVESTIGATION',
          followUpNote: '10月7日 19:30 の許可のない入室について管理者が調査し報告すること',
          comment: '報告を受けた',
        },
      },
      chief,
    );
    expect(ok.errors).toBeUndefined();
    const manager = await signIn(f.t.app.http, DEMO.manager.staffNumber, DEMO_PASSWORD);
    expect(
      (await gql(f.t.app.http, ACK, { i: { month: '2026-10', followUp: 'NONE' } }, manager)).errors![0].extensions!
        .code,
    ).toBe('FORBIDDEN');
    const report = (await gql(f.t.app.http, REPORT, { m: '2026-10' }, manager)).data!.accessReport;
    expect(report.acknowledgements).toEqual([
      expect.objectContaining({ followUp: 'INVESTIGATION', acknowledgedBy: { staffNumber: DEMO.chief.staffNumber } }),
    ]);
    expect(report.acknowledgements[0].figures.find((r: any) => r.roomCode === 'R01').unauthorisedEntries).toBe(1);
    f.clock = new Date('2026-10-05T00:00:00Z');
  });

  it('A13 with A9.7: the acting chief acknowledges during the acting period', async () => {
    f.clock = new Date('2026-08-18T01:00:00Z'); // the deputy chief acts for the chief 2026-08-17..21
    try {
      const acting = await signIn(f.t.app.http, DEMO.deputyChief.staffNumber, DEMO_PASSWORD);
      const res = await gql(
        f.t.app.http,
        `mutation($i: AcknowledgeAccessReportInput!) { acknowledgeAccessReport(input: $i) { acknowledgedBy { staffNumber } } }`,
        { i: { month: '2026-07', followUp: 'NONE' } },
        acting,
      );
      expect(res.errors).toBeUndefined();
      expect(res.data!.acknowledgeAccessReport.acknowledgedBy.staffNumber).toBe(DEMO.deputyChief.staffNumber);
    } finally {
      f.clock = new Date('2026-10-05T00:00:00Z');
    }
  });

  it('A12.3: the month register pages entries with their exits, oldest first, exits without entry included', async () => {
    const manager = await signIn(f.t.app.http, DEMO.manager.staffNumber, DEMO_PASSWORD);
    const Q = `query($after: String) { accessVisits(month: "2026-10", first: 3, after: $after) {
      nodes { name affiliation enteredAt exitedAt purpose checkedOk notes anomalies } hasNextPage endCursor } }`;
    const all: any[] = [];
    let after: string | null = null;
    for (let i = 0; i < 5; i++) {
      const page: any = (await gql(f.t.app.http, Q, { after }, manager)).data!.accessVisits;
      all.push(...page.nodes);
      after = page.endCursor;
      if (!page.hasNextPage) break;
    }
    expect(all.map((v) => [v.enteredAt ? 'in' : '-', v.exitedAt ? 'out' : '-'])).toEqual([
      ['in', 'out'],
      ['in', 'out'],
      ['in', '-'],
      ['-', 'out'],
      ['in', 'out'],
    ]);
    expect(all[2]).toMatchObject({ name: DEMO.operator.fullName, affiliation: expect.stringContaining('課') });
    expect(all[1]).toMatchObject({ checkedOk: false, notes: ['USBメモリを回収'], anomalies: ['CHECKLIST_INCOMPLETE'] });
    expect(all[2].anomalies).toContain('UNAUTHORISED');
    expect(all[3].anomalies).toContain('EXIT_WITHOUT_ENTRY');
  });
});
