// The configuration register (issue 14 §5, A14.5) through the full stack: importing 5,000 items from
// the city's spreadsheet (GraphQL, all or nothing, a change record per item, audited) against a raw
// multi-row INSERT of the same rows through pg, in the same run; the register's search p95 over
// 5,000 items; and SQL statements per page (room, section, person, the equipment a program is on)
// with 1,000 and with 5,000 items: equal means no N+1.
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { createDataSource } from '../server/src/db/data-source.js';
import { CountingLogger } from '../server/src/db/query-counter.js';
import type { ScratchServer } from '../server/src/db/scratch-server.js';
import { BENCH_PASSWORD, startDemoApp } from './demo-app.js';
import { quantile } from './kiosk.bench.js';

const MANAGER = '200301'; // 管理者 in the demo office
const OPERATOR = '200305';
const PAGE = `query($f: ConfigurationItemFilter, $after: String) {
  configurationItems(filter: $f, first: 50, after: $after) {
    nodes { id registerNumber name kind state room { code name } section { name } responsibleStaff { fullName }
            installedOn { registerNumber } }
    endCursor hasNextPage } }`;

export interface RegisterBenchResult {
  items: number;
  importMs: number;
  rawInsertMs: number;
  imported: boolean;
  searchP95Ms: number;
  searches: number;
  statementsPerPage: { n: number; statements: number }[];
}

/** The rows of the bench: servers, and an OS on each fifth server (every one found by its number). */
function rows(n: number): string[][] {
  return Array.from({ length: n }, (_, i) => {
    const no = `BX-${String(i + 1).padStart(5, '0')}`;
    const program = i % 5 === 4;
    return program
      ? [
          no,
          'OS',
          `ベンチOS ${i + 1}`,
          '',
          '2024',
          '',
          '',
          `BX-${String(i).padStart(5, '0')}`,
          'S0202',
          '200302',
          '使用中',
        ]
      : [
          no,
          'サーバー',
          `ベンチサーバ ${i + 1}`,
          'みどりの電機',
          '',
          'R01',
          `ラック${(i % 40) + 1}`,
          '',
          'S0202',
          '200302',
          '使用中',
        ];
  });
}
const HEADER = [
  '登録番号',
  '種別',
  '名称',
  'メーカー',
  'バージョン',
  '電算室等',
  'ラック',
  '組込先',
  '使用課',
  '管理責任者',
  '状態',
];
const csv = (lines: string[][]) => [HEADER, ...lines].map((l) => l.join(',')).join('\r\n');

export async function benchRegister(server: ScratchServer, items = 5000, searches = 200): Promise<RegisterBenchResult> {
  const name = await server.createDatabase('jukinet_bench_register');
  const url = server.urlOf(name);
  const logger = new CountingLogger();
  const ds = createDataSource({ url, logger });
  await ds.initialize();
  const raw = new pg.Client({ connectionString: url });
  await raw.connect();
  // the bench's file (~0.5 MB) is under CONFIGURATION_FILE_MAX_BYTES (700 KB)
  const demo = await startDemoApp(ds, url);
  try {
    const post = async (query: string, variables: Record<string, unknown>, cookie?: string) => {
      const res = await fetch(`${demo.address}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
        body: JSON.stringify({ query, variables }),
      });
      const json = (await res.json()) as { data?: any; errors?: unknown[] };
      if (json.errors) throw new Error(JSON.stringify(json.errors).slice(0, 500));
      return { json, res };
    };
    const signIn = async (staffNumber: string) =>
      (
        await post(`mutation($i: SignInInput!) { signIn(input: $i) { staff { id } } }`, {
          i: { staffNumber, password: BENCH_PASSWORD },
        })
      ).res.headers
        .get('set-cookie')!
        .split(';')[0];
    const manager = await signIn(MANAGER);
    const operator = await signIn(OPERATOR);

    // the import: one file, one request, all or nothing
    const lines = rows(items);
    const file = Buffer.from(csv(lines)).toString('base64');
    const t0 = performance.now();
    const imported = await post(
      `mutation($i: ImportConfigurationRegisterInput!) { importConfigurationRegister(input: $i) { imported created issues { row message } } }`,
      { i: { file: { fileName: 'bench.csv', contentBase64: file } } },
      manager,
    );
    const importMs = performance.now() - t0;
    const result = imported.json.data.importConfigurationRegister;

    // the same rows by raw multi-row INSERT (1,000 a statement, references resolved beforehand), rolled back
    const [{ section, staff, room }] = (
      await raw.query(
        `SELECT (SELECT id FROM section WHERE code = 'S0202') AS section, (SELECT id FROM staff WHERE "staffNumber" = '200302') AS staff,
                (SELECT id FROM room WHERE code = 'R01') AS room`,
      )
    ).rows;
    const ids = lines.map(() => crypto.randomUUID());
    const t1 = performance.now();
    await raw.query('BEGIN');
    for (let i = 0; i < lines.length; i += 1000) {
      const params: unknown[] = [];
      const values = lines.slice(i, i + 1000).map((l, k) => {
        const j = i + k;
        const program = l[1] === 'OS';
        params.push(
          ids[j],
          l[0].replace('BX-', 'BR-'),
          program ? 'OS' : 'SERVER',
          l[2],
          l[3] || null,
          l[4] || null,
          program ? null : room,
          l[6] || null,
          program ? ids[j - 1] : null,
          section,
          staff,
        );
        const b = params.length - 11;
        return `($${b + 1}, $${b + 2}, $${b + 3}, $${b + 4}, $${b + 5}, $${b + 6}, $${b + 7}, $${b + 8}, $${b + 9}, $${b + 10}, $${b + 11}, 'IN_USE', now())`;
      });
      await raw.query(
        `INSERT INTO configuration_item (id, "registerNumber", kind, name, maker, version, "roomId", rack, "installedOnId", "sectionId", "responsibleStaffId", state, "updatedAt")
         VALUES ${values.join(', ')}`,
        params,
      );
    }
    await raw.query('ROLLBACK');
    const rawInsertMs = performance.now() - t1;

    // SQL statements for one page of the register, and the search's p95, with `items` in it
    const statementsOfPage = async () => {
      const before = logger.statements;
      await post(PAGE, { f: null, after: null }, operator);
      return logger.statements - before;
    };
    await statementsOfPage(); // the first request after sign-in also reads the caller (then cached)
    const atAll = await statementsOfPage();
    const times: number[] = [];
    const terms = ['ベンチ', 'BX-04', 'ラック7', 'R01', 'OS 1'];
    for (let i = 0; i < searches; i++) {
      const s = performance.now();
      await post(PAGE, { f: { search: terms[i % terms.length] }, after: null }, operator);
      times.push(performance.now() - s);
    }
    // down to 1,000 items: the same page again
    await ds.query(
      `DELETE FROM configuration_change WHERE "itemId" IN (SELECT id FROM configuration_item WHERE "registerNumber" > 'BX-01000' AND "registerNumber" LIKE 'BX-%')`,
    );
    await ds.query(
      `UPDATE configuration_item SET "installedOnId" = NULL WHERE "registerNumber" LIKE 'BX-%' AND "registerNumber" > 'BX-01000'`,
    );
    await ds.query(
      `DELETE FROM configuration_item WHERE "registerNumber" LIKE 'BX-%' AND "registerNumber" > 'BX-01000'`,
    );
    const atThousand = await statementsOfPage();
    return {
      items,
      importMs,
      rawInsertMs,
      imported: result.imported && result.created === items,
      searchP95Ms: quantile(times, 0.95),
      searches,
      statementsPerPage: [
        { n: 1000, statements: atThousand },
        { n: items, statements: atAll },
      ],
    };
  } finally {
    await raw.end();
    await demo.app.close();
    await ds.destroy();
    await server.dropDatabase(name);
  }
}
