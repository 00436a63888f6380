// Phones that want to be reached (Web Push): each staff member subscribes their own browsers; other
// modules ask for a push inside their own transaction (notify), and a durable job delivers it, so a
// push that fails never fails the change that caused it and is retried (job queue), and a push for a
// change that rolled back is never sent.
import { MoreThan, type DataSource, type EntityManager } from 'typeorm';
import type { AuditMeta } from '../../shared/audited.js';
import { created, SYSTEM_META, type AuditedWrites } from '../../shared/audited.js';
import type { RequestMeta } from '../../shared/audit.js';
import { PushSubscription } from './push-subscription.entity.js';
import { PushError, PushErrorCode } from './push.errors.js';
import type { PushAction } from './push.policy.js';
import type { PushMessage, PushSender } from './push-sender.js';
import type { SubscribePushInput } from './push.types.js';

export const PUSH_JOB = 'push.send';
/** phones (browsers) one person may register */
export const MAX_SUBSCRIPTIONS = 10;
/** a delivery is tried this many times (the job queue backs off between tries) */
export const PUSH_ATTEMPTS = 5;

export interface PushJobPayload extends PushMessage {
  subscriptionId: string;
}

const invalid = (why: string) =>
  new PushError(PushErrorCode.INVALID_PUSH_SUBSCRIPTION, `プッシュ通知の登録内容が正しくありません: ${why}`);

function base64urlBytes(value: string, length: number, name: string): void {
  if (!/^[A-Za-z0-9_-]+={0,2}$/.test(value) || Buffer.from(value, 'base64url').length !== length) {
    throw invalid(`${name} (${length} bytes, base64url)`);
  }
}

export class PushService {
  constructor(
    private readonly ds: DataSource,
    private readonly audited: AuditedWrites<PushAction>,
    private readonly sender: PushSender,
    /** host names (and their subdomains) of the push services this server may post to */
    private readonly services: readonly string[],
    private readonly now: () => Date,
  ) {}

  get publicKey(): string {
    return this.sender.publicKey;
  }

  listOf(staffId: string): Promise<PushSubscription[]> {
    return this.ds.getRepository(PushSubscription).find({ where: { staffId }, order: { createdAt: 'ASC' } });
  }

  /** Subscriptions whose last deliveries failed, for the system administrator. */
  problems(): Promise<PushSubscription[]> {
    return this.ds.getRepository(PushSubscription).find({
      where: { failures: MoreThan(0) },
      order: { lastErrorAt: 'DESC' },
      take: 200,
    });
  }

  /** Registers (or re-registers) this browser for its signed-in person. */
  subscribe(staffId: string, input: SubscribePushInput, meta: RequestMeta): Promise<PushSubscription> {
    const label = input.label.trim();
    return this.audited.write(meta, 'Mutation.subscribePush', 'PushSubscription', async (em) => {
      this.check(input, label);
      const repo = em.getRepository(PushSubscription);
      await em.query(`SELECT pg_advisory_xact_lock(hashtext('push_subscription:' || $1))`, [staffId]);
      // the same browser again (or now used by another person): it is theirs, with the new keys
      const existing = await repo.findOneBy({ endpoint: input.endpoint });
      const others = await repo.countBy({ staffId });
      if (!existing && others >= MAX_SUBSCRIPTIONS) {
        throw invalid(`登録できる端末は${MAX_SUBSCRIPTIONS}台までです`);
      }
      const row = await repo.save({
        ...(existing ?? {}),
        staffId,
        endpoint: input.endpoint,
        p256dh: input.p256dh,
        auth: input.auth,
        label,
        failures: 0,
        lastError: null,
        lastErrorAt: null,
      });
      return {
        result: row,
        targetId: row.id,
        changes: created({ label, service: new URL(input.endpoint).host, staffId }),
      };
    });
  }

  unsubscribe(staffId: string, id: string, meta: RequestMeta): Promise<PushSubscription> {
    return this.audited.write(meta, 'Mutation.unsubscribePush', { type: 'PushSubscription', id }, async (em) => {
      const row = await em.getRepository(PushSubscription).findOneBy({ id, staffId });
      if (!row) throw new PushError(PushErrorCode.PUSH_SUBSCRIPTION_NOT_FOUND, '登録された端末が見つかりません');
      await em.getRepository(PushSubscription).delete({ id });
      return { result: row, targetId: id, changes: { label: [row.label, null] } };
    });
  }

  /**
   * Queues one push to every phone of `staffIds`, inside the caller's transaction: sent only if it
   * commits. Answers how many phones were queued.
   */
  async notify(em: EntityManager, staffIds: readonly string[], message: PushMessage): Promise<number> {
    if (!staffIds.length) return 0;
    const rows = (await em.query(
      `SELECT graphile_worker.add_job($1, json_build_object('subscriptionId', id, 'title', $3::text, 'url', $4::text),
                                      max_attempts := $5)
         FROM push_subscription WHERE "staffId" = ANY($2::uuid[])`,
      [PUSH_JOB, [...new Set(staffIds)], message.title.slice(0, 100), message.url.slice(0, 300), PUSH_ATTEMPTS],
    )) as unknown[];
    return rows.length;
  }

  /** The job: one delivery. A failure is recorded and thrown (the queue retries); 404/410 drops the phone. */
  async deliver(payload: PushJobPayload, meta: AuditMeta = SYSTEM_META): Promise<void> {
    const repo = this.ds.getRepository(PushSubscription);
    const sub = await repo.findOneBy({ id: payload.subscriptionId });
    if (!sub) return; // unsubscribed meanwhile
    const outcome = await this.sender.send(sub, { title: payload.title, url: payload.url });
    const now = this.now();
    if (outcome.ok) {
      await repo.update(sub.id, { lastSentAt: now, failures: 0, lastError: null });
      return;
    }
    if (outcome.gone) {
      await this.ds.transaction(async (em) => {
        await em.getRepository(PushSubscription).delete({ id: sub.id });
        await this.audited.record(
          em,
          meta,
          'System.pushSubscriptionGone',
          { type: 'PushSubscription', id: sub.id },
          {
            label: [sub.label, null],
            reason: [null, outcome.error],
          },
        );
      });
      return;
    }
    await repo.update(sub.id, { failures: sub.failures + 1, lastError: outcome.error, lastErrorAt: now });
    throw new Error(`push to ${new URL(sub.endpoint).host} failed: ${outcome.error}`);
  }

  private check(input: SubscribePushInput, label: string): void {
    if (!label || label.length > 100) throw invalid('端末の名前 (1〜100文字)');
    let url: URL;
    try {
      url = new URL(input.endpoint);
    } catch {
      throw invalid('endpoint');
    }
    if (url.protocol !== 'https:' || input.endpoint.length > 1000 || url.username || url.password) {
      throw invalid('endpoint (https)');
    }
    const host = url.hostname.toLowerCase();
    if (!this.services.some((s) => host === s || host.endsWith(`.${s}`))) {
      throw invalid(`endpoint: ${host} は許可されたプッシュサービスではありません (PUSH_SERVICES)`);
    }
    base64urlBytes(input.p256dh, 65, 'p256dh');
    if (Buffer.from(input.p256dh, 'base64url')[0] !== 4) throw invalid('p256dh (uncompressed P-256)');
    base64urlBytes(input.auth, 16, 'auth');
  }
}
