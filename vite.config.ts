// Vite settings for the server side: vite-node (dev, scripts, bench) and vitest. The PWA has its own
// config in web/vite.config.ts.
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';

const require = createRequire(import.meta.url);
// type-graphql require()s graphql's CommonJS build; Vite would pick the ESM build ("module") for
// our own imports, and two graphql instances refuse each other's types.
const resolve = { alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }] };

// Files that must have the PostgreSQL server to themselves, run after all others: the audit
// trail's pages show only entries older than every transaction still running in any database of
// the server (pg_current_snapshot), so another file's transaction would hold back what they expect.
const ALONE = ['test/integration/audit-trail.test.ts'];
const E2E = 'test/e2e/**/*.test.ts';

/**
 * A project of the suite (not extending this file, so the root's globalSetup runs once for all:
 * every project shares its PostgreSQL).
 */
const project = (
  name: string,
  test: NonNullable<TestProjectInlineConfiguration['test']>,
): TestProjectInlineConfiguration => ({
  resolve,
  test: {
    name,
    env: { TZ: 'UTC' },
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // One process per worker for all of its files: a fresh module graph per file spent 5–15 s
    // loading the server's modules each time. No test mocks a module or leaves global state behind.
    isolate: false,
    // Files wait on PostgreSQL, Chromium and child servers much of the time: one worker per core
    // keeps the cores busy (vitest's default leaves one idle: on 2 cores, half of them).
    maxWorkers: Math.max(2, availableParallelism()),
    // browser and process tests poll; a loaded 2-core CI machine needs more than the 1 s default
    expect: { poll: { timeout: 15_000, interval: 100 } },
    ...test,
  },
});

export default defineConfig({
  resolve,
  test: {
    // one PostgreSQL and one migrated template for the whole run (test/setup/global-database.ts)
    globalSetup: ['test/setup/global-database.ts'],
    // `npm test -- --project '!e2e'`: everything but the built server and Chromium
    projects: [
      project('tests', {
        include: ['server/**/*.spec.ts', 'web/**/*.spec.ts', 'test/**/*.test.ts'],
        exclude: ['**/node_modules/**', E2E, ...ALONE],
      }),
      project('e2e', { include: [E2E] }),
      project('alone', { include: ALONE, maxWorkers: 1, sequence: { groupOrder: 1 } }),
    ],
  },
});
