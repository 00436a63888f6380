// The rules of one register line that need no database (A11.2, A14.3–5, A15): which fields each
// category has, what is required, and how a value is written. Pure, so unit tests and the service
// share them; the references (room, section, person, the equipment a program is on) are checked by
// item-writes.ts inside the transaction.
import { isIP } from 'node:net';
import { ConfigurationError, ConfigurationErrorCode } from './configuration.errors.js';
import { categoryOf, ItemCategory, ItemKind, ItemState } from './item-kinds.js';

/** Every field of a line, normalised (trimmed, '' → null, ids in lower case). */
export interface ItemFields {
  registerNumber: string;
  kind: ItemKind;
  name: string;
  maker: string | null;
  model: string | null;
  version: string | null;
  serialNumber: string | null;
  roomId: string | null;
  rack: string | null;
  location: string | null;
  storageLocked: boolean | null;
  sectionId: string;
  responsibleStaffId: string;
  inUseFrom: string | null;
  inUseTo: string | null;
  state: ItemState;
  networkAddresses: string[];
  installedOnId: string | null;
  sharedWithOtherSystems: boolean;
  note: string | null;
}

export type ItemPatch = Partial<ItemFields>;
export type ItemField = keyof ItemFields;

export const ITEM_FIELDS: readonly ItemField[] = [
  'registerNumber',
  'kind',
  'name',
  'maker',
  'model',
  'version',
  'serialNumber',
  'roomId',
  'rack',
  'location',
  'storageLocked',
  'sectionId',
  'responsibleStaffId',
  'inUseFrom',
  'inUseTo',
  'state',
  'networkAddresses',
  'installedOnId',
  'sharedWithOtherSystems',
  'note',
];

const REQUIRED: readonly ItemField[] = ['registerNumber', 'kind', 'name', 'sectionId', 'responsibleStaffId', 'state'];

/** Fields a category does not have: given a value, the item is refused (it would mean something else). */
const NOT_OF: Record<ItemCategory, readonly ItemField[]> = {
  [ItemCategory.EQUIPMENT]: ['version', 'storageLocked', 'installedOnId'],
  [ItemCategory.PROGRAM]: ['roomId', 'rack', 'location', 'storageLocked'],
  [ItemCategory.MEDIUM]: ['version', 'rack', 'installedOnId'],
};

const LIMITS: Partial<Record<ItemField, number>> = {
  registerNumber: 30,
  name: 100,
  maker: 100,
  model: 100,
  version: 50,
  serialNumber: 100,
  rack: 50,
  location: 200,
  note: 500,
};

export const MAX_ADDRESSES = 16;

export const invalidItem = (field: string, message: string) =>
  new ConfigurationError(ConfigurationErrorCode.INVALID_CONFIGURATION_ITEM, message, { field });

/** An IPv4 or IPv6 address, or a network in CIDR notation (192.0.2.0/24). */
export function isNetworkAddress(value: string): boolean {
  const [address, prefix, ...rest] = value.split('/');
  const version = isIP(address);
  if (!version || rest.length) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (version === 4 ? 32 : 128);
}

/**
 * The given fields, normalised: strings trimmed ('' means none), ids lower-cased, addresses
 * de-duplicated. A key absent (undefined) is left out, so a patch keeps the fields it does not name.
 */
export function normalisePatch(input: Record<string, unknown>): ItemPatch {
  const out: Record<string, unknown> = {};
  for (const field of ITEM_FIELDS) {
    const v = input[field];
    if (v === undefined) continue;
    if (field === 'networkAddresses') {
      out[field] = [...new Set(((v as string[] | null) ?? []).map((a) => a.trim()).filter(Boolean))];
    } else if (typeof v === 'string') {
      const s = v.trim();
      out[field] = s === '' ? null : /Id$/.test(field) ? s.toLowerCase() : s;
    } else out[field] = v;
  }
  return out as ItemPatch;
}

/**
 * Checks a whole line (after a patch is merged): refuses with INVALID_CONFIGURATION_ITEM (the field
 * in details.field) or, for a terminal marked shared, TERMINAL_SHARED (A11.2).
 */
export function checkItem(f: ItemFields): ItemFields {
  for (const field of REQUIRED)
    if (f[field] === null || f[field] === undefined)
      throw invalidItem(field, `${field} は必須です (${field} is required)`);
  for (const [field, max] of Object.entries(LIMITS) as [ItemField, number][]) {
    const v = f[field];
    if (typeof v === 'string' && v.length > max)
      throw invalidItem(field, `${field} は${max}文字以内です (${field}: at most ${max} characters)`);
  }
  const category = categoryOf(f.kind);
  for (const field of NOT_OF[category]) {
    if (f[field] !== null && f[field] !== undefined)
      throw invalidItem(field, `この種別には ${field} はありません (a ${category} has no ${field})`);
  }
  // A11.2: 端末装置は共用しないこと
  if (f.kind === ItemKind.TERMINAL && f.sharedWithOtherSystems) {
    throw new ConfigurationError(
      ConfigurationErrorCode.TERMINAL_SHARED,
      '端末装置は他のシステムと共用できません。住基ネット専用として登録してください (A11.2: a terminal is Juki-net only)',
      { field: 'sharedWithOtherSystems' },
    );
  }
  if (category !== ItemCategory.EQUIPMENT && f.sharedWithOtherSystems)
    throw invalidItem('sharedWithOtherSystems', '共用の区分は機器にのみあります (only equipment is shared or not)');
  if (category !== ItemCategory.EQUIPMENT && f.networkAddresses.length)
    throw invalidItem(
      'networkAddresses',
      'ネットワークアドレスは機器にのみ登録します (only equipment has network addresses)',
    );
  if (f.networkAddresses.length > MAX_ADDRESSES)
    throw invalidItem(
      'networkAddresses',
      `ネットワークアドレスは${MAX_ADDRESSES}件までです (at most ${MAX_ADDRESSES})`,
    );
  const bad = f.networkAddresses.find((a) => !isNetworkAddress(a));
  if (bad !== undefined)
    throw invalidItem(
      'networkAddresses',
      `ネットワークアドレスが正しくありません: ${bad.slice(0, 60)} (not an IP address)`,
    );
  if (category === ItemCategory.PROGRAM) {
    if (!f.version) throw invalidItem('version', 'プログラムにはバージョンが必要です (a program needs its version)');
    if (f.state === ItemState.IN_USE && !f.installedOnId)
      throw invalidItem(
        'installedOnId',
        '使用中のプログラムには組み込み先の機器が必要です (a program in use is installed on equipment)',
      );
  }
  if (category === ItemCategory.MEDIUM && f.storageLocked === null)
    throw invalidItem(
      'storageLocked',
      '施錠できる場所に保管しているかを入力してください (A15: say whether it is kept locked)',
    );
  if (f.inUseFrom && f.inUseTo && f.inUseTo < f.inUseFrom)
    throw invalidItem('inUseTo', '使用終了日は使用開始日以後にしてください (inUseTo must not precede inUseFrom)');
  return f;
}
