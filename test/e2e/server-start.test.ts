// The README's start path on a machine without PostgreSQL: the built server starts an embedded
// PostgreSQL in DATA_DIR, migrates, seeds once, and survives being stopped or killed.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../server/src/db/scratch-server.js';
import { SERVER_ENTRY, postGraphQL, signInOverHttp, startServerProcess } from '../helpers/server-process.js';
import { DEMO } from '../helpers/people.js';

const STAFF = `{ departments { sections { staff { id staffNumber } } } roleHolders { role holder { staffNumber } } }`;
const DEMO_PASSWORD = 'start-test-demo-password';

let dataDir: string;
let env: Record<string, string>;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'jukinet-start-'));
  env = { DATA_DIR: dataDir, EMBEDDED_PG_PORT: String(await freePort()), DEMO_PASSWORD };
});
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

/** the organisation (STAFF) as the operator reads it */
const organisationAsOperator = async (url: string) =>
  postGraphQL(url, STAFF, {}, await signInOverHttp(url, DEMO.operator.staffNumber, DEMO_PASSWORD));
const staffIds = (body: any): string[] =>
  body.data.departments.flatMap((d: any) => d.sections.flatMap((s: any) => s.staff.map((p: any) => p.id))).sort();

describe('start-up with the embedded PostgreSQL', () => {
  let firstIds: string[];

  it('starts with no DATABASE_URL, serves /healthz and the seeded organisation', async () => {
    const server = await startServerProcess(env);
    try {
      const body = await organisationAsOperator(server.url);
      expect(body.errors).toBeUndefined();
      firstIds = staffIds(body);
      expect(firstIds.length).toBeGreaterThanOrEqual(28);
      expect(body.data.roleHolders.find((r: any) => r.role === 'CHIEF').holder.staffNumber).toBe(
        DEMO.chief.staffNumber,
      );
      expect(existsSync(path.join(dataDir, 'pg', 'PG_VERSION'))).toBe(true);
    } finally {
      expect(await server.stop('SIGTERM')).toBe(0);
    }
    expect(existsSync(path.join(dataDir, 'pg', 'postmaster.pid'))).toBe(false);
  });

  it('keeps the data across a restart and does not seed twice', async () => {
    const server = await startServerProcess(env);
    try {
      expect(staffIds(await organisationAsOperator(server.url))).toEqual(firstIds);
    } finally {
      await server.stop();
    }
  });

  it('refuses a second server on the same DATA_DIR, while `npm run audit:verify` shares the running one', async () => {
    const server = await startServerProcess(env);
    try {
      await expect(startServerProcess(env)).rejects.toThrow(/another server \(pid \d+\) is running/);
      const verify = spawnSync('npm', ['run', '--silent', 'audit:verify'], {
        env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
        encoding: 'utf8',
      });
      expect(verify.stdout).toMatch(/audit trail: \d+ entries/);
      expect(verify.stdout).toContain('OK: every chain verifies');
      expect(verify.status).toBe(0);
      expect((await postGraphQL(server.url, `{ me { staff { id } } }`)).data).toEqual({ me: null });
    } finally {
      expect(await server.stop()).toBe(0);
    }
  });

  it('starts again after the previous run was killed (stale lock, orphaned PostgreSQL)', async () => {
    const killed = await startServerProcess(env);
    await killed.stop('SIGKILL');
    expect(existsSync(path.join(dataDir, 'pg', 'postmaster.pid'))).toBe(true);
    const server = await startServerProcess(env);
    try {
      expect(staffIds(await organisationAsOperator(server.url))).toEqual(firstIds);
      expect(server.output()).toMatch(/orphaned PostgreSQL|stale/);
    } finally {
      expect(await server.stop()).toBe(0);
    }
  });

  it('refuses a bad setting with a one-line reason and exit code 1', () => {
    const res = spawnSync(process.execPath, [SERVER_ENTRY], {
      env: { PATH: process.env.PATH ?? '', PORT: 'eighty', DATA_DIR: dataDir },
      encoding: 'utf8',
    });
    expect(res.status).toBe(1);
    expect(res.stderr.trim()).toBe(
      '設定エラー (configuration error): PORT="eighty": must be a whole number from 0 to 65535',
    );
  });
});
