// Runs the built server (dist/, from `npm run build`) as a child process, the way `npm start` does.
import { spawn, type ChildProcess } from 'node:child_process';
import { get as httpsGet } from 'node:https';
import { existsSync } from 'node:fs';
import { freePort } from '../../server/src/db/scratch-server.js';

export const SERVER_ENTRY = 'dist/server/src/main.js';

export interface ServerProcess {
  url: string;
  port: number;
  child: ChildProcess;
  output(): string;
  /** resolves with the exit code */
  exited: Promise<number | null>;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/**
 * Environment for the child: only what we pass, so a DATABASE_URL of the test run does not leak in.
 * With DATABASE_URL the server seeds no demo unless asked: the browser tests ask (SEED_DEMO=true)
 * unless they say otherwise.
 */
export async function startServerProcess(env: Record<string, string>): Promise<ServerProcess> {
  if (!existsSync(SERVER_ENTRY))
    throw new Error(`${SERVER_ENTRY} is missing: run \`npm run build\` first (npm test does)`);
  const port = env.PORT ? Number(env.PORT) : await freePort();
  const child = spawn(process.execPath, [SERVER_ENTRY], {
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/tmp',
      LOG_LEVEL: 'warn',
      ...(env.DATABASE_URL ? { SEED_DEMO: 'true' } : {}),
      // the demo's cards, requests and stock (issue 15) only where a test asks: the cards pages' tests count rows
      SEED_DEMO_CARDS: 'false',
      ...env,
      PORT: String(port),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  // 'close', not 'exit': it fires after stdout and stderr are drained, so output() is complete.
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  // with TLS_CERT_FILE the server speaks HTTPS only
  const url = `${env.TLS_CERT_FILE ? 'https' : 'http'}://127.0.0.1:${port}`;
  const proc: ServerProcess = {
    url,
    port,
    child,
    output: () => out,
    exited,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
  await waitForHealth(proc);
  return proc;
}

export async function waitForHealth(proc: ServerProcess, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exitedEarly = false;
  void proc.exited.then(() => (exitedEarly = true));
  while (Date.now() < deadline) {
    if (exitedEarly) throw new Error(`server exited during start-up:\n${proc.output()}`);
    try {
      if ((await healthStatus(`${proc.url}/healthz`)) === 200) return;
    } catch {
      // not listening yet
    }
    // a short interval: the server answers within a few ms of listening, and every test file waits here
    await new Promise((r) => setTimeout(r, 50));
  }
  await proc.stop('SIGKILL');
  throw new Error(`server not healthy after ${timeoutMs} ms:\n${proc.output()}`);
}

/**
 * GET /healthz's status. Over HTTPS the certificate is not checked here: this only waits for the
 * server to listen (the HTTPS tests check the certificate in Chromium and with the CA).
 */
async function healthStatus(url: string): Promise<number> {
  if (!url.startsWith('https:')) return (await fetch(url)).status;
  return new Promise((resolve, reject) => {
    const req = httpsGet(url, { rejectUnauthorized: false }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
  });
}

export async function postGraphQL(url: string, query: string, variables?: object, cookie?: string): Promise<any> {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return res.json();
}

/** Signs in over HTTP; returns the Cookie header value. */
export async function signInOverHttp(url: string, staffNumber: string, password: string): Promise<string> {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      query: `mutation($i: SignInInput!) { signIn(input: $i) { staff { id } } }`,
      variables: { i: { staffNumber, password } },
    }),
  });
  const cookie = res.headers.get('set-cookie');
  if (!cookie) throw new Error(`sign-in failed: ${await res.text()}`);
  return cookie.split(';')[0];
}
