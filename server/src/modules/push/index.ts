// What other modules may use of push: the service that queues a push inside their transaction.
export type { PushService } from './push.service.js';
export type { PushMessage } from './push-sender.js';
