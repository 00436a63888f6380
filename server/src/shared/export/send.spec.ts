import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { get } from 'node:http';
import Fastify, { type FastifyInstance } from 'fastify';
import { columns } from './columns.js';
import { sendExport, type ExportSummary } from './send.js';

const COLS = columns<number>({ header: '番号', kind: 'number', value: (n) => n });
const ends: ExportSummary[] = [];
let app: FastifyInstance;
let base: string;

async function* upTo(n: number, failAt?: number) {
  for (let i = 1; i <= n; i++) {
    if (i === failAt) throw new Error('database went away');
    yield i;
  }
}

beforeAll(async () => {
  app = Fastify({ logger: false });
  app.get<{ Querystring: { format: 'csv' | 'xlsx'; fail?: string } }>('/x', (req, reply) =>
    sendExport(reply, 'numbers', {
      format: req.query.format,
      columns: COLS,
      title: '番号',
      rows: upTo(50_000, req.query.fail ? Number(req.query.fail) : undefined),
      onEnd: async (s) => void ends.push(s),
    }),
  );
  base = await app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(() => app.close());

/** Reads a response over a real socket: whether it ended cleanly, and its bytes. */
const fetchRaw = (path: string) =>
  new Promise<{ status: number; headers: Record<string, unknown>; body: Buffer; complete: boolean }>((resolve) => {
    get(base + path, (res) => {
      const chunks: Buffer[] = [];
      const done = (complete: boolean) =>
        resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks), complete });
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done(res.complete));
      res.on('error', () => done(false));
      res.on('aborted', () => done(false));
    });
  });

describe('export kit: sending', () => {
  it('streams the whole file as an attachment and reports the end once', async () => {
    ends.length = 0;
    const res = await fetchRaw('/x?format=csv');
    expect(res.complete).toBe(true);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename="numbers.csv"');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['transfer-encoding']).toBe('chunked');
    expect(res.body.toString('utf8').trimEnd().split('\r\n')).toHaveLength(50_001);
    expect(ends).toEqual([{ rows: 50_000, complete: true }]);
  });

  it.each(['csv', 'xlsx'])(
    '%s: an error mid-stream breaks the download instead of ending it cleanly',
    async (format) => {
      ends.length = 0;
      const res = await fetchRaw(`/x?format=${format}&fail=40000`);
      expect(res.status).toBe(200); // the headers were already out
      expect(res.complete).toBe(false);
      await expect.poll(() => ends).toEqual([expect.objectContaining({ rows: 39_999, complete: false })]);
    },
  );
});
