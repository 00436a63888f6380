// What the operation history runs on a timer, as durable jobs (server/src/jobs/job-queue.ts).
import type { JobDefinition } from '../../shared/module.js';
import type { OplogPartitionService } from './oplog-partitions.service.js';

export function oplogJobs(s: { oplogPartitions: OplogPartitionService }): JobDefinition[] {
  return [
    {
      // A20.2: this month and the next three have their partitions; idempotent (a month made is left)
      name: 'oplog.partitionsAhead',
      cron: '10 15 * * *', // 00:10 in Tokyo
      async run(_payload, ctx) {
        const { made, busy } = await s.oplogPartitions.ensureAhead(ctx.now);
        if (made.length) ctx.log.info({ made }, 'operation history: partitions made');
        // the history was busy (a long upload): tried again tomorrow, three months ahead of need
        if (busy.length) ctx.log.warn({ busy }, 'operation history: partitions left for another day (table busy)');
      },
    },
  ];
}
