// Issue 14 §5: the city's existing register (様式第1号, xlsx or CSV) taken in through the import kit.
// All or nothing: one transaction; any bad row and nothing is stored, every bad row answered with its
// row number and reason. Idempotent by register number: a line equal to the register changes nothing;
// a changed line becomes a change record (basis DIRECT, the import as its reason); a new line is
// installed. New lines are written with multi-row INSERTs (the bench: --only=register).
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { AppError } from '../../shared/errors.js';
import type { AuditedWrites, AuditMeta } from '../../shared/audited.js';
import {
  ImportError,
  ImportErrorCode,
  mapColumns,
  readSheet,
  validateRows,
  type SheetIssue,
} from '../../shared/import/index.js';
import { ChangeBasis } from './change-record.entity.js';
import { ChangeKind } from './change-request.entity.js';
import type { Requester } from './change-request.service.js';
import { ConfigurationItem } from './configuration-item.entity.js';
import type { ConfigurationAuditAction } from './configuration.policy.js';
import { cleanFileName, decodeBase64 } from './file-content.js';
import { LIVE_STATES, type ItemKind, type ItemState } from './item-kinds.js';
import { ITEM_FIELDS, type ItemFields, type ItemPatch } from './item-rules.js';
import { HISTORY_KEY, itemFieldsOf, type RegisterWriter } from './item-writes.js';
import { REGISTER_IMPORT_COLUMNS, type FormField } from './register-form.js';
import {
  formFieldOf,
  ImportRowCode,
  indexRefs,
  peekKindState,
  rowFields,
  type RowContext,
} from './register-import-rows.js';

export interface RegisterImportInput {
  fileName: string;
  contentBase64: string;
  /** field → the header the city's sheet uses for it (default: the form's Japanese header) */
  mapping?: Partial<Record<FormField, string>>;
  /** why (the change records' reason); default: the file's name */
  reason?: string | null;
}

export interface RegisterImportResult {
  imported: boolean;
  fileName: string;
  rows: number;
  created: number;
  changed: number;
  unchanged: number;
  issues: SheetIssue[];
}

/** Thrown inside the transaction so that it rolls back and the refusal is audited; answered as a result. */
class RowsRefused extends AppError {
  constructor(readonly issues: SheetIssue[]) {
    super('IMPORT_ROWS_INVALID', `${new Set(issues.map((i) => i.row)).size} 行に誤りがあります`);
  }
}

export const IMPORT_MAX_ROWS = 10_000;

export class RegisterImportService {
  constructor(
    private readonly audited: AuditedWrites<ConfigurationAuditAction>,
    private readonly now: () => Date,
    private readonly writer: RegisterWriter,
    private readonly maxBytes: number,
  ) {}

  async import(input: RegisterImportInput, by: Requester, meta: AuditMeta): Promise<RegisterImportResult> {
    const fileName = cleanFileName(input.fileName ?? '') || 'import';
    const reason = (input.reason?.trim() || `様式第1号の取込: ${fileName}`).slice(0, 1000);
    try {
      return await this.audited.write(
        meta,
        'Mutation.importConfigurationRegister',
        'ConfigurationRegister',
        async (em) => {
          const r = await this.run(em, input, fileName, reason, by);
          const { rows, created, changed, unchanged } = r;
          return {
            result: r,
            targetId: null,
            changes: {
              fileName: [null, fileName],
              rows: [null, rows],
              created: [null, created],
              changed: [null, changed],
              unchanged: [null, unchanged],
            },
          };
        },
      );
    } catch (e) {
      if (e instanceof RowsRefused)
        return { imported: false, fileName, rows: 0, created: 0, changed: 0, unchanged: 0, issues: e.issues };
      throw e;
    }
  }

  private tooLarge() {
    return new ImportError(
      ImportErrorCode.IMPORT_FILE_TOO_LARGE,
      `ファイルが大きすぎます (${Math.floor(this.maxBytes / 1024)} KB まで)`,
      { maxBytes: this.maxBytes },
    );
  }

  private async run(
    em: EntityManager,
    input: RegisterImportInput,
    fileName: string,
    reason: string,
    by: Requester,
  ): Promise<RegisterImportResult> {
    // base64 is 4 characters per 3 bytes: refuse a long string before decoding it
    if (input.contentBase64.length > Math.ceil(this.maxBytes / 3) * 4 + 4) throw this.tooLarge();
    const bytes = decodeBase64(input.contentBase64);
    if (!bytes) throw new ImportError(ImportErrorCode.NOT_A_SPREADSHEET, 'ファイルの内容が base64 ではありません');
    const sheet = mapColumns(await readSheet(bytes, { maxBytes: this.maxBytes }), REGISTER_IMPORT_COLUMNS, {
      mapping: input.mapping,
      maxRows: IMPORT_MAX_ROWS,
    });
    // one import at a time; the numbers it gives wait for (and are waited on by) single writes
    await em.query(`SELECT pg_advisory_xact_lock(hashtext('configuration_item:import'))`);
    const numbers = [...new Set(sheet.rows.map((r) => r.values.registerNumber.trim()).filter(Boolean))].sort();
    await em.query(
      `SELECT count(pg_advisory_xact_lock(hashtext('configuration_item:' || n))) FROM unnest($1::text[]) AS n`,
      [numbers],
    );
    const existing = new Map<string, ConfigurationItem>();
    const items = await em
      .getRepository(ConfigurationItem)
      .createQueryBuilder('i')
      .where('i.registerNumber = ANY(:numbers)', { numbers })
      .getMany();
    for (const i of items) existing.set(i.registerNumber, i);
    const installedOn = sheet.rows.map((r) => r.values.installedOn.trim()).filter(Boolean);
    const { ctx, labels } = await this.context(em, installedOn, numbers);
    ctx.present = new Set(Object.keys(sheet.headers) as FormField[]);
    // the lines of this file know each other by number (a program installed on new equipment)
    const ids = new Map<string, string>();
    for (const r of sheet.rows) {
      const n = r.values.registerNumber.trim();
      if (!n || ids.has(n)) continue;
      const item = existing.get(n);
      ids.set(n, item?.id ?? randomUUID());
      ctx.items.set(n, { id: ids.get(n)!, ...peekKindState(r.values, item) });
      labels.set(ids.get(n)!, `${n} ${r.values.name || item?.name || ''}`.trim());
    }

    const seen = new Map<string, number>();
    const { valid, issues } = validateRows(sheet, (r, report) => {
      const n = r.values.registerNumber.trim();
      if (!n) return void report('registerNumber', ImportRowCode.REQUIRED, '登録番号は必須です');
      const first = seen.get(n);
      if (first !== undefined)
        return void report(
          'registerNumber',
          ImportRowCode.DUPLICATE_IN_FILE,
          `登録番号 ${n} は ${first} 行目にもあります`,
        );
      seen.set(n, r.row);
      const item = existing.get(n);
      const fields = rowFields(r, item ? itemFieldsOf(item) : null, ctx, report);
      return fields && { item, fields };
    });
    if (issues.length) throw new RowsRefused(issues);

    const fresh: ItemFields[] = [];
    const refused: SheetIssue[] = [];
    let changed = 0;
    let unchanged = 0;
    for (const { row, value } of valid) {
      if (!value.item) {
        fresh.push(value.fields as ItemFields);
        continue;
      }
      const diff = this.writer.diff(value.item, value.fields as ItemPatch);
      if (!Object.keys(diff).length) {
        unchanged++;
        continue;
      }
      changed++;
      const leaving = diff.state && !LIVE_STATES.includes(diff.state);
      try {
        // the rules that need the database (a device leaving use with programs in use) refuse before any write
        await this.writer.change(em, value.item, diff, {
          kind: leaving ? ChangeKind.REMOVE : ChangeKind.CHANGE,
          basis: ChangeBasis.DIRECT,
          summary: `${value.item.name} を変更 (様式第1号の取込)`.slice(0, 200),
          reason,
          byId: by.staffId,
          requestId: null,
        });
      } catch (e) {
        if (!(e instanceof AppError)) throw e;
        const column = sheet.names[formFieldOf(String(e.details.field ?? ''))];
        refused.push({ row, ...(column ? { column } : {}), code: e.code, message: e.message });
      }
    }
    if (refused.length) throw new RowsRefused(refused);
    await this.insertNew(em, fresh, ids, labels, reason, by);
    return { imported: true, fileName, rows: sheet.rows.length, created: fresh.length, changed, unchanged, issues: [] };
  }

  /**
   * New lines in one INSERT … SELECT FROM unnest (column arrays: a few parameters whatever the
   * number of lines; the foreign keys between lines of the file are checked at the statement's
   * end), and their change records in a second one.
   */
  private async insertNew(
    em: EntityManager,
    fresh: ItemFields[],
    ids: Map<string, string>,
    labels: Map<string, string>,
    reason: string,
    by: Requester,
  ): Promise<void> {
    if (!fresh.length) return;
    const at = this.now();
    const label = (k: keyof ItemFields, v: unknown): string | null => {
      if (v === null || v === undefined) return null;
      if (k === 'roomId' || k === 'sectionId' || k === 'responsibleStaffId' || k === 'installedOnId')
        return labels.get(v as string) ?? String(v);
      return Array.isArray(v) ? (v.length ? v.join(', ') : null) : String(v);
    };
    const col = <K extends keyof ItemFields>(k: K) => fresh.map((f) => f[k]);
    const itemIds = fresh.map((f) => ids.get(f.registerNumber)!);
    await em.query(
      `INSERT INTO configuration_item (id, "registerNumber", kind, name, maker, model, version, "serialNumber",
         "roomId", rack, location, "storageLocked", "sectionId", "responsibleStaffId", "inUseFrom", "inUseTo",
         state, "networkAddresses", "installedOnId", "sharedWithOtherSystems", note, "updatedAt")
       SELECT r.id, r.no, r.kind::configuration_item_kind, r.name, r.maker, r.model, r.version, r.serial,
              r.room, r.rack, r.location, r.locked, r.section, r.staff, r.since, r.until,
              r.state::configuration_item_state, ARRAY(SELECT jsonb_array_elements_text(r.addresses)),
              r.installed, r.shared, r.note, $22
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                     $8::text[], $9::uuid[], $10::text[], $11::text[], $12::bool[], $13::uuid[], $14::uuid[],
                     $15::date[], $16::date[], $17::text[], $18::jsonb[], $19::uuid[], $20::bool[], $21::text[])
           AS r(id, no, kind, name, maker, model, version, serial, room, rack, location, locked, section,
                staff, since, until, state, addresses, installed, shared, note)`,
      [
        itemIds,
        col('registerNumber'),
        col('kind'),
        col('name'),
        col('maker'),
        col('model'),
        col('version'),
        col('serialNumber'),
        col('roomId'),
        col('rack'),
        col('location'),
        col('storageLocked'),
        col('sectionId'),
        col('responsibleStaffId'),
        col('inUseFrom'),
        col('inUseTo'),
        col('state'),
        fresh.map((f) => JSON.stringify(f.networkAddresses)),
        col('installedOnId'),
        col('sharedWithOtherSystems'),
        col('note'),
        at,
      ],
    );
    await em.query(
      `INSERT INTO configuration_change ("itemId", at, "byId", kind, basis, summary, reason, "requestId", changes)
       SELECT r.item, $1, $2, 'INSTALL', 'DIRECT', r.summary, $3, NULL, r.changes
         FROM unnest($4::uuid[], $5::text[], $6::jsonb[]) AS r(item, summary, changes)`,
      [
        at,
        by.staffId,
        reason,
        itemIds,
        fresh.map((f) => `${f.name} を登録 (様式第1号の取込)`.slice(0, 200)),
        fresh.map((f) =>
          JSON.stringify(
            Object.fromEntries(
              ITEM_FIELDS.filter((k) => f[k] !== null).map((k) => [HISTORY_KEY[k] ?? k, [null, label(k, f[k])]]),
            ),
          ),
        ),
      ],
    );
  }

  /** Rooms, sections and staff by code/number and name; the equipment lines name that is not in this file. */
  private async context(em: EntityManager, installedOn: string[], numbers: string[]) {
    type Coded = { id: string; code: string; name: string };
    // one after another: a transaction's connection runs one statement at a time
    const [rooms, sections, staff, targets] = [
      await em.query(`SELECT id, code, name FROM room`),
      await em.query(`SELECT id, code, name FROM section`),
      await em.query(`SELECT id, "staffNumber", "familyName", "givenName" FROM staff`),
      await em.query(
        `SELECT id, kind, state, "registerNumber", name FROM configuration_item
          WHERE "registerNumber" = ANY($1) AND NOT ("registerNumber" = ANY($2))`,
        [installedOn, numbers],
      ),
    ] as [
      Coded[],
      Coded[],
      { id: string; staffNumber: string; familyName: string; givenName: string }[],
      { id: string; kind: ItemKind; state: ItemState; registerNumber: string; name: string }[],
    ];
    const labels = new Map<string, string>();
    const refs = <T extends { id: string }>(rows: T[], keys: (r: T) => string[], label: (r: T) => string) =>
      indexRefs(
        rows.map((r) => {
          labels.set(r.id, label(r));
          return { id: r.id, keys: keys(r), label: label(r) };
        }),
      );
    const ctx: RowContext = {
      rooms: refs(
        rooms,
        (r) => [r.code, r.name],
        (r) => `${r.code} ${r.name}`,
      ),
      sections: refs(
        sections,
        (s) => [s.code, s.name],
        (s) => s.name,
      ),
      staff: refs(
        staff,
        (s) => [s.staffNumber, `${s.familyName}${s.givenName}`],
        (s) => `${s.familyName} ${s.givenName}`,
      ),
      items: new Map(targets.map((t) => [t.registerNumber, { id: t.id, kind: t.kind, state: t.state }])),
      present: new Set(),
    };
    for (const t of targets) labels.set(t.id, `${t.registerNumber} ${t.name}`);
    return { ctx, labels };
  }
}
