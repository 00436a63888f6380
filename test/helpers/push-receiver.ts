// A local Web Push service for tests: an HTTPS server (a certificate of a local CA, trusted by the
// app through PUSH_CA_FILE) standing in for FCM or Mozilla's autopush, with browser-side keys that
// decrypt what it receives (RFC 8291 aes128gcm, through http_ece, the library web-push encrypts with).
import { createECDH, randomBytes, type ECDH } from 'node:crypto';
import { mkdtemp, readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:https';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createLocalCa } from '../../server/src/tls/local-ca.js';

const require = createRequire(import.meta.url);
const ece = require('http_ece') as {
  decrypt(body: Buffer, params: { version: 'aes128gcm'; privateKey: ECDH; authSecret: Buffer }): Buffer;
};

/** One browser's subscription, as PushSubscription.toJSON() gives it. */
export interface FakeBrowser {
  endpoint: string;
  p256dh: string;
  auth: string;
  /** messages delivered to this browser, decrypted */
  received: { title: string; url: string }[];
  /** the VAPID Authorization header of each delivery */
  authorizations: string[];
}

export interface PushReceiver {
  /** the CA certificate file to trust (PUSH_CA_FILE) */
  caFile: string;
  origin: string;
  browser(name: string): FakeBrowser;
  /** answers every delivery to `name` with this HTTP status (410 = unsubscribed, 500 = service down) */
  answer(name: string, status: number): void;
  /** called on each message delivered and decrypted (benches time deliveries with it) */
  onDelivery(listener: (name: string, message: { title: string; url: string }) => void): void;
  close(): Promise<void>;
}

export async function startPushReceiver(): Promise<PushReceiver> {
  const ca = await createLocalCa({
    hosts: ['localhost'],
    ips: ['127.0.0.1'],
    outDir: await mkdtemp(path.join(tmpdir(), 'push-receiver-')),
  });
  const browsers = new Map<string, FakeBrowser & { keys: ECDH; secret: Buffer }>();
  const statuses = new Map<string, number>();
  const listeners: ((name: string, message: { title: string; url: string }) => void)[] = [];
  const server: Server = createServer(
    { cert: await readFile(ca.serverCertFile), key: await readFile(ca.serverKeyFile) },
    (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const name = decodeURIComponent((req.url ?? '').replace(/^\/push\//, ''));
        const b = browsers.get(name);
        const status = statuses.get(name) ?? (b ? 201 : 404);
        if (status === 201 && b) {
          const plain = ece.decrypt(Buffer.concat(chunks), {
            version: 'aes128gcm',
            privateKey: b.keys,
            authSecret: b.secret,
          });
          const message = JSON.parse(plain.toString('utf8')) as { title: string; url: string };
          b.received.push(message);
          b.authorizations.push(String(req.headers.authorization ?? ''));
          for (const listener of listeners) listener(name, message);
        }
        res.writeHead(status).end();
      });
    },
  );
  // a real push service keeps connections open: a sender's idle keep-alive socket closed under it
  // (Node's default 5 s) would fail the next send with "socket hang up"
  server.keepAliveTimeout = 120_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  const origin = `https://localhost:${port}`;
  return {
    caFile: ca.caCertFile,
    origin,
    browser(name) {
      const keys = createECDH('prime256v1');
      keys.generateKeys();
      const secret = randomBytes(16);
      const b = {
        endpoint: `${origin}/push/${encodeURIComponent(name)}`,
        p256dh: keys.getPublicKey().toString('base64url'),
        auth: secret.toString('base64url'),
        received: [],
        authorizations: [],
        keys,
        secret,
      };
      browsers.set(name, b);
      return b;
    },
    answer(name, status) {
      statuses.set(name, status);
    },
    onDelivery(listener) {
      listeners.push(listener);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
