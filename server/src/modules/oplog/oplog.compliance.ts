// What the operation history tells the compliance view. A20.2 (操作履歴の保管, kept 7 years): the
// database refuses to delete a record younger than 7 years (the trigger; the application's role has
// no DELETE either), and records are being received — a history that stopped arriving is not being
// kept. A20.1 (the history checked by reviews) stays 未対応 until log reviews exist: records arriving
// say nothing about anyone looking at them.
import type { DataSource } from 'typeorm';
import type { ComplianceControl, ComplianceFinding } from '../../shared/module.js';
import { BATCHES_RECEIVED, RETENTION_GUARD } from './oplog.sql.js';

export interface OplogComplianceServices {
  ds: DataSource;
  /** days without a batch, once one came, before ATTENTION (OPLOG_SILENT_DAYS) */
  silentDays: number;
}

const DAY = 86_400_000;

export function oplogCompliance(s: OplogComplianceServices): ComplianceControl[] {
  const { ds, silentDays } = s;
  return [
    {
      article: 'A20.2',
      title: '操作履歴が受信され、7年間削除できない状態で保管されていること',
      link: '/compliance',
      async evaluate(ctx): Promise<ComplianceFinding> {
        // the guard has no history: a past day is judged with today's catalog
        const guard = (await ds.query(RETENTION_GUARD)) as { n: number }[];
        if (Number(guard[0]?.n ?? 0) < 2) {
          return {
            status: 'VIOLATION',
            reason: '操作履歴の削除を拒む仕組み (トリガー) が外されています。7年未満の記録が削除できる状態です',
          };
        }
        const rows = (await ds.query(BATCHES_RECEIVED, [ctx.asOf])) as { first: Date | null; last: Date | null }[];
        const last = rows[0]?.last ?? null;
        if (!last) {
          return {
            status: 'ATTENTION',
            reason:
              '操作履歴がまだ記録されていません。端末の操作履歴を API (WRITE_OPLOG) か npm run oplog:import で取り込んでください',
          };
        }
        const days = Math.floor((ctx.asOf.getTime() - new Date(last).getTime()) / DAY);
        if (days >= silentDays) {
          return {
            status: 'ATTENTION',
            reason: `操作履歴が${days}日間受信されていません (最後の受信から${silentDays}日以上)。送信元の連携を確認してください`,
          };
        }
        return {
          status: 'OK',
          reason: `操作履歴を受信しています (最後の受信は${days === 0 ? '本日' : `${days}日前`})。7年未満の記録は削除できません`,
        };
      },
    },
  ];
}
