// The register form's values as typed ('' for none) and their translation to and from the API's
// ConfigurationItemInput: only the fields of the item's category, and for a change only what differs.
import type { ItemState } from '../../generated/configuration.js';
import {
  FIELDS_OF,
  type ConfigurationItemInput,
  type ItemCategory,
  type ItemDetail,
  type ItemKind,
} from './configuration.js';

export interface ItemFormValues {
  registerNumber: string;
  kind: ItemKind | '';
  name: string;
  maker: string;
  model: string;
  version: string;
  serialNumber: string;
  roomId: string;
  rack: string;
  location: string;
  storageLocked: boolean;
  sectionId: string;
  responsibleStaffId: string;
  inUseFrom: string;
  inUseTo: string;
  state: ItemState;
  networkAddresses: string;
  installedOnId: string;
  sharedWithOtherSystems: boolean;
  note: string;
}

export const emptyItemForm = (): ItemFormValues => ({
  registerNumber: '',
  kind: '',
  name: '',
  maker: '',
  model: '',
  version: '',
  serialNumber: '',
  roomId: '',
  rack: '',
  location: '',
  storageLocked: true,
  sectionId: '',
  responsibleStaffId: '',
  inUseFrom: '',
  inUseTo: '',
  state: 'IN_USE',
  networkAddresses: '',
  installedOnId: '',
  sharedWithOtherSystems: false,
  note: '',
});

/** The form's values for an item as stored. */
export const itemFormOf = (i: ItemDetail): ItemFormValues => ({
  registerNumber: i.registerNumber,
  kind: i.kind,
  name: i.name,
  maker: i.maker ?? '',
  model: i.model ?? '',
  version: i.version ?? '',
  serialNumber: i.serialNumber ?? '',
  roomId: i.roomId ?? '',
  rack: i.rack ?? '',
  location: i.location ?? '',
  storageLocked: i.storageLocked ?? false,
  sectionId: i.sectionId,
  responsibleStaffId: i.responsibleStaffId,
  inUseFrom: i.inUseFrom ?? '',
  inUseTo: i.inUseTo ?? '',
  state: i.state,
  networkAddresses: i.networkAddresses.join('\n'),
  installedOnId: i.installedOnId ?? '',
  sharedWithOtherSystems: i.sharedWithOtherSystems,
  note: i.note ?? '',
});

/** The values as the API takes them, only the fields of the category. */
export function itemInput(f: ItemFormValues, category: ItemCategory): ConfigurationItemInput {
  const text = (v: string) => v.trim() || null;
  const out: ConfigurationItemInput = {
    registerNumber: text(f.registerNumber),
    kind: (f.kind || null) as ItemKind | null,
    name: text(f.name),
    sectionId: f.sectionId || null,
    responsibleStaffId: f.responsibleStaffId || null,
    inUseFrom: f.inUseFrom || null,
    inUseTo: f.inUseTo || null,
    state: f.state,
    note: text(f.note),
  };
  const optional: ConfigurationItemInput = {
    maker: text(f.maker),
    model: text(f.model),
    version: text(f.version),
    serialNumber: text(f.serialNumber),
    roomId: f.roomId || null,
    rack: text(f.rack),
    location: text(f.location),
    storageLocked: f.storageLocked,
    networkAddresses: f.networkAddresses.split(/[\s,]+/).filter(Boolean),
    installedOnId: f.installedOnId || null,
    sharedWithOtherSystems: f.sharedWithOtherSystems,
  };
  for (const k of FIELDS_OF[category]) (out as Record<string, unknown>)[k] = optional[k];
  return out;
}

/** For a change: only what differs from the item as it was. */
export function changedFields(all: ConfigurationItemInput, original: ConfigurationItemInput): ConfigurationItemInput {
  return Object.fromEntries(
    Object.entries(all).filter(
      ([k, v]) => JSON.stringify(v ?? null) !== JSON.stringify(original[k as keyof ConfigurationItemInput] ?? null),
    ),
  );
}
