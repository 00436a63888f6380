// What a browser expects of the server: HTTPS when given a certificate (TLS_CERT_FILE/TLS_KEY_FILE),
// and security headers on every response (helmet's). The PWA has no inline script
// (web/vite.config.ts: injectRegister false; main.ts registers the service worker), so the CSP
// allows scripts from this origin only.
import { readFileSync } from 'node:fs';
import type { ServerOptions } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet, { type HelmetOptions } from 'helmet';
import type { FastifyInstance } from 'fastify';
import type { AppConfig } from '../config.js';

/** 180 days: long enough to matter, short enough to undo a mistaken certificate setup. */
export const HSTS = 'max-age=15552000';

/** The Content-Security-Policy of every response. */
export const CSP_DIRECTIVES = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'style-src': ["'self'"],
  'img-src': ["'self'", 'data:'],
  'font-src': ["'self'"],
  'connect-src': ["'self'"],
  'manifest-src': ["'self'"],
  'worker-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
};

/** Options for Fastify's `https`: the certificate chain and key read once at start-up (null: plain HTTP). */
export function tlsServerOptions(config: Pick<AppConfig, 'tls'>): ServerOptions | null {
  if (!config.tls) return null;
  const read = (file: string, what: string) => {
    try {
      return readFileSync(file);
    } catch (e) {
      throw new Error(`cannot read ${what} ${file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
    }
  };
  return {
    cert: read(config.tls.certFile, 'TLS_CERT_FILE'),
    key: read(config.tls.keyFile, 'TLS_KEY_FILE'),
    minVersion: 'TLSv1.2',
  };
}

/** Helmet's options: the CSP above, nosniff, Referrer-Policy no-referrer, no framing. */
const HELMET: Readonly<HelmetOptions> = {
  contentSecurityPolicy: { useDefaults: false, directives: CSP_DIRECTIVES },
  referrerPolicy: { policy: 'no-referrer' },
  frameguard: { action: 'deny' },
  // set below, only over HTTPS
  strictTransportSecurity: false,
  // the app loads nothing cross-origin; COEP would only get in the way of a future map tile or font
  crossOriginEmbedderPolicy: false,
};

/**
 * The headers helmet sets for HELMET, asked of helmet once: none of them depends on the request.
 * (@fastify/helmet built helmet's middleware again for every request and set each header on the
 * raw response: about a twentieth of a signed-in request's cost, bench --only=request.)
 */
export function securityHeaders(): Record<string, string> {
  const headers: Record<string, string> = {};
  const response = {
    setHeader: (name: string, value: string) => void (headers[name.toLowerCase()] = String(value)),
    removeHeader: (name: string) => void delete headers[name.toLowerCase()],
  };
  helmet(HELMET)({} as IncomingMessage, response as unknown as ServerResponse, (err?: unknown) => {
    if (err) throw err;
  });
  return headers;
}

/**
 * Helmet's headers on every response (404s and errors included). HSTS only when the request came
 * over HTTPS (served here, or by a proxy trusted through TRUST_PROXY): over plain HTTP it would be
 * ignored, and on a LAN without a certificate yet it must not stick.
 */
export async function registerSecurityHeaders(http: FastifyInstance): Promise<void> {
  const headers = securityHeaders();
  http.addHook('onRequest', (request, reply, done) => {
    void reply.headers(headers);
    if (request.protocol === 'https') void reply.header('strict-transport-security', HSTS);
    done();
  });
}
