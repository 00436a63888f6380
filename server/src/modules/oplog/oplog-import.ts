// npm run oplog:import — a file of operation records (docs/oplog.md) into the history, for cities
// without an API client. The file is streamed in chunks of lines; each chunk is one batch of the
// same ingest as the API (COPY straight into the history when none of its lines can be stored yet,
// through the stage and ON CONFLICT DO NOTHING otherwise), committed before the next is read.
// Resumable: a run after a kill starts after the last line the source has stored (lines before it
// are passed over unparsed), and anything sent twice is skipped by (source, line, at) anyway.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import type { AuditMeta } from '../../shared/audited.js';
import type { BatchFormat } from './oplog-line.js';
import type { OplogIngestService } from './oplog-ingest.service.js';

export interface ImportOptions {
  file: string;
  sourceId: string;
  format: BatchFormat;
  /** lines per batch */
  chunkLines: number;
  /** read from the first line even if the source has lines stored */
  fromStart?: boolean;
  meta: AuditMeta;
  /** called now and then with what is done so far */
  progress?(p: ImportProgress): void;
}

export interface ImportProgress {
  bytesRead: number;
  bytesTotal: number;
  /** the file's line reached */
  line: number;
  stored: number;
  duplicates: number;
  refused: number;
  /** lines passed over because an earlier run stored them */
  skipped: number;
  batches: number;
  /** the first refused lines, with why */
  refusedLines: { line: number; code: string }[];
  resumedAfter: number;
}

export async function importFile(ingest: OplogIngestService, o: ImportOptions): Promise<ImportProgress> {
  const bytesTotal = (await stat(o.file)).size;
  const resumedAfter = o.fromStart ? 0 : await ingest.lastLineOf(o.sourceId);
  await ingest.checkSource(o.meta, o.sourceId);
  const p: ImportProgress = {
    bytesRead: 0,
    bytesTotal,
    line: 0,
    stored: 0,
    duplicates: 0,
    refused: 0,
    skipped: 0,
    batches: 0,
    refusedLines: [],
    resumedAfter,
  };
  let header: string | undefined;
  let chunk: Buffer[] = [];
  let chunkFirst = 0;
  let rest = Buffer.alloc(0);

  const flush = async () => {
    if (!chunk.length) return;
    const r = await ingest.ingest(o.meta, o.sourceId, o.format, Readable.from(pieces(Buffer.concat(chunk))), {
      via: 'import',
      header,
      firstLine: chunkFirst,
      skipThrough: resumedAfter || undefined,
    });
    chunk = [];
    p.batches++;
    p.stored += r.stored;
    p.duplicates += r.duplicates;
    p.refused += r.refused;
    for (const l of r.refusedLines) if (p.refusedLines.length < 1000) p.refusedLines.push(l);
    o.progress?.(p);
  };
  const onLine = async (line: Buffer) => {
    const n = ++p.line;
    if (n === 1 && o.format === 'csv') {
      header = line.toString('utf8');
      return;
    }
    if (n <= resumedAfter) {
      p.skipped++;
      return;
    }
    if (!chunk.length) chunkFirst = n;
    chunk.push(line, NL);
    if (chunk.length >= o.chunkLines * 2) await flush();
  };

  for await (const data of createReadStream(o.file, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    p.bytesRead += data.length;
    let buf = rest.length ? Buffer.concat([rest, data]) : data;
    let start = 0;
    for (let nl = buf.indexOf(10); nl !== -1; nl = buf.indexOf(10, start)) {
      await onLine(buf.subarray(start, nl));
      start = nl + 1;
    }
    rest = Buffer.from(buf.subarray(start));
    buf = rest;
    if (p.skipped && p.line <= resumedAfter) o.progress?.(p);
  }
  if (rest.length) await onLine(rest);
  await flush();
  return p;
}

const NL = Buffer.from('\n');

/**
 * A chunk as the ingest reads a request's body: in pieces of 64 KiB, so that parsing a piece and
 * COPYing the rows of the one before overlap (given whole, the chunk was parsed to its end before
 * the COPY received a row).
 */
function* pieces(chunk: Buffer, size = 1 << 16): Generator<Buffer> {
  for (let at = 0; at < chunk.length; at += size) yield chunk.subarray(at, at + size);
}
