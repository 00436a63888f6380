// The kinds of things the configuration register (住基ネット構成管理簿, 様式第1号, A14.5) lists:
// equipment, programs and media (磁気媒体等), each kind in one of three categories, and the state
// of an item over its life. Pure vocabulary: the rules that use it are in item-rules.ts.
import { registerEnumType } from 'type-graphql';

export enum ItemCategory {
  /** 機器 */
  EQUIPMENT = 'EQUIPMENT',
  /** プログラム */
  PROGRAM = 'PROGRAM',
  /** 磁気媒体等 (A14.5, A15) */
  MEDIUM = 'MEDIUM',
}
registerEnumType(ItemCategory, {
  name: 'ItemCategory',
  description: '構成管理簿の区分 (機器・プログラム・磁気媒体等)',
});

export enum ItemKind {
  // equipment (機器)
  SERVER = 'SERVER',
  /** 端末装置: Juki-net only (A11.2) */
  TERMINAL = 'TERMINAL',
  FIREWALL = 'FIREWALL',
  NETWORK_DEVICE = 'NETWORK_DEVICE',
  OTHER_EQUIPMENT = 'OTHER_EQUIPMENT',
  // programs (プログラム), each with its version
  OS = 'OS',
  APPLICATION = 'APPLICATION',
  ANTIVIRUS = 'ANTIVIRUS',
  FIREWALL_SOFTWARE = 'FIREWALL_SOFTWARE',
  // media (磁気媒体等)
  TAPE = 'TAPE',
  REMOVABLE_DISK = 'REMOVABLE_DISK',
  OPTICAL_DISK = 'OPTICAL_DISK',
  PAPER_DOCUMENTS = 'PAPER_DOCUMENTS',
}
registerEnumType(ItemKind, { name: 'ItemKind', description: '構成管理簿の種別' });

export const KINDS_OF: Readonly<Record<ItemCategory, readonly ItemKind[]>> = {
  [ItemCategory.EQUIPMENT]: [
    ItemKind.SERVER,
    ItemKind.TERMINAL,
    ItemKind.FIREWALL,
    ItemKind.NETWORK_DEVICE,
    ItemKind.OTHER_EQUIPMENT,
  ],
  [ItemCategory.PROGRAM]: [ItemKind.OS, ItemKind.APPLICATION, ItemKind.ANTIVIRUS, ItemKind.FIREWALL_SOFTWARE],
  [ItemCategory.MEDIUM]: [ItemKind.TAPE, ItemKind.REMOVABLE_DISK, ItemKind.OPTICAL_DISK, ItemKind.PAPER_DOCUMENTS],
};

export function categoryOf(kind: ItemKind): ItemCategory {
  for (const [category, kinds] of Object.entries(KINDS_OF)) if (kinds.includes(kind)) return category as ItemCategory;
  throw new Error(`unknown kind ${kind}`);
}

/** A14.3–4: servers, firewalls and network devices (サーバー等, A12) stand in a 電算室 in a rack. */
export const SERVERS_ETC: readonly ItemKind[] = [ItemKind.SERVER, ItemKind.FIREWALL, ItemKind.NETWORK_DEVICE];

export enum ItemState {
  /** 使用中 */
  IN_USE = 'IN_USE',
  /** 保管中 (not in use, kept) */
  STORED = 'STORED',
  /** 撤去・使用終了 */
  RETIRED = 'RETIRED',
  /** 廃棄 */
  DISPOSED = 'DISPOSED',
}
registerEnumType(ItemState, { name: 'ItemState', description: '構成品の状態' });

/** Items still part of the configuration (their place and connections matter). */
export const LIVE_STATES: readonly ItemState[] = [ItemState.IN_USE, ItemState.STORED];
