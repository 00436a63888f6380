// The entry/exit register of a month for Excel (A12.3), through the export kit (shared/export):
// CSV (UTF-8 with a BOM, CRLF, every field quoted, 令和 dates, formula-safe) or xlsx (date cells in
// 令和), streamed from one database snapshot. Same caller rules as GraphQL (policy action
// Export.accessRegister; a token needs the READ scope).
import { isUuid, MONTH } from '../../shared/ids.js';
import type { AuditTrail } from '../../shared/audit.js';
import type { HttpKit } from '../../shared/module.js';
import type { DataSource } from 'typeorm';
import type { AccessReportService } from './access-report.service.js';
import { AuditedWrites } from '../../shared/audited.js';
import type { AccessAction } from './access.policy.js';
import type { Visit } from './access-report.service.js';
import { allPages, badExportQuery, columns, registerExport } from '../../shared/export/index.js';

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

export function registerAccessExport(services: ExportServices, kit: HttpKit): void {
  registerExport(services.ds, kit, {
    path: '/exports/access-register.:format',
    action: 'Export.accessRegister',
    audited: new AuditedWrites<AccessAction>(services.ds, services.audit),
    query: (q) => {
      const month = String(q.month ?? '');
      const roomId = q.roomId ? String(q.roomId) : null;
      if (!MONTH.test(month) || (roomId && !isUuid(roomId))) throw badExportQuery('month=YYYY-MM (roomId は任意)');
      return { month, roomId };
    },
    describe: ({ month, roomId }) => ({
      filename: `access-register-${month}`,
      title: `入退室管理簿 ${month}`,
      target: { type: 'AccessRegister', id: month },
      facts: { roomId },
    }),
    columns: ACCESS_REGISTER_COLUMNS,
    // one snapshot for every page: a tablet syncing meanwhile cannot shift rows between pages
    rows: (em, { month, roomId }) =>
      allPages((after) => services.accessReport.visits(month, roomId, { first: 1000, after }, { em, max: 1000 })),
  });
}
