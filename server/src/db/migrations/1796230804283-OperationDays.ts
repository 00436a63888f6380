import type { MigrationInterface, QueryRunner } from 'typeorm';
import { SUMMARISE_RECORDS } from '../../modules/oplog/oplog.sql.js';

// Issue 16, Bench: the per-operator, per-day summary of the operation history (operation_day), by
// hand like operation_record (no entity: its SQL is in modules/oplog/oplog.sql.ts). Unusual volume
// and all day read it instead of a month's records, which grow with the history (90M rows: about a
// million a month). The ingest keeps it in the statement that stores the records (INSERT_STAGED);
// this migration summarises the records already there (SUMMARISE_RECORDS, the statement the bench
// uses too). Citus-compatible: no foreign key, and its one unique key ("day", "operatorId") becomes
// (municipality, "day", "operatorId"), distributed and colocated with the history (docs/scaling.md).
// Archiving a month (oplog_archive_partition) now deletes the month's summary rows with its
// partition, in the same transaction, so the summary never counts records no longer kept.
export class OperationDays1796230804283 implements MigrationInterface {
  name = 'OperationDays1796230804283';

  async up(q: QueryRunner): Promise<void> {
    // "hours": bit h set when the operator has a record in Tokyo clock hour h (0–23)
    await q.query(`CREATE TABLE operation_day (
      "day" date NOT NULL,
      "operatorId" varchar(64) NOT NULL,
      "records" integer NOT NULL CHECK ("records" > 0),
      "firstAt" timestamptz NOT NULL,
      "lastAt" timestamptz NOT NULL,
      "hours" integer NOT NULL CHECK ("hours" > 0 AND "hours" < (1 << 24)),
      CONSTRAINT operation_day_key PRIMARY KEY ("day", "operatorId"),
      CONSTRAINT operation_day_span CHECK ("firstAt" <= "lastAt")
    )`);
    await q.query(SUMMARISE_RECORDS);
    await q.query(`ANALYZE operation_day`);
    await q.query(archiveFunction(true));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(archiveFunction(false));
    await q.query(`DROP TABLE operation_day`);
  }
}

/** oplog_archive_partition (OplogArchive1796210027991), with (up) or without (down) the summary's rows of the month. */
const archiveFunction = (days: boolean) => `CREATE OR REPLACE FUNCTION oplog_archive_partition(p_month date, p_rows bigint) RETURNS bigint
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      DECLARE
        m date := date_trunc('month', p_month)::date;
        part text := 'operation_record_' || to_char(m, 'YYYY_MM');
        lower timestamptz := m::timestamp AT TIME ZONE 'Asia/Tokyo';
        upper timestamptz := (m + interval '1 month')::timestamp AT TIME ZONE 'Asia/Tokyo';
        n bigint;
      BEGIN
        IF to_regclass(part) IS NULL OR NOT EXISTS (
          SELECT 1 FROM pg_inherits WHERE inhrelid = to_regclass(part) AND inhparent = 'operation_record'::regclass) THEN
          RAISE EXCEPTION 'no operation-record partition for %', to_char(m, 'YYYY-MM') USING ERRCODE = 'OL004';
        END IF;
        IF upper > now() - interval '7 years' THEN
          RAISE EXCEPTION 'operation records of % are kept 7 years (A20.2)', to_char(m, 'YYYY-MM') USING ERRCODE = 'OL001';
        END IF;
        -- the holds are read after the partition's lock: a hold set meanwhile is seen
        EXECUTE format('ALTER TABLE operation_record DETACH PARTITION %I', part);
        IF EXISTS (SELECT 1 FROM oplog_legal_hold h WHERE h."liftedAt" IS NULL
                     AND (h."from" IS NULL OR h."from" < upper) AND (h."to" IS NULL OR h."to" > lower)) THEN
          RAISE EXCEPTION 'operation records of % are under a legal hold', to_char(m, 'YYYY-MM') USING ERRCODE = 'OL002';
        END IF;
        EXECUTE format('SELECT count(*) FROM %I', part) INTO n;
        IF n <> p_rows THEN
          RAISE EXCEPTION 'the partition of % has % rows, % were exported', to_char(m, 'YYYY-MM'), n, p_rows
            USING ERRCODE = 'OL003';
        END IF;
        EXECUTE format('DROP TABLE %I', part);${
          days
            ? `
        -- the month's operator-days go with its records (the partition is the month's Tokyo days)
        DELETE FROM operation_day WHERE "day" >= m AND "day" < (m + interval '1 month')::date;`
            : ''
        }
        RETURN n;
      END $$`;
