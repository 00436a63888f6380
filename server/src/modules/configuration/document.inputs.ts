// The GraphQL shapes of the register's documents (A7.2, A14.6, A22.2, A27).
import { ArrayMaxSize, IsOptional, Length, MaxLength } from 'class-validator';
import { Field, InputType, ObjectType } from 'type-graphql';
import { LocalDate } from '../../shared/dates.js';
import { ID } from '../../shared/ids.js';
import { DocumentType } from './document.entity.js';

@InputType({ description: '文書の新規登録 (版は addConfigurationDocumentVersion で)' })
export class CreateConfigurationDocumentInput {
  @Field(() => DocumentType)
  type: DocumentType;

  @Field(() => String, { description: '文書名' })
  @Length(1, 200)
  title: string;

  @Field(() => [ID], { nullable: true, description: '関係する構成品 (ネットワーク構成の文書, A14.6)' })
  @IsOptional()
  @ArrayMaxSize(200)
  linkedItemIds?: string[] | null;
}

@InputType({ description: 'ファイルの送信: 名前と内容 (base64)。大きさは CONFIGURATION_FILE_MAX_BYTES まで' })
export class FileUploadInput {
  @Field(() => String, { description: 'ファイル名 (拡張子は内容と合うこと)' })
  @Length(1, 200)
  fileName: string;

  @Field(() => String, { description: '内容 (base64)' })
  contentBase64: string;
}

@InputType({ description: '文書の新しい版' })
export class AddConfigurationDocumentVersionInput {
  @Field(() => ID)
  documentId: string;

  @Field(() => String, { description: '版 (第2版など、文書の中で重複しないこと)' })
  @Length(1, 50)
  versionLabel: string;

  @Field(() => String, { nullable: true, description: 'この版の表題 (省略すると文書名)' })
  @IsOptional()
  @MaxLength(200)
  title?: string | null;

  @Field(() => LocalDate, { description: '施行日 (この日から現行の版)' })
  effectiveOn: string;

  @Field(() => String, { nullable: true, description: '改訂の内容など' })
  @IsOptional()
  @MaxLength(500)
  note?: string | null;

  @Field(() => LocalDate, { nullable: true, description: '見直し期日 (省略すると施行日の1年後)' })
  @IsOptional()
  reviewOn?: string | null;

  @Field(() => FileUploadInput)
  file: FileUploadInput;
}

@InputType({ description: '文書の版の承認 (管理する役割の者) と見直し期日' })
export class ApproveConfigurationDocumentVersionInput {
  @Field(() => ID)
  versionId: string;

  @Field(() => LocalDate, { nullable: true, description: '見直し期日 (省略すると登録時の期日のまま)' })
  @IsOptional()
  reviewOn?: string | null;
}

@InputType({ description: '文書の版を見直した (変更不要): 次の見直し期日' })
export class ReviewConfigurationDocumentVersionInput {
  @Field(() => ID)
  versionId: string;

  @Field(() => LocalDate, { description: '次の見直し期日 (今日より後)' })
  nextReviewOn: string;
}

@ObjectType({ description: '文書の現行の版 (他の画面からのリンク: インシデントの対応マニュアルなど)' })
export class DocumentLink {
  @Field(() => ID)
  documentId: string;

  @Field(() => ID)
  versionId: string;

  @Field(() => DocumentType)
  type: DocumentType;

  @Field(() => String)
  title: string;

  @Field(() => String)
  versionLabel: string;

  @Field(() => LocalDate)
  effectiveOn: string;

  @Field(() => String)
  fileName: string;

  @Field(() => String, { description: 'ダウンロード (GET、SHA-256 を確かめてから)' })
  downloadUrl: string;
}
