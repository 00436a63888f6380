// The October 2026 entry/exit register that the A13 report and the A12.3 export tests read.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect } from 'vitest';
import { DEMO_PASSWORD, startTestApp, type TestApp } from './app.js';
import { encryptPin, giveEveryoneAPin, TEST_PIN, type PinnedEvent } from './door-pin.js';
import { OK_CHECKLIST } from './door-tablet.js';
import { authorisation, pairDevice, roomIdsByCode, staffIdsByNumber } from './factories.js';
import { gqlBearer, signIn } from './graphql.js';
import { DEMO, type DemoPerson } from './people.js';

export const REPORT = `query($m: String!) { accessReport(month: $m) { month officeHours
  rooms { roomCode visits people unauthorisedEntries unclosedEntries afterHoursEntries }
  acknowledgements { followUp followUpNote comment acknowledgedBy { staffNumber } figures } } }`;

export interface OctoberRegister {
  t: TestApp;
  /** the app's clock (tests move it) */
  clock: Date;
  rooms: Record<string, string>;
  staff: Record<string, string>;
  idOf(who: DemoPerson): string;
  /** sends events from the paired R01/R02 tablet at the current clock */
  record(events: Record<string, unknown>[]): Promise<{ outcome: string; anomalies: string[] }[]>;
}

/** Tokyo wall-clock time in October 2026 → instant */
export const tokyo = (day: number, hm: string) => new Date(`2026-10-${String(day).padStart(2, '0')}T${hm}:00+09:00`);

/**
 * The October 2026 register both report and export tests read, as vitest hooks: the app with a clock
 * the tests move, a paired tablet for R01/R02, DEMO.itStaff authorised for R01 through October, and
 * October's events in R01 (three closed visits of itStaff, one on a Saturday; the operator once
 * without authorisation, never leaving; an exit of itJunior without entry).
 */
export function useOctoberRegister(): OctoberRegister {
  const f = {
    t: undefined as unknown as TestApp,
    clock: new Date('2026-10-05T00:00:00Z'), // Monday 9:00 in Tokyo
    rooms: {} as Record<string, string>,
    staff: {} as Record<string, string>,
    credential: '',
    deviceId: '',
    seq: 0,
    idOf: (who: DemoPerson) => f.staff[who.staffNumber],
    record: (events: Record<string, unknown>[]) => record(events),
  };
  async function record(events: Record<string, unknown>[]) {
    const body = await gqlBearer(
      f.t.app.http,
      f.credential,
      `mutation($i: RecordAccessEventsInput!) { recordAccessEvents(input: $i) { results { outcome anomalies } } }`,
      {
        i: {
          deviceNow: f.clock.toISOString(),
          events: events.map((e) => {
            const event = {
              clientEventId: randomUUID(),
              deviceSeq: ++f.seq,
              roomId: f.rooms.R01,
              purpose: 'サーバー保守',
              ...e,
              deviceTime: (e.deviceTime as Date).toISOString(),
            } as unknown as PinnedEvent & Record<string, unknown>;
            const who = event.staffId ?? event.escortStaffId;
            return 'pin' in e || !who
              ? event
              : { ...event, pin: encryptPin(f.t.secrets.doorPinKey, TEST_PIN, f.deviceId, event) };
          }),
        },
      },
    );
    expect(body.errors).toBeUndefined();
    return body.data!.recordAccessEvents.results;
  }

  beforeAll(async () => {
    f.t = await startTestApp({ now: () => f.clock });
    await giveEveryoneAPin(f.t.db.dataSource, f.t.secrets.hmacKey);
    f.rooms = await roomIdsByCode(f.t.db.dataSource);
    f.staff = await staffIdsByNumber(f.t.db.dataSource);
    const manager = await signIn(f.t.app.http, DEMO.manager.staffNumber, DEMO_PASSWORD);
    ({ credential: f.credential, deviceId: f.deviceId } = await pairDevice(
      f.t.app.http,
      manager,
      [f.rooms.R01, f.rooms.R02],
      'R01 入口',
    ));
    // DEMO.itStaff is authorised for R01 through October
    await authorisation(f.t.app.http, await signIn(f.t.app.http, DEMO.itStaff.staffNumber, DEMO_PASSWORD), manager, {
      roomIds: [f.rooms.R01],
      validFrom: '2026-10-01T00:00:00+09:00',
      validTo: '2026-11-01T00:00:00+09:00',
    });
    // October in R01: itStaff twice in office hours (closed), once on Saturday; the operator once
    // without authorisation and never left; one exit of itJunior without entry (counted only in the register).
    // The tablet sends them at the end of the month (events are never in the future of their sending).
    f.clock = new Date('2026-10-31T00:00:00Z');
    await f.record([
      { staffId: f.idOf(DEMO.itStaff), direction: 'ENTER', deviceTime: tokyo(5, '10:00') },
      {
        staffId: f.idOf(DEMO.itStaff),
        direction: 'EXIT',
        deviceTime: tokyo(5, '10:40'),
        checklist: OK_CHECKLIST,
      },
      { staffId: f.idOf(DEMO.itStaff), direction: 'ENTER', deviceTime: tokyo(6, '14:00') },
      {
        staffId: f.idOf(DEMO.itStaff),
        direction: 'EXIT',
        deviceTime: tokyo(6, '14:30'),
        checklist: { ...OK_CHECKLIST, noMediaLeft: false },
        note: 'USBメモリを回収',
      },
      { staffId: f.idOf(DEMO.itStaff), direction: 'ENTER', deviceTime: tokyo(10, '11:00') },
      {
        staffId: f.idOf(DEMO.itStaff),
        direction: 'EXIT',
        deviceTime: tokyo(10, '11:20'),
        checklist: OK_CHECKLIST,
      },
      { staffId: f.idOf(DEMO.operator), direction: 'ENTER', deviceTime: tokyo(7, '19:30') },
      {
        staffId: f.idOf(DEMO.itJunior),
        direction: 'EXIT',
        deviceTime: tokyo(8, '09:00'),
        checklist: OK_CHECKLIST,
      },
    ]);
    f.clock = new Date('2026-10-05T00:00:00Z');
  });
  afterAll(() => f.t.close());
  return f;
}
