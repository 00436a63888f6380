// GraphQL of the configuration register's pages (A11, A14, A15, A17) and the form's field lists.
import { request } from '../../api/graphql-client.js';
import {
  ApproveConfigurationChangeDocument,
  CarryOutConfigurationChangeDocument,
  ConfigurationFormChoicesDocument,
  ConfigurationHistoryDocument,
  ConfigurationItemDocument,
  ConfigurationItemsDocument,
  ConfigurationRequestsDocument,
  ConfirmConfigurationChangeDocument,
  RecordConfigurationMediumDocument,
  RecordUnapprovedConfigurationChangeDocument,
  RefuseConfigurationChangeDocument,
  RequestConfigurationChangeDocument,
  ReviewUnapprovedConfigurationChangeDocument,
  SetConnectionMeasuresDocument,
  WithdrawConfigurationChangeDocument,
  type ChangeRowFragment,
  type ConfigurationChangeFilter,
  type ConfigurationChangeRequestFilter,
  type ConfigurationFormChoicesQuery,
  type ConfigurationItemFilter,
  type ConfigurationItemInput,
  type ConfigurationItemQuery,
  type ItemCategory,
  type ItemKind,
  type ItemRowFragment,
  type RecordConfigurationMediumInput,
  type RecordUnapprovedConfigurationChangeInput,
  type RequestConfigurationChangeInput,
  type RequestRowFragment,
} from '../../generated/configuration.js';

export type ItemRow = ItemRowFragment;
export type ChangeRow = ChangeRowFragment;
export type RequestRow = RequestRowFragment;
export type ItemDetail = NonNullable<ConfigurationItemQuery['configurationItem']>;
export type FormChoices = ConfigurationFormChoicesQuery;
export type { ConfigurationItemInput, ItemCategory, ItemKind };

export const CATEGORIES: readonly ItemCategory[] = ['EQUIPMENT', 'PROGRAM', 'MEDIUM'];
export const KINDS_OF: Record<ItemCategory, readonly ItemKind[]> = {
  EQUIPMENT: ['SERVER', 'TERMINAL', 'FIREWALL', 'NETWORK_DEVICE', 'OTHER_EQUIPMENT'],
  PROGRAM: ['OS', 'APPLICATION', 'ANTIVIRUS', 'FIREWALL_SOFTWARE'],
  MEDIUM: ['TAPE', 'REMOVABLE_DISK', 'OPTICAL_DISK', 'PAPER_DOCUMENTS'],
};
export const STATES = ['IN_USE', 'STORED', 'RETIRED', 'DISPOSED'] as const;
export const categoryOf = (kind: ItemKind): ItemCategory =>
  CATEGORIES.find((c) => KINDS_OF[c].includes(kind)) ?? 'EQUIPMENT';

/** The fields a category has, in the order the form and the detail show them (the server's rules agree). */
export const FIELDS_OF: Record<ItemCategory, readonly (keyof ConfigurationItemInput)[]> = {
  EQUIPMENT: [
    'maker',
    'model',
    'serialNumber',
    'roomId',
    'rack',
    'location',
    'networkAddresses',
    'sharedWithOtherSystems',
  ],
  PROGRAM: ['maker', 'model', 'version', 'serialNumber', 'installedOnId'],
  MEDIUM: ['maker', 'model', 'serialNumber', 'roomId', 'location', 'storageLocked'],
};

export async function itemsPage(filter: ConfigurationItemFilter, after: string | null) {
  return (await request(ConfigurationItemsDocument, { f: filter, after })).configurationItems;
}
export async function loadItem(id: string): Promise<ItemDetail | null> {
  return (await request(ConfigurationItemDocument, { id })).configurationItem;
}
export async function historyPage(filter: ConfigurationChangeFilter, after: string | null) {
  return (await request(ConfigurationHistoryDocument, { f: filter, after })).configurationChanges;
}
export async function requestsPage(filter: ConfigurationChangeRequestFilter, after: string | null) {
  return (await request(ConfigurationRequestsDocument, { f: filter, after })).configurationChangeRequests;
}
export const formChoices = () => request(ConfigurationFormChoicesDocument);

export const requestChange = (i: RequestConfigurationChangeInput) => request(RequestConfigurationChangeDocument, { i });
export const recordUnapproved = (i: RecordUnapprovedConfigurationChangeInput) =>
  request(RecordUnapprovedConfigurationChangeDocument, { i });
export const recordMedium = (i: RecordConfigurationMediumInput) => request(RecordConfigurationMediumDocument, { i });
export const approveChange = (id: string) => request(ApproveConfigurationChangeDocument, { i: { id } });
export const refuseChange = (id: string, note: string) =>
  request(RefuseConfigurationChangeDocument, { i: { id, note } });
export const withdrawChange = (id: string) => request(WithdrawConfigurationChangeDocument, { i: { id } });
export const carryOutChange = (id: string) => request(CarryOutConfigurationChangeDocument, { i: { id } });
export const confirmChange = (id: string) => request(ConfirmConfigurationChangeDocument, { i: { id } });
export const reviewChange = (id: string, note: string) =>
  request(ReviewUnapprovedConfigurationChangeDocument, { i: { id, note } });
export const setMeasures = (connectionId: string, measures: string, reason: string) =>
  request(SetConnectionMeasuresDocument, { i: { connectionId, measures, reason } });

/** Where an item stands, in one line: the room and rack, or the place outside the rooms. */
export function placeOf(i: Pick<ItemRow, 'room' | 'rack' | 'location'>): string {
  return [i.room ? `${i.room.code} ${i.room.name}` : null, i.rack, i.location].filter(Boolean).join(' / ');
}
