// t('…') keys are checked here, not by the compiler: vue-i18n types t(key) as `Key extends string`,
// so even with a message schema any string compiles. Every literal key a page or component passes to
// t / te / $t must exist in Japanese (the first language) and in English. Keys built at run time
// (t(`access.direction.${d}`)) are not seen; their parts are typed unions where it matters.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import ja from '../../web/src/i18n/ja.js';
import en from '../../web/src/i18n/en.js';

/** every part of a language (web/src/i18n/<lang>/*.ts: a chunk's own messages, loaded with it) */
async function parts(lang: 'ja' | 'en'): Promise<Tree[]> {
  const dir = `web/src/i18n/${lang}`;
  const files = (await readdir(dir)).filter((f) => f.endsWith('.ts'));
  return Promise.all(files.map(async (f) => ((await import(`../../${dir}/${f}`)) as { default: Tree }).default));
}

type Tree = { [key: string]: unknown };

function has(tree: Tree, key: string): boolean {
  let node: unknown = tree;
  for (const part of key.split('.')) {
    if (typeof node !== 'object' || node === null || !(part in node)) return false;
    node = (node as Tree)[part];
  }
  return typeof node === 'string';
}

async function sources(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== 'i18n' && e.name !== 'generated') out.push(...(await sources(p)));
    } else if (/\.(ts|vue)$/.test(e.name)) out.push(p);
  }
  return out;
}

describe('t() keys', () => {
  it('exist in Japanese and in English', async () => {
    const languages: Record<string, Tree[]> = {
      ja: [ja, ...(await parts('ja'))],
      en: [en, ...(await parts('en'))],
    };
    const used = new Map<string, string>();
    for (const file of await sources('web/src')) {
      const text = await readFile(file, 'utf8');
      for (const m of text.matchAll(/(?<![\w.])\$?te?\(\s*'([A-Za-z][\w]*(?:\.[\w]+)+)'/g)) used.set(m[1], file);
    }
    expect(used.size).toBeGreaterThan(100);
    const missing: string[] = [];
    for (const [key, file] of used) {
      for (const [lang, trees] of Object.entries(languages)) {
        if (!trees.some((tree) => has(tree, key))) missing.push(`${lang} ${key} (${file})`);
      }
    }
    expect(missing).toEqual([]);
  });
});
