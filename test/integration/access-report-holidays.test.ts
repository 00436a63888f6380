// A13 / issue 15 §6: the access report's "after hours" uses the office's calendar
// (shared/working-days.ts): an entry on a Japanese public holiday or in the year-end closure
// 12/29–1/3 is after hours even at 10:00 on a weekday, like a weekend.
import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../helpers/app.js';
import { gql, signIn } from '../helpers/graphql.js';
import { REPORT, tokyo, useOctoberRegister } from '../helpers/october-register.js';
import { DEMO } from '../helpers/people.js';

const f = useOctoberRegister();

const afterHoursOf = async (month: string): Promise<number> => {
  const chief = await signIn(f.t.app.http, DEMO.chief.staffNumber, DEMO_PASSWORD);
  const res = await gql(f.t.app.http, REPORT, { m: month }, chief);
  expect(res.errors).toBeUndefined();
  return res.data!.accessReport.rooms.find((r: any) => r.roomCode === 'R01').afterHoursEntries;
};

describe('A13 after hours on the office calendar (issue 15 §6)', () => {
  it('A13 an entry at 10:00 on a public holiday (スポーツの日, Monday 2026-10-12) counts as after hours', async () => {
    expect(await afterHoursOf('2026-10')).toBe(2); // the fixture's Saturday and 19:30
    await f.record([{ staffId: f.idOf(DEMO.itStaff), direction: 'ENTER', deviceTime: tokyo(12, '10:00') }]);
    // a working Tuesday at 10:00 stays in office hours
    await f.record([{ staffId: f.idOf(DEMO.itStaff), direction: 'ENTER', deviceTime: tokyo(13, '10:00') }]);
    expect(await afterHoursOf('2026-10')).toBe(3);
  });

  it('A13 entries at 10:00 on 12/29–12/31 (year-end closure, weekdays) count as after hours; 12/28 does not', async () => {
    f.clock = new Date('2027-01-04T00:00:00Z');
    for (const day of ['28', '29', '30', '31'])
      await f.record([
        {
          staffId: f.idOf(DEMO.itStaff),
          direction: 'ENTER',
          deviceTime: new Date(`2026-12-${day}T10:00:00+09:00`),
        },
      ]);
    expect(await afterHoursOf('2026-12')).toBe(3);
  });
});
