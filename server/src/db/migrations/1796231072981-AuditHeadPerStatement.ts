import type { MigrationInterface, QueryRunner } from 'typeorm';

// Written by hand (`migration:generate` does not see triggers). The chain head moved once per
// entry: a batch of 3,000 moves (one entry each, AuditTrail.recordMany) updated the same head row
// 3,000 times in one transaction, each update walking a longer chain of row versions; that was
// most of the batch's audit cost (bench --only=cards). Now one statement trigger sees the
// statement's new entries (a transition table) and moves each stream's head once, to its last
// entry, after checking the same thing the row trigger checked entry by entry: in the order they
// were written (id), the entries of a stream continue its head without a gap (seq = head + 1, + 2,
// …) and each names the hash of the one before it (the first, the head's). Anything else refuses
// the whole statement, as before. The head itself is unchanged: only this function (SECURITY
// DEFINER) may move it, and only forward (audit_stream_head_forward).
export const ADVANCE_PER_STATEMENT = `CREATE FUNCTION audit_stream_advance_statement() RETURNS trigger LANGUAGE plpgsql
  SECURITY DEFINER SET search_path = public, pg_temp AS $$
  DECLARE
    s record;
  BEGIN
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

/** The row trigger's function as AuditIntegrity1795665792926 made it, for `down`. */
const ADVANCE_PER_ROW = `CREATE FUNCTION audit_stream_advance() RETURNS trigger LANGUAGE plpgsql
  SECURITY DEFINER SET search_path = public, pg_temp AS $$
  BEGIN
    UPDATE audit_stream_head SET seq = NEW.seq, hash = NEW.hash
     WHERE stream = NEW.stream AND seq = NEW.seq - 1 AND hash = NEW."prevHash";
    IF NOT FOUND THEN
      RAISE EXCEPTION 'audit entry % of stream % does not extend the chain head', NEW.seq, NEW.stream
        USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NULL;
  END $$`;

export class AuditHeadPerStatement1796231072981 implements MigrationInterface {
  name = 'AuditHeadPerStatement1796231072981';

  async up(q: QueryRunner): Promise<void> {
    await q.query('DROP TRIGGER audit_entry_advance_head ON audit_entry');
    await q.query('DROP FUNCTION audit_stream_advance()');
    await q.query(ADVANCE_PER_STATEMENT);
    await q.query(`CREATE TRIGGER audit_entry_advance_head AFTER INSERT ON audit_entry
      REFERENCING NEW TABLE AS audit_entry_added
      FOR EACH STATEMENT EXECUTE FUNCTION audit_stream_advance_statement()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TRIGGER audit_entry_advance_head ON audit_entry');
    await q.query('DROP FUNCTION audit_stream_advance_statement()');
    await q.query(ADVANCE_PER_ROW);
    await q.query(`CREATE TRIGGER audit_entry_advance_head AFTER INSERT ON audit_entry
      FOR EACH ROW EXECUTE FUNCTION audit_stream_advance()`);
  }
}
