// Vite settings for the server side: vite-node (dev, scripts, bench) and vitest. The PWA has its own
// config in web/vite.config.ts.
import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

export default defineConfig({
  resolve: {
    // type-graphql require()s graphql's CommonJS build; Vite would pick the ESM build ("module")
    // for our own imports, and two graphql instances refuse each other's types.
    alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }],
  },
  test: {
    include: ['server/**/*.spec.ts', 'web/**/*.spec.ts', 'test/**/*.test.ts'],
    globalSetup: ['test/setup/global-database.ts'],
    env: { TZ: 'UTC' },
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // browser and process tests poll; a loaded 2-core CI machine needs more than the 1 s default
    expect: { poll: { timeout: 15_000, interval: 100 } },
  },
});
