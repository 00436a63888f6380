// Web Push (issue 13 part 5): staff subscribe their phones; modules queue a push inside their own
// transaction (services.push.notify); a durable job delivers it with the VAPID keys of SECRETS_DIR.
import { AuditedWrites } from '../../shared/audited.js';
import { Authority } from '../../shared/authority.js';
import { defineModule } from '../../shared/module.js';
import { PushSender } from './push-sender.js';
import { PushSubscription } from './push-subscription.entity.js';
import { PushErrorCode } from './push.errors.js';
import { pushPolicy, type PushAction } from './push.policy.js';
import { PushResolver } from './push.resolver.js';
import { PUSH_JOB, PushService, type PushJobPayload } from './push.service.js';

export const pushModule = defineModule()({
  name: 'push',
  entities: [PushSubscription],
  resolvers: [PushResolver],
  policy: pushPolicy,
  errorCodes: PushErrorCode,
  services: ({ ds, config, secrets, audit, now }) => {
    const sender = new PushSender({ vapid: secrets.vapid, contact: config.push.contact, caFile: config.push.caFile });
    return {
      push: new PushService(ds, new AuditedWrites<PushAction>(ds, audit), sender, config.push.services, now),
    };
  },
  jobs: (s) => [
    {
      name: PUSH_JOB,
      async run(payload) {
        await s.push.deliver(payload as PushJobPayload);
      },
    },
  ],
  // 対応が必要: phones that could not be reached (a manager who gets no push must be told another way)
  todos: (s) => [
    {
      id: 'push.deliveryProblems',
      title: 'プッシュ通知が届いていない端末の確認',
      link: '/admin/push',
      authorities: [Authority.SYSTEM_ADMINISTRATOR],
      async count() {
        const rows = (await s.ds.query(`SELECT count(*)::int AS n FROM push_subscription WHERE failures > 0`)) as {
          n: number;
        }[];
        return rows[0]?.n ?? 0;
      },
    },
  ],
});
