// A20.2: the months of the operation history have their partitions before records arrive: the job
// makes this month and the next ones (oplog_ensure_partition, run by the table's owner on behalf
// of the application's role); an ingest makes the months of its own records.
import type { DataSource } from 'typeorm';
import { sqlState } from '../../shared/errors.js';
import { ENSURE_PARTITION, PARTITION_MONTHS } from './oplog.sql.js';
import { monthOf } from './oplog-line.js';

/** months made ahead of the current one */
export const MONTHS_AHEAD = 3;

/**
 * How long the job waits to make a partition. CREATE TABLE … PARTITION OF takes an ACCESS EXCLUSIVE
 * lock on operation_record; behind a batch still streaming (its transaction holds the table) it
 * would wait, and every read of the history would queue behind it, for as long as the upload lasts.
 * The job gives up after this and makes the month on another day: it works three months ahead.
 */
export const PARTITION_LOCK_TIMEOUT_MS = 2_000;

export interface EnsuredMonths {
  /** the months made now, 'YYYY-MM-01' */
  made: string[];
  /** the months left for another day: operation_record was busy longer than the lock timeout */
  busy: string[];
}

export class OplogPartitionService {
  constructor(private readonly ds: DataSource) {}

  /** This month and the next `ahead` (Asia/Tokyo), each waiting at most `lockTimeoutMs` for the table. */
  async ensureAhead(
    now: Date,
    ahead = MONTHS_AHEAD,
    lockTimeoutMs = PARTITION_LOCK_TIMEOUT_MS,
  ): Promise<EnsuredMonths> {
    const first = monthOf(now);
    const result: EnsuredMonths = { made: [], busy: [] };
    for (let i = 0; i <= ahead; i++) {
      const d = new Date(`${first}T00:00:00Z`);
      d.setUTCMonth(d.getUTCMonth() + i);
      const month = d.toISOString().slice(0, 10);
      try {
        const made = await this.ds.transaction(async (em) => {
          await em.query(`SELECT set_config('lock_timeout', $1, true)`, [`${lockTimeoutMs}ms`]);
          return ((await em.query(ENSURE_PARTITION, [month])) as { made: boolean }[])[0]?.made;
        });
        if (made) result.made.push(month);
      } catch (e) {
        if (sqlState(e) !== '55P03') throw e; // lock_not_available: the lock timeout
        result.busy.push(month);
      }
    }
    return result;
  }

  /** Months with a partition, 'YYYY-MM-01', oldest first. */
  async months(): Promise<string[]> {
    const rows = (await this.ds.query(PARTITION_MONTHS)) as { month: Date | string }[];
    return rows.map((r) => (typeof r.month === 'string' ? r.month : toDay(r.month)));
  }
}

function toDay(d: Date): string {
  // pg returns a date as local midnight
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}
