// The sign-in state of a staff member (never a secret): what a manager needs to unlock an account
// and a system administrator to issue a password. A sensitive field with its own policy entry.
import DataLoader from 'dataloader';
import { Authorized, Ctx, Field, FieldResolver, Int, ObjectType, Resolver, Root } from 'type-graphql';
import type { DataSource } from 'typeorm';
import type { AppContext } from '../../composition/context.js';
import { Staff } from '../organisation/index.js';

@ObjectType('StaffAccount', { description: 'サインインの状態 (秘密情報は含まない)' })
export class StaffAccount {
  @Field(() => Boolean, { description: 'パスワード設定済み' })
  hasPassword: boolean;

  @Field(() => Date, { nullable: true, description: 'ロックされた日時 (null: 今はロックなし)' })
  lockedAt: Date | null;

  @Field(() => Date, { nullable: true, description: 'ロックが自動で解ける日時 (null: 今はロックなし)' })
  lockedUntil: Date | null;

  @Field(() => Int, { description: '連続失敗回数' })
  failedAttempts: number;

  @Field(() => Date, { nullable: true })
  passwordChangedAt: Date | null;

  @Field(() => Int, { description: '登録済みパスキーの数' })
  passkeys: number;

  @Field(() => Date, { nullable: true, description: '最後にサインインした日時' })
  lastSignInAt: Date | null;
}

interface AccountRow {
  staffId: string;
  hasPassword: boolean;
  lockedAt: Date | null;
  lockedUntil: Date | null;
  failedAttempts: number | null;
  passwordChangedAt: Date | null;
  passkeys: number;
  lastSignInAt: Date | null;
}

/** One statement for any number of staff. */
export function createIdentityLoaders(ds: DataSource, now: () => Date) {
  return {
    accountByStaff: new DataLoader<string, StaffAccount>(async (ids) => {
      const rows = (await ds.query(
        `SELECT s.id AS "staffId",
                c."passwordHash" IS NOT NULL AS "hasPassword", c."failedAttempts", c."passwordChangedAt",
                CASE WHEN c."lockedUntil" > $2 THEN c."lockedAt" END AS "lockedAt",
                CASE WHEN c."lockedUntil" > $2 THEN c."lockedUntil" END AS "lockedUntil",
                (SELECT count(*)::int FROM passkey p WHERE p."staffId" = s.id) AS passkeys,
                (SELECT max(x."createdAt") FROM staff_session x WHERE x."staffId" = s.id) AS "lastSignInAt"
         FROM staff s LEFT JOIN staff_credential c ON c."staffId" = s.id
         WHERE s.id = ANY($1::uuid[])`,
        [[...ids], now()],
      )) as AccountRow[];
      const byId = new Map(rows.map((r) => [r.staffId, r]));
      return ids.map((id) => {
        const r = byId.get(id);
        return {
          hasPassword: r?.hasPassword ?? false,
          lockedAt: r?.lockedAt ?? null,
          lockedUntil: r?.lockedUntil ?? null,
          failedAttempts: r?.failedAttempts ?? 0,
          passwordChangedAt: r?.passwordChangedAt ?? null,
          passkeys: r?.passkeys ?? 0,
          lastSignInAt: r?.lastSignInAt ?? null,
        };
      });
    }),
  };
}

@Resolver(() => Staff)
export class StaffAccountResolver {
  @Authorized('Staff.account')
  @FieldResolver(() => StaffAccount, { nullable: true, description: 'サインインの状態 (管理者・システム管理者)' })
  account(@Root() s: Staff, @Ctx() ctx: AppContext): Promise<StaffAccount> {
    return ctx.loaders.identity.accountByStaff.load(s.id);
  }
}
