import { LocalDate } from '../../shared/dates.js';
import { Field, ObjectType } from 'type-graphql';
import { ActingAssignment } from './acting-assignment.entity.js';
import { CouncilPosition, OrgRole } from '../../shared/authority.js';
import { RoleAssignment } from './role-assignment.entity.js';
import { Section } from './section.entity.js';
import { Staff } from './staff.entity.js';

/** Who holds one role (for an operations manager: in one section) on a date; vacant when holder is null. */
@ObjectType({ description: '役割と在任者' })
export class RoleHolder {
  @Field(() => OrgRole)
  role: OrgRole;

  @Field(() => Section, { nullable: true, description: '運用管理者の課 (A6)' })
  section: Section | null;

  @Field(() => RoleAssignment, { nullable: true })
  assignment: RoleAssignment | null;

  @Field(() => Staff, { nullable: true, description: '在任者 (null: 欠員)' })
  holder: Staff | null;

  @Field(() => ActingAssignment, { nullable: true, description: '職務代理 (A9.7)' })
  acting: ActingAssignment | null;

  @Field(() => Staff, { nullable: true, description: 'その日に権限を持つ者: 代理者がいれば代理者' })
  effectiveHolder: Staff | null;
}

@ObjectType({ description: '会議の構成員 (A9.3)' })
export class CouncilMember {
  @Field(() => Staff)
  staff: Staff;

  @Field(() => CouncilPosition)
  position: CouncilPosition;

  @Field(() => [OrgRole])
  roles: OrgRole[];

  @Field(() => [Section], { description: '運用管理者として担当する課' })
  sections: Section[];
}

@ObjectType({ description: '住民基本台帳ネットワーク会議 (A9)' })
export class Council {
  @Field(() => LocalDate)
  on: string;

  @Field(() => CouncilMember, { nullable: true, description: '議長 = 統括者 (A9.4)' })
  chair: CouncilMember | null;

  @Field(() => CouncilMember, { nullable: true, description: '副議長 = 副統括者 (A9.6)' })
  viceChair: CouncilMember | null;

  @Field(() => ActingAssignment, { nullable: true, description: '議長の職務代理 (A9.7)' })
  actingChair: ActingAssignment | null;

  @Field(() => [CouncilMember])
  members: CouncilMember[];

  @Field(() => [OrgRole], { description: '欠員の役割' })
  vacantRoles: OrgRole[];

  @Field(() => [Section], { description: '庶務 = 電子情報を担当する課 (A9.10)' })
  secretariat: Section[];
}
