// System backups (issue 12 §2): the nightly job. `npm run backup` and `npm run restore` are the
// scripts in server/scripts; the file format and the restore are in this folder (index.ts).
import type { JobDefinition } from '../../shared/module.js';
import { defineModule } from '../../shared/module.js';
import { pruneBackups, writeBackup } from './backup-write.js';

export const backupModule = defineModule()({
  name: 'backup',
  entities: [],
  resolvers: [],
  policy: {},
  services: () => ({}),
  jobs: ({ ds, config }): JobDefinition[] => {
    const { passphrase, dir, keep, cron } = config.backup;
    // without a passphrase there is nothing to encrypt with: no nightly job (npm run backup asks for one)
    if (!passphrase) return [];
    return [
      {
        name: 'backup.nightly',
        cron,
        async run(_payload, ctx) {
          const { file, manifest } = await writeBackup({
            // the application's own role may read every table (db/app-role.ts)
            databaseUrl: (ds.options as { url: string }).url,
            secretsDir: config.secretsDir,
            dir,
            passphrase,
            now: ctx.now,
          });
          const removed = await pruneBackups(dir, keep);
          ctx.log.info(
            { file, tables: manifest.tables.length, rows: manifest.tables.reduce((n, t) => n + t.rows, 0), removed },
            'backup written',
          );
        },
      },
    ];
  },
});
