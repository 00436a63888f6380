// The saved queries of the reviews (A20.1) for Excel, through the export kit (shared/export): CSV
// (UTF-8 with a BOM, 令和 dates, formula-safe) or xlsx, streamed from one database snapshot.
// GET /exports/oplog/<query>.<csv|xlsx>?from=YYYY-MM-DD&until=YYYY-MM-DD; the same callers as the
// GraphQL queries (policy action Export.oplogSavedQuery); each export is audited with its rows.
import type { DataSource } from 'typeorm';
import type { AuditTrail } from '../../shared/audit.js';
import { AuditedWrites, created } from '../../shared/audited.js';
import { allowedCaller } from '../../shared/route-guard.js';
import { AppError } from '../../shared/errors.js';
import { columns, inSnapshot, sendExport, type ExportColumn, type ExportSummary } from '../../shared/export/index.js';
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

export function registerOplogSavedQueryExport(s: ExportServices, { http, context }: HttpKit): void {
  const audited = new AuditedWrites<OplogReviewAction>(s.ds, s.audit);
  http.get<{ Params: { name: string }; Querystring: { from?: string; until?: string } }>(
    '/exports/oplog/:name',
    async (request, reply) => {
      const m = /^([a-z-]+)\.(csv|xlsx)$/.exec(request.params.name);
      const q = m ? QUERIES[m[1]] : undefined;
      if (!m || !q) return reply.callNotFound();
      const format = m[2] as 'csv' | 'xlsx';
      const ctx = await allowedCaller(context, request, reply, audited, 'Export.oplogSavedQuery');
      if (!ctx) return reply;
      const from = String(request.query.from ?? '');
      const until = String(request.query.until ?? '');
      try {
        periodOf(from, until);
      } catch (e) {
        if (e instanceof AppError) return reply.code(400).send({ code: e.code, message: e.message });
        throw e;
      }
      const page = { from, until, first: 1000 };
      const read = <T>(
        next: (
          after: string | null,
          em: import('typeorm').EntityManager,
        ) => Promise<{ nodes: T[]; hasNextPage: boolean; endCursor: string | null }>,
      ) =>
        inSnapshot(s.ds, async function* (em) {
          for (let after: string | null = null; ;) {
            const p = await next(after, em);
            yield* p.nodes;
            if (!p.hasNextPage) break;
            after = p.endCursor;
          }
        });
      const audit = async ({ rows, complete }: ExportSummary) => {
        await audited.recordAlone(
          ctx.meta,
          'Export.oplogSavedQuery',
          { type: 'OplogSavedQuery', id: m[1] },
          { ...created({ rows, from, until, format }), ...(complete ? {} : { complete: [null, false] }) },
        );
      };
      const filename = `oplog-${m[1]}-${from}-${until}`;
      const title = `${q.title} ${from}〜${until}`;
      if (q.record) {
        const query = q.record;
        return sendExport(reply, filename, {
          format,
          columns: RECORD_COLUMNS as ExportColumn<OplogFlaggedRecord>[],
          rows: read((after, em) => s.oplogSavedQueries.records(query, { ...page, after }, { em, max: 1000 })),
          title,
          onEnd: audit,
        });
      }
      const query = q.day!;
      return sendExport(reply, filename, {
        format,
        columns: DAY_COLUMNS,
        rows: read((after, em) => s.oplogSavedQueries.operatorDays(query, { ...page, after }, { em, max: 1000 })),
        title,
        onEnd: audit,
      });
    },
  );
}
