import { IsOptional, Length } from 'class-validator';
import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, InputType } from 'type-graphql';
import type { ReauthenticationProof } from './reauthentication.service.js';

/**
 * The re-authentication fields of an input for a sensitive change of one's own account (an API
 * token, a new passkey, the door PIN): the current password, or for staff who have only passkeys a
 * fresh assertion of one (Hardening §4). Exactly one of the two; ReauthenticationService.verify checks.
 */
// a type of its own only for type-graphql's inheritance: the schema emits no unreachable type
@InputType()
export abstract class ReauthenticationInput implements ReauthenticationProof {
  @Field(() => String, {
    nullable: true,
    description: '現在のパスワード (本人確認: 盗まれたセッションだけでは変更させない)。passkey とどちらか一方',
  })
  @IsOptional()
  @Length(1, 200)
  currentPassword?: string | null;

  @Field(() => GraphQLJSONObject, {
    nullable: true,
    description:
      'パスキーでの本人確認: beginPasskeyReauthentication のオプションで navigator.credentials.get() した結果 (JSON)。currentPassword とどちらか一方',
  })
  @IsOptional()
  passkey?: Record<string, unknown> | null;
}

/** The proof alone, as ReauthenticationService.verify takes it. */
export const proofOf = (input: ReauthenticationProof): ReauthenticationProof => ({
  currentPassword: input.currentPassword ?? null,
  passkey: input.passkey ?? null,
});
