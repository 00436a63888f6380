// A local certificate authority for a city that has none: one CA (10 years) installed once on each
// tablet and phone, and a server certificate (397 days) it signs for the server's host names and
// addresses. ECDSA P-256 / SHA-256 with the extensions iOS and Android require of a server
// certificate from a user-installed CA: subjectAltName (names are never read from the CN),
// extendedKeyUsage serverAuth, validity under 825 days. Keys never leave the output folder (0600).
import 'reflect-metadata'; // @peculiar/x509 uses tsyringe
import { createHash, randomBytes, webcrypto, X509Certificate as NodeX509 } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import path from 'node:path';
import * as x509 from '@peculiar/x509';

type CryptoKey = webcrypto.CryptoKey;
type CryptoKeyPair = webcrypto.CryptoKeyPair;
const crypto = webcrypto;
const ALG = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
const DAY = 86_400_000;
export const CA_DAYS = 3650;
/** under Apple's 398-day limit for server certificates, so the same rule holds wherever it is installed */
export const SERVER_DAYS = 397;

export interface LocalCaRequest {
  /** DNS names of the server, e.g. tablet-gw.city.local */
  hosts: string[];
  /** IP addresses of the server on the LAN, e.g. 192.168.1.10 */
  ips: string[];
  /** folder for ca.crt, ca.key, server.crt, server.key */
  outDir: string;
  /** the CA's common name (default: 住基ネット ローカルCA <first host>) */
  caName?: string;
  now?: Date;
}

export interface LocalCaResult {
  caCertFile: string;
  caKeyFile: string;
  /** the server certificate followed by the CA certificate (TLS_CERT_FILE) */
  serverCertFile: string;
  /** TLS_KEY_FILE */
  serverKeyFile: string;
  /** false: an existing CA in outDir was reused (tablets that trust it keep trusting) */
  caCreated: boolean;
  /** base64 SHA-256 of each certificate's SubjectPublicKeyInfo (Chromium's --ignore-certificate-errors-spki-list) */
  spki: { ca: string; server: string };
  /** SHA-256 fingerprint of the CA certificate, to compare on the tablet before trusting it */
  caFingerprint: string;
}

const HOST = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i;

/** Refuses what no certificate should name; returns the names lower-cased. */
export function checkNames(hosts: string[], ips: string[]): { hosts: string[]; ips: string[] } {
  if (!hosts.length && !ips.length) throw new Error('give at least one --host or --ip');
  for (const h of hosts) if (!HOST.test(h) || isIP(h)) throw new Error(`--host ${h}: not a host name`);
  for (const a of ips) if (!isIP(a)) throw new Error(`--ip ${a}: not an IP address`);
  return { hosts: hosts.map((h) => h.toLowerCase()), ips };
}

/** Creates (or reuses) the CA in outDir and issues a new server certificate for the names given. */
export async function createLocalCa(req: LocalCaRequest): Promise<LocalCaResult> {
  x509.cryptoProvider.set(crypto as unknown as Parameters<typeof x509.cryptoProvider.set>[1]);
  const { hosts, ips } = checkNames(req.hosts, req.ips);
  const now = req.now ?? new Date();
  const notBefore = new Date(now.getTime() - 60 * 60_000); // a tablet's clock a little behind
  await mkdir(req.outDir, { recursive: true, mode: 0o700 });
  await chmod(req.outDir, 0o700);
  const file = (name: string) => path.join(req.outDir, name);

  let caCert: x509.X509Certificate;
  let caKey: CryptoKey;
  const caCreated = !(existsSync(file('ca.crt')) && existsSync(file('ca.key')));
  if (caCreated) {
    const keys = (await crypto.subtle.generateKey(ALG, true, ['sign', 'verify'])) as CryptoKeyPair;
    const name = req.caName ?? `住基ネット ローカルCA ${hosts[0] ?? ips[0]}`;
    caCert = await x509.X509CertificateGenerator.createSelfSigned({
      serialNumber: serial(),
      name: [{ CN: [name] }, { O: ['jukinet-security local CA'] }],
      notBefore,
      notAfter: new Date(now.getTime() + CA_DAYS * DAY),
      signingAlgorithm: ALG,
      keys,
      extensions: [
        new x509.BasicConstraintsExtension(true, 0, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
        await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
      ],
    });
    caKey = keys.privateKey;
    await writeSecret(file('ca.key'), pemKey(await crypto.subtle.exportKey('pkcs8', caKey)));
    await writeFile(file('ca.crt'), caCert.toString('pem') + '\n', { mode: 0o644 });
  } else {
    caCert = new x509.X509Certificate(await readFile(file('ca.crt'), 'utf8'));
    const der = x509.PemConverter.decodeFirst(await readFile(file('ca.key'), 'utf8'));
    caKey = await crypto.subtle.importKey('pkcs8', der, ALG, false, ['sign']);
  }

  const keys = (await crypto.subtle.generateKey(ALG, true, ['sign', 'verify'])) as CryptoKeyPair;
  const leaf = await x509.X509CertificateGenerator.create({
    serialNumber: serial(),
    subject: [{ CN: [hosts[0] ?? ips[0]] }],
    issuer: caCert.subject,
    notBefore,
    notAfter: new Date(now.getTime() + SERVER_DAYS * DAY),
    signingAlgorithm: ALG,
    publicKey: keys.publicKey,
    signingKey: caKey,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension([
        ...hosts.map((value) => ({ type: 'dns' as const, value })),
        ...ips.map((value) => ({ type: 'ip' as const, value })),
      ]),
      await x509.AuthorityKeyIdentifierExtension.create(caCert),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  await writeSecret(file('server.key'), pemKey(await crypto.subtle.exportKey('pkcs8', keys.privateKey)));
  await writeFile(file('server.crt'), `${leaf.toString('pem')}\n${caCert.toString('pem')}\n`, { mode: 0o644 });

  const caPem = caCert.toString('pem');
  return {
    caCertFile: file('ca.crt'),
    caKeyFile: file('ca.key'),
    serverCertFile: file('server.crt'),
    serverKeyFile: file('server.key'),
    caCreated,
    spki: { ca: spkiHash(caPem), server: spkiHash(leaf.toString('pem')) },
    caFingerprint: new NodeX509(caPem).fingerprint256,
  };
}

/** base64 SHA-256 of a PEM certificate's SubjectPublicKeyInfo (what Chromium's SPKI lists name). */
export function spkiHash(pem: string): string {
  const der = new NodeX509(pem).publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(der).digest('base64');
}

/** 16 random bytes, positive (first bit clear), as the hex serial number. */
function serial(): string {
  const b = randomBytes(16);
  b[0] &= 0x7f;
  b[0] |= 0x01;
  return b.toString('hex');
}

const pemKey = (pkcs8: ArrayBuffer) => x509.PemConverter.encode(pkcs8, 'PRIVATE KEY') + '\n';

async function writeSecret(file: string, text: string): Promise<void> {
  await writeFile(file, text, { mode: 0o600 });
  await chmod(file, 0o600);
}
