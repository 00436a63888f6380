// Transfers open on their effective date (issue 15 §3): one durable job per date, written with the
// import (transfer-open.service.ts), and a daily sweep just after midnight in Tokyo that opens any
// move due and still waiting (a restored database starts with an empty queue).
import type { JobDefinition } from '../../shared/module.js';
import { OPEN_TRANSFERS_JOB, type TransferOpenService } from './transfer-open.service.js';

export function transferJobs(s: { cardTransferOpen: TransferOpenService }): JobDefinition[] {
  const run = async (_payload: unknown, ctx: { log: { info(o: object, m: string): void } }) => {
    const r = await s.cardTransferOpen.openDue();
    if (r.opened || r.skipped) ctx.log.info(r, 'card transfers opened');
  };
  return [
    { name: OPEN_TRANSFERS_JOB, run },
    // 00:05 in Tokyo
    { name: 'cards.openTransfersSweep', cron: '5 15 * * *', run },
  ];
}
