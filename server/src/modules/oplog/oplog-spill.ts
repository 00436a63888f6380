// A20.1: the spill file of a batch COPYed straight into the history (oplog-ingest.service.ts) that
// met a month with no partition. The parser writes the rows of such months here (the staging
// table's COPY text; targets already HMACs), the rows that went straight in are read back after
// them, and the whole file goes through the stage once the transaction is rolled back and the
// months have their partitions. A file (0600, in a folder of its own under the OS's temporary
// folder, removed after the batch), so the batch is never held in memory.
import { createReadStream, createWriteStream, mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { READ_BACK } from './oplog.sql.js';

export class OplogSpill {
  private dir: string | undefined;

  private get file(): string {
    if (!this.dir) throw new Error('the spill file was never opened');
    return path.join(this.dir, 'rows');
  }

  /** The file to write, made on the first spilled row (DirectOutput.spill). */
  readonly open = (): Writable => {
    this.dir = mkdtempSync(path.join(tmpdir(), 'oplog-spill-'));
    return createWriteStream(this.file, { mode: 0o600 });
  };

  /** The source's rows from line `from` on, in the batch's transaction, appended to the file. */
  async readBack(client: pg.PoolClient, sourceId: string, from: number): Promise<void> {
    await pipeline(client.query(copyTo(READ_BACK(sourceId, from))), createWriteStream(this.file, { flags: 'a' }));
  }

  /** The file's rows, for the staging table's COPY. */
  rows(): Readable {
    return createReadStream(this.file);
  }

  async remove(): Promise<void> {
    if (this.dir) await rm(this.dir, { recursive: true, force: true });
  }
}
