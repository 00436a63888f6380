// Issue 16 §5: the operation history stays Citus-compatible today (docs/scaling.md). A distributed
// (or partitioned) table needs its distribution/partition key in every unique key, and a foreign
// key may not point into or out of a partitioned history. Read from pg_catalog for every
// partitioned table of the schema, so a table added later is held to the same rule.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.drop();
});

/** every partitioned table and its partitions, with the partition key's columns */
const PARTITIONED = `
WITH RECURSIVE tree AS (
  SELECT p.partrelid AS root, p.partrelid AS rel FROM pg_partitioned_table p
   WHERE NOT EXISTS (SELECT 1 FROM pg_inherits i WHERE i.inhrelid = p.partrelid)
  UNION ALL
  SELECT t.root, i.inhrelid FROM tree t JOIN pg_inherits i ON i.inhparent = t.rel
)
SELECT t.root::regclass::text AS root, t.rel::regclass::text AS rel, t.rel AS oid,
       (SELECT array_agg(a.attname::text ORDER BY a.attname) FROM pg_partitioned_table p
          JOIN pg_attribute a ON a.attrelid = p.partrelid AND a.attnum = ANY (p.partattrs::int2[])
         WHERE p.partrelid = t.root) AS key
  FROM tree t`;

const FOREIGN_KEYS = `
WITH parts AS (${PARTITIONED})
SELECT c.conname::text AS name, c.conrelid::regclass::text AS "from", c.confrelid::regclass::text AS "to"
  FROM pg_constraint c
 WHERE c.contype = 'f' AND (c.conrelid IN (SELECT oid FROM parts) OR c.confrelid IN (SELECT oid FROM parts))
   AND c.conparentid = 0`;

describe('Issue 16 §5 (A20.2): the operation-history schema is Citus-compatible', () => {
  it('A20.2 §5: operation_record is partitioned, by "at", with its months as partitions', async () => {
    const rows = (await db.dataSource.query(PARTITIONED)) as { root: string; rel: string; key: string[] }[];
    const oplog = rows.filter((r) => r.root === 'operation_record');
    expect(oplog.length).toBeGreaterThan(1); // the table and the months made ahead
    expect(oplog[0].key).toEqual(['at']);
  });

  it('A20.2 §5: the partition key is in every unique key (constraints and unique indexes) of each partitioned table and partition', async () => {
    const rows = (await db.dataSource.query(`
      WITH parts AS (${PARTITIONED})
      SELECT parts.rel, ic.relname::text AS index, parts.key,
             array(SELECT a.attname::text FROM pg_attribute a
                    WHERE a.attrelid = x.indrelid AND a.attnum = ANY (x.indkey::int2[])) AS columns
        FROM parts JOIN pg_index x ON x.indrelid = parts.oid AND x.indisunique
        JOIN pg_class ic ON ic.oid = x.indexrelid`)) as {
      rel: string;
      index: string;
      key: string[];
      columns: string[];
    }[];
    expect(rows.some((r) => r.rel === 'operation_record')).toBe(true);
    const missing = rows.filter((r) => !r.key.every((k) => r.columns.includes(k)));
    expect(missing).toEqual([]);
  });

  it('A20.2 §5: no foreign key points into or out of a partitioned table or its partitions', async () => {
    expect(await db.dataSource.query(FOREIGN_KEYS)).toEqual([]);
  });

  it('A20.2 §5: a foreign key into the history is seen (the check can fail)', async () => {
    const owner = db.dataSource;
    await owner.query(`CREATE TABLE citus_probe (at timestamptz, "sourceId" varchar(64), line int,
      FOREIGN KEY ("sourceId", line, at) REFERENCES operation_record ("sourceId", line, at))`);
    try {
      expect(await owner.query(FOREIGN_KEYS)).toEqual([
        expect.objectContaining({ from: 'citus_probe', to: 'operation_record' }),
      ]);
    } finally {
      await owner.query(`DROP TABLE citus_probe`);
    }
  });
});
