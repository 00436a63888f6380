// The server's memory while one large file is ingested through the bulk endpoint (issue 16, Bench):
// the body is streamed (never buffered) into COPY, so the server's RSS stays flat whatever the
// size. The server runs in a process of its own (oplog-memory-server.ts) and its RSS is read from
// /proc/<pid>/status every 100 ms during the request; the CSV is generated while it is sent (the
// client holds no file either). Printed: RSS before, the peak sampled during, after, and the
// kernel's high-water mark (VmHWM) of the server process.
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ScratchServer } from '../server/src/db/scratch-server.js';
import { EXAMPLE_HEADER } from '../server/src/modules/oplog/index.js';

const ROWS_PER_DAY = 20_000;

export interface OplogMemoryResult {
  rows: number;
  bytes: number;
  seconds: number;
  stored: number;
  /** MiB */
  rss: { start: number; peak: number; end: number; highWater: number };
  /** MiB: the peak while each quarter of the file was being sent (growing with the size if it were buffered) */
  peakByQuarter: number[];
  samples: number;
}

/** `rows` CSV lines over the days before yesterday (ROWS_PER_DAY a day, Tokyo wall clock), in chunks. */
function* csvLines(rows: number): Generator<string> {
  yield `${EXAMPLE_HEADER}\n`;
  const days = Math.ceil(rows / ROWS_PER_DAY);
  const start = Date.now() - (days + 2) * 86_400_000;
  const pad = (n: number) => String(n).padStart(2, '0');
  let out: string[] = [];
  for (let i = 0; i < rows; i++) {
    const t = new Date(start + Math.floor(i / ROWS_PER_DAY) * 86_400_000 + (i % ROWS_PER_DAY) * 4000 + 9 * 3_600_000);
    const at = `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())} ${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}:${pad(t.getUTCSeconds())}`;
    out.push(`${at},T-${pad(i % 50)},OP${1000 + (i % 97)},INQUIRY,SUCCESS,例-${i % 100_000}\n`);
    if (out.length === 1000) {
      yield out.join('');
      out = [];
    }
  }
  if (out.length) yield out.join('');
}

const MiB = 1024 * 1024;

async function status(pid: number): Promise<{ rss: number; hwm: number }> {
  const text = await readFile(`/proc/${pid}/status`, 'utf8');
  const kB = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? NaN) * 1024;
  return { rss: kB('VmRSS') / MiB, hwm: kB('VmHWM') / MiB };
}

/**
 * `heapMiB`: the server's V8 old-space limit (--max-old-space-size), to tell data held from garbage
 * not yet collected: by default V8 lets the heap grow on a machine with memory to spare.
 */
export async function benchOplogMemory(
  server: ScratchServer,
  rows: number,
  heapMiB?: number,
): Promise<OplogMemoryResult> {
  const name = await server.createDatabase('jukinet_bench_oplogm');
  const child = spawn(
    process.execPath,
    [
      ...(heapMiB ? [`--max-old-space-size=${heapMiB}`] : []),
      path.resolve('node_modules/vite-node/dist/cli.mjs'),
      'bench/oplog-memory-server.ts',
    ],
    { env: { ...process.env, BENCH_DATABASE_URL: server.urlOf(name) }, stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    const first = await new Promise<string>((resolve, reject) => {
      const lines = createInterface({ input: child.stdout });
      lines.once('line', resolve);
      child.once('exit', (code) => reject(new Error(`the bench server exited (${code}) before it started`)));
    });
    const { address, token, pid } = JSON.parse(first) as { address: string; token: string; pid: number };
    // settle: the start's garbage collected as far as it will be
    await new Promise((r) => setTimeout(r, 2000));
    const start = (await status(pid)).rss;
    let peak = start;
    let samples = 0;
    // the bytes sent so far when each sample is taken: the samples by quarter of the file
    const taken: { sent: number; rss: number }[] = [];
    const sampler = setInterval(() => {
      const sent = bytes;
      void status(pid).then((s) => {
        samples++;
        peak = Math.max(peak, s.rss);
        taken.push({ sent, rss: s.rss });
      });
    }, 100);
    let bytes = 0;
    const body = Readable.from(
      (function* () {
        for (const chunk of csvLines(rows)) {
          bytes += Buffer.byteLength(chunk);
          yield chunk;
        }
      })(),
    );
    const t0 = performance.now();
    const answer = await new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = http.request(`${address}/api/oplog/batches/bench-memory`, {
        method: 'POST',
        headers: { 'content-type': 'text/csv', authorization: `Bearer ${token}` },
      });
      req.once('response', (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.once('end', () => resolve({ status: res.statusCode ?? 0, text }));
      });
      req.once('error', reject);
      pipeline(body, req).catch(reject);
    });
    const seconds = (performance.now() - t0) / 1000;
    clearInterval(sampler);
    await new Promise((r) => setTimeout(r, 2000));
    const end = await status(pid);
    if (answer.status !== 200) throw new Error(`the endpoint answered ${answer.status}: ${answer.text.slice(0, 500)}`);
    const stored = Number((JSON.parse(answer.text) as { stored?: number }).stored ?? 0);
    return {
      rows,
      bytes,
      seconds,
      stored,
      rss: { start, peak: Math.max(peak, end.rss), end: end.rss, highWater: end.hwm },
      peakByQuarter: [0, 1, 2, 3].map((q) =>
        Math.max(
          start,
          ...taken.filter((t) => Math.min(3, Math.floor((4 * t.sent) / Math.max(1, bytes))) === q).map((t) => t.rss),
        ),
      ),
      samples,
    };
  } finally {
    child.stdin.end();
    const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    await exited;
    clearTimeout(killer);
    await server.dropDatabase(name);
  }
}

/** The lines `npm run bench -- --only=oplog-memory` prints; false when a row was not stored. */
export function printOplogMemory(r: OplogMemoryResult, print: (line: string) => void = console.log): boolean {
  const mb = (n: number) => `${n.toFixed(0)} MiB`;
  print(
    `${r.rows} rows (${(r.bytes / MiB).toFixed(0)} MiB of CSV) in one request, ${r.seconds.toFixed(0)} s ` +
      `(${(r.rows / r.seconds).toFixed(0)} rows/s), stored ${r.stored}`,
  );
  print(
    `server RSS start ${mb(r.rss.start)}  peak ${mb(r.rss.peak)} (${r.samples} samples, high-water mark ${mb(r.rss.highWater)})  ` +
      `end ${mb(r.rss.end)}  peak − start = ${mb(r.rss.peak - r.rss.start)} = ${((r.rss.peak - r.rss.start) / (r.bytes / MiB)).toFixed(3)} × the file`,
  );
  print(
    `server RSS peak while each quarter of the file was sent: ${r.peakByQuarter.map((q) => mb(q)).join(' / ')} ` +
      `(the last − the first: ${mb(r.peakByQuarter[3] - r.peakByQuarter[0])}; the last includes the work after the body ended)`,
  );
  return r.stored === r.rows;
}
