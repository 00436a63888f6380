// A PostgreSQL server for tools and tests: the one behind DATABASE_URL, or a throwaway embedded
// one in a temporary folder. Databases made here are named with a prefix and dropped afterwards.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres } from './embedded-postgres.js';

export interface ScratchServer {
  adminUrl: string;
  kind: 'external' | 'embedded';
  createDatabase(prefix: string, template?: string): Promise<string>;
  dropDatabase(name: string): Promise<void>;
  urlOf(name: string): string;
  stop(): Promise<void>;
}

/**
 * Settings of an embedded cluster whose data may be lost: it lives in a temporary folder and is
 * deleted at stop(), so nothing needs to survive a crash. Without fsync every commit, and every
 * DROP DATABASE (which forces a checkpoint), stops waiting on the disk.
 */
const THROWAWAY = { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off' };

/**
 * durable: false (the test run) starts the embedded cluster without fsync; the default keeps
 * PostgreSQL's durable settings (the benches measure what an installation would see). A server
 * behind DATABASE_URL is used as it is.
 */
export async function startScratchServer(
  databaseUrl: string | undefined,
  opts: { durable?: boolean } = {},
): Promise<ScratchServer> {
  let adminUrl: string;
  let stopEmbedded: (() => Promise<void>) | undefined;
  let dir: string | undefined;
  if (databaseUrl) {
    adminUrl = databaseUrl;
  } else {
    dir = await mkdtemp(path.join(tmpdir(), 'jukinet-pg-'));
    const embedded = await startEmbeddedPostgres({
      dataDir: dir,
      port: await freePort(),
      settings: opts.durable === false ? THROWAWAY : {},
    });
    adminUrl = embedded.adminUrl;
    stopEmbedded = () => embedded.stop();
  }
  const urlOf = (name: string) => {
    const u = new URL(adminUrl);
    u.pathname = `/${name}`;
    return u.toString();
  };
  const admin = async <T>(fn: (c: pg.Client) => Promise<T>): Promise<T> => {
    const c = new pg.Client({ connectionString: adminUrl });
    await c.connect();
    try {
      return await fn(c);
    } finally {
      await c.end();
    }
  };
  return {
    adminUrl,
    kind: databaseUrl ? 'external' : 'embedded',
    urlOf,
    async createDatabase(prefix, template) {
      const name = `${prefix}_${randomBytes(5).toString('hex')}`;
      await admin((c) =>
        c.query(
          `CREATE DATABASE ${pg.escapeIdentifier(name)}${template ? ` TEMPLATE ${pg.escapeIdentifier(template)}` : ''}`,
        ),
      );
      return name;
    },
    async dropDatabase(name) {
      await admin((c) => c.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`));
    },
    async stop() {
      await stopEmbedded?.();
      if (dir) await rm(dir, { recursive: true, force: true });
    },
  };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}
