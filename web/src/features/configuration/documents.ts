// GraphQL of the documents pages and the firewall block, and reading a chosen file as base64.
import { request } from '../../api/graphql-client.js';
import { GraphQLRequestError } from '../../api/graphql-client.js';
import {
  AddConfigurationDocumentVersionDocument,
  ApproveConfigurationDocumentVersionDocument,
  ConfigurationDocumentDocument,
  ConfigurationDocumentsDocument,
  CreateConfigurationDocumentDocument,
  DocumentLinkChoicesDocument,
  FirewallBackupsDocument,
  FirewallOfItemDocument,
  RecordFirewallRestoreDrillDocument,
  RecordFirewallVersionCheckDocument,
  ReviewConfigurationDocumentVersionDocument,
  StoreFirewallSettingBackupDocument,
  type AddConfigurationDocumentVersionInput,
  type CreateConfigurationDocumentInput,
  type DocumentType,
  type RecordFirewallRestoreDrillInput,
  type RecordFirewallVersionCheckInput,
  type StoreFirewallSettingBackupInput,
} from '../../generated/documents.js';

export type { DocumentType };
export const DOCUMENT_TYPES: readonly DocumentType[] = [
  'PIN_RULES',
  'NETWORK_CONFIGURATION',
  'INTRUSION_RESPONSE_MANUAL',
  'FAILURE_MANUAL',
  'OTHER',
];
/** the server's default CONFIGURATION_FILE_MAX_BYTES: a larger file is refused before it is sent */
export const MAX_FILE_BYTES = 700 * 1024;

export const loadDocuments = async (type: DocumentType | null) =>
  (await request(ConfigurationDocumentsDocument, { type })).configurationDocuments;
export const loadDocument = async (id: string) =>
  (await request(ConfigurationDocumentDocument, { id })).configurationDocument;
export const linkChoices = async () => (await request(DocumentLinkChoicesDocument)).configurationItems.nodes;
export const createDocument = async (i: CreateConfigurationDocumentInput) =>
  (await request(CreateConfigurationDocumentDocument, { i })).createConfigurationDocument;
export const addVersion = async (i: AddConfigurationDocumentVersionInput) =>
  (await request(AddConfigurationDocumentVersionDocument, { i })).addConfigurationDocumentVersion;

/** The owner role's holder approves a version (the review date may be set with it). */
export const approveVersion = (versionId: string, reviewOn: string | null) =>
  request(ApproveConfigurationDocumentVersionDocument, { i: { versionId, reviewOn } });
/** The owner looked at the approved version again: nothing to change, the next review date. */
export const reviewVersion = (versionId: string, nextReviewOn: string) =>
  request(ReviewConfigurationDocumentVersionDocument, { i: { versionId, nextReviewOn } });

export const loadFirewall = async (id: string) =>
  (await request(FirewallOfItemDocument, { id })).configurationItem?.firewall ?? null;
export const loadBackups = async (id: string) =>
  (await request(FirewallBackupsDocument, { id })).firewallSettingBackups;
export const recordCheck = (i: RecordFirewallVersionCheckInput) => request(RecordFirewallVersionCheckDocument, { i });
export const storeBackup = (i: StoreFirewallSettingBackupInput) => request(StoreFirewallSettingBackupDocument, { i });
export const recordDrill = (i: RecordFirewallRestoreDrillInput) => request(RecordFirewallRestoreDrillDocument, { i });

/** A chosen file as the server takes it; a file over the limit is refused here with the server's code. */
export async function fileUpload(file: File): Promise<{ fileName: string; contentBase64: string }> {
  if (file.size > MAX_FILE_BYTES)
    throw new GraphQLRequestError('CONFIGURATION_FILE_TOO_LARGE', `${file.size} > ${MAX_FILE_BYTES}`);
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return { fileName: file.name, contentBase64: btoa(binary) };
}

/** Bytes as a person reads them (KB with one decimal). */
export const sizeText = (n: number) => (n < 1024 ? `${n} B` : `${(n / 1024).toFixed(1)} KB`);
