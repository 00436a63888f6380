// Issue 13 §3 and §5: the people a report goes to are reached on their phones at once (Web Push),
// and so are those asked when it escalates; the reporter is not. The push holds the incident's type
// and link only. Delivered to a local push service that decrypts it (helpers/push-receiver.ts).
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

describe('Issue 13 §5: incidents reach phones', () => {
  it('A19.3: a virus report reaches the manager and the section’s operations manager at once; escalation reaches the deputy chief', async () => {
    const manager = await phoneOf(DEMO.manager);
    const operations = await phoneOf(DEMO.operationsManager);
    const deputy = await phoneOf(DEMO.deputyChief);
    const reporter = await phoneOf(DEMO.citizenSectionClerk);

    const { id } = (await f.report(DEMO.citizenSectionClerk)).data!.reportIncident;
    const told = { title: 'ウイルス感染の報告があります', url: `/incidents/${id}` };
    await expect.poll(() => manager.received, POLL).toEqual([told]);
    await expect.poll(() => operations.received, POLL).toEqual([told]);
    expect(deputy.received).toEqual([]);

    await f.advance(16); // past the 15-minute limit: the deputy chief is asked
    await expect
      .poll(() => deputy.received, POLL)
      .toEqual([{ title: '未確認の報告 (ウイルス感染) の確認をお願いします', url: `/incidents/${id}` }]);
    expect(reporter.received).toEqual([]);
    expect(manager.received).toHaveLength(1);
  });
});
