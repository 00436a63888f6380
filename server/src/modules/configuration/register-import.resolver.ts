// issue 14 §5: the city's spreadsheet (様式第1号) taken into the register; thin, the rules are in
// RegisterImportService (register-import.ts).
import { IsOptional, MaxLength } from 'class-validator';
import {
  Arg,
  Authorized,
  Ctx,
  Field,
  InputType,
  Int,
  Mutation,
  ObjectType,
  registerEnumType,
  Resolver,
} from 'type-graphql';
import type { AppContext } from '../../composition/context.js';
import { requesterOf } from './change-request.resolver.js';
import { FileUploadInput } from './document.inputs.js';
import { REGISTER_IMPORT_COLUMNS, type FormField } from './register-form.js';

export const RegisterFormField = Object.fromEntries(REGISTER_IMPORT_COLUMNS.map((c) => [c.field, c.field])) as {
  [F in FormField]: F;
};
registerEnumType(RegisterFormField, {
  name: 'RegisterFormField',
  description: '様式第1号の列 (取込の列の対応づけ)',
});

@InputType({ description: '列の対応: この項目を、ファイルのこの見出しの列から読む' })
export class RegisterColumnMappingInput {
  @Field(() => RegisterFormField)
  field: FormField;

  @Field(() => String, { description: 'ファイルの見出し' })
  @MaxLength(100)
  header: string;
}

@InputType({ description: '構成管理簿の取込 (様式第1号、xlsx または CSV)。誤りが1行でもあれば何も登録しない' })
export class ImportConfigurationRegisterInput {
  @Field(() => FileUploadInput)
  file: FileUploadInput;

  @Field(() => [RegisterColumnMappingInput], { nullable: true, description: '省略した項目は様式第1号の見出しで探す' })
  @IsOptional()
  mapping?: RegisterColumnMappingInput[] | null;

  @Field(() => String, { nullable: true, description: '変更記録の理由 (省略: ファイル名)' })
  @IsOptional()
  @MaxLength(1000)
  reason?: string | null;
}

@ObjectType({ description: '取込で誤りのあった行' })
export class ImportRowIssue {
  @Field(() => Int, { description: '行番号 (表計算ソフトの行)' })
  row: number;

  @Field(() => String, { nullable: true, description: '列の見出し' })
  column?: string | null;

  @Field(() => String)
  code: string;

  @Field(() => String, { description: '理由' })
  message: string;
}

@ObjectType({ description: '取込の結果。imported が false なら何も登録していない (issues に全ての誤り)' })
export class ConfigurationImportResult {
  @Field(() => Boolean)
  imported: boolean;

  @Field(() => String)
  fileName: string;

  @Field(() => Int, { description: 'データの行数' })
  rows: number;

  @Field(() => Int, { description: '新規登録' })
  created: number;

  @Field(() => Int, { description: '変更 (変更記録あり)' })
  changed: number;

  @Field(() => Int, { description: '変更なし' })
  unchanged: number;

  @Field(() => [ImportRowIssue])
  issues: ImportRowIssue[];
}

@Resolver()
export class RegisterImportResolver {
  @Authorized('Mutation.importConfigurationRegister')
  @Mutation(() => ConfigurationImportResult, {
    description:
      '構成管理簿の取込 (様式第1号)。すべての行が正しいときだけ登録。同じファイルをもう一度取り込んでも変わらない',
  })
  importConfigurationRegister(
    @Arg('input', () => ImportConfigurationRegisterInput) input: ImportConfigurationRegisterInput,
    @Ctx() ctx: AppContext,
  ): Promise<ConfigurationImportResult> {
    const mapping = Object.fromEntries((input.mapping ?? []).map((m) => [m.field, m.header]));
    return ctx.services.registerImport.import(
      { ...input.file, mapping, reason: input.reason },
      requesterOf(ctx.principal, ctx.today),
      ctx.meta,
    );
  }
}
