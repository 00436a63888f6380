// The saved queries of the reviews (A20.1) for Excel, through the export kit (shared/export): CSV
// (UTF-8 with a BOM, 令和 dates, formula-safe) or xlsx, streamed from one database snapshot.
// GET /exports/oplog/<query>.<csv|xlsx>?from=YYYY-MM-DD&until=YYYY-MM-DD; the same callers as the
// GraphQL queries (policy action Export.oplogSavedQuery); each export is audited with its rows.
import type { DataSource } from 'typeorm';
import type { AuditTrail } from '../../shared/audit.js';
import { AuditedWrites } from '../../shared/audited.js';
import { allPages, columns, registerExport } from '../../shared/export/index.js';
import type { HttpKit } from '../../shared/module.js';
import type { OplogReviewAction } from './review.policy.js';
import { periodOf, type OplogSavedQueryService } from './saved-queries.service.js';
import {
  OplogOperatorDayQuery,
  OplogRecordQuery,
  type OplogFlaggedRecord,
  type OplogOperatorDay,
} from './saved-queries.types.js';

const VERDICT_JA: Record<string, string> = { EXPLAINED: '説明済み', FINDING: '指摘事項' };

const RECORD_COLUMNS = columns<OplogFlaggedRecord>(
  { header: '日時', kind: 'datetime', value: (r) => r.at },
  { header: '端末', kind: 'text', value: (r) => r.terminalCode, width: 12 },
  { header: '操作者ID', kind: 'text', value: (r) => r.operatorId, width: 12 },
  { header: '操作種別', kind: 'text', value: (r) => r.operationLabel ?? r.operationType, width: 16 },
  { header: '結果', kind: 'text', value: (r) => (r.result === 'SUCCESS' ? '正常' : '異常'), width: 8 },
  { header: '送信元', kind: 'text', value: (r) => r.sourceId, width: 20 },
  { header: '行', kind: 'number', value: (r) => r.line },
  { header: '点検の判断', kind: 'text', value: (r) => (r.markVerdict ? VERDICT_JA[r.markVerdict] : ''), width: 10 },
  { header: '説明・指摘', kind: 'text', value: (r) => r.markNote ?? '', width: 40 },
);

const DAY_COLUMNS = columns<OplogOperatorDay>(
  { header: '日', kind: 'date', value: (d) => d.day },
  { header: '操作者ID', kind: 'text', value: (d) => d.operatorId, width: 12 },
  { header: '件数', kind: 'number', value: (d) => d.count },
  { header: '最初の記録', kind: 'datetime', value: (d) => d.firstAt },
  { header: '最後の記録', kind: 'datetime', value: (d) => d.lastAt },
  { header: '時間帯の数', kind: 'number', value: (d) => d.hours },
  { header: '基準の平均', kind: 'number', value: (d) => d.baselineMean },
  { header: '基準の標準偏差', kind: 'number', value: (d) => d.baselineSd },
);

/** The export's name in the URL → the query and its title. */
const QUERIES: Record<string, { record?: OplogRecordQuery; day?: OplogOperatorDayQuery; title: string }> = {
  'outside-hours': { record: OplogRecordQuery.OUTSIDE_HOURS, title: '時間外の操作' },
  'no-valid-card': { record: OplogRecordQuery.NO_VALID_CARD, title: '有効なカードのない操作' },
  'beyond-role': { record: OplogRecordQuery.BEYOND_ROLE, title: '役割を超える操作' },
  'empty-server-room': { record: OplogRecordQuery.EMPTY_SERVER_ROOM, title: '無人の電算室等での操作' },
  'unusual-volume': { day: OplogOperatorDayQuery.UNUSUAL_VOLUME, title: '普段より多い操作' },
  'all-day': { day: OplogOperatorDayQuery.ALL_DAY, title: '終日の操作' },
};

interface ExportServices {
  ds: DataSource;
  audit: AuditTrail;
  oplogSavedQueries: OplogSavedQueryService;
}

export function registerOplogSavedQueryExport(s: ExportServices, kit: HttpKit): void {
  const audited = new AuditedWrites<OplogReviewAction>(s.ds, s.audit);
  for (const [name, q] of Object.entries(QUERIES)) {
    const common = {
      path: `/exports/oplog/${name}.:format`,
      action: 'Export.oplogSavedQuery' as const,
      audited,
      query: ({ from, until }: Record<string, unknown>) => {
        const period = { from: String(from ?? ''), until: String(until ?? '') };
        periodOf(period.from, period.until); // an AppError answered 400 with its code
        return period;
      },
      describe: ({ from, until }: { from: string; until: string }) => ({
        filename: `oplog-${name}-${from}-${until}`,
        title: `${q.title} ${from}〜${until}`,
        target: { type: 'OplogSavedQuery', id: name },
        facts: { from, until },
      }),
    };
    const record = q.record;
    if (record)
      registerExport(s.ds, kit, {
        ...common,
        columns: RECORD_COLUMNS,
        rows: (em, { from, until }) =>
          allPages((after) =>
            s.oplogSavedQueries.records(record, { from, until, first: 1000, after }, { em, max: 1000 }),
          ),
      });
    else
      registerExport(s.ds, kit, {
        ...common,
        columns: DAY_COLUMNS,
        rows: (em, { from, until }) =>
          allPages((after) =>
            s.oplogSavedQueries.operatorDays(q.day!, { from, until, first: 1000, after }, { em, max: 1000 }),
          ),
      });
  }
}
