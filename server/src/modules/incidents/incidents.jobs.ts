// What the incidents module runs as durable jobs (server/src/jobs/job-queue.ts): each incident's
// escalation timer, and a sweep that makes sure every unacknowledged incident has one.
import type { DataSource } from 'typeorm';
import { isUuid } from '../../shared/ids.js';
import type { JobDefinition } from '../../shared/module.js';
import { ensureTimers, ESCALATE_JOB } from './escalation-timer.js';
import type { IncidentHandlingService } from './incident-handling.service.js';

export function incidentsJobs(s: {
  ds: DataSource;
  incidentHandling: IncidentHandlingService;
  now: () => Date;
}): JobDefinition[] {
  return [
    {
      // enqueued with the incident (escalation-timer.ts), one per incident by its job key
      name: ESCALATE_JOB,
      async run(payload, ctx) {
        const id = (payload as { incidentId?: unknown } | null)?.incidentId;
        if (!isUuid(id)) {
          ctx.log.error({ payload }, 'incident escalation: payload without an incident id, dropped');
          return;
        }
        if (await s.incidentHandling.escalate(id)) ctx.log.info({ incidentId: id }, 'incident escalated');
      },
    },
    {
      // a timer missing for any reason (a restore starts with an empty queue) is set again
      name: 'incidents.ensureTimers',
      cron: '*/5 * * * *',
      async run() {
        await s.ds.transaction((em) => ensureTimers(em, s.now()));
      },
    },
  ];
}
