import { IsISO8601, IsOptional, IsUUID, Length, Matches } from 'class-validator';
import { LocalDate } from '../../shared/dates.js';
import { Field, InputType } from 'type-graphql';
import { ID } from '../../shared/ids.js';
import { OrgRole } from '../../shared/authority.js';

const KANA = /^[\u3041-\u309f\u30a0-\u30ff\u30fc\s]+$/;
const KANA_MESSAGE = 'ふりがなはひらがな・カタカナで入力してください (kana only)';

@InputType()
export class CreateStaffInput {
  @Field(() => String)
  @Matches(/^[0-9A-Za-z-]{1,16}$/, {
    message: '職員番号は英数字16文字以内です (staff number: up to 16 letters/digits)',
  })
  staffNumber: string;

  @Field(() => String)
  @Length(1, 50)
  familyName: string;

  @Field(() => String)
  @Length(1, 50)
  givenName: string;

  @Field(() => String)
  @Length(1, 100)
  @Matches(KANA, { message: KANA_MESSAGE })
  familyNameKana: string;

  @Field(() => String)
  @Length(1, 100)
  @Matches(KANA, { message: KANA_MESSAGE })
  givenNameKana: string;

  @Field(() => String)
  @Length(1, 50)
  title: string;

  @Field(() => ID)
  @IsUUID()
  sectionId: string;
}

@InputType({ description: '変更する項目だけを指定' })
export class UpdateStaffInput {
  @Field(() => ID)
  @IsUUID()
  id: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(1, 50)
  familyName?: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(1, 50)
  givenName?: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(1, 100)
  @Matches(KANA, { message: KANA_MESSAGE })
  familyNameKana?: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(1, 100)
  @Matches(KANA, { message: KANA_MESSAGE })
  givenNameKana?: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(1, 50)
  title?: string;

  @Field(() => ID, { nullable: true, description: '異動先の課' })
  @IsOptional()
  @IsUUID()
  sectionId?: string;
}

@InputType()
export class DeactivateStaffInput {
  @Field(() => ID)
  @IsUUID()
  id: string;

  @Field(() => LocalDate, { description: '最終在職日: 役割はこの日で終了' })
  @IsISO8601({ strict: true })
  lastDay: string;
}

@InputType()
export class AssignRoleInput {
  @Field(() => OrgRole)
  role: OrgRole;

  @Field(() => ID)
  @IsUUID()
  staffId: string;

  @Field(() => ID, { nullable: true, description: '運用管理者の課 (A6)' })
  @IsOptional()
  @IsUUID()
  sectionId?: string | null;

  @Field(() => LocalDate)
  validFrom: string;

  @Field(() => LocalDate, { nullable: true })
  @IsOptional()
  validTo?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(0, 500)
  note?: string | null;
}

@InputType()
export class EndRoleAssignmentInput {
  @Field(() => ID)
  @IsUUID()
  id: string;

  @Field(() => LocalDate, { description: '最終日 (この日まで在任)' })
  lastDay: string;
}

@InputType()
export class AssignActingInput {
  @Field(() => OrgRole)
  role: OrgRole;

  @Field(() => ID)
  @IsUUID()
  actingStaffId: string;

  @Field(() => LocalDate)
  startsOn: string;

  @Field(() => LocalDate)
  endsOn: string;

  @Field(() => String)
  @Length(1, 500)
  reason: string;
}

@InputType()
export class AssignmentProposalIdInput {
  @Field(() => ID)
  @IsUUID()
  id: string;
}

@InputType()
export class RejectAssignmentProposalInput {
  @Field(() => ID)
  @IsUUID()
  id: string;

  @Field(() => String, { description: '却下の理由' })
  @Length(1, 500)
  reason: string;
}
