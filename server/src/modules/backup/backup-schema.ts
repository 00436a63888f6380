// What a backup copies: every table of the public schema (but the migration ledger, which the
// restore's migrations write), in an order where a table comes after those its foreign keys point
// to, and every sequence's position. graphile-worker's queue is not copied: its cron ticks come
// again and a restored server starts with an empty queue.
import type pg from 'pg';

export interface TableInfo {
  name: string;
  /** stored columns in their order (generated ones are computed again on restore) */
  columns: string[];
  /**
   * a partitioned table's partitions (copied through the parent, made again on restore before its
   * rows are loaded: the migrations make only the months around their own day)
   */
  partitions?: { name: string; bound: string }[];
}

export interface SchemaInfo {
  tables: TableInfo[];
  /** [table, table it references] */
  references: [string, string][];
  sequences: string[];
}

const LEDGER = 'typeorm_migrations';

export async function readSchema(client: pg.Client): Promise<SchemaInfo> {
  const cols = await client.query<{ table: string; column: string }>(
    `SELECT c.relname AS table, a.attname AS column
       FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid
      WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p') AND c.relname <> $1
        AND NOT c.relispartition
        AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
      ORDER BY c.relname, a.attnum`,
    [LEDGER],
  );
  const tables = new Map<string, string[]>();
  for (const r of cols.rows) tables.set(r.table, [...(tables.get(r.table) ?? []), r.column]);
  const parts = await client.query<{ parent: string; name: string; bound: string }>(
    `SELECT p.relname AS parent, c.relname AS name, pg_get_expr(c.relpartbound, c.oid) AS bound
       FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent
      WHERE p.relnamespace = 'public'::regnamespace AND p.relkind = 'p'
      ORDER BY c.relname`,
  );
  const partitions = new Map<string, { name: string; bound: string }[]>();
  for (const r of parts.rows) partitions.set(r.parent, [...(partitions.get(r.parent) ?? []), r]);
  const refs = await client.query<{ child: string; parent: string }>(
    `SELECT DISTINCT ch.relname AS child, pa.relname AS parent
       FROM pg_constraint k JOIN pg_class ch ON ch.oid = k.conrelid JOIN pg_class pa ON pa.oid = k.confrelid
      WHERE k.contype = 'f' AND k.connamespace = 'public'::regnamespace`,
  );
  const seqs = await client.query<{ name: string }>(
    `SELECT relname AS name FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind = 'S' ORDER BY relname`,
  );
  return {
    tables: [...tables].map(([name, columns]) => ({
      name,
      columns,
      ...(partitions.has(name)
        ? { partitions: partitions.get(name)!.map(({ name: n, bound }) => ({ name: n, bound })) }
        : {}),
    })),
    references: refs.rows.map((r) => [r.child, r.parent]),
    sequences: seqs.rows.map((r) => r.name),
  };
}

/**
 * Tables ordered so that each comes after the tables it references (a table referencing itself
 * loads in one COPY: its foreign-key checks run at the statement's end). A cycle between tables
 * is named: it would need deferred constraints, which no migration makes.
 */
export function dependencyOrder(schema: SchemaInfo): TableInfo[] {
  const byName = new Map(schema.tables.map((t) => [t.name, t]));
  const parents = new Map<string, Set<string>>(schema.tables.map((t) => [t.name, new Set()]));
  for (const [child, parent] of schema.references) {
    if (child !== parent && byName.has(child) && byName.has(parent)) parents.get(child)!.add(parent);
  }
  const done = new Set<string>();
  const order: TableInfo[] = [];
  const visiting = new Set<string>();
  const visit = (name: string, path: string[]) => {
    if (done.has(name)) return;
    if (visiting.has(name)) throw new Error(`tables reference each other in a cycle: ${[...path, name].join(' → ')}`);
    visiting.add(name);
    for (const p of [...parents.get(name)!].sort()) visit(p, [...path, name]);
    visiting.delete(name);
    done.add(name);
    order.push(byName.get(name)!);
  };
  for (const t of [...byName.keys()].sort()) visit(t, []);
  return order;
}
