// The entry/exit register of a month for Excel (A12.3), through the export kit (shared/export):
// CSV (UTF-8 with a BOM, CRLF, every field quoted, 令和 dates, formula-safe) or xlsx (date cells in
// 令和), streamed from one database snapshot. Same caller rules as GraphQL (policy action
// Export.accessRegister; a token needs the READ scope).
import { isUuid, MONTH } from '../../shared/ids.js';
import type { AuditTrail } from '../../shared/audit.js';
import type { HttpKit } from '../../shared/module.js';
import type { DataSource } from 'typeorm';
import type { AccessReportService } from './access-report.service.js';
import { AuditedWrites, created } from '../../shared/audited.js';
import { allowedCaller } from '../../shared/route-guard.js';
import type { AccessAction } from './access.policy.js';
import { monthBounds, type Visit } from './access-report.service.js';
import { columns, inSnapshot, sendExport, type ExportSummary } from '../../shared/export/index.js';

const ANOMALY_JA: Record<string, string> = {
  UNAUTHORISED: '許可なし',
  CLOCK_SKEW: '端末時刻のずれ',
  EXIT_WITHOUT_ENTRY: '入室記録なし',
  ESCORT_MISSING: '付添いなし',
  CHECKLIST_INCOMPLETE: '退室時確認に不備',
  PIN_FAILED: '暗証番号の誤り',
  PIN_LOCKED: '暗証番号ロック中',
  PIN_MISSING: '暗証番号なし',
  NOT_CLOSED: '退室記録なし',
  SEQUENCE_GAP: '端末の記録の欠落',
};

const checked = (v: Visit): string =>
  v.checklist
    ? v.checklist.equipmentOff &&
      v.checklist.noMediaLeft &&
      v.checklist.noUnauthorisedCable &&
      v.checklist.noDocumentsLeft
      ? '異常なし'
      : '要確認'
    : '';
const remarks = (v: Visit): string =>
  [...v.notes, ...[...new Set(v.anomalies)].map((a) => ANOMALY_JA[a] ?? a)].join('・');

/** The register's columns (A12.3), in the order Excel users know; 付添者 and 記録方法 were added last to keep A–H. */
export const ACCESS_REGISTER_COLUMNS = columns<Visit>(
  { header: '氏名', kind: 'text', value: (v) => v.name, width: 16 },
  { header: '所属', kind: 'text', value: (v) => v.affiliation ?? '', width: 24 },
  { header: '電算室等', kind: 'text', value: (v) => v.roomCode, width: 10 },
  { header: '入室日時', kind: 'datetime', value: (v) => v.enteredAt },
  { header: '退室日時', kind: 'datetime', value: (v) => v.exitedAt },
  { header: '目的', kind: 'text', value: (v) => v.purpose, width: 30 },
  { header: '確認結果', kind: 'text', value: checked, width: 10 },
  { header: '特記事項', kind: 'text', value: remarks, width: 40 },
  { header: '付添者', kind: 'text', value: (v) => v.escortName ?? '', width: 16 },
  // Hardening §1: a line a manager typed in from the paper register, and who did
  {
    header: '記録方法',
    kind: 'text',
    value: (v) => (v.paperFallback ? `紙の記録からの転記 (${v.transcribedBy ?? ''})` : '端末'),
    width: 28,
  },
);

interface ExportServices {
  ds: DataSource;
  audit: AuditTrail;
  accessReport: AccessReportService;
}

export function registerAccessExport(services: ExportServices, { http, context }: HttpKit): void {
  const audited = new AuditedWrites<AccessAction>(services.ds, services.audit);
  http.get<{ Params: { format: string }; Querystring: { month?: string; roomId?: string } }>(
    '/exports/access-register.:format',
    async (request, reply) => {
      const format = request.params.format;
      if (format !== 'csv' && format !== 'xlsx') return reply.callNotFound();
      const ctx = await allowedCaller(context, request, reply, audited, 'Export.accessRegister');
      if (!ctx) return reply;
      const month = String(request.query.month ?? '');
      const roomId = request.query.roomId ? String(request.query.roomId) : null;
      if (!MONTH.test(month) || (roomId && !isUuid(roomId))) {
        return reply.code(400).send({ code: 'BAD_USER_INPUT', message: 'month=YYYY-MM (roomId は任意)' });
      }
      monthBounds(month);
      // one snapshot for every page: a tablet syncing meanwhile cannot shift rows between pages
      const rows = inSnapshot(services.ds, async function* (em) {
        for (let after: string | null = null; ;) {
          const page = await services.accessReport.visits(month, roomId, { first: 1000, after }, { em, max: 1000 });
          yield* page.nodes;
          if (!page.hasNextPage) break;
          after = page.endCursor;
        }
      });
      // written after the last row, before the file's last bytes; an export that breaks off
      // (source error, client gone) is recorded too, with complete: false
      const audit = async ({ rows: n, complete }: ExportSummary) => {
        await audited.recordAlone(
          ctx.meta,
          'Export.accessRegister',
          { type: 'AccessRegister', id: month },
          {
            ...created({ rows: n, roomId, format }),
            ...(complete ? {} : { complete: [null, false] }),
          },
        );
      };
      return sendExport(reply, `access-register-${month}`, {
        format,
        columns: ACCESS_REGISTER_COLUMNS,
        rows,
        title: `入退室管理簿 ${month}`,
        onEnd: audit,
      });
    },
  );
}
