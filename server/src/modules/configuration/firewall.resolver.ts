import { Arg, Authorized, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { AppContext } from '../../composition/context.js';
import { CurrentStaff } from '../../shared/current-staff.js';
import { ID } from '../../shared/ids.js';
import type { StaffPrincipal } from '../../shared/principal.js';
import { Staff } from '../organisation/index.js';
import { ConfigurationItem } from './configuration-item.entity.js';
import {
  FirewallRestoreDrill,
  FirewallSettingBackup,
  FirewallVersionCheck,
  RestoreDrillResult,
} from './firewall.entity.js';
import {
  FirewallStatus,
  RecordFirewallRestoreDrillInput,
  RecordFirewallVersionCheckInput,
  StoreFirewallSettingBackupInput,
} from './firewall.inputs.js';
import { RESTORE_DRILL_MONTHS } from './firewall.service.js';
import { ItemKind } from './item-kinds.js';
import { StoredFile } from './stored-file.entity.js';

const staff = async (ctx: AppContext, id: string) => (await ctx.loaders.organisation.staffById.load(id))!;

/** 'YYYY-MM-DD' a number of months before a day. */
const monthsBefore = (day: string, months: number) => {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() - months);
  return d.toISOString().slice(0, 10);
};

/** The firewall block of an item page (A14.7, A14.8); thin, the rules are FirewallService's. */
@Resolver(() => ConfigurationItem)
export class FirewallItemResolver {
  @FieldResolver(() => FirewallStatus, {
    nullable: true,
    description: 'ファイヤーウォールのプログラムの版・確認・回復訓練 (A14.7, A14.8)。ほかの種別は null',
  })
  async firewall(@Root() i: ConfigurationItem, @Ctx() ctx: AppContext): Promise<FirewallStatus | null> {
    if (i.kind !== ItemKind.FIREWALL_SOFTWARE) return null;
    const fw = ctx.services.firewalls;
    const [state, checks, drills] = await Promise.all([fw.stateOf(i), fw.checks(i.id), fw.drills(i.id)]);
    const lastSucceededDrillOn = drills.find((d) => d.result === RestoreDrillResult.SUCCEEDED)?.drilledOn ?? null;
    return {
      installedVersion: state.installedVersion,
      latestKnownVersion: state.lastCheck?.latestKnownVersion ?? null,
      checkedOn: state.lastCheck?.checkedOn ?? null,
      outOfDate: state.outOfDate,
      checkOverdue: state.checkOverdue,
      red: state.outOfDate || state.checkOverdue,
      checks,
      drills,
      lastSucceededDrillOn,
      drillDue: !lastSucceededDrillOn || lastSucceededDrillOn <= monthsBefore(ctx.today, RESTORE_DRILL_MONTHS),
    };
  }
}

@Resolver(() => FirewallSettingBackup)
export class FirewallResolver {
  @Authorized('Query.firewallSettingBackups')
  @Query(() => [FirewallSettingBackup], {
    description: 'ファイヤーウォールの設定データの複製 (A14.8、新しい順)。管理者・統括者・副統括者・監査者',
  })
  firewallSettingBackups(@Arg('itemId', () => ID) itemId: string, @Ctx() ctx: AppContext) {
    return ctx.services.firewalls.backups(itemId);
  }

  @Authorized('Mutation.recordFirewallVersionCheck')
  @Mutation(() => FirewallVersionCheck, {
    description: 'ファイヤーウォールのプログラムの最新版を確認した (A14.7、管理者)',
  })
  recordFirewallVersionCheck(
    @Arg('input', () => RecordFirewallVersionCheckInput) input: RecordFirewallVersionCheckInput,
    @CurrentStaff() by: StaffPrincipal,
    @Ctx() ctx: AppContext,
  ): Promise<FirewallVersionCheck> {
    return ctx.services.firewalls.recordCheck(input, by.staffId, ctx.meta);
  }

  @Authorized('Mutation.storeFirewallSettingBackup')
  @Mutation(() => FirewallSettingBackup, {
    description: 'ファイヤーウォールの設定データの複製を保管 (A14.8、管理者)。ファイルは SHA-256 とともに',
  })
  storeFirewallSettingBackup(
    @Arg('input', () => StoreFirewallSettingBackupInput) input: StoreFirewallSettingBackupInput,
    @CurrentStaff() by: StaffPrincipal,
    @Ctx() ctx: AppContext,
  ): Promise<FirewallSettingBackup> {
    const { file, ...rest } = input;
    return ctx.services.firewalls.storeBackup({ ...rest, ...file }, by.staffId, ctx.meta);
  }

  @Authorized('Mutation.recordFirewallRestoreDrill')
  @Mutation(() => FirewallRestoreDrill, { description: '設定の回復訓練を記録 (A14.8、管理者)' })
  recordFirewallRestoreDrill(
    @Arg('input', () => RecordFirewallRestoreDrillInput) input: RecordFirewallRestoreDrillInput,
    @CurrentStaff() by: StaffPrincipal,
    @Ctx() ctx: AppContext,
  ): Promise<FirewallRestoreDrill> {
    return ctx.services.firewalls.recordDrill(input, by.staffId, ctx.meta);
  }

  @FieldResolver(() => StoredFile)
  async file(@Root() b: FirewallSettingBackup, @Ctx() ctx: AppContext): Promise<StoredFile> {
    return (await ctx.loaders.configuration.fileById.load(b.fileId))!;
  }

  @FieldResolver(() => Boolean, { description: 'ファイルが登録時の SHA-256 と一致する (改ざん・破損なし)' })
  intact(@Root() b: FirewallSettingBackup, @Ctx() ctx: AppContext): Promise<boolean> {
    return ctx.loaders.configuration.fileIntact.load(b.fileId);
  }

  @FieldResolver(() => Staff, { description: '複製をとった人' })
  by(@Root() b: FirewallSettingBackup, @Ctx() ctx: AppContext): Promise<Staff> {
    return staff(ctx, b.byId);
  }
}

@Resolver(() => FirewallVersionCheck)
export class FirewallCheckResolver {
  @FieldResolver(() => Staff, { description: '確認した人' })
  by(@Root() c: FirewallVersionCheck, @Ctx() ctx: AppContext): Promise<Staff> {
    return staff(ctx, c.byId);
  }
}

@Resolver(() => FirewallRestoreDrill)
export class FirewallDrillResolver {
  @FieldResolver(() => Staff, { description: '実施した人' })
  by(@Root() d: FirewallRestoreDrill, @Ctx() ctx: AppContext): Promise<Staff> {
    return staff(ctx, d.byId);
  }
}
