// Incidents on phones (issue 13 §5): how long from a report until the manager's phone has the push,
// beside a bare `web-push` send to the same local push service in the same run (the baseline: what
// any app pays for encryption, VAPID signing and the HTTPS round trip). Then an escalation reaching
// a person with 50 subscribed devices, beside 50 bare sends at once on open connections.
//   report → push received (reportIncident over HTTP, the job queue, push.send, decrypted): p50/p95
//   escalation → 50 devices (the timer firing through the job queue to the last device decrypted)
// and checks that every push arrived exactly once.
import { randomUUID } from 'node:crypto';
import https from 'node:https';
import { readFileSync } from 'node:fs';
import { rootCertificates } from 'node:tls';
import { performance } from 'node:perf_hooks';
import webPush from 'web-push';
import { createDataSource } from '../server/src/db/data-source.js';
import type { ScratchServer } from '../server/src/db/scratch-server.js';
import { ESCALATE_JOB, timerKey } from '../server/src/modules/incidents/escalation-timer.js';
import { startPushReceiver, type FakeBrowser } from '../test/helpers/push-receiver.js';
import { BENCH_PASSWORD, startDemoApp } from './demo-app.js';

export interface IncidentsBenchResult {
  reports: number;
  /** report sent → push decrypted by the receiver, ms */
  reportMs: number[];
  /** bare web-push sendNotification → decrypted, ms */
  bareMs: number[];
  fanOut: number;
  /** escalation timer due → the last of fanOut devices decrypted, ms */
  escalationFanOutMs: number;
  /** fanOut bare sends at once → the last decrypted, ms */
  bareFanOutMs: number;
  /** every push arrived once, none twice */
  exactlyOnce: boolean;
}

const MANAGER = '200301'; // 管理者 in the demo office
const DEPUTY_CHIEF = '200001'; // 副統括者
const REPORTER = '200305'; // 森 玲奈, no role: the manager is told, the reporter is not

export async function benchIncidents(
  server: ScratchServer,
  reports: number,
  fanOut = 50,
): Promise<IncidentsBenchResult> {
  const receiver = await startPushReceiver();
  const name = await server.createDatabase('jukinet_bench_incidents');
  const url = server.urlOf(name);
  const ds = createDataSource({ url });
  await ds.initialize();
  let close = async () => {};
  try {
    const { app, address, secrets, config } = await startDemoApp(ds, url, {
      JOBS_ENABLED: 'true',
      PUSH_SERVICES: 'localhost',
      PUSH_CA_FILE: receiver.caFile,
    });
    close = () => app.close();
    const post = async (query: string, variables: object, cookie?: string) => {
      const res = await fetch(`${address}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
        body: JSON.stringify({ query, variables }),
      });
      const json = (await res.json()) as { data?: any; errors?: unknown[] };
      if (json.errors) throw new Error(JSON.stringify(json.errors));
      return { json, res };
    };
    const signIn = async (staffNumber: string) =>
      (
        await post(`mutation($i: SignInInput!) { signIn(input: $i) { staff { id } } }`, {
          i: { staffNumber, password: BENCH_PASSWORD },
        })
      ).res.headers
        .get('set-cookie')!
        .split(';')[0];
    const subscribe = async (cookie: string, phone: FakeBrowser) =>
      post(
        `mutation($i: SubscribePushInput!) { subscribePush(input: $i) { id } }`,
        {
          i: { endpoint: phone.endpoint, p256dh: phone.p256dh, auth: phone.auth, label: 'bench' },
        },
        cookie,
      );

    // arrivals by receiver name, in order
    const waiting = new Map<string, () => void>();
    const counts = new Map<string, number>();
    receiver.onDelivery((who) => {
      counts.set(who, (counts.get(who) ?? 0) + 1);
      waiting.get(who)?.();
    });
    const arrival = (who: string, count: number) =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`push to ${who} did not arrive within 30 s`)), 30_000);
        const check = () => {
          if ((counts.get(who) ?? 0) >= count) {
            clearTimeout(timer);
            waiting.delete(who);
            resolve();
          }
        };
        waiting.set(who, check);
        check();
      });

    const managerPhone = receiver.browser('manager');
    await subscribe(await signIn(MANAGER), managerPhone);
    const reporter = await signIn(REPORTER);
    const REPORT = `mutation($i: ReportIncidentInput!) { reportIncident(input: $i) { id } }`;
    const report = (summary: string) =>
      post(
        REPORT,
        {
          i: { clientId: randomUUID(), type: 'VIRUS', occurredAt: new Date().toISOString(), summary },
        },
        reporter,
      );

    // the baseline: the same library, keys and receiver, no app
    const agent = new https.Agent({
      keepAlive: true,
      ca: [...rootCertificates, readFileSync(receiver.caFile, 'utf8')],
    });
    const bare = (phone: FakeBrowser, i: number) =>
      webPush.sendNotification(
        { endpoint: phone.endpoint, keys: { p256dh: phone.p256dh, auth: phone.auth } },
        JSON.stringify({ title: 'ウイルス感染の報告があります', url: `/incidents/${i}` }),
        {
          vapidDetails: { subject: config.push.contact, ...secrets.vapid },
          TTL: 24 * 3600,
          urgency: 'high',
          agent,
        },
      );
    const barePhone = receiver.browser('bare');

    // warm both paths (connections, JIT) before timing
    for (let i = 0; i < 5; i++) {
      await report('ウォームアップ');
      await arrival('manager', i + 1);
      await bare(barePhone, i);
      await arrival('bare', i + 1);
    }
    const reportMs: number[] = [];
    const bareMs: number[] = [];
    // alternating rounds, so load on the shared machine falls on both alike
    for (let i = 0; i < reports; i++) {
      let t0 = performance.now();
      await report(`ベンチ ${i}`);
      await arrival('manager', 5 + i + 1);
      reportMs.push(performance.now() - t0);
      t0 = performance.now();
      await bare(barePhone, i);
      await arrival('bare', 5 + i + 1);
      bareMs.push(performance.now() - t0);
    }

    // escalation fan-out: the deputy chief (asked after the manager) with fanOut devices. The app
    // lets a person subscribe 10 devices; the bench writes the rows itself to measure the fan-out.
    const devices = Array.from({ length: fanOut }, (_, i) => receiver.browser(`deputy-${i}`));
    for (const d of devices) {
      await ds.query(
        `INSERT INTO push_subscription ("staffId", endpoint, p256dh, auth, label)
         SELECT id, $2, $3, $4, 'bench-fan-out' FROM staff WHERE "staffNumber" = $1`,
        [DEPUTY_CHIEF, d.endpoint, d.p256dh, d.auth],
      );
    }
    const { id } = (await report('エスカレーションのベンチ')).json.data.reportIncident;
    await arrival('manager', 5 + reports + 1);
    // the limit has passed: the timer is due now (the handler checks ackDueAt against the clock)
    await ds.query(`UPDATE incident SET "ackDueAt" = now() - interval '1 second' WHERE id = $1`, [id]);
    let t0 = performance.now();
    await ds.query(
      `SELECT graphile_worker.add_job($1, json_build_object('incidentId', $2::text), run_at := now(), job_key := $3)`,
      [ESCALATE_JOB, id, timerKey(id)],
    );
    await Promise.all(devices.map((_, i) => arrival(`deputy-${i}`, 1)));
    const escalationFanOutMs = performance.now() - t0;
    // the last device has its push; let the app's sender see the answers before loading the machine
    // with the baseline (a send that times out meanwhile is retried: delivered twice, which the
    // service worker shows as one notification, by its tag)
    for (let settled = false; !settled; await new Promise((r) => setTimeout(r, 50))) {
      const [{ waiting }] = await ds.query(
        `SELECT count(*)::int AS waiting FROM push_subscription WHERE label = 'bench-fan-out' AND "lastSentAt" IS NULL`,
      );
      settled = waiting === 0;
    }
    const bareDevices = Array.from({ length: fanOut }, (_, i) => receiver.browser(`bare-${i}`));
    // once to open the connections (the app's sender has its connection open already), then timed
    let bareFanOutMs = 0;
    for (const round of [1, 2]) {
      t0 = performance.now();
      await Promise.all(bareDevices.map((d, i) => bare(d, i)));
      await Promise.all(bareDevices.map((_, i) => arrival(`bare-${i}`, round)));
      bareFanOutMs = performance.now() - t0;
    }
    agent.destroy();

    // settle: anything sent twice would arrive now
    await new Promise((r) => setTimeout(r, 1000));
    const exactlyOnce =
      counts.get('manager') === 5 + reports + 1 &&
      counts.get('bare') === 5 + reports &&
      devices.every((_, i) => counts.get(`deputy-${i}`) === 1) &&
      bareDevices.every((_, i) => counts.get(`bare-${i}`) === 2);
    if (!exactlyOnce) console.log('deliveries by receiver:', JSON.stringify(Object.fromEntries(counts)));
    return { reports, reportMs, bareMs, fanOut, escalationFanOutMs, bareFanOutMs, exactlyOnce };
  } finally {
    await close();
    await ds.destroy();
    await receiver.close();
  }
}
