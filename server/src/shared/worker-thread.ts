// Worker threads that start the same way from the built server and from source. Built (dist/, what
// `npm start` runs), the worker is the compiled .js next to the caller. From source (vite-node,
// vitest, the npm scripts) only the .ts exists, and Node does not read TypeScript: the worker then
// first registers module hooks that strip the types of each .ts it loads, with the oxc transformer
// vite itself uses, and map './x.js' imports to './x.ts', as tsc's NodeNext resolution does. Types
// only: a worker's modules use no decorators (they would need tsc's emit).
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * Starts a worker on `script`, the compiled module's URL (`new URL('./x.worker.js',
 * import.meta.url)`). The thread starts at once, before the caller's next await.
 */
export function startWorker(script: URL, options: WorkerOptions): Worker {
  if (existsSync(fileURLToPath(script))) return new Worker(script, options);
  const source = new URL(script.href.replace(/\.js$/, '.ts'));
  if (!existsSync(fileURLToPath(source))) throw new Error(`worker script ${fileURLToPath(script)} not found`);
  const boot = `import { register } from 'node:module';
register(${JSON.stringify(dataUrl(typeScriptHooks()))});
await import(${JSON.stringify(source.href)});`;
  return new Worker(new URL(dataUrl(boot)), options);
}

const dataUrl = (code: string) => `data:text/javascript,${encodeURIComponent(code)}`;

let hooks: string | undefined;

/** The hooks module (a data: URL imports only absolute URLs, so the transformer's is written in). */
function typeScriptHooks(): string {
  if (hooks) return hooks;
  // the transformer vite depends on, as vite resolves it (vite is a dev dependency; dist/ needs none)
  const vite = createRequire(import.meta.url).resolve('vite');
  const oxc = pathToFileURL(createRequire(vite).resolve('rolldown/utils')).href;
  hooks = `import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { transformSync } from ${JSON.stringify(oxc)};

export async function resolve(specifier, context, next) {
  if (context.parentURL?.endsWith('.ts') && /^\\.\\.?\\/.*\\.js$/.test(specifier)) {
    const ts = new URL(specifier.slice(0, -3) + '.ts', context.parentURL);
    if (existsSync(ts)) return { url: ts.href, shortCircuit: true };
  }
  return next(specifier, context);
}

export async function load(url, context, next) {
  if (!url.startsWith('file:') || !url.endsWith('.ts')) return next(url, context);
  const file = fileURLToPath(url);
  const { code, errors } = transformSync(file, await readFile(file, 'utf8'), { lang: 'ts', sourcemap: false });
  if (errors.length) throw errors[0];
  return { format: 'module', source: code, shortCircuit: true };
}
`;
  return hooks;
}
