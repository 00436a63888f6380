import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('config', () => {
  it('has defaults that start the embedded database on loopback', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      host: '127.0.0.1',
      port: 3000,
      databaseUrl: undefined,
      seedDemo: true,
      nodeEnv: 'production',
      jobsEnabled: true,
      jobsConcurrency: 4,
    });
    expect(c.introspection).toBe(false);
    expect(c.timeZone).toBe('Asia/Tokyo');
  });

  it('turns introspection on outside production unless told otherwise', () => {
    expect(loadConfig({ NODE_ENV: 'development' }).introspection).toBe(true);
    expect(loadConfig({ NODE_ENV: 'development', GRAPHQL_INTROSPECTION: 'false' }).introspection).toBe(false);
    expect(loadConfig({ GRAPHQL_INTROSPECTION: 'true' }).introspection).toBe(true);
  });

  it('Hardening §4 reads TRUST_PROXY as a list of addresses, CIDRs or proxy-addr names, and refuses anything else', () => {
    expect(loadConfig({}).trustProxy).toEqual([]);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.5, 192.168.0.0/16 ,fd00::/8,loopback' }).trustProxy).toEqual([
      '10.0.0.5',
      '192.168.0.0/16',
      'fd00::/8',
      'loopback',
    ]);
    for (const bad of ['true', '*', '10.0.0.0/33', 'proxy.example', '10.0.0.1/8/1']) {
      expect(() => loadConfig({ TRUST_PROXY: bad }), bad).toThrow(ConfigError);
    }
  });

  it('takes the passkey RP ID and the allowed origins from WEBAUTHN_*', () => {
    expect(loadConfig({}).webauthn).toMatchObject({ rpId: 'localhost', origins: null });
    const c = loadConfig({
      WEBAUTHN_RP_ID: 'Jukinet.City.Example.lg.jp',
      WEBAUTHN_ORIGINS: 'https://jukinet.city.example.lg.jp, https://jukinet.city.example.lg.jp:8443',
    });
    expect(c.webauthn).toMatchObject({
      rpId: 'jukinet.city.example.lg.jp',
      origins: ['https://jukinet.city.example.lg.jp', 'https://jukinet.city.example.lg.jp:8443'],
    });
  });

  it('Deploy §1 seeds the demo by default only on the embedded database', () => {
    expect(loadConfig({}).seedDemo).toBe(true);
    expect(loadConfig({ DATABASE_URL: 'postgres://db/x' }).seedDemo).toBe(false);
    expect(loadConfig({ DATABASE_URL: 'postgres://db/x', SEED_DEMO: 'true' }).seedDemo).toBe(true);
    expect(loadConfig({ SEED_DEMO: 'false' }).seedDemo).toBe(false);
    expect(loadConfig({}).seedDemoCards).toBe(true);
    expect(loadConfig({ SEED_DEMO: 'false' }).seedDemoCards).toBe(false);
    expect(loadConfig({ SEED_DEMO_CARDS: 'false' }).seedDemoCards).toBe(false);
  });

  it('issue 16 §4 seeds the demo months of operation history only with the demo on the embedded database, unless told', () => {
    expect(loadConfig({}).seedDemoOplog).toBe(true);
    // the browser tests' servers (DATABASE_URL, SEED_DEMO=true) start with an empty history
    expect(loadConfig({ DATABASE_URL: 'postgres://db/x', SEED_DEMO: 'true' }).seedDemoOplog).toBe(false);
    expect(
      loadConfig({ DATABASE_URL: 'postgres://db/x', SEED_DEMO: 'true', SEED_DEMO_OPLOG: 'true' }).seedDemoOplog,
    ).toBe(true);
    expect(loadConfig({ SEED_DEMO: 'false', SEED_DEMO_OPLOG: 'true' }).seedDemoOplog).toBe(false);
    expect(loadConfig({ SEED_DEMO_OPLOG: 'false' }).seedDemoOplog).toBe(false);
    expect(() => loadConfig({ SEED_DEMO_OPLOG: 'maybe' })).toThrow(/^SEED_DEMO_OPLOG="maybe": must be true or false/);
  });

  it('issue 16 §4 seeds the demo history only with the demo cards (its records are the demo operators’)', () => {
    expect(loadConfig({ SEED_DEMO_CARDS: 'false' }).seedDemoOplog).toBe(false);
    expect(loadConfig({ SEED_DEMO_CARDS: 'true' }).seedDemoOplog).toBe(true);
    expect(() => loadConfig({ SEED_DEMO_CARDS: 'false', SEED_DEMO_OPLOG: 'true' })).toThrow(
      /^SEED_DEMO_OPLOG=true needs the demo cards \(SEED_DEMO_CARDS=true\)/,
    );
    // no demo at all: nothing to refuse
    expect(loadConfig({ SEED_DEMO: 'false', SEED_DEMO_CARDS: 'false', SEED_DEMO_OPLOG: 'true' }).seedDemoOplog).toBe(
      false,
    );
  });

  it('Deploy §1 makes the cookie Secure and __Host- when the server serves HTTPS, or when told so behind a proxy', () => {
    expect(loadConfig({})).toMatchObject({ tls: null, cookieSecure: false, sessionCookieName: 'jukinet_session' });
    const tls = loadConfig({ TLS_CERT_FILE: '/etc/j/server.crt', TLS_KEY_FILE: '/etc/j/server.key' });
    expect(tls).toMatchObject({
      tls: { certFile: '/etc/j/server.crt', keyFile: '/etc/j/server.key' },
      cookieSecure: true,
      sessionCookieName: '__Host-jukinet_session',
    });
    expect(loadConfig({ COOKIE_SECURE: 'true' }).sessionCookieName).toBe('__Host-jukinet_session');
  });

  it('Deploy §1 lets demo accounts sign in from loopback only, unless DEMO_SIGN_IN_FROM says more', () => {
    expect(loadConfig({}).demoSignInFrom).toEqual([]);
    expect(loadConfig({ DEMO_SIGN_IN_FROM: 'any' }).demoSignInFrom).toBe('any');
    expect(loadConfig({ DEMO_SIGN_IN_FROM: '192.168.1.0/24, 10.0.0.5' }).demoSignInFrom).toEqual([
      '192.168.1.0/24',
      '10.0.0.5',
    ]);
  });

  it('Deploy §1 accepts passkeys only from exact https origins in production', () => {
    const lan = { WEBAUTHN_RP_ID: 'tablet-gw.city.local' };
    expect(loadConfig(lan).webauthn.origins).toEqual(['https://tablet-gw.city.local']);
    expect(
      loadConfig({ ...lan, PORT: '8443', TLS_CERT_FILE: 'c.pem', TLS_KEY_FILE: 'k.pem' }).webauthn.origins,
    ).toEqual(['https://tablet-gw.city.local', 'https://tablet-gw.city.local:8443']);
    // a newcomer's machine, and development, keep "any origin on the RP ID host"
    expect(loadConfig({}).webauthn.origins).toBeNull();
    expect(loadConfig({ ...lan, NODE_ENV: 'development' }).webauthn.origins).toBeNull();
    expect(() => loadConfig({ ...lan, WEBAUTHN_ORIGINS: 'http://tablet-gw.city.local' })).toThrow(
      /^WEBAUTHN_ORIGINS=.*in production each must be https:\/\//,
    );
    expect(loadConfig({ WEBAUTHN_ORIGINS: 'http://localhost:3000' }).webauthn.origins).toEqual([
      'http://localhost:3000',
    ]);
  });

  it('Deploy §1 keeps the keys beside DATA_DIR, not in it, unless an installation already has them there', async () => {
    const { mkdtemp, mkdir, writeFile } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const root = await mkdtemp(`${tmpdir()}/cfg-`);
    expect(loadConfig({ DATA_DIR: `${root}/data` })).toMatchObject({
      secretsDir: `${root}/data-secrets`,
      secretsInsideDataDir: false,
    });
    await mkdir(`${root}/data/secrets`, { recursive: true });
    await writeFile(`${root}/data/secrets/hmac.key`, 'x');
    expect(loadConfig({ DATA_DIR: `${root}/data` })).toMatchObject({
      secretsDir: `${root}/data/secrets`,
      secretsInsideDataDir: true,
    });
    expect(loadConfig({ DATA_DIR: `${root}/data`, SECRETS_DIR: `${root}/keys` }).secretsInsideDataDir).toBe(false);
  });

  it.each([
    [{ TLS_CERT_FILE: 'c.pem' }, /^TLS_KEY_FILE="": must be set with TLS_CERT_FILE/],
    [{ TLS_KEY_FILE: 'k.pem' }, /^TLS_CERT_FILE="": must be set with TLS_KEY_FILE/],
    [{ DEMO_SIGN_IN_FROM: 'office' }, /^DEMO_SIGN_IN_FROM="office": must be loopback, any, or addresses/],
    [{ DEMO_SIGN_IN_FROM: '10.0.0.0/33' }, /^DEMO_SIGN_IN_FROM="10.0.0.0\/33": /],
    [{ COOKIE_SECURE: 'sometimes' }, /^COOKIE_SECURE="sometimes": must be true or false/],
    [{ PORT: 'eighty' }, /^PORT="eighty": must be a whole number from 0 to 65535$/],
    [{ PORT: '70000' }, /^PORT="70000": must be a whole number from 0 to 65535$/],
    [{ DB_POOL_SIZE: '0' }, /^DB_POOL_SIZE="0": must be a whole number from 1 to 200$/],
    [{ DATABASE_URL: 'mysql://x' }, /^DATABASE_URL="mysql:\/\/x": must start with postgres/],
    [{ LOG_LEVEL: 'loud' }, /^LOG_LEVEL="loud": /],
    [{ SEED_DEMO: 'maybe' }, /^SEED_DEMO="maybe": must be true or false/],
    [{ JOBS_ENABLED: 'sometimes' }, /^JOBS_ENABLED="sometimes": must be true or false/],
    [{ JOBS_CONCURRENCY: '0' }, /^JOBS_CONCURRENCY="0": must be a whole number from 1 to 32$/],
    [{ WEBAUTHN_RP_ID: 'https://x.example' }, /^WEBAUTHN_RP_ID="https:\/\/x.example": must be a host name/],
    [{ WEBAUTHN_ORIGINS: 'x.example' }, /^WEBAUTHN_ORIGINS="x.example": each must be like https:\/\/host/],
  ])('refuses %o with a one-line reason naming the variable', (env, reason) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    try {
      loadConfig(env);
    } catch (e) {
      expect((e as Error).message).toMatch(reason);
      expect((e as Error).message).not.toContain('\n');
    }
  });
});
