// 様式第1号 on the web: every line for the print view, and the import of the city's spreadsheet.
// The fields and default headers mirror the server's REGISTER_IMPORT_COLUMNS (register-form.ts).
import { request } from '../../api/graphql-client.js';
import { GraphQLRequestError } from '../../api/graphql-client.js';
import {
  ConfigurationRegisterPrintDocument,
  ImportConfigurationRegisterDocument,
  type ConfigurationRegisterPrintQuery,
  type ImportConfigurationRegisterMutation,
  type RegisterFormField,
} from '../../generated/register-form.js';
import { MAX_FILE_BYTES } from './documents.js';

export type FormLine = ConfigurationRegisterPrintQuery['configurationItems']['nodes'][number];
export type ImportResult = ImportConfigurationRegisterMutation['importConfigurationRegister'];

/** Every line of the register, in register-number order (a page of 100 at a time). */
export async function allFormLines(): Promise<FormLine[]> {
  const lines: FormLine[] = [];
  for (let after: string | null = null; ;) {
    const page: ConfigurationRegisterPrintQuery['configurationItems'] = (
      await request(ConfigurationRegisterPrintDocument, { after })
    ).configurationItems;
    lines.push(...page.nodes);
    if (!page.hasNextPage) return lines;
    after = page.endCursor ?? null;
  }
}

/** The form's columns the import reads: field, the header it looks for by default, required. */
export const IMPORT_FIELDS: { field: RegisterFormField; header: string; required: boolean }[] = [
  { field: 'registerNumber', header: '登録番号', required: true },
  { field: 'kind', header: '種別', required: true },
  { field: 'name', header: '名称', required: true },
  { field: 'maker', header: 'メーカー', required: false },
  { field: 'model', header: '型式・製品名', required: false },
  { field: 'version', header: 'バージョン', required: false },
  { field: 'serialNumber', header: '製造番号・ライセンス番号', required: false },
  { field: 'room', header: '電算室等', required: false },
  { field: 'rack', header: 'ラック', required: false },
  { field: 'location', header: '設置・保管場所', required: false },
  { field: 'storageLocked', header: '施錠保管', required: false },
  { field: 'networkAddresses', header: 'ネットワークアドレス', required: false },
  { field: 'installedOn', header: '組込先', required: false },
  { field: 'sharedWithOtherSystems', header: '他システムと共用', required: false },
  { field: 'section', header: '使用課', required: true },
  { field: 'responsible', header: '管理責任者', required: true },
  { field: 'inUseFrom', header: '使用開始日', required: false },
  { field: 'inUseTo', header: '使用終了日', required: false },
  { field: 'state', header: '状態', required: true },
  { field: 'note', header: '備考', required: false },
];

/** Sends the chosen file with the headers changed from the defaults; a file over the limit is refused here. */
export async function importRegister(
  file: File,
  headers: Partial<Record<RegisterFormField, string>>,
  reason: string,
): Promise<ImportResult> {
  if (file.size > MAX_FILE_BYTES) throw new GraphQLRequestError('IMPORT_FILE_TOO_LARGE', `${file.size}`);
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  const mapping = IMPORT_FIELDS.filter((f) => headers[f.field]?.trim() && headers[f.field]!.trim() !== f.header).map(
    (f) => ({ field: f.field, header: headers[f.field]!.trim() }),
  );
  return (
    await request(ImportConfigurationRegisterDocument, {
      i: { file: { fileName: file.name, contentBase64: btoa(binary) }, mapping, reason: reason.trim() || null },
    })
  ).importConfigurationRegister;
}
