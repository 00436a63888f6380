import type { MigrationInterface, QueryRunner } from 'typeorm';

// Issue 16, Bench: the history's reads of all operators are ordered by the record's key in time,
// ("at", "sourceId", line): after-hours (OUTSIDE_HOURS) and the other saved queries on records, a
// page of operationRecords without an operator, a month's export. With only the BRIN on "at" (and
// the primary key led by "sourceId") each read every record of the month, then sorted the matches
// for the first page: cost grows with the records a month (about a million at 90M rows). A b-tree in
// that order lets a first page read the month from its start and stop at the hundredth match. Made on
// the partitioned table, so on every month's partition, those made later too; Citus keeps it per shard.
export class OperationRecordTimeOrder1796232310707 implements MigrationInterface {
  name = 'OperationRecordTimeOrder1796232310707';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX operation_record_time_order ON operation_record ("at", "sourceId", "line")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX operation_record_time_order`);
  }
}
