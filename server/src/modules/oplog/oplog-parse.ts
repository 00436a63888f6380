// A batch of operation records as it arrives (CSV with a header, or NDJSON), line by line, into the
// COPY text of the staging table. Every line is checked here; a bad line is refused with its number
// and a code (never its content: a target may name a resident), the good ones go on. The target is
// replaced by its HMAC before anything leaves the process (A8.1). Layout: docs/oplog.md.
import { createHmac, createSecretKey, type KeyObject } from 'node:crypto';
import { Transform, type TransformCallback, type Writable } from 'node:stream';
import { OplogError, OplogErrorCode } from './oplog.errors.js';
import {
  acceptedPeriod,
  CODE,
  DAY,
  FIELDS,
  MAX_LINE_BYTES,
  MAX_REFUSED_LISTED,
  MAX_TARGET_CHARS,
  monthOf,
  parseAt,
  REQUIRED,
  RESULTS,
  splitCsv,
  str,
  TOKYO,
  type BatchFormat,
  type FieldName,
  type LineRefusal,
  type OperatorDay,
  type RefusedLine,
} from './oplog-line.js';

export interface ParserOptions {
  format: BatchFormat;
  /** the operation types known (operation_type codes) */
  typeCodes: ReadonlySet<string>;
  /** SECRETS_DIR/oplog-target.key */
  targetKey: Buffer;
  now: Date;
  /** bytes of the batch at most: beyond, the stream fails with OPLOG_BATCH_TOO_LARGE */
  maxBytes: number;
  /** lines up to this one are passed over unread (an import resumed); the CSV header is read anyway */
  skipThrough?: number;
  /** a part of a file (the import's chunks): the CSV header given apart, and the number of the body's first line */
  header?: string;
  firstLine?: number;
  /** the batch goes straight into operation_record (oplog-ingest.service.ts): see DirectOutput */
  direct?: DirectOutput;
}

/**
 * A batch COPYed straight into operation_record: the parser's output is that table's COPY text
 * (the source id first, the target's HMAC as bytea), for the rows of the months that have a
 * partition (`ready`). A row of another month cannot go there (a partition is never made inside the
 * batch's transaction): it is written in the staging table's COPY text to `spill()`, a file opened
 * on the first such row, and the ingest moves the batch through the staging table instead.
 */
export interface DirectOutput {
  sourceId: string;
  ready: (month: string) => boolean;
  spill: () => Writable;
}

/**
 * Bytes of a batch in, COPY text of the staging table (or of operation_record: DirectOutput) out,
 * one row per good line. What it saw is
 * on the parser once the stream ends: lines, accepted, refused (the first MAX_REFUSED_LISTED), the
 * months of the records.
 */
export class OplogLineParser extends Transform {
  lines = 0;
  /** data lines read (not blank, not the header, not skipped) */
  received = 0;
  accepted = 0;
  refusedCount = 0;
  readonly refused: RefusedLine[] = [];
  readonly months = new Set<string>();
  /** the accepted records per operator and Tokyo day (key: day, tab, operator): the batch's operation_day rows */
  readonly days = new Map<string, OperatorDay>();
  /** accepted rows written to the spill file instead (direct output only: a month with no partition) */
  spilled = 0;
  /** the first and the last line accepted (0: none) */
  firstAccepted = 0;
  lastAccepted = 0;
  bytes = 0;

  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private tooLong = false;
  private columns: Partial<Record<FieldName, number>> | null = null;
  private readonly period: { from: Date; to: Date };
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });
  private readonly targetKey: KeyObject;
  /** the Tokyo day of the last record accepted: its month is in months */
  private lastDay = NaN;
  /** whether the last day's month goes to the direct output (always, without one) */
  private dayDirect = true;
  /** direct output: the rows of this chunk for the spill file, and the file once opened */
  private spillRows: string[] = [];
  private spillFile: Writable | null = null;
  private readonly directPrefix: string;

  constructor(private readonly o: ParserOptions) {
    super();
    this.period = acceptedPeriod(o.now);
    this.targetKey = createSecretKey(o.targetKey);
    this.directPrefix = o.direct ? `${o.direct.sourceId}\t` : '';
    if (o.firstLine) this.lines = o.firstLine - 1;
    if (o.header !== undefined) this.readHeader(o.header.replace(/^\uFEFF/, '').replace(/\r$/, ''));
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.bytes += chunk.length;
    if (this.bytes > this.o.maxBytes) {
      done(
        new OplogError(
          OplogErrorCode.OPLOG_BATCH_TOO_LARGE,
          `一度に送れるのは ${this.o.maxBytes} バイトまでです (a batch is at most ${this.o.maxBytes} bytes)`,
          { maxBytes: this.o.maxBytes },
        ),
      );
      return;
    }
    const out: string[] = [];
    try {
      let start = 0;
      for (let nl = chunk.indexOf(10); nl !== -1; nl = chunk.indexOf(10, start)) {
        this.collect(chunk.subarray(start, nl));
        this.endLine(out);
        start = nl + 1;
      }
      if (start < chunk.length) this.collect(chunk.subarray(start));
    } catch (e) {
      done(e as Error);
      return;
    }
    this.done(out, done);
  }

  /** The chunk's rows out, once the spill file (if any row went there) has taken its share. */
  private done(out: string[], done: TransformCallback): void {
    const rows = out.length ? out.join('') : undefined;
    if (!this.spillRows.length) return done(null, rows);
    if (!this.spillFile) {
      this.spillFile = this.o.direct!.spill();
      this.spillFile.on('error', (e) => this.destroy(e));
    }
    const more = this.spillFile.write(this.spillRows.join(''));
    this.spillRows = [];
    if (more) return done(null, rows);
    this.spillFile.once('drain', () => done(null, rows));
  }

  override _flush(done: TransformCallback): void {
    const out: string[] = [];
    try {
      if (this.pendingBytes || this.tooLong) this.endLine(out);
      if (this.o.format === 'csv' && !this.columns) this.badHeader('見出し行がありません (no header line)');
    } catch (e) {
      done(e as Error);
      return;
    }
    this.done(out, done);
  }

  private collect(part: Buffer): void {
    if (this.tooLong) return;
    this.pendingBytes += part.length;
    if (this.pendingBytes > MAX_LINE_BYTES) {
      this.tooLong = true;
      this.pending = [];
      return;
    }
    this.pending.push(part);
  }

  private endLine(out: string[]): unknown {
    const n = ++this.lines;
    const tooLong = this.tooLong;
    const raw = this.pending.length === 1 ? this.pending[0] : Buffer.concat(this.pending);
    this.pending = [];
    this.pendingBytes = 0;
    this.tooLong = false;
    const header = this.o.format === 'csv' && !this.columns;
    if (!header && this.o.skipThrough && n <= this.o.skipThrough) return;
    if (tooLong) return this.refuse(n, 'LINE_TOO_LONG');
    let text: string;
    try {
      text = this.decoder.decode(raw);
    } catch {
      if (header) this.badHeader('見出し行が UTF-8 ではありません (the header is not UTF-8)');
      return this.refuse(n, 'BAD_ENCODING');
    }
    if (n === 1 && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    if (text.endsWith('\r')) text = text.slice(0, -1);
    if (header) return this.readHeader(text);
    if (!text.trim()) return;
    this.received++;
    let fields: Partial<Record<FieldName, unknown>>;
    if (this.o.format === 'csv') {
      const cells = splitCsv(text);
      if (!cells) return this.refuse(n, 'BAD_CSV');
      if (cells.length !== Object.keys(this.columns!).length) return this.refuse(n, 'BAD_FIELD_COUNT');
      const c = this.columns!;
      // a column the header does not have (the target) is undefined, as if absent
      fields = {
        at: cells[c.at!],
        terminal: cells[c.terminal!],
        operator: cells[c.operator!],
        type: cells[c.type!],
        result: cells[c.result!],
        target: c.target === undefined ? undefined : cells[c.target],
      };
    } else {
      let v: unknown;
      try {
        v = JSON.parse(text);
      } catch {
        return this.refuse(n, 'BAD_JSON');
      }
      if (!v || typeof v !== 'object' || Array.isArray(v)) return this.refuse(n, 'BAD_JSON');
      fields = v as Record<string, unknown>;
    }
    const row = this.check(n, fields);
    if (!row) return;
    this.accepted++;
    if (this.dayDirect) out.push(row);
    else {
      this.spilled++;
      this.spillRows.push(row);
    }
  }

  private readHeader(text: string): void {
    const cells = splitCsv(text);
    if (!cells) this.badHeader('見出し行を読めません (the header cannot be read)');
    const columns: Partial<Record<FieldName, number>> = {};
    cells!.forEach((c, i) => {
      const name = (Object.keys(FIELDS) as FieldName[]).find((f) =>
        (FIELDS[f] as readonly string[]).includes(c.trim()),
      );
      if (!name) this.badHeader(`見出し「${c.slice(0, 40)}」は列の名前ではありません (unknown column)`);
      if (columns[name!] !== undefined) this.badHeader(`列「${c.slice(0, 40)}」が二つあります (a column twice)`);
      columns[name!] = i;
    });
    const missing = REQUIRED.filter((f) => columns[f] === undefined);
    if (missing.length) this.badHeader(`列がありません: ${missing.join(', ')} (missing columns)`);
    this.columns = columns;
  }

  private badHeader(message: string): never {
    throw new OplogError(OplogErrorCode.OPLOG_BAD_HEADER, message);
  }

  /** The COPY line of a record, or null (refused). Values are checked to hold no tab, newline or backslash. */
  private check(n: number, f: Partial<Record<FieldName, unknown>>): string | null {
    const atText = str(f.at);
    const at = atText ? parseAt(atText) : null;
    if (!at) return this.refuse(n, 'BAD_AT');
    if (at < this.period.from || at > this.period.to) return this.refuse(n, 'AT_OUT_OF_RANGE');
    const terminal = str(f.terminal);
    if (!terminal || !CODE.test(terminal)) return this.refuse(n, 'BAD_TERMINAL');
    const operator = str(f.operator);
    if (!operator || !CODE.test(operator)) return this.refuse(n, 'BAD_OPERATOR');
    const type = str(f.type)?.toUpperCase();
    if (!type || !this.o.typeCodes.has(type)) return this.refuse(n, 'UNKNOWN_TYPE');
    const resultText = str(f.result);
    const result = resultText ? RESULTS[resultText.toUpperCase()] : undefined;
    if (!result) return this.refuse(n, 'BAD_RESULT');
    let target = '\\N';
    if (f.target !== undefined && f.target !== null) {
      const t = str(f.target);
      if (t === null || t.length > MAX_TARGET_CHARS || t.includes('\u0000')) return this.refuse(n, 'BAD_TARGET');
      if (t) target = createHmac('sha256', this.targetKey).update(t.normalize('NFC')).digest('hex');
    }
    this.countDay(at.getTime(), operator);
    if (!this.firstAccepted) this.firstAccepted = n;
    this.lastAccepted = n;
    if (this.o.direct && this.dayDirect) {
      // operation_record's own columns: the source id first, the HMAC as bytea (\x, its backslash escaped)
      const hmac = target === '\\N' ? target : `\\\\x${target}`;
      return `${this.directPrefix}${n}\t${at.toISOString()}\t${terminal}\t${operator}\t${type}\t${result}\t${hmac}\n`;
    }
    return `${n}\t${at.toISOString()}\t${terminal}\t${operator}\t${type}\t${result}\t${target}\n`;
  }

  private countDay(ms: number, operatorId: string): void {
    const tokyo = ms + TOKYO;
    const day = Math.floor(tokyo / DAY);
    const hour = 1 << Math.floor((tokyo - day * DAY) / 3_600_000);
    const key = `${day}\t${operatorId}`;
    const d = this.days.get(key);
    if (day !== this.lastDay) {
      this.lastDay = day;
      const month = monthOf(new Date(ms));
      this.months.add(month);
      this.dayDirect = !this.o.direct || this.o.direct.ready(month);
    }
    if (!d) {
      this.days.set(key, { day, operatorId, records: 1, firstAt: ms, lastAt: ms, hours: hour });
      return;
    }
    d.records++;
    if (ms < d.firstAt) d.firstAt = ms;
    if (ms > d.lastAt) d.lastAt = ms;
    d.hours |= hour;
  }

  /** Direct output: the spill file written to its end (once the stream has ended). */
  async spillDone(): Promise<void> {
    const file = this.spillFile;
    if (!file) return;
    await new Promise<void>((resolve, reject) => {
      file.once('error', reject);
      file.end(resolve);
    });
  }

  /** Direct output: the spill file closed, whatever happened (a batch that failed). */
  closeSpill(): void {
    if (this.spillFile && !this.spillFile.writableFinished) this.spillFile.destroy();
  }

  private refuse(line: number, code: LineRefusal): null {
    this.refusedCount++;
    if (this.refused.length < MAX_REFUSED_LISTED) this.refused.push({ line, code });
    return null;
  }
}
