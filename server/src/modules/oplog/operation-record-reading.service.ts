// A20.1: the records of a period for the manager and auditors, oldest first, keyset-paged on
// (at, sourceId, line): one operator's through the ("operatorId", at) index, all operators' through
// the BRIN on at, the partitions outside the period pruned. Reading is not audited per page.
import type { DataSource } from 'typeorm';
import { Keyset, type PageResult } from '../../shared/paging.js';
import { OplogError, OplogErrorCode } from './oplog.errors.js';
import { RECORDS_OF_PERIOD } from './oplog.sql.js';
import type { OperationRecord, OperationRecordsArgs } from './operation-record.types.js';

const OPERATOR = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** exported for the committed EXPLAIN plans (server/scripts/oplog-plans.ts) */
export const OPERATION_RECORD_KEYSET = new Keyset<OperationRecord>({
  list: 'operationRecords',
  columns: [
    { sql: 'r."at"', kind: 'timestamp', of: (r) => r.at },
    { sql: 'r."sourceId"', kind: 'text', of: (r) => r.sourceId },
    { sql: 'r."line"', kind: 'bigint', of: (r) => String(r.line) },
  ],
  direction: 'ASC',
});

export class OperationRecordReadService {
  constructor(private readonly ds: DataSource) {}

  async page(args: OperationRecordsArgs): Promise<PageResult<OperationRecord>> {
    const { from, to } = args;
    if (!(from instanceof Date) || !(to instanceof Date) || !(from < to)) {
      throw new OplogError(OplogErrorCode.OPLOG_BAD_PERIOD, 'from は to より前の日時です (from must be before to)');
    }
    const operatorId = args.operatorId?.trim() || null;
    if (operatorId && !OPERATOR.test(operatorId)) {
      throw new OplogError(OplogErrorCode.OPLOG_BAD_PERIOD, '操作者IDが正しくありません (bad operator id)');
    }
    const k = OPERATION_RECORD_KEYSET.sql(args, 4);
    const rows = (await this.ds.query(RECORDS_OF_PERIOD(k.where, k.orderBy, k.limit), [
      from,
      to,
      operatorId,
      ...k.params,
    ])) as OperationRecord[];
    return OPERATION_RECORD_KEYSET.page(rows, args);
  }
}
