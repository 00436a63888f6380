// What the access module asks of a person on the 対応が必要 home (A12.2, A12.3, A13).
import type { DataSource } from 'typeorm';
import { Authority } from '../../shared/authority.js';
import type { TodoSource } from '../../shared/module.js';
import { authorityHoldersSql } from '../organisation/index.js';
import { unacknowledgedMonths } from './access.compliance.js';

export interface AccessTodoServices {
  ds: DataSource;
}

const count = async (ds: DataSource, sql: string, params: unknown[] = []): Promise<number> =>
  Number(((await ds.query(sql, params)) as { n: number }[])[0]?.n ?? 0);

export function accessTodos(s: AccessTodoServices): TodoSource[] {
  const { ds } = s;
  return [
    {
      id: 'access.requestsToDecide',
      title: '入室申請の承認',
      link: '/access?tab=pending',
      authorities: [Authority.MANAGER],
      // A12.2: every pending request still within its period, but their own (Hardening §1)
      count: (ctx) =>
        count(
          ds,
          `SELECT count(*)::int AS n FROM room_authorisation WHERE status = 'REQUESTED' AND "validTo" > $1
             AND "requestedById" <> $2 AND "staffId" IS DISTINCT FROM $2`,
          [ctx.now, ctx.staffId],
        ),
    },
    {
      id: 'access.managerRequestsToDecide',
      title: '管理者に関する入室申請の承認',
      link: '/access?tab=pending',
      authorities: [Authority.CHIEF, Authority.DEPUTY_CHIEF],
      // Hardening §1: a request of or for a manager is decided by the chief or the deputy chief
      count: (ctx) =>
        count(
          ds,
          `WITH managers AS (${authorityHoldersSql(`'MANAGER'`, '$3')})
           SELECT count(*)::int AS n FROM room_authorisation a
           WHERE a.status = 'REQUESTED' AND a."validTo" > $1
             AND a."requestedById" <> $2 AND a."staffId" IS DISTINCT FROM $2
             AND (a."requestedById" IN (SELECT id FROM managers) OR a."staffId" IN (SELECT id FROM managers))`,
          [ctx.now, ctx.staffId, ctx.today],
        ),
    },
    {
      id: 'access.anomaliesToResolve',
      title: '入退室の異常の確認',
      link: '/access?tab=anomalies',
      authorities: [Authority.MANAGER],
      count: () => count(ds, `SELECT count(*)::int AS n FROM access_anomaly WHERE "resolvedAt" IS NULL`),
    },
    {
      id: 'access.tabletsPinLocked',
      title: '暗証番号の暗号文が読めない端末の確認',
      link: '/admin/devices',
      authorities: [Authority.MANAGER],
      // Hardening §5: a tablet that sent 10 unreadable PIN ciphers in a row (pair it again once checked)
      count: () =>
        count(
          ds,
          `SELECT count(*)::int AS n FROM door_device_pin_fault f JOIN door_device d ON d.id = f."deviceId"
            WHERE f."lockedAt" IS NOT NULL AND d."revokedAt" IS NULL`,
        ),
    },
    {
      id: 'access.reportToAcknowledge',
      title: '入退室管理の月次報告の確認',
      link: '/access?tab=report',
      authorities: [Authority.CHIEF],
      // A13: every finished month not acknowledged yet, from the 1st of the next month
      count: async (ctx) => (await unacknowledgedMonths(ds, ctx.today, ctx.now)).length,
    },
  ];
}
