// A real installation without demo data: `npm run admin:create` makes the first system
// administrator, who then signs in to the server started with SEED_DEMO=false.
import { spawnSync } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';
import { postGraphQL, signInOverHttp, startServerProcess } from '../helpers/server-process.js';

let db: TestDatabase;
let env: Record<string, string>;
beforeAll(async () => {
  db = await createTestDatabase();
  await db.dataSource.destroy();
  env = { DATABASE_URL: db.url, SECRETS_DIR: await mkdtemp(path.join(tmpdir(), 'admin-create-')), SEED_DEMO: 'false' };
});
afterAll(() => db.drop());

describe('first system administrator', () => {
  it('is created by npm run admin:create and can sign in to an installation without demo data', async () => {
    const args = [
      '--staff-number',
      'A0001',
      '--family',
      '青木',
      '--given',
      '直人',
      '--family-kana',
      'あおき',
      '--given-kana',
      'なおと',
    ];
    const res = spawnSync(
      'npm',
      ['run', '--silent', 'admin:create', '--', ...args, '--department', '総務部', '--section', '情報管理課'],
      {
        env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
        encoding: 'utf8',
      },
    );
    expect(res.status, res.stderr).toBe(0);
    const password = /shown once\): (\S+)/.exec(res.stdout)![1];
    const server = await startServerProcess(env);
    try {
      const cookie = await signInOverHttp(server.url, 'A0001', password);
      const me = await postGraphQL(
        server.url,
        `{ me { staff { fullName section { name department { name } } } authorities } }`,
        {},
        cookie,
      );
      expect(me.data.me.staff).toEqual({
        fullName: '青木 直人',
        section: { name: '情報管理課', department: { name: '総務部' } },
      });
      expect(me.data.me.authorities).toContain('SYSTEM_ADMINISTRATOR');
      const chart = await postGraphQL(server.url, `{ departments { name } }`, {}, cookie);
      expect(chart.data.departments).toEqual([{ name: '総務部' }]); // no demo office
    } finally {
      await server.stop();
    }
    const missing = spawnSync('npm', ['run', '--silent', 'admin:create', '--', '--staff-number', 'A0002'], {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
      encoding: 'utf8',
    });
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('missing --family');
  }, 180_000); // two cold vite-node runs of admin:create and a server start: over 60 s on a loaded CI machine
});
