// The backup passphrase: BACKUP_PASSPHRASE, or asked on the terminal without echo (twice when a
// new backup is made, so a typo does not make a backup nobody can open).
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';

export async function passphrase(fromEnv: string | undefined, opts: { confirm: boolean }): Promise<string> {
  if (fromEnv) return fromEnv;
  if (!process.stdin.isTTY) {
    console.error('set BACKUP_PASSPHRASE, or run this on a terminal to be asked for the passphrase');
    process.exit(2);
  }
  const first = await ask('バックアップのパスフレーズ (backup passphrase): ');
  if (opts.confirm && (await ask('もう一度 (again): ')) !== first) {
    console.error('the two passphrases differ');
    process.exit(2);
  }
  return first;
}

function ask(prompt: string): Promise<string> {
  let muted = false;
  const output = new Writable({
    write(chunk: Buffer, _enc, done) {
      if (!muted) process.stderr.write(chunk);
      done();
    },
  });
  const rl = createInterface({ input: process.stdin, output, terminal: true });
  return new Promise((resolve) => {
    rl.question(prompt, (answer) => {
      rl.close();
      process.stderr.write('\n');
      resolve(answer);
    });
    muted = true;
  });
}
