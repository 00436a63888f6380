import type { MigrationInterface, QueryRunner } from 'typeorm';
import { ADVANCE_PER_STATEMENT } from './1796231072981-AuditHeadPerStatement.js';

// Written by hand (`migration:generate` does not see triggers). Hardening §7 (one door event per
// request): most statements write one audit entry, and for them the statement trigger's window
// query over its new entries was the dearest part of the door write (~1 ms of ~3 ms in EXPLAIN
// ANALYZE). A statement of one entry now makes the check the row trigger made before
// AuditHeadPerStatement: the head moves from the entry's previous seq and hash to its own, or the
// statement is refused. Statements of more entries are checked as before, entry by entry in id order.
const ADVANCE_ONE_OR_MANY = `CREATE OR REPLACE FUNCTION audit_stream_advance_statement() RETURNS trigger LANGUAGE plpgsql
  SECURITY DEFINER SET search_path = public, pg_temp AS $$
  DECLARE
    s record;
    one record;
    entries int;
  BEGIN
    SELECT count(*) INTO entries FROM (SELECT 1 FROM audit_entry_added LIMIT 2) AS two;
    IF entries = 0 THEN
      RETURN NULL;
    ELSIF entries = 1 THEN
      SELECT stream, seq, "prevHash", hash INTO one FROM audit_entry_added;
      UPDATE audit_stream_head SET seq = one.seq, hash = one.hash
       WHERE stream = one.stream AND seq = one.seq - 1 AND hash = one."prevHash";
      IF NOT FOUND THEN
        RAISE EXCEPTION 'audit entry % of stream % does not extend the chain head', one.seq, one.stream
          USING ERRCODE = 'integrity_constraint_violation';
      END IF;
      RETURN NULL;
    END IF;
    FOR s IN
      SELECT stream, count(*) AS entries,
             min(seq) FILTER (WHERE n = 1) AS first_seq,
             min("prevHash") FILTER (WHERE n = 1) AS first_prev,
             min(hash) FILTER (WHERE n = total) AS last_hash,
             min(seq) FILTER (WHERE n > 1 AND (seq IS DISTINCT FROM prev_seq + 1 OR "prevHash" IS DISTINCT FROM prev_hash)) AS broken_at
        FROM (SELECT stream, seq, "prevHash", hash,
                     row_number() OVER w AS n, count(*) OVER (PARTITION BY stream) AS total,
                     lag(seq) OVER w AS prev_seq, lag(hash) OVER w AS prev_hash
                FROM audit_entry_added
              WINDOW w AS (PARTITION BY stream ORDER BY id)) AS e
       GROUP BY stream
       ORDER BY stream
    LOOP
      IF s.broken_at IS NOT NULL THEN
        RAISE EXCEPTION 'audit entry % of stream % does not extend the entry written before it', s.broken_at, s.stream
          USING ERRCODE = 'integrity_constraint_violation';
      END IF;
      UPDATE audit_stream_head SET seq = s.first_seq + s.entries - 1, hash = s.last_hash
       WHERE stream = s.stream AND seq = s.first_seq - 1 AND hash = s.first_prev;
      IF NOT FOUND THEN
        RAISE EXCEPTION 'audit entry % of stream % does not extend the chain head', s.first_seq, s.stream
          USING ERRCODE = 'integrity_constraint_violation';
      END IF;
    END LOOP;
    RETURN NULL;
  END $$`;

export class AuditHeadSingleEntry1796240000001 implements MigrationInterface {
  name = 'AuditHeadSingleEntry1796240000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(ADVANCE_ONE_OR_MANY);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(ADVANCE_PER_STATEMENT.replace('CREATE FUNCTION', 'CREATE OR REPLACE FUNCTION'));
  }
}
