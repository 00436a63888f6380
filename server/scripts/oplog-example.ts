// npm run oplog:example -- <file.csv> [--rows 10000]: an example file of operation records in the
// documented layout (docs/oplog.md), made up, for trying `npm run oplog:import`.
import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { exampleCsv } from '../src/modules/oplog/index.js';

const { values: a, positionals } = parseArgs({
  args: process.argv.slice(2).filter((x) => x !== '--'),
  allowPositionals: true,
  options: { rows: { type: 'string' } },
});
const file = positionals[0] ?? 'oplog-example.csv';
const rows = Number(a.rows ?? 10_000);
await pipeline(Readable.from(exampleCsv(rows)), createWriteStream(file));
console.error(`wrote ${file} (${rows} records)`);
