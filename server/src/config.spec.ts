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

  it.each([
    [{ PORT: 'eighty' }, /^PORT="eighty": must be a whole number from 0 to 65535$/],
    [{ PORT: '70000' }, /^PORT="70000": must be a whole number from 0 to 65535$/],
    [{ DB_POOL_SIZE: '0' }, /^DB_POOL_SIZE="0": must be a whole number from 1 to 200$/],
    [{ DATABASE_URL: 'mysql://x' }, /^DATABASE_URL="mysql:\/\/x": must start with postgres/],
    [{ LOG_LEVEL: 'loud' }, /^LOG_LEVEL="loud": /],
    [{ SEED_DEMO: 'maybe' }, /^SEED_DEMO="maybe": must be true or false/],
    [{ JOBS_ENABLED: 'sometimes' }, /^JOBS_ENABLED="sometimes": must be true or false/],
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
