// vitest globalSetup: one PostgreSQL for the whole run — the server behind DATABASE_URL, or an
// embedded one — and a template database with every migration applied. Each test file clones the
// template (CREATE DATABASE … TEMPLATE), so files run in parallel without sharing rows.
import type { TestProject } from 'vitest/node';
import { loadConfig } from '../../server/src/config.js';
import { createDataSource } from '../../server/src/db/data-source.js';
import { startScratchServer } from '../../server/src/db/scratch-server.js';
import { installJobSchema } from '../../server/src/jobs/job-queue.js';

declare module 'vitest' {
  export interface ProvidedContext {
    pgAdminUrl: string;
    pgTemplate: string;
    pgKind: 'external' | 'embedded';
  }
}

export default async function setup(project: TestProject) {
  // a throwaway cluster: no fsync (each file's DROP DATABASE forces a checkpoint of every database)
  const server = await startScratchServer(loadConfig().databaseUrl, { durable: false });
  const template = await server.createDatabase('jukinet_test_template');
  const ds = createDataSource({ url: server.urlOf(template) });
  await ds.initialize();
  await ds.runMigrations({ transaction: 'each' });
  await ds.destroy();
  await installJobSchema(server.urlOf(template), { error: console.error, warn: console.warn, debug: () => {} });
  project.provide('pgAdminUrl', server.adminUrl);
  project.provide('pgTemplate', template);
  project.provide('pgKind', server.kind);
  return async () => {
    await server.dropDatabase(template);
    await server.stop();
  };
}
