import type { DataSource, EntityManager } from 'typeorm';
import type { RequestMeta } from '../../shared/audit.js';
import { created, type AuditedWrites } from '../../shared/audited.js';
import { dateIn } from '../../shared/dates.js';
import { ConfigurationError, ConfigurationErrorCode } from './configuration.errors.js';
import type { ConfigurationAuditAction } from './configuration.policy.js';
import { ConfigurationItem } from './configuration-item.entity.js';
import { BACKUP_KINDS } from './file-content.js';
import {
  FirewallRestoreDrill,
  FirewallSettingBackup,
  FirewallVersionCheck,
  RestoreDrillResult,
} from './firewall.entity.js';
import { ItemKind } from './item-kinds.js';
import type { FileUpload, StoredFiles } from './stored-files.js';

/** A14.7: a check older than this many days is no check (the program may be out of date unseen). */
export const FIREWALL_CHECK_DAYS = 30;
/** A14.8: a successful restore drill at least this often. */
export const RESTORE_DRILL_MONTHS = 12;

export interface VersionCheckInput {
  itemId: string;
  latestKnownVersion: string;
  checkedOn: string;
  note?: string | null;
}
export interface BackupInput extends FileUpload {
  itemId: string;
  takenAt: Date;
  copyKeptAt: string;
}
export interface DrillInput {
  itemId: string;
  drilledOn: string;
  result: RestoreDrillResult;
  note?: string | null;
  backupId?: string | null;
}

/** A firewall program's state for the item page (A14.7), red when out of date or not checked lately. */
export interface FirewallState {
  installedVersion: string | null;
  lastCheck: FirewallVersionCheck | null;
  outOfDate: boolean;
  checkOverdue: boolean;
}

const TARGET = 'ConfigurationItem';
const invalid = (field: string, message: string) =>
  new ConfigurationError(ConfigurationErrorCode.INVALID_FIREWALL_RECORD, message, { field });
const daysBetween = (from: string, to: string) =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

/**
 * The firewall programs' versions (A14.7), their setting backups and restore drills (A14.8). Only
 * the manager writes them; every write is audited against the item.
 */
export class FirewallService {
  constructor(
    private readonly ds: DataSource,
    private readonly audited: AuditedWrites<ConfigurationAuditAction>,
    private readonly files: StoredFiles,
    private readonly timeZone: string,
    private readonly now: () => Date,
  ) {}

  private today() {
    return dateIn(this.timeZone, this.now());
  }

  private async program(em: EntityManager, itemId: string): Promise<ConfigurationItem> {
    const item = await em.getRepository(ConfigurationItem).findOneBy({ id: itemId });
    if (!item)
      throw new ConfigurationError(ConfigurationErrorCode.CONFIGURATION_ITEM_NOT_FOUND, '構成品が見つかりません');
    if (item.kind !== ItemKind.FIREWALL_SOFTWARE)
      throw new ConfigurationError(
        ConfigurationErrorCode.NOT_A_FIREWALL,
        'ファイヤーウォールのプログラム (種別: ファイヤーウォールソフト) ではありません (A14.7–8)',
      );
    return item;
  }

  private notFuture(field: string, day: string) {
    if (day > this.today()) throw invalid(field, '未来の日付は記録できません (a day still to come)');
  }

  recordCheck(input: VersionCheckInput, by: string, meta: RequestMeta): Promise<FirewallVersionCheck> {
    return this.audited.write(
      meta,
      'Mutation.recordFirewallVersionCheck',
      { type: TARGET, id: input.itemId },
      async (em) => {
        const item = await this.program(em, input.itemId);
        const latestKnownVersion = input.latestKnownVersion.trim();
        if (!latestKnownVersion) throw invalid('latestKnownVersion', '最新のバージョンを入力してください');
        this.notFuture('checkedOn', input.checkedOn);
        const check = em.getRepository(FirewallVersionCheck).create({
          itemId: item.id,
          checkedOn: input.checkedOn,
          latestKnownVersion,
          installedVersion: item.version,
          note: input.note?.trim() || null,
          byId: by,
          recordedAt: this.now(),
        });
        await em.getRepository(FirewallVersionCheck).insert(check);
        return {
          result: check,
          targetId: item.id,
          changes: created({ checkedOn: check.checkedOn, latestKnownVersion, installedVersion: item.version }),
        };
      },
    );
  }

  storeBackup(input: BackupInput, by: string, meta: RequestMeta): Promise<FirewallSettingBackup> {
    return this.audited.write(
      meta,
      'Mutation.storeFirewallSettingBackup',
      { type: TARGET, id: input.itemId },
      async (em) => {
        const item = await this.program(em, input.itemId);
        const copyKeptAt = input.copyKeptAt.trim();
        if (!copyKeptAt) throw invalid('copyKeptAt', '複製の保管場所を入力してください');
        if (input.takenAt.getTime() > this.now().getTime()) throw invalid('takenAt', '未来の日時は記録できません');
        const checked = this.files.check(input, BACKUP_KINDS);
        const file = await this.files.store(em, checked, by, this.now());
        const backup = em.getRepository(FirewallSettingBackup).create({
          itemId: item.id,
          takenAt: input.takenAt,
          copyKeptAt,
          fileId: file.id,
          byId: by,
        });
        await em.getRepository(FirewallSettingBackup).insert(backup);
        return {
          result: backup,
          targetId: item.id,
          changes: created({
            takenAt: backup.takenAt.toISOString(),
            copyKeptAt,
            fileName: file.fileName,
            size: file.size,
            sha256: file.sha256,
          }),
        };
      },
    );
  }

  recordDrill(input: DrillInput, by: string, meta: RequestMeta): Promise<FirewallRestoreDrill> {
    return this.audited.write(
      meta,
      'Mutation.recordFirewallRestoreDrill',
      { type: TARGET, id: input.itemId },
      async (em) => {
        const item = await this.program(em, input.itemId);
        this.notFuture('drilledOn', input.drilledOn);
        if (input.result === RestoreDrillResult.FAILED && !input.note?.trim())
          throw invalid('note', '回復できなかった訓練は、その内容を所見に書いてください');
        if (input.backupId) {
          const backup = await em.getRepository(FirewallSettingBackup).findOneBy({ id: input.backupId });
          if (backup?.itemId !== item.id) throw invalid('backupId', 'このプログラムの設定の複製ではありません');
        }
        const drill = em.getRepository(FirewallRestoreDrill).create({
          itemId: item.id,
          drilledOn: input.drilledOn,
          result: input.result,
          note: input.note?.trim() || null,
          backupId: input.backupId ?? null,
          byId: by,
          recordedAt: this.now(),
        });
        await em.getRepository(FirewallRestoreDrill).insert(drill);
        return {
          result: drill,
          targetId: item.id,
          changes: created({ drilledOn: drill.drilledOn, result: drill.result, backupId: drill.backupId }),
        };
      },
    );
  }

  // ── reading ──

  /** A14.7: the program's state today. */
  async stateOf(item: ConfigurationItem): Promise<FirewallState> {
    const lastCheck = await this.ds
      .getRepository(FirewallVersionCheck)
      .findOne({ where: { itemId: item.id }, order: { checkedOn: 'DESC', recordedAt: 'DESC' } });
    return {
      installedVersion: item.version,
      lastCheck,
      outOfDate: !!lastCheck && lastCheck.latestKnownVersion !== item.version,
      checkOverdue: !lastCheck || daysBetween(lastCheck.checkedOn, this.today()) > FIREWALL_CHECK_DAYS,
    };
  }

  checks(itemId: string): Promise<FirewallVersionCheck[]> {
    return this.ds
      .getRepository(FirewallVersionCheck)
      .find({ where: { itemId }, order: { checkedOn: 'DESC', recordedAt: 'DESC' }, take: 20 });
  }

  backups(itemId: string): Promise<FirewallSettingBackup[]> {
    return this.ds
      .getRepository(FirewallSettingBackup)
      .find({ where: { itemId }, order: { takenAt: 'DESC' }, take: 50 });
  }

  drills(itemId: string): Promise<FirewallRestoreDrill[]> {
    return this.ds
      .getRepository(FirewallRestoreDrill)
      .find({ where: { itemId }, order: { drilledOn: 'DESC', recordedAt: 'DESC' }, take: 50 });
  }
}
