// Runs the npm scripts named on the command line side by side, as many at once as the machine has
// cores, in the order given (put the longest first). Each script's output is printed whole when it
// ends, so outputs never interleave; the exit code is 1 when any failed, once all have ended.
// `npm run check` uses it: tsc, vue-tsc, eslint and prettier each keep one core busy, so one after
// another they left the other cores idle.
import { spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';

const scripts = process.argv.slice(2);
const slots = Math.min(scripts.length, Math.max(1, availableParallelism()));
const failed = [];

function run(script) {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn('npm', ['run', '--silent', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    const out = [];
    child.stdout.on('data', (d) => out.push(d));
    child.stderr.on('data', (d) => out.push(d));
    child.on('error', (e) => out.push(Buffer.from(`${e.message}\n`)));
    child.on('close', (code) => {
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      const text = Buffer.concat(out).toString().trimEnd();
      if (code !== 0) failed.push(script);
      process.stdout.write(`── ${script}: ${code === 0 ? 'ok' : `FAILED (exit ${code})`}, ${seconds} s\n`);
      if (text) process.stdout.write(`${text}\n`);
      resolve();
    });
  });
}

const queue = [...scripts];
await Promise.all(
  Array.from({ length: slots }, async () => {
    for (let s = queue.shift(); s; s = queue.shift()) await run(s);
  }),
);
if (failed.length) {
  process.stdout.write(`failed: ${failed.join(', ')}\n`);
  process.exit(1);
}
