// A20.2: the months of the operation history have their partitions before records arrive: the job
// makes this month and the next ones (oplog_ensure_partition, run by the table's owner on behalf
// of the application's role); an ingest makes the months of its own records.
import type { DataSource } from 'typeorm';
import { ENSURE_PARTITION, PARTITION_MONTHS } from './oplog.sql.js';
import { monthOf } from './oplog-line.js';

/** months made ahead of the current one */
export const MONTHS_AHEAD = 3;

export class OplogPartitionService {
  constructor(private readonly ds: DataSource) {}

  /** This month and the next `ahead` (Asia/Tokyo); the months made now, 'YYYY-MM-01'. */
  async ensureAhead(now: Date, ahead = MONTHS_AHEAD): Promise<string[]> {
    const first = monthOf(now);
    const made: string[] = [];
    for (let i = 0; i <= ahead; i++) {
      const d = new Date(`${first}T00:00:00Z`);
      d.setUTCMonth(d.getUTCMonth() + i);
      const month = d.toISOString().slice(0, 10);
      const rows = (await this.ds.query(ENSURE_PARTITION, [month])) as { made: boolean }[];
      if (rows[0]?.made) made.push(month);
    }
    return made;
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
