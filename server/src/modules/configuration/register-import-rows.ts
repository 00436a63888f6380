// One line of the city's spreadsheet (様式第1号) as register fields: Japanese labels or codes for
// kind and state, references by code, number or name, dates as offices write them. Pure, given the
// references read beforehand; every problem of the row is reported, not only the first.
import { parseSheetBoolean, parseSheetDate, type MappedRow, type ReportIssue } from '../../shared/import/index.js';
import { AppError } from '../../shared/errors.js';
import { categoryOf, ItemCategory, ItemKind, ItemState, LIVE_STATES } from './item-kinds.js';
import {
  checkItem,
  ITEM_FIELDS,
  normalisePatch,
  type ItemField,
  type ItemFields,
  type ItemPatch,
} from './item-rules.js';
import { KIND_JA, STATE_JA, type FormField } from './register-form.js';

/** Row problems, as answered in SheetIssue.code (the item rules' own codes besides). */
export enum ImportRowCode {
  REQUIRED = 'REQUIRED',
  INVALID_VALUE = 'INVALID_VALUE',
  UNKNOWN_REFERENCE = 'UNKNOWN_REFERENCE',
  AMBIGUOUS_REFERENCE = 'AMBIGUOUS_REFERENCE',
  DUPLICATE_IN_FILE = 'DUPLICATE_IN_FILE',
  CATEGORY_CHANGE = 'CATEGORY_CHANGE',
}

export interface Ref {
  id: string;
  label: string;
}
/** What a reference cell may name: code/number and name, each mapping to the rows found. */
export type RefIndex = Map<string, Ref[]>;

export interface KnownItem {
  id: string;
  /** null: this file's line names no kind that exists (its own row answers that) */
  kind: ItemKind | null;
  state: ItemState;
}

export interface RowContext {
  rooms: RefIndex;
  sections: RefIndex;
  staff: RefIndex;
  /** items by register number: in the register, and those this file adds or changes */
  items: Map<string, KnownItem>;
  /** the fields each column found in the sheet gives (absent columns keep what an item has) */
  present: ReadonlySet<FormField>;
}

/** The kind and state a line of this file gives an item (its own row is checked on its own). */
export function peekKindState(
  v: Record<FormField, string>,
  item: { kind: ItemKind; state: ItemState } | undefined,
): { kind: ItemKind | null; state: ItemState } {
  return {
    kind: KINDS.get(key(v.kind)) ?? item?.kind ?? null,
    state: STATES.get(key(v.state)) ?? item?.state ?? ItemState.IN_USE,
  };
}

const FIELD_OF: Partial<Record<ItemField, FormField>> = {
  roomId: 'room',
  sectionId: 'section',
  responsibleStaffId: 'responsible',
  installedOnId: 'installedOn',
};
export const formFieldOf = (f: string): FormField => (FIELD_OF[f as ItemField] ?? f) as FormField;

const key = (s: string) => s.normalize('NFKC').replace(/\s+/g, '').toLowerCase();
export function indexRefs(rows: { id: string; keys: string[]; label: string }[]): RefIndex {
  const index: RefIndex = new Map();
  for (const r of rows)
    for (const k of new Set(r.keys.map(key))) index.set(k, [...(index.get(k) ?? []), { id: r.id, label: r.label }]);
  return index;
}

const byLabel = <E extends string>(labels: Record<E, string>) => {
  const m = new Map<string, E>();
  for (const [code, label] of Object.entries(labels) as [E, string][]) {
    m.set(key(label), code);
    m.set(key(code), code);
  }
  return m;
};
const KINDS = byLabel(KIND_JA);
const STATES = byLabel(STATE_JA);
// what older sheets write
STATES.set(key('撤去'), ItemState.RETIRED);
KINDS.set(key('サーバ'), ItemKind.SERVER);
// the standard writes ファイヤーウォール; most sheets write ファイアウォール
KINDS.set(key('ファイアウォール'), ItemKind.FIREWALL);
KINDS.set(key('ファイアウォールソフト'), ItemKind.FIREWALL_SOFTWARE);

/**
 * The row's fields: for an item already in the register only the columns present (a patch), for a
 * new one every field. Returns undefined when the row has problems (all reported).
 */
export function rowFields(
  r: MappedRow<FormField>,
  existing: ItemFields | null,
  ctx: RowContext,
  report: ReportIssue<FormField>,
): ItemPatch | undefined {
  const v = r.values;
  const has = (f: FormField) => ctx.present.has(f);
  let bad = false;
  const problem = (f: FormField | null, code: string, message: string) => {
    bad = true;
    report(f, code, message);
  };
  const out: Record<string, unknown> = {};
  const text = (f: FormField & ItemField) => {
    if (has(f)) out[f] = v[f];
  };
  for (const f of [
    'registerNumber',
    'name',
    'maker',
    'model',
    'version',
    'serialNumber',
    'rack',
    'location',
    'note',
  ] as const)
    text(f);
  if (has('kind') && v.kind) {
    const kind = KINDS.get(key(v.kind));
    if (kind) out.kind = kind;
    else problem('kind', ImportRowCode.INVALID_VALUE, `種別「${v.kind}」はありません (unknown kind)`);
  }
  if (has('state') && v.state) {
    const state = STATES.get(key(v.state));
    if (state) out.state = state;
    else
      problem('state', ImportRowCode.INVALID_VALUE, `状態「${v.state}」はありません (使用中・保管中・使用終了・廃棄)`);
  }
  for (const f of ['storageLocked', 'sharedWithOtherSystems'] as const) {
    if (!has(f)) continue;
    const b = parseSheetBoolean(v[f]);
    if (b === undefined) problem(f, ImportRowCode.INVALID_VALUE, `「${v[f]}」は 有・無 で入力してください`);
    else out[f] = f === 'sharedWithOtherSystems' ? (b ?? false) : b;
  }
  for (const f of ['inUseFrom', 'inUseTo'] as const) {
    if (!has(f)) continue;
    if (!v[f]) out[f] = null;
    else {
      const d = parseSheetDate(v[f]);
      if (d) out[f] = d;
      else problem(f, ImportRowCode.INVALID_VALUE, `日付「${v[f]}」を読めません (2026-04-01、令和8年4月1日など)`);
    }
  }
  if (has('networkAddresses')) out.networkAddresses = v.networkAddresses.split(/[,、;\s]+/).filter(Boolean);
  const ref = (f: FormField, field: ItemField, index: RefIndex, what: string) => {
    if (!has(f)) return;
    if (!v[f]) {
      out[field] = null;
      return;
    }
    const found = index.get(key(v[f])) ?? [];
    if (found.length === 1) out[field] = found[0].id;
    else if (!found.length) problem(f, ImportRowCode.UNKNOWN_REFERENCE, `${what}「${v[f]}」が見つかりません`);
    else
      problem(f, ImportRowCode.AMBIGUOUS_REFERENCE, `${what}「${v[f]}」が複数あります。コード・番号で指定してください`);
  };
  ref('room', 'roomId', ctx.rooms, '電算室等');
  ref('section', 'sectionId', ctx.sections, '使用課');
  ref('responsible', 'responsibleStaffId', ctx.staff, '管理責任者');
  let installedOn: KnownItem | undefined;
  if (has('installedOn')) {
    if (!v.installedOn) out.installedOnId = null;
    else {
      installedOn = ctx.items.get(v.installedOn.trim());
      if (installedOn) out.installedOnId = installedOn.id;
      else
        problem('installedOn', ImportRowCode.UNKNOWN_REFERENCE, `組込先の登録番号「${v.installedOn}」が見つかりません`);
    }
  }
  if (bad) return undefined;

  const patch = normalisePatch(out);
  const whole = { ...(existing ?? emptyItem()), ...patch } as ItemFields;
  if (existing && categoryOf(whole.kind) !== categoryOf(existing.kind)) {
    problem('kind', ImportRowCode.CATEGORY_CHANGE, '区分 (機器・プログラム・磁気媒体等) は変更できません');
    return undefined;
  }
  try {
    checkItem(whole);
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    problem(formFieldOf(String(e.details.field ?? '')) || null, e.code, e.message);
    return undefined;
  }
  if (installedOn) {
    const self = existing ? ctx.items.get(whole.registerNumber)?.id : undefined;
    if (!installedOn.kind || categoryOf(installedOn.kind) !== ItemCategory.EQUIPMENT || installedOn.id === self)
      problem(
        'installedOn',
        ImportRowCode.INVALID_VALUE,
        '組込先は登録済みの機器です (a program is installed on equipment)',
      );
    else if (whole.state === ItemState.IN_USE && !LIVE_STATES.includes(installedOn.state))
      problem(
        'installedOn',
        ImportRowCode.INVALID_VALUE,
        '組込先の機器は使用を終えています (that equipment is retired)',
      );
  }
  return bad ? undefined : existing ? patch : whole;
}

/** A new line before the row's values: every optional field empty. */
function emptyItem(): ItemFields {
  const f = Object.fromEntries(ITEM_FIELDS.map((k) => [k, null])) as unknown as ItemFields;
  f.networkAddresses = [];
  f.sharedWithOtherSystems = false;
  return f;
}
