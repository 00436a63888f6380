// The server of the operation-history memory bench (oplog-memory.bench.ts) in a process of its own,
// so its RSS is the server's alone: the real app (createApp) on BENCH_DATABASE_URL with the demo
// office. Prints one JSON line (address, a WRITE_OPLOG token, its pid) and closes when stdin ends.
import { createDataSource } from '../server/src/db/data-source.js';
import { startDemoApp } from './demo-app.js';
import { oplogToken } from './oplog.bench.js';

const url = process.env.BENCH_DATABASE_URL;
if (!url) throw new Error('BENCH_DATABASE_URL is not set');
const ds = createDataSource({ url });
await ds.initialize();
// a batch of 10 million rows is ~600 MB: beyond the default 256 MB limit and 30 minutes on a busy machine
const { app, address } = await startDemoApp(ds, url, {
  OPLOG_BATCH_MAX_MB: '4096',
  OPLOG_BATCH_TIMEOUT_SECONDS: String(6 * 3600),
});
const token = await oplogToken(address);
process.stdout.write(`${JSON.stringify({ address, token, pid: process.pid })}\n`);
process.stdin.resume();
process.stdin.on('end', () => {
  void app
    .close()
    .then(() => ds.destroy())
    .then(() => process.exit(0));
});
