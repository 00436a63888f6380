// npm run tls:local-ca -- --host tablet-gw.city.local --ip 192.168.1.10 [--host …] [--ip …] [--out .tls]
// A local CA (reused when --out already holds one) and a server certificate for these names and
// addresses. Prints the settings to use and the CA fingerprint to check on each tablet (README).
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createLocalCa, SERVER_DAYS } from '../src/tls/local-ca.js';

const { values: a } = parseArgs({
  args: process.argv.slice(2).filter((x) => x !== '--'),
  options: {
    host: { type: 'string', multiple: true, default: [] },
    ip: { type: 'string', multiple: true, default: [] },
    out: { type: 'string', default: '.tls' },
    'ca-name': { type: 'string' },
  },
});

try {
  const r = await createLocalCa({
    hosts: a.host,
    ips: a.ip,
    outDir: path.resolve(a.out),
    caName: a['ca-name'],
  });
  const rel = (f: string) => (path.relative(process.cwd(), f).startsWith('..') ? f : path.relative(process.cwd(), f));
  console.log(
    [
      r.caCreated
        ? `new local CA: ${rel(r.caCertFile)} (its key ${rel(r.caKeyFile)}: keep it offline if you can)`
        : `reused the CA in ${rel(r.caCertFile)}`,
      `server certificate for ${[...a.host, ...a.ip].join(', ')}, valid ${SERVER_DAYS} days: ${rel(r.serverCertFile)}`,
      '',
      'Settings (.env):',
      `  TLS_CERT_FILE=${r.serverCertFile}`,
      `  TLS_KEY_FILE=${r.serverKeyFile}`,
      `  HOST=0.0.0.0`,
      '',
      `Install ${rel(r.caCertFile)} on each tablet and phone (README: "HTTPS on the office LAN").`,
      `Its SHA-256 fingerprint, to compare on the device before trusting it:`,
      `  ${r.caFingerprint}`,
    ].join('\n'),
  );
} catch (e) {
  console.error(`tls:local-ca: ${(e as Error).message}`);
  process.exit(2);
}
