// What the access module runs on a timer, as durable jobs (server/src/jobs/job-queue.ts): one
// process on the database runs each tick, whichever it is.
import type { JobDefinition } from '../../shared/module.js';
import type { AccessRegisterService } from './access-register.service.js';
import type { DoorPinService } from './door-pin.service.js';

export function accessJobs(s: { accessRegister: AccessRegisterService; doorPins: DoorPinService }): JobDefinition[] {
  return [
    {
      // A12.3: anomalies only time reveals (entries never closed after 12 h, sequence numbers still
      // missing after 1 h); idempotent, so a late or repeated tick adds nothing twice
      name: 'access.sweep',
      cron: '*/5 * * * *',
      async run(_payload, ctx) {
        const added = await s.accessRegister.sweep();
        if (added) ctx.log.info({ anomalies: added }, 'access sweep: anomalies found');
      },
    },
    {
      // answers to door PINs older than 30 days are forgotten (a tablet sends an event long before)
      name: 'access.pruneDoorPinChecks',
      cron: '*/5 * * * *',
      async run(_payload, ctx) {
        const removed = await s.doorPins.pruneChecks();
        if (removed) ctx.log.debug({ removed }, 'door PIN answers forgotten');
      },
    },
  ];
}
