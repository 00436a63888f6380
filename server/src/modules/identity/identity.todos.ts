// What the identity module asks of a person on the 対応が必要 home: locked accounts to unlock, and
// (for the system administrator) an alert while password locks of the last 24 hours are on record.
import type { DataSource } from 'typeorm';
import { Authority } from '../../shared/authority.js';
import type { TodoSource } from '../../shared/module.js';

export interface IdentityTodoServices {
  ds: DataSource;
}

export function identityTodos(s: IdentityTodoServices): TodoSource[] {
  return [
    {
      id: 'identity.lockedAccounts',
      title: 'ロックされたアカウントの解除',
      link: '/admin/staff',
      // those who may call Mutation.unlockAccount
      authorities: [Authority.MANAGER, Authority.SYSTEM_ADMINISTRATOR],
      // locks end by themselves (15 min, 1 h, 24 h): only those still running
      async count(ctx) {
        const rows = (await s.ds.query(
          `SELECT count(*)::int AS n FROM staff_credential c JOIN staff s ON s.id = c."staffId"
           WHERE c."lockedUntil" > $1 AND s.active`,
          [ctx.now],
        )) as { n: number }[];
        return rows[0]?.n ?? 0;
      },
    },
    {
      // a lock is someone guessing a password (or a person who forgot it): the system administrator
      // looks at the sign-in refusals in the audit trail, even after the lock has ended
      id: 'identity.recentLockouts',
      title: 'パスワードの連続失敗によるロックの確認 (24時間以内)',
      link: '/admin/staff',
      authorities: [Authority.SYSTEM_ADMINISTRATOR],
      async count(ctx) {
        const rows = (await s.ds.query(
          `SELECT count(*)::int AS n FROM staff_credential c JOIN staff s ON s.id = c."staffId"
           WHERE c."lockedAt" > $1 AND s.active`,
          [new Date(ctx.now.getTime() - 86_400_000)],
        )) as { n: number }[];
        return rows[0]?.n ?? 0;
      },
    },
  ];
}
