// 様式第1号 (住基ネット構成管理簿): the columns of the city's form, one list for the print view's
// order, the xlsx/CSV export and the spreadsheet import, so a file exported here imports unchanged.
// The seed gives no columns; they follow the register's fields (README, 構成管理簿) in the order a
// clerk reads a line: what it is, where it is, who keeps it, since when, and its state.
import { columns, type ExportColumn } from '../../shared/export/index.js';
import type { ImportColumn } from '../../shared/import/index.js';
import { categoryOf, ItemCategory, ItemKind, ItemState } from './item-kinds.js';

export const KIND_JA: Record<ItemKind, string> = {
  [ItemKind.SERVER]: 'サーバー',
  [ItemKind.TERMINAL]: '端末装置',
  [ItemKind.FIREWALL]: 'ファイヤーウォール',
  [ItemKind.NETWORK_DEVICE]: 'ネットワーク機器',
  [ItemKind.OTHER_EQUIPMENT]: 'その他の機器',
  [ItemKind.OS]: 'OS',
  [ItemKind.APPLICATION]: 'アプリケーション',
  [ItemKind.ANTIVIRUS]: 'ウイルス対策ソフト',
  [ItemKind.FIREWALL_SOFTWARE]: 'ファイヤーウォールソフト',
  [ItemKind.TAPE]: 'テープ',
  [ItemKind.REMOVABLE_DISK]: '可搬型ディスク',
  [ItemKind.OPTICAL_DISK]: '光ディスク',
  [ItemKind.PAPER_DOCUMENTS]: '紙文書',
};
export const CATEGORY_JA: Record<ItemCategory, string> = {
  [ItemCategory.EQUIPMENT]: '機器',
  [ItemCategory.PROGRAM]: 'プログラム',
  [ItemCategory.MEDIUM]: '磁気媒体等',
};
export const STATE_JA: Record<ItemState, string> = {
  [ItemState.IN_USE]: '使用中',
  [ItemState.STORED]: '保管中',
  [ItemState.RETIRED]: '使用終了',
  [ItemState.DISPOSED]: '廃棄',
};

/** One line of the form: the item with its references as people read them. */
export interface FormRow {
  id: string;
  registerNumber: string;
  kind: ItemKind;
  name: string;
  maker: string | null;
  model: string | null;
  version: string | null;
  serialNumber: string | null;
  roomCode: string | null;
  roomName: string | null;
  rack: string | null;
  location: string | null;
  storageLocked: boolean | null;
  networkAddresses: string[];
  installedOnNumber: string | null;
  sharedWithOtherSystems: boolean;
  sectionName: string;
  staffName: string;
  staffNumber: string;
  inUseFrom: string | null;
  inUseTo: string | null;
  state: ItemState;
  note: string | null;
}

/** The fields the import reads (references by code, number or name, resolved by the importer). */
export type FormField =
  | 'registerNumber'
  | 'kind'
  | 'name'
  | 'maker'
  | 'model'
  | 'version'
  | 'serialNumber'
  | 'room'
  | 'rack'
  | 'location'
  | 'storageLocked'
  | 'networkAddresses'
  | 'installedOn'
  | 'sharedWithOtherSystems'
  | 'section'
  | 'responsible'
  | 'inUseFrom'
  | 'inUseTo'
  | 'state'
  | 'note';

const yesNo = (v: boolean | null) => (v === null ? null : v ? '有' : '無');

/**
 * The form, column by column: [header, import field (none: derived, not read back), export value].
 * 区分 is shown for the reader; the import takes it from 種別.
 */
export const REGISTER_FORM_COLUMNS = columns<FormRow>(
  { header: '登録番号', kind: 'text', value: (r) => r.registerNumber, width: 12 },
  { header: '区分', kind: 'text', value: (r) => CATEGORY_JA[categoryOf(r.kind)], width: 10 },
  { header: '種別', kind: 'text', value: (r) => KIND_JA[r.kind], width: 16 },
  { header: '名称', kind: 'text', value: (r) => r.name, width: 24 },
  { header: 'メーカー', kind: 'text', value: (r) => r.maker, width: 14 },
  { header: '型式・製品名', kind: 'text', value: (r) => r.model, width: 18 },
  { header: 'バージョン', kind: 'text', value: (r) => r.version, width: 10 },
  { header: '製造番号・ライセンス番号', kind: 'text', value: (r) => r.serialNumber, width: 18 },
  { header: '電算室等', kind: 'text', value: (r) => r.roomName, width: 12 },
  { header: 'ラック', kind: 'text', value: (r) => r.rack, width: 8 },
  { header: '設置・保管場所', kind: 'text', value: (r) => r.location, width: 18 },
  { header: '施錠保管', kind: 'text', value: (r) => yesNo(r.storageLocked), width: 8 },
  { header: 'ネットワークアドレス', kind: 'text', value: (r) => r.networkAddresses.join(', ') || null, width: 20 },
  { header: '組込先', kind: 'text', value: (r) => r.installedOnNumber, width: 12 },
  {
    header: '他システムと共用',
    kind: 'text',
    value: (r) => (categoryOf(r.kind) === ItemCategory.EQUIPMENT ? yesNo(r.sharedWithOtherSystems) : null),
    width: 10,
  },
  { header: '使用課', kind: 'text', value: (r) => r.sectionName, width: 14 },
  { header: '管理責任者', kind: 'text', value: (r) => r.staffName, width: 14 },
  { header: '使用開始日', kind: 'date', value: (r) => r.inUseFrom },
  { header: '使用終了日', kind: 'date', value: (r) => r.inUseTo },
  { header: '状態', kind: 'text', value: (r) => STATE_JA[r.state], width: 10 },
  { header: '備考', kind: 'text', value: (r) => r.note, width: 30 },
) as ExportColumn<FormRow>[];

/** The import's columns: the form's headers by default; older sheets' headers as aliases. */
export const REGISTER_IMPORT_COLUMNS: readonly ImportColumn<FormField>[] = [
  { field: 'registerNumber', header: '登録番号', aliases: ['管理番号', '番号'], required: true },
  { field: 'kind', header: '種別', required: true },
  { field: 'name', header: '名称', aliases: ['品名'], required: true },
  { field: 'maker', header: 'メーカー', aliases: ['製造者'] },
  { field: 'model', header: '型式・製品名', aliases: ['型式', '製品名'] },
  { field: 'version', header: 'バージョン', aliases: ['版'] },
  { field: 'serialNumber', header: '製造番号・ライセンス番号', aliases: ['製造番号', 'ライセンス番号'] },
  { field: 'room', header: '電算室等', aliases: ['設置室'] },
  { field: 'rack', header: 'ラック' },
  { field: 'location', header: '設置・保管場所', aliases: ['設置場所', '保管場所'] },
  { field: 'storageLocked', header: '施錠保管' },
  { field: 'networkAddresses', header: 'ネットワークアドレス', aliases: ['IPアドレス'] },
  { field: 'installedOn', header: '組込先', aliases: ['組み込み先'] },
  { field: 'sharedWithOtherSystems', header: '他システムと共用' },
  { field: 'section', header: '使用課', required: true },
  { field: 'responsible', header: '管理責任者', required: true },
  { field: 'inUseFrom', header: '使用開始日' },
  { field: 'inUseTo', header: '使用終了日' },
  { field: 'state', header: '状態', required: true },
  { field: 'note', header: '備考' },
];
