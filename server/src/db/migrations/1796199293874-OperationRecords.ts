import type { MigrationInterface, QueryRunner } from 'typeorm';

// The operation history (A20): operation_type from the entity (generated), operation_record by hand,
// because TypeORM cannot declare a partitioned table. operation_record is no entity: its SQL lives in
// modules/oplog/oplog.sql.ts, and the schema comparison of migration:check never sees it or its
// partitions. Citus-compatible: the partition key ("at") is in the one unique key, and no foreign
// key points into or out of the table (the operation type is checked at ingest).
export class OperationRecords1796199293874 implements MigrationInterface {
  name = 'OperationRecords1796199293874';

  async up(q: QueryRunner): Promise<void> {
    await q.query("CREATE TABLE \"operation_type\" (\"code\" character varying(32) NOT NULL, \"labelJa\" character varying(100) NOT NULL, \"labelEn\" character varying(100) NOT NULL, \"createdAt\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"operation_type_code\" CHECK (\"code\" ~ '^[A-Z][A-Z0-9_]{0,31}$'), CONSTRAINT \"PK_b516874c817245affb8c0b5ac2b\" PRIMARY KEY (\"code\"))");
    await q.query("CREATE TABLE \"operation_source\" (\"id\" character varying(64) NOT NULL, \"firstReceivedAt\" TIMESTAMP WITH TIME ZONE NOT NULL, \"lastReceivedAt\" TIMESTAMP WITH TIME ZONE NOT NULL, \"batches\" integer NOT NULL DEFAULT '0', \"stored\" bigint NOT NULL DEFAULT '0', CONSTRAINT \"operation_source_id\" CHECK (\"id\" ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$'), CONSTRAINT \"PK_7d9ead2fedec503004f0aa82609\" PRIMARY KEY (\"id\"))");
    await q.query(`INSERT INTO operation_type (code, "labelJa", "labelEn") VALUES
      ('SIGN_IN', 'ログイン', 'sign-in'),
      ('SIGN_OUT', 'ログアウト', 'sign-out'),
      ('INQUIRY', '照会', 'inquiry'),
      ('UPDATE', '更新', 'update'),
      ('PROVISION', '本人確認情報の提供', 'provision of identity information'),
      ('PRINT', '印刷', 'print')`);
    // One row per line of a terminal's log. "targetHmac": HMAC-SHA-256 of the target under
    // SECRETS_DIR/oplog-target.key, never the target itself (A8.1). ("sourceId", line, at) makes a
    // batch sent twice store nothing twice.
    await q.query(`CREATE TABLE operation_record (
      "at" timestamptz NOT NULL,
      "sourceId" varchar(64) NOT NULL,
      "line" integer NOT NULL CHECK ("line" > 0),
      "terminalCode" varchar(64) NOT NULL,
      "operatorId" varchar(64) NOT NULL,
      "operationType" varchar(32) NOT NULL,
      "result" varchar(16) NOT NULL CHECK ("result" IN ('SUCCESS', 'FAILURE')),
      "targetHmac" bytea CHECK (octet_length("targetHmac") = 32),
      "receivedAt" timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT operation_record_source_line PRIMARY KEY ("sourceId", "line", "at")
    ) PARTITION BY RANGE ("at")`);
    // time-range scans of months and years: a BRIN is a few pages per partition (rows arrive in time order)
    await q.query(`CREATE INDEX operation_record_at ON operation_record USING brin ("at")`);
    // one operator's records over a period
    await q.query(`CREATE INDEX operation_record_operator ON operation_record ("operatorId", "at")`);
    // A20.2: kept 7 years. No row younger than that is deleted, by anyone the trigger binds (the
    // application's role has no DELETE, UPDATE or TRUNCATE either: db/app-role.ts); records are never changed.
    await q.query(`CREATE FUNCTION operation_record_kept() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' THEN
          IF OLD."at" > now() - interval '7 years' THEN
            RAISE EXCEPTION 'operation records are kept 7 years (A20.2): a record of % may not be deleted', OLD."at"
              USING ERRCODE = 'restrict_violation';
          END IF;
          RETURN OLD;
        END IF;
        RAISE EXCEPTION 'operation records are kept as received (A20.2): % refused', TG_OP
          USING ERRCODE = 'restrict_violation';
      END $$`);
    await q.query(`CREATE TRIGGER operation_record_kept BEFORE UPDATE OR DELETE ON operation_record
      FOR EACH ROW EXECUTE FUNCTION operation_record_kept()`);
    await q.query(`CREATE TRIGGER operation_record_no_truncate BEFORE TRUNCATE ON operation_record
      FOR EACH STATEMENT EXECUTE FUNCTION operation_record_kept()`);
    // One month (Asia/Tokyo) per partition, made by the owner on behalf of the application's role
    // (which owns no table): the job makes the coming months, an ingest the months of its rows.
    await q.query(`CREATE FUNCTION oplog_ensure_partition(p_month date) RETURNS boolean
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      DECLARE
        m date := date_trunc('month', p_month)::date;
        part text := 'operation_record_' || to_char(m, 'YYYY_MM');
      BEGIN
        IF m < DATE '2000-01-01' OR m > (now() AT TIME ZONE 'Asia/Tokyo')::date + 400 THEN
          RAISE EXCEPTION 'no operation-record partition is made for %', m USING ERRCODE = 'invalid_parameter_value';
        END IF;
        IF to_regclass(part) IS NOT NULL THEN
          RETURN false;
        END IF;
        EXECUTE format('CREATE TABLE %I PARTITION OF operation_record FOR VALUES FROM (%L) TO (%L)', part,
          m::timestamp AT TIME ZONE 'Asia/Tokyo', (m + interval '1 month')::timestamp AT TIME ZONE 'Asia/Tokyo');
        RETURN true;
      EXCEPTION WHEN duplicate_table THEN
        RETURN false; -- another process made it at the same moment
      END $$`);
    await q.query(`SELECT oplog_ensure_partition(((now() AT TIME ZONE 'Asia/Tokyo')::date + make_interval(months => m))::date)
      FROM generate_series(0, 3) m`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE operation_record`);
    await q.query(`DROP FUNCTION oplog_ensure_partition(date)`);
    await q.query(`DROP FUNCTION operation_record_kept()`);
    await q.query("DROP TABLE \"operation_source\"");
    await q.query("DROP TABLE \"operation_type\"");
  }
}
