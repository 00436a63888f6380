// The entry/exit register of a month as CSV that Excel opens correctly: UTF-8 with a BOM, CRLF,
// every field quoted, 令和 dates, and the register's own columns (A12.3). Same caller rules as
// GraphQL (policy action Export.accessRegister; a token needs the READ scope).
import { isUuid, MONTH } from '../../shared/ids.js';
import type { AuditTrail } from '../../shared/audit.js';
import type { HttpKit } from '../../shared/module.js';
import type { DataSource } from 'typeorm';
import type { AccessReportService } from './access-report.service.js';
import { AuditedWrites, created } from '../../shared/audited.js';
import type { AccessAction } from './access.policy.js';
import { monthBounds, type Visit } from './access-report.service.js';

const HEADER = ['氏名', '所属', '電算室等', '入室日時', '退室日時', '目的', '確認結果', '特記事項'];
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
const wareki = new Intl.DateTimeFormat('ja-JP-u-ca-japanese', {
  era: 'long',
  year: 'numeric',
  month: 'long',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZone: 'Asia/Tokyo',
});
/** Quoted, and text that Excel would run as a formula (= + - @ tab CR) starts with an apostrophe. */
const quote = (v: string) => `"${(/^[=+\-@\t\r]/.test(v) ? `'${v}` : v).replace(/"/g, '""')}"`;

export function visitLine(v: Visit): string {
  const checked = v.checklist
    ? v.checklist.equipmentOff &&
      v.checklist.noMediaLeft &&
      v.checklist.noUnauthorisedCable &&
      v.checklist.noDocumentsLeft
      ? '異常なし'
      : '要確認'
    : '';
  const notes = [...v.notes, ...[...new Set(v.anomalies)].map((a) => ANOMALY_JA[a] ?? a)].join('・');
  return [
    v.name,
    v.affiliation ?? '',
    v.roomCode,
    v.enteredAt ? wareki.format(v.enteredAt) : '',
    v.exitedAt ? wareki.format(v.exitedAt) : '',
    v.purpose,
    checked,
    notes,
  ]
    .map((x) => quote(String(x)))
    .join(',');
}

interface ExportServices {
  ds: DataSource;
  audit: AuditTrail;
  accessReport: AccessReportService;
}

export function registerAccessExport(services: ExportServices, { http, context }: HttpKit): void {
  const audited = new AuditedWrites<AccessAction>(services.ds, services.audit);
  http.get<{ Querystring: { month?: string; roomId?: string } }>(
    '/exports/access-register.csv',
    async (request, reply) => {
      const ctx = await context(request, reply);
      const decision = ctx.policy.decide(ctx.principal, 'Export.accessRegister');
      if (decision !== 'ALLOW') {
        return reply.code(decision === 'UNAUTHENTICATED' ? 401 : 403).send({ code: decision });
      }
      const month = String(request.query.month ?? '');
      const roomId = request.query.roomId ? String(request.query.roomId) : null;
      if (!MONTH.test(month) || (roomId && !isUuid(roomId))) {
        return reply.code(400).send({ code: 'BAD_USER_INPUT', message: 'month=YYYY-MM (roomId は任意)' });
      }
      monthBounds(month);
      const lines: string[] = [HEADER.map(quote).join(',')];
      // one snapshot for every page: a tablet syncing meanwhile cannot shift rows between pages
      await services.ds.transaction('REPEATABLE READ', async (em) => {
        for (let offset = 0; ; offset += 1000) {
          const page = await services.accessReport.visits(month, roomId, 1000, offset, em);
          lines.push(...page.map(visitLine));
          if (page.length < 1000) break;
        }
      });
      await audited.recordAlone(
        ctx.meta,
        'Export.accessRegister',
        { type: 'AccessRegister', id: month },
        created({ rows: lines.length - 1, roomId }),
      );
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="access-register-${month}.csv"`)
        .header('cache-control', 'no-store')
        .send('\uFEFF' + lines.join('\r\n') + '\r\n');
    },
  );
}
