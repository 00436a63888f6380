// Streams a register export as the reply: CSV or xlsx from one column definition, rows pulled from
// an async iterable as the client reads. `onEnd` is awaited after the last row and before the
// file's last bytes (an export is never complete without, e.g., its audit entry); when the source
// fails or the client goes away it is called with complete=false, the error is logged and the
// reply destroyed, so the client sees a broken download rather than a short file that looks whole.
import type { FastifyReply } from 'fastify';
import type { Readable } from 'node:stream';
import type { ExportColumn } from './columns.js';
import { csvStream } from './csv.js';
import { xlsxStream } from './xlsx.js';

export type ExportFormat = 'csv' | 'xlsx';

export const CONTENT_TYPE: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

export interface ExportSummary {
  rows: number;
  /** every row was read; false when the source failed or the client went away */
  complete: boolean;
  error?: unknown;
}

export interface ExportSpec<T> {
  format: ExportFormat;
  columns: ExportColumn<T>[];
  rows: AsyncIterable<T>;
  /** the sheet's name in xlsx */
  title: string;
  onEnd?: (summary: ExportSummary) => Promise<void>;
}

/** Counts the rows as they are read and reports the end, whichever way it comes. */
async function* tracked<T>(
  rows: AsyncIterable<T>,
  onEnd: (s: ExportSummary) => Promise<void>,
  onLateError: (err: unknown) => void,
): AsyncGenerator<T> {
  let n = 0;
  let reported = false;
  try {
    for await (const row of rows) {
      n++;
      yield row;
    }
    reported = true;
    await onEnd({ rows: n, complete: true });
  } catch (error) {
    if (!reported) {
      reported = true;
      onEnd({ rows: n, complete: false, error }).catch(onLateError);
    }
    throw error;
  } finally {
    // the reader stopped early: return() was called on this generator
    if (!reported) onEnd({ rows: n, complete: false }).catch(onLateError);
  }
}

export function exportStream<T>(spec: ExportSpec<T>, onLateError: (err: unknown) => void = () => {}): Readable {
  const rows = spec.onEnd ? tracked(spec.rows, spec.onEnd, onLateError) : spec.rows;
  return spec.format === 'csv' ? csvStream(spec.columns, rows) : xlsxStream(spec.columns, rows, spec.title);
}

/** Sends the export as an attachment named `filename.<format>`; never cached. */
export function sendExport<T>(reply: FastifyReply, filename: string, spec: ExportSpec<T>): FastifyReply {
  const stream = exportStream(spec, (err) => reply.log.error({ err }, 'export: reporting the end failed'));
  // Fastify logs a stream error and destroys the socket once headers are out: no clean end
  stream.on('error', (err) => reply.log.warn({ err, filename }, 'export stopped mid-way'));
  return reply
    .header('content-type', CONTENT_TYPE[spec.format])
    .header('content-disposition', `attachment; filename="${filename}.${spec.format}"`)
    .header('cache-control', 'no-store')
    .send(stream);
}
