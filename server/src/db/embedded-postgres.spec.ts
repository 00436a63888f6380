import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { requireScram } from './embedded-postgres.js';

describe('embedded PostgreSQL authentication (Deploy §1: scram-sha-256)', () => {
  it('raises an older data directory from password/md5 to scram-sha-256, and says so once', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'hba-'));
    const hba = path.join(dir, 'pg_hba.conf');
    await writeFile(
      hba,
      [
        '# TYPE  DATABASE        USER            ADDRESS                 METHOD',
        'local   all             all                                     password',
        'host    all             all             127.0.0.1/32            password',
        'host    all             all             ::1/128                 md5',
        'host    replication     all             127.0.0.1/32            trust',
        '',
      ].join('\n'),
    );
    const said: string[] = [];
    await requireScram(dir, (l) => said.push(l));
    const lines = (await readFile(hba, 'utf8')).split('\n');
    expect(lines[0]).toContain('METHOD');
    expect(lines.slice(1, 4).map((l) => l.split(/\s+/).at(-1))).toEqual([
      'scram-sha-256',
      'scram-sha-256',
      'scram-sha-256',
    ]);
    expect(lines[4]).toMatch(/trust$/); // not ours to change
    await requireScram(dir, (l) => said.push(l));
    expect(said).toHaveLength(1);
  });
});
