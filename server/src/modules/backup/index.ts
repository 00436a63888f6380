// The module's public face: the backup and the restore, for the scripts (server/scripts) and tests.
export {
  writeBackup,
  pruneBackups,
  MIN_PASSPHRASE,
  BACKUP_SUFFIX,
  type BackupResult,
  type BackupManifest,
} from './backup-write.js';
export { checkBackup, restoreBackup, type RestoreResult } from './backup-restore.js';
export { BackupFileError, readBackupHeader } from './backup-file.js';
