// Deployment settings: HTTPS, the session cookie, passkey origins, where the keys live, who may use
// the demo accounts, and which reverse proxies are believed.
import { existsSync } from 'node:fs';
import { isIP } from 'node:net';
import path from 'node:path';
import type { AppConfig } from './config.js';
import { bool, ConfigError, type Env } from './config-env.js';
type DeploymentSettings = Pick<
  AppConfig,
  'tls' | 'cookieSecure' | 'sessionCookieName' | 'demoSignInFrom' | 'webauthn' | 'secretsDir' | 'secretsInsideDataDir'
>;

/** HTTPS, the session cookie, passkey origins, where the keys live and who may use the demo accounts. */
export function deploymentSettings(e: Env, dataDir: string): DeploymentSettings {
  const fail = (name: keyof Env, why: string): never => {
    throw new ConfigError(`${name}=${JSON.stringify(e[name] ?? '')}: ${why}`);
  };
  const certFile = e.TLS_CERT_FILE?.trim() || undefined;
  const keyFile = e.TLS_KEY_FILE?.trim() || undefined;
  if (certFile && !keyFile) fail('TLS_KEY_FILE', 'must be set with TLS_CERT_FILE (the PEM private key)');
  if (keyFile && !certFile) fail('TLS_CERT_FILE', 'must be set with TLS_KEY_FILE (the PEM certificate chain)');
  const tls = certFile && keyFile ? { certFile: path.resolve(certFile), keyFile: path.resolve(keyFile) } : null;

  const cookieSecure = bool(tls !== null).safeParse(e.COOKIE_SECURE);
  if (!cookieSecure.success) fail('COOKIE_SECURE', 'must be true or false');
  const secure = cookieSecure.data === true;

  const demoFrom = (e.DEMO_SIGN_IN_FROM ?? 'loopback').trim().toLowerCase();
  let demoSignInFrom: 'any' | string[] = [];
  if (demoFrom === 'any') demoSignInFrom = 'any';
  else if (demoFrom !== 'loopback' && demoFrom !== '') {
    demoSignInFrom = demoFrom
      .split(',')
      .map((a) => a.trim())
      .filter(Boolean);
    for (const a of demoSignInFrom) {
      if (!isAddressOrRange(a))
        fail('DEMO_SIGN_IN_FROM', 'must be loopback, any, or addresses/CIDR ranges (192.168.1.0/24)');
    }
  }

  const rpId = e.WEBAUTHN_RP_ID.toLowerCase();
  const listed = e.WEBAUTHN_ORIGINS?.split(',')
    .map((o) => o.trim().replace(/\/$/, ''))
    .filter(Boolean);
  const production = e.NODE_ENV === 'production';
  for (const o of listed ?? []) {
    if (!/^https?:\/\/[^/\s]+$/.test(o)) fail('WEBAUTHN_ORIGINS', 'each must be like https://host[:port]');
    if (production && !o.startsWith('https://') && !/^http:\/\/localhost(:\d+)?$/.test(o)) {
      fail('WEBAUTHN_ORIGINS', 'in production each must be https:// (http only for localhost)');
    }
  }
  let origins: string[] | null = listed?.length ? listed : null;
  // In production a passkey is accepted only from exact https:// origins: https://<RP ID>, and its
  // port when the server serves HTTPS itself on another port. localhost (a newcomer's machine) keeps
  // any port: only the machine itself reaches it.
  if (!origins && production && rpId !== 'localhost') {
    origins = [`https://${rpId}`];
    if (tls && e.PORT !== 443) origins.push(`https://${rpId}:${e.PORT}`);
  }

  // Keys live beside DATA_DIR, not in it: a copy of the data directory (or of the database) then
  // holds no key. An installation that has them in the old place (<DATA_DIR>/secrets) keeps them there.
  const inside = path.join(dataDir, 'secrets');
  const secretsDir = e.SECRETS_DIR
    ? path.resolve(e.SECRETS_DIR)
    : existsSync(path.join(inside, 'hmac.key'))
      ? inside
      : `${dataDir}-secrets`;
  const relative = path.relative(dataDir, secretsDir);
  const secretsInsideDataDir = relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));

  return {
    tls,
    cookieSecure: secure,
    sessionCookieName: secure ? '__Host-jukinet_session' : 'jukinet_session',
    demoSignInFrom,
    webauthn: { rpId, rpName: '住基ネット セキュリティ管理', origins },
    secretsDir,
    secretsInsideDataDir,
  };
}

function isAddressOrRange(a: string): boolean {
  const [address, bits, ...rest] = a.split('/');
  const family = isIP(address);
  if (!family || rest.length) return false;
  if (bits === undefined) return true;
  const n = Number(bits);
  return /^\d+$/.test(bits) && n <= (family === 4 ? 32 : 128);
}

/** TRUST_PROXY: comma-separated addresses, CIDRs (10.0.0.0/8, fd00::/8) or loopback, linklocal, uniquelocal. */
export function parseTrustProxy(value: string | undefined): string[] {
  const entries = (value ?? '')
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
  for (const entry of entries) {
    const [address, bits, extra] = entry.split('/');
    const family = isIP(address);
    const named = ['loopback', 'linklocal', 'uniquelocal'].includes(entry);
    const prefixOk =
      bits === undefined ||
      (/^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128) && extra === undefined);
    if (!named && (!family || !prefixOk)) {
      throw new ConfigError(
        `TRUST_PROXY=${JSON.stringify(value)}: ${JSON.stringify(entry)} is not an address, a CIDR or loopback/linklocal/uniquelocal`,
      );
    }
  }
  return entries;
}
