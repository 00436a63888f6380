// The register's documents and files as the tests send them (issue 14 §3–4): small files of each
// kind, made from bytes, and the operations.
export const CREATE_DOCUMENT = `mutation($i: CreateConfigurationDocumentInput!) {
  createConfigurationDocument(input: $i) { id type title ownerRole linkedItemIds } }`;
export const ADD_VERSION = `mutation($i: AddConfigurationDocumentVersionInput!) {
  addConfigurationDocumentVersion(input: $i) {
    id versionLabel title effectiveOn note uploadedBy { staffNumber }
    file { id fileName mediaType size sha256 downloadUrl } } }`;
export const DOCUMENT = `query($id: ID!) { configurationDocument(id: $id) {
  id type title ownerRole toReview linkedItems { registerNumber }
  currentVersion { id versionLabel effectiveOn file { downloadUrl } }
  versions { id versionLabel effectiveOn file { fileName sha256 } } } }`;
export const DOCUMENTS = `query($type: DocumentType) { configurationDocuments(type: $type) {
  id type title currentVersion { versionLabel } } }`;

/** A minimal PDF (what %PDF- files start with is all the check reads). */
export const pdf = (text = 'test') =>
  Buffer.from(`%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% ${text}\ntrailer << /Root 1 0 R >>\n%%EOF\n`);
/** A Windows program: refused whatever its name says. */
export const exe = () => Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200, 0x90)]);
export const text = (s: string) => Buffer.from(s, 'utf8');

export const upload = (fileName: string, bytes: Buffer) => ({ fileName, contentBase64: bytes.toString('base64') });
