import { Arg, Authorized, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { AppContext } from '../../composition/context.js';
import { OrgRole } from '../../shared/authority.js';
import { CurrentStaff } from '../../shared/current-staff.js';
import { ID } from '../../shared/ids.js';
import type { StaffPrincipal } from '../../shared/principal.js';
import { Staff } from '../organisation/index.js';
import { ConfigurationItem } from './configuration-item.entity.js';
import { downloadUrlOf } from './document-reading.service.js';
import {
  AddConfigurationDocumentVersionInput,
  ApproveConfigurationDocumentVersionInput,
  CreateConfigurationDocumentInput,
  ReviewConfigurationDocumentVersionInput,
} from './document.inputs.js';
import { ConfigurationDocument, ConfigurationDocumentVersion, DocumentType, OWNER_OF } from './document.entity.js';
import { StoredFile } from './stored-file.entity.js';

const author = (s: StaffPrincipal) => ({ staffId: s.staffId, authorities: s.authorities });
const staff = async (ctx: AppContext, id: string) => (await ctx.loaders.organisation.staffById.load(id))!;

/** The documents (A7.2, A14.6, A22.2, A27): thin, the rules are DocumentService's. */
@Resolver(() => ConfigurationDocument)
export class DocumentResolver {
  @Authorized('Query.configurationDocuments')
  @Query(() => [ConfigurationDocument], { description: '文書の一覧 (種類、文書名の順)' })
  configurationDocuments(
    @Ctx() ctx: AppContext,
    @Arg('type', () => DocumentType, { nullable: true }) type?: DocumentType | null,
  ): Promise<ConfigurationDocument[]> {
    return ctx.services.documentReads.documents(type);
  }

  @Authorized('Query.configurationDocument')
  @Query(() => ConfigurationDocument, { nullable: true, description: '文書と版の履歴 (なければ null)' })
  configurationDocument(
    @Arg('id', () => ID) id: string,
    @Ctx() ctx: AppContext,
  ): Promise<ConfigurationDocument | null> {
    return ctx.services.documentReads.document(id);
  }

  @Authorized('Mutation.createConfigurationDocument')
  @Mutation(() => ConfigurationDocument, {
    description: '文書を登録 (暗証番号等の運用基準は暗証番号管理者、ほかは管理者)',
  })
  createConfigurationDocument(
    @Arg('input', () => CreateConfigurationDocumentInput) input: CreateConfigurationDocumentInput,
    @CurrentStaff() by: StaffPrincipal,
    @Ctx() ctx: AppContext,
  ): Promise<ConfigurationDocument> {
    return ctx.services.documents.create(input, author(by), ctx.meta);
  }

  @Authorized('Mutation.addConfigurationDocumentVersion')
  @Mutation(() => ConfigurationDocumentVersion, {
    description: '文書の新しい版を登録 (ファイルは種類と大きさを確かめ、SHA-256 とともに保管)',
  })
  addConfigurationDocumentVersion(
    @Arg('input', () => AddConfigurationDocumentVersionInput) input: AddConfigurationDocumentVersionInput,
    @CurrentStaff() by: StaffPrincipal,
    @Ctx() ctx: AppContext,
  ): Promise<ConfigurationDocumentVersion> {
    const { file, ...rest } = input;
    return ctx.services.documents.addVersion({ ...rest, ...file }, author(by), ctx.meta);
  }

  @Authorized('Mutation.approveConfigurationDocumentVersion')
  @Mutation(() => ConfigurationDocumentVersion, {
    description: '文書の版を承認 (暗証番号等の運用基準は暗証番号管理者、ほかは管理者)。見直し期日も決められる',
  })
  approveConfigurationDocumentVersion(
    @Arg('input', () => ApproveConfigurationDocumentVersionInput) input: ApproveConfigurationDocumentVersionInput,
    @CurrentStaff() by: StaffPrincipal,
    @Ctx() ctx: AppContext,
  ): Promise<ConfigurationDocumentVersion> {
    return ctx.services.documents.approve(input.versionId, input.reviewOn ?? null, author(by), ctx.meta);
  }

  @Authorized('Mutation.reviewConfigurationDocumentVersion')
  @Mutation(() => ConfigurationDocumentVersion, {
    description: '承認済みの版を見直した (改訂不要): 次の見直し期日を記録',
  })
  reviewConfigurationDocumentVersion(
    @Arg('input', () => ReviewConfigurationDocumentVersionInput) input: ReviewConfigurationDocumentVersionInput,
    @CurrentStaff() by: StaffPrincipal,
    @Ctx() ctx: AppContext,
  ): Promise<ConfigurationDocumentVersion> {
    return ctx.services.documents.review(input.versionId, input.nextReviewOn, author(by), ctx.meta);
  }

  @FieldResolver(() => OrgRole, { description: '管理する役割' })
  ownerRole(@Root() d: ConfigurationDocument): OrgRole {
    return OWNER_OF[d.type];
  }

  @FieldResolver(() => [ConfigurationDocumentVersion], { description: '版の履歴 (施行日の新しい順)' })
  versions(@Root() d: ConfigurationDocument, @Ctx() ctx: AppContext): Promise<ConfigurationDocumentVersion[]> {
    return ctx.loaders.configuration.versionsByDocument.load(d.id);
  }

  @FieldResolver(() => ConfigurationDocumentVersion, {
    nullable: true,
    description: '現行の版 (施行日が今日までの版のうち最新)',
  })
  currentVersion(
    @Root() d: ConfigurationDocument,
    @Ctx() ctx: AppContext,
  ): Promise<ConfigurationDocumentVersion | null> {
    return ctx.loaders.configuration.currentVersionByDocument.load(d.id);
  }

  @FieldResolver(() => [ConfigurationItem], { description: '関係する構成品 (A14.6)' })
  async linkedItems(@Root() d: ConfigurationDocument, @Ctx() ctx: AppContext): Promise<ConfigurationItem[]> {
    const items = await ctx.loaders.configuration.itemById.loadMany(d.linkedItemIds);
    return items.filter((i): i is ConfigurationItem => !!i && !(i instanceof Error));
  }

  @FieldResolver(() => Boolean, {
    description: '見直しが必要: 関係する構成品が現行の版の登録より後に変わった (A14.6)',
  })
  toReview(@Root() d: ConfigurationDocument, @Ctx() ctx: AppContext): Promise<boolean> {
    return d.linkedItemIds.length ? ctx.loaders.configuration.toReviewByDocument.load(d.id) : Promise.resolve(false);
  }

  @FieldResolver(() => Staff, { description: '登録した人' })
  createdBy(@Root() d: ConfigurationDocument, @Ctx() ctx: AppContext): Promise<Staff> {
    return staff(ctx, d.createdById);
  }
}

@Resolver(() => ConfigurationDocumentVersion)
export class DocumentVersionResolver {
  @FieldResolver(() => StoredFile)
  async file(@Root() v: ConfigurationDocumentVersion, @Ctx() ctx: AppContext): Promise<StoredFile> {
    return v.file ?? (await ctx.loaders.configuration.fileById.load(v.fileId))!;
  }

  @FieldResolver(() => Staff, { description: '登録した人' })
  uploadedBy(@Root() v: ConfigurationDocumentVersion, @Ctx() ctx: AppContext): Promise<Staff> {
    return staff(ctx, v.uploadedById);
  }

  @FieldResolver(() => Staff, { nullable: true, description: '承認した人' })
  approvedBy(@Root() v: ConfigurationDocumentVersion, @Ctx() ctx: AppContext): Promise<Staff | null> {
    return v.approvedById ? ctx.loaders.organisation.staffById.load(v.approvedById) : Promise.resolve(null);
  }

  @FieldResolver(() => Boolean, { description: '見直し期日を過ぎている (今日より前)' })
  reviewOverdue(@Root() v: ConfigurationDocumentVersion, @Ctx() ctx: AppContext): boolean {
    return v.reviewOn < ctx.today;
  }
}

@Resolver(() => StoredFile)
export class StoredFileResolver {
  @FieldResolver(() => String, { description: 'ダウンロード (GET、SHA-256 を確かめてから)' })
  downloadUrl(@Root() f: StoredFile): string {
    return downloadUrlOf(f.id);
  }

  @FieldResolver(() => Staff, { description: '登録した人' })
  uploadedBy(@Root() f: StoredFile, @Ctx() ctx: AppContext): Promise<Staff> {
    return staff(ctx, f.uploadedById);
  }
}
