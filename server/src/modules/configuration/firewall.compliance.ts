// What the firewall block tells the compliance view (A14.7, A14.8), for each firewall program in use.
// A past day: checks, backups and drills are judged as recorded by the end of that day; the installed
// version has no history of its own here (its changes are change records), so today's is used.
import type { DataSource } from 'typeorm';
import type { ComplianceContext, ComplianceControl, ComplianceFinding } from '../../shared/module.js';
import { FIREWALL_CHECK_DAYS, RESTORE_DRILL_MONTHS } from './firewall.service.js';

interface FirewallComplianceServices {
  ds: DataSource;
}

/** firewall programs in use, registered by $1 */
const IN_USE = `i.kind = 'FIREWALL_SOFTWARE' AND i.state = 'IN_USE' AND i."createdAt" <= $1`;

const isPast = (ctx: ComplianceContext) => ctx.asOf.getTime() < ctx.now.getTime();
const label = (r: { registerNumber: string; name: string }) => `${r.registerNumber} ${r.name}`;

export function firewallCompliance({ ds }: FirewallComplianceServices): ComplianceControl[] {
  return [
    {
      article: 'A14.7',
      title: 'ファイヤーウォールのプログラムが最新であり、30日以内に確認されていること',
      link: '/configuration?kind=FIREWALL_SOFTWARE',
      async evaluate(ctx): Promise<ComplianceFinding> {
        const rows = (await ds.query(
          `SELECT i."registerNumber", i.name, i.version, c."latestKnownVersion", ($2::date - c."checkedOn") AS age
             FROM configuration_item i
             LEFT JOIN LATERAL (SELECT * FROM firewall_version_check c
                WHERE c."itemId" = i.id AND c."checkedOn" <= $2 AND c."recordedAt" <= $1
                ORDER BY c."checkedOn" DESC, c."recordedAt" DESC LIMIT 1) c ON true
            WHERE ${IN_USE} ORDER BY i."registerNumber"`,
          [ctx.asOf, ctx.on],
        )) as {
          registerNumber: string;
          name: string;
          version: string | null;
          latestKnownVersion: string | null;
          age: number | null;
        }[];
        if (!rows.length)
          return {
            status: 'ATTENTION',
            reason: '使用中のファイヤーウォールのプログラムが構成管理簿に登録されていません',
          };
        const old = rows.filter((r) => r.latestKnownVersion !== null && r.latestKnownVersion !== r.version);
        const unchecked = rows.filter((r) => r.age === null || r.age > FIREWALL_CHECK_DAYS);
        const note = isPast(ctx) ? ' (導入バージョンは現在の登録内容で判定)' : '';
        const reasons: string[] = [];
        if (old.length) reasons.push(`最新版でないもの: ${old.map(label).join('、')}`);
        if (unchecked.length)
          reasons.push(`${FIREWALL_CHECK_DAYS}日以内に最新版を確認していないもの: ${unchecked.map(label).join('、')}`);
        if (reasons.length) return { status: 'VIOLATION', reason: reasons.join('。') + note };
        return {
          status: 'OK',
          reason: `ファイヤーウォールのプログラム${rows.length}件、すべて最新版を確認済み${note}`,
        };
      },
    },
    {
      article: 'A14.8',
      title: 'ファイヤーウォールの設定データの複製があり、回復訓練が行われていること',
      link: '/configuration?kind=FIREWALL_SOFTWARE',
      async evaluate(ctx): Promise<ComplianceFinding> {
        const rows = (await ds.query(
          `SELECT i."registerNumber", i.name,
                  (SELECT encode(sha256(f.content), 'hex') = f.sha256
                     FROM firewall_setting_backup b JOIN configuration_file f ON f.id = b."fileId"
                    WHERE b."itemId" = i.id AND b."takenAt" <= $1 ORDER BY b."takenAt" DESC LIMIT 1) AS intact,
                  EXISTS (SELECT 1 FROM firewall_restore_drill d
                           WHERE d."itemId" = i.id AND d.result = 'SUCCEEDED' AND d."recordedAt" <= $1
                             AND d."drilledOn" <= $2 AND d."drilledOn" > ($2::date - make_interval(months => $3))) AS drilled
             FROM configuration_item i WHERE ${IN_USE} ORDER BY i."registerNumber"`,
          [ctx.asOf, ctx.on, RESTORE_DRILL_MONTHS],
        )) as { registerNumber: string; name: string; intact: boolean | null; drilled: boolean }[];
        if (!rows.length)
          return {
            status: 'ATTENTION',
            reason: '使用中のファイヤーウォールのプログラムが構成管理簿に登録されていません',
          };
        const none = rows.filter((r) => r.intact === null);
        const tampered = rows.filter((r) => r.intact === false);
        const undrilled = rows.filter((r) => !r.drilled);
        const bad: string[] = [];
        if (none.length) bad.push(`設定データの複製がないもの: ${none.map(label).join('、')}`);
        if (tampered.length)
          bad.push(
            `最新の複製のファイルがハッシュ値と一致しない (改ざん・破損) もの: ${tampered.map(label).join('、')}`,
          );
        if (bad.length) return { status: 'VIOLATION', reason: bad.join('。') };
        if (undrilled.length)
          return {
            status: 'ATTENTION',
            reason: `${RESTORE_DRILL_MONTHS}か月以内に回復できた訓練がないもの: ${undrilled.map(label).join('、')}`,
          };
        return {
          status: 'OK',
          reason: `ファイヤーウォールのプログラム${rows.length}件、複製あり、${RESTORE_DRILL_MONTHS}か月以内に回復訓練済み`,
        };
      },
    },
  ];
}
