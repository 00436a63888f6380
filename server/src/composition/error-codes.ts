// The one list of error codes a client can meet in errors[].extensions.code: shared's codes, the
// codes graphql-js and Apollo give a client's mistakes, and each module's enum from its manifest,
// folded like the policy table. It is the GraphQL enum ErrorCode in schema.graphql (web clients
// generate their types from it), and formatError lets no other code out.
import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { ClientErrorCode, CommonErrorCode, type ErrorCodeEnum } from '../shared/errors.js';
import { MODULES, type Modules } from './modules.js';

type CodesOf<M> = M extends { errorCodes?: infer E } ? E[keyof E] : never;
/** Every code, as a type: shared's, the client-mistake codes and every module's. */
export type ErrorCode = `${CommonErrorCode | ClientErrorCode | CodesOf<Modules[number]>}`;

/** Folds code enums into one; a code two modules both declare (STAFF_NOT_FOUND) is one code. */
export function foldErrorCodes(enums: readonly ErrorCodeEnum[]): Record<string, string> {
  const all: Record<string, string> = {};
  for (const e of enums) {
    for (const [key, value] of Object.entries(e)) {
      // a client reads the value; the schema shows the key: they must be the same word
      if (key !== value) throw new Error(`error code ${key} is sent as ${value}: name it as it is sent`);
      all[key] = value;
    }
  }
  return all;
}

export const ERROR_CODES = foldErrorCodes([
  CommonErrorCode,
  ClientErrorCode,
  ...MODULES.map((m) => m.errorCodes ?? {}),
]) as { readonly [C in ErrorCode]: C };

/** The same, for formatError: the codes that may leave the server. */
export const KNOWN_ERROR_CODES: ReadonlySet<string> = new Set(Object.values(ERROR_CODES));

registerEnumType(ERROR_CODES, {
  name: 'ErrorCode',
  description: 'エラーの種類 (errors[].extensions.code)。これ以外のコードは返りません',
});

/**
 * What every error carries in errors[].extensions. No field returns it: it is in the schema so that
 * clients can generate ErrorCode (and read extensions) with the same tools as everything else.
 */
@ObjectType({ description: 'GraphQL エラーの extensions (どのフィールドも返さない、型の生成用)' })
export class ErrorExtensions {
  @Field(() => ERROR_CODES)
  code: ErrorCode;
}
