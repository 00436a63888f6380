// Issue 13 part 5: Web Push. Staff subscribe their phones; a push is queued inside the transaction of
// the change that causes it and delivered by a durable job, encrypted for the phone (RFC 8291) and
// signed with the server's VAPID key — checked here by a local push service that decrypts it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, startTestApp, type TestApp } from '../helpers/app.js';
import { errorCode, gql, gqlBearer, signIn } from '../helpers/graphql.js';
import { DEMO } from '../helpers/people.js';
import { staffIdOf } from '../helpers/factories.js';
import { startPushReceiver, type FakeBrowser, type PushReceiver } from '../helpers/push-receiver.js';

let t: TestApp;
let receiver: PushReceiver;
let manager: string;

const SUBSCRIBE = `mutation($i: SubscribePushInput!) { subscribePush(input: $i) { id label service failures } }`;
const subscribe = (
  cookie: string,
  b: Pick<FakeBrowser, 'endpoint' | 'p256dh' | 'auth'>,
  label = '管理者のスマートフォン',
) => gql(t.app.http, SUBSCRIBE, { i: { endpoint: b.endpoint, p256dh: b.p256dh, auth: b.auth, label } }, cookie);

/** what another module does: queue a push inside its own transaction */
const notify = (staffIds: string[], fail = false) =>
  t.app.services.dataSource
    .transaction(async (em) => {
      const n = await t.app.services.push.notify(em, staffIds, {
        title: 'インシデントの報告があります',
        url: '/incidents/x',
      });
      if (fail) throw new Error('the change was refused');
      return n;
    })
    .catch((e: Error) => (fail ? -1 : Promise.reject(e)));

beforeAll(async () => {
  receiver = await startPushReceiver();
  t = await startTestApp({
    env: { JOBS_ENABLED: 'true', PUSH_SERVICES: 'localhost', PUSH_CA_FILE: receiver.caFile },
  });
  manager = await signIn(t.app.http, DEMO.manager.staffNumber, DEMO_PASSWORD);
});
afterAll(async () => {
  await t?.close();
  await receiver?.close();
});

describe('Issue 13 §5: Web Push', () => {
  it('a phone subscribes; a push queued in a committed change arrives encrypted, with only a title and a link', async () => {
    const phone = receiver.browser('manager-phone');
    const res = await subscribe(manager, phone);
    expect(res.errors).toBeUndefined();
    expect(res.data!.subscribePush).toMatchObject({
      label: '管理者のスマートフォン',
      service: new URL(receiver.origin).host,
    });
    expect(await notify([await staffIdOf(t.db.dataSource, DEMO.manager)])).toBe(1);
    await expect.poll(() => phone.received.length).toBe(1);
    expect(phone.received[0]).toEqual({ title: 'インシデントの報告があります', url: '/incidents/x' });
    // signed with the server's VAPID key (RFC 8292), the one the web app subscribes with
    const key = (await gql(t.app.http, `{ pushPublicKey }`, {}, manager)).data!.pushPublicKey as string;
    expect(phone.authorizations[0]).toMatch(new RegExp(`^vapid t=[\\w-]+\\.[\\w-]+\\.[\\w-]+, k=${key}$`));
    const mine = await gql(t.app.http, `{ myPushSubscriptions { label lastSentAt failures } }`, {}, manager);
    expect(mine.data!.myPushSubscriptions[0].lastSentAt).not.toBeNull();
  });

  it('a push of a change that rolled back is never sent', async () => {
    const phone = receiver.browser('rolled-back');
    const cookie = await signIn(t.app.http, DEMO.chief.staffNumber, DEMO_PASSWORD);
    expect((await subscribe(cookie, phone, '統括者')).errors).toBeUndefined();
    expect(await notify([await staffIdOf(t.db.dataSource, DEMO.chief)], true)).toBe(-1);
    const queued = await t.db.dataSource.query(
      `SELECT count(*)::int AS n FROM graphile_worker.jobs WHERE task_identifier = 'push.send'`,
    );
    expect(queued[0].n).toBe(0);
    expect(phone.received).toHaveLength(0);
  });

  it('a phone the push service says is gone (410) is dropped and the drop is audited', async () => {
    const phone = receiver.browser('gone');
    const cookie = await signIn(t.app.http, DEMO.deputyChief.staffNumber, DEMO_PASSWORD);
    const id = (await subscribe(cookie, phone, '副統括者')).data!.subscribePush.id as string;
    receiver.answer('gone', 410);
    await notify([await staffIdOf(t.db.dataSource, DEMO.deputyChief)]);
    const left = async () =>
      (await t.db.dataSource.query(`SELECT count(*)::int AS n FROM push_subscription WHERE id = $1`, [id]))[0].n;
    await expect.poll(left).toBe(0);
    const [entry] = await t.db.dataSource.query(
      `SELECT outcome, "targetId" FROM audit_entry WHERE action = 'System.pushSubscriptionGone'`,
    );
    expect(entry).toEqual({ outcome: 'OK', targetId: id });
  });

  it('a failing push service never fails the change; the failure is retried and shown to the system administrator', async () => {
    const phone = receiver.browser('down');
    const cookie = await signIn(t.app.http, DEMO.operationsManager.staffNumber, DEMO_PASSWORD);
    expect((await subscribe(cookie, phone, '運用管理者')).errors).toBeUndefined();
    receiver.answer('down', 500);
    expect(await notify([await staffIdOf(t.db.dataSource, DEMO.operationsManager)])).toBe(1); // the change committed
    const admin = await signIn(t.app.http, DEMO.systemAdministrator.staffNumber, DEMO_PASSWORD);
    const problems = async () =>
      (await gql(t.app.http, `{ pushDeliveryProblems { label failures lastError staff { staffNumber } } }`, {}, admin))
        .data!.pushDeliveryProblems as { label: string; failures: number; lastError: string }[];
    await expect.poll(async () => (await problems()).length).toBe(1);
    expect((await problems())[0]).toMatchObject({ label: '運用管理者', lastError: 'HTTP 500' });
    const todos = await gql(t.app.http, `{ myTodos { id count } }`, {}, admin);
    expect(todos.data!.myTodos.find((x: { id: string }) => x.id === 'push.deliveryProblems')?.count).toBe(1);
    // the job is still in the queue for another try once the service is back
    receiver.answer('down', 201);
    const retrying = await t.db.dataSource.query(
      `SELECT attempts, max_attempts FROM graphile_worker.jobs WHERE task_identifier = 'push.send'`,
    );
    expect(retrying).toHaveLength(1);
    expect(retrying[0].attempts).toBeLessThan(retrying[0].max_attempts);
  });

  it('refuses what it may not post to, with a code: plain http, a host not in PUSH_SERVICES, malformed keys', async () => {
    const b = receiver.browser('checks');
    const bad = [
      { ...b, endpoint: b.endpoint.replace('https:', 'http:') },
      { ...b, endpoint: 'https://169.254.169.254/latest/meta-data' },
      { ...b, p256dh: 'AAAA' },
      { ...b, auth: b.p256dh },
    ];
    for (const x of bad) expect(errorCode(await subscribe(manager, x))).toBe('INVALID_PUSH_SUBSCRIPTION');
    expect(errorCode(await subscribe(manager, b, ' '))).toBe('INVALID_PUSH_SUBSCRIPTION');
  });

  it('only the owner removes a phone; API tokens have no phone', async () => {
    const b = receiver.browser('mine');
    const auditor = await signIn(t.app.http, DEMO.auditor.staffNumber, DEMO_PASSWORD);
    const id = (await subscribe(auditor, b, '監査の端末')).data!.subscribePush.id as string;
    const UNSUB = `mutation($i: PushSubscriptionIdInput!) { unsubscribePush(input: $i) { id } }`;
    expect(errorCode(await gql(t.app.http, UNSUB, { i: { id } }, manager))).toBe('PUSH_SUBSCRIPTION_NOT_FOUND');
    expect((await gql(t.app.http, UNSUB, { i: { id } }, auditor)).errors).toBeUndefined();
    const made = await gql(
      t.app.http,
      `mutation($input: CreateApiTokenInput!) { createApiToken(input: $input) { token } }`,
      { input: { name: 'push', scopes: ['READ'], expiresInDays: 1, currentPassword: DEMO_PASSWORD } },
      auditor,
    );
    const token = made.data!.createApiToken.token as string;
    expect(errorCode(await gqlBearer(t.app.http, token, `{ myPushSubscriptions { id } }`))).toBe('FORBIDDEN');
  });
});
