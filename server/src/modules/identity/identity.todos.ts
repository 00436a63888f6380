// What the identity module asks of a person on the 対応が必要 home: locked accounts to unlock.
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
      async count() {
        const rows = (await s.ds.query(
          `SELECT count(*)::int AS n FROM staff_credential c JOIN staff s ON s.id = c."staffId"
           WHERE c."lockedAt" IS NOT NULL AND s.active`,
        )) as { n: number }[];
        return rows[0]?.n ?? 0;
      },
    },
  ];
}
