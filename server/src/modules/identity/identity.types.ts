import { Length, MaxLength, IsUUID } from 'class-validator';
import { Field, InputType, ObjectType } from 'type-graphql';
import { ID } from '../../shared/ids.js';
import { Staff } from '../organisation/index.js';
import { Authority } from '../../shared/authority.js';

@ObjectType({ description: 'サインイン中の職員' })
export class Me {
  @Field(() => Staff)
  staff: Staff;

  @Field(() => [Authority], { description: '本日の権限 (職務代理を含む)' })
  authorities: Authority[];

  @Field(() => Date)
  sessionExpiresAt: Date;
}

@InputType()
export class SignInInput {
  @Field(() => String, { description: '職員番号' })
  @Length(1, 16)
  staffNumber: string;

  @Field(() => String)
  @Length(1, 200)
  password: string;
}

@InputType()
export class ChangePasswordInput {
  @Field(() => String)
  @Length(1, 200)
  currentPassword: string;

  @Field(() => String)
  @MaxLength(200)
  newPassword: string;
}

@InputType()
export class SetStaffPasswordInput {
  @Field(() => ID)
  @IsUUID()
  staffId: string;

  @Field(() => String)
  @MaxLength(200)
  password: string;
}

@InputType()
export class StaffIdInput {
  @Field(() => ID)
  @IsUUID()
  staffId: string;
}
