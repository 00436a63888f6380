// A30, A29.2 on phones: disaster mode reaches the manager and every section's operations manager
// at once (管理者等 shut the system down), never the one who declared it; a damage report reaches the
// manager. The push holds a title and the disaster page's link only. Delivered to a local push
// service that decrypts it (helpers/push-receiver.ts).
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useIncidentFixture } from '../helpers/incidents.js';
import { DEMO } from '../helpers/people.js';
import { startPushReceiver, type FakeBrowser, type PushReceiver } from '../helpers/push-receiver.js';

const START = new Date('2027-01-14T01:00:00Z'); // Thursday 10:00 in Tokyo, ahead of the real clock
const env: Record<string, string> = { JOBS_ENABLED: 'true', PUSH_SERVICES: 'localhost' };
let receiver: PushReceiver;
// registered before the fixture's own hook, so the app starts trusting the receiver's CA
beforeAll(async () => {
  receiver = await startPushReceiver();
  env.PUSH_CA_FILE = receiver.caFile;
});
afterAll(() => receiver?.close());
const f = useIncidentFixture(START, { env });
const POLL = { timeout: 20_000, interval: 100 };

async function phoneOf(who: (typeof DEMO)[keyof typeof DEMO]): Promise<FakeBrowser> {
  const phone = receiver.browser(who.staffNumber);
  const res = await f.gql(who, `mutation($i: SubscribePushInput!) { subscribePush(input: $i) { id } }`, {
    i: { endpoint: phone.endpoint, p256dh: phone.p256dh, auth: phone.auth, label: 'スマートフォン' },
  });
  expect(res.errors).toBeUndefined();
  return phone;
}

describe('A30 disaster mode reaches phones', () => {
  it('A30.1 declaring reaches the manager and every operations manager but not the declarer; A29.2 damage reaches the manager', async () => {
    const manager = await phoneOf(DEMO.manager);
    const citizens = await phoneOf(DEMO.operationsManager);
    const insurance = await phoneOf(DEMO.insuranceOperationsManager);
    const branch = await phoneOf(DEMO.branchOperationsManager);
    const reporter = await phoneOf(DEMO.itStaff);

    const { id } = (await f.report(DEMO.itStaff, { type: 'FIRE', summary: '電算室で発煙' })).data!.reportIncident;
    const fire = { title: '火災の報告があります', url: `/incidents/${id}` };
    await expect.poll(() => manager.received, POLL).toEqual([fire]);

    const declared = await f.gql(
      DEMO.manager,
      `mutation($i: DeclareDisasterModeInput!) { declareDisasterMode(input: $i) { total } }`,
      { i: { incidentId: id } },
    );
    expect(declared.errors).toBeUndefined();
    const disaster = {
      title: '災害モード: システムの終了と端末の電源の切断を確認してください',
      url: `/incidents/${id}/disaster`,
    };
    for (const phone of [citizens, insurance, branch])
      await expect.poll(() => phone.received.at(-1), POLL).toEqual(disaster);

    const damage = await f.gql(
      DEMO.itStaff,
      `mutation($i: ReportIncidentDamageInput!) { reportIncidentDamage(input: $i) { id } }`,
      { i: { clientId: randomUUID(), incidentId: id, roomId: f.rooms.R01, severity: 'MINOR', damaged: '煤' } },
    );
    expect(damage.errors).toBeUndefined();
    await expect
      .poll(() => manager.received, POLL)
      .toEqual([fire, { title: '被害の報告があります (火災)', url: `/incidents/${id}/disaster` }]);
    // the declarer and the reporter were not pushed what they did themselves
    expect(manager.received.some((m) => m.title.startsWith('災害モード'))).toBe(false);
    expect(reporter.received).toEqual([]);
  });
});
