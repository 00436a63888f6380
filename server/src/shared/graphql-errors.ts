import type { GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { ArgumentValidationError } from 'type-graphql';
import { AppError, ClientErrorCode, CommonErrorCode } from './errors.js';

/** Codes Apollo and graphql-js produce for a client's own mistake; their messages are safe. */
const CLIENT_CODES: ReadonlySet<string> = new Set([...Object.values(ClientErrorCode), CommonErrorCode.BAD_USER_INPUT]);

export interface ErrorLog {
  error(obj: object, msg: string): void;
}

/**
 * Every error leaves the server with extensions.code and a message meant for people. Known
 * application errors keep their code and message; client mistakes keep graphql's message;
 * anything else (a bug, a database failure) becomes INTERNAL_SERVER_ERROR with no stack, SQL or
 * internal message, and is logged in full on the server.
 */
export function makeFormatError(
  log: ErrorLog,
  /** every code a client may see (the ErrorCode enum); an AppError with another code is a bug */
  codes: ReadonlySet<string>,
) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    // Resolver errors arrive wrapped once; errors thrown by plugins (deny by default) too.
    let original = unwrapResolverError(error);
    const inner = (original as { originalError?: unknown } | null)?.originalError;
    if (!(original instanceof AppError) && inner instanceof AppError) original = inner;
    const base = { message: formatted.message, locations: formatted.locations, path: formatted.path };
    if (original instanceof AppError && codes.has(original.code)) {
      return { ...base, message: original.message, extensions: { code: original.code, ...original.details } };
    }
    if (original instanceof ArgumentValidationError) {
      const fields = original.extensions.validationErrors.map((v) => ({
        field: v.property,
        problems: Object.values(v.constraints ?? {}),
      }));
      return {
        ...base,
        message: '入力内容に誤りがあります (invalid input)',
        extensions: { code: CommonErrorCode.BAD_USER_INPUT, fields },
      };
    }
    const code = formatted.extensions?.code;
    if (typeof code === 'string' && CLIENT_CODES.has(code)) {
      return { ...base, extensions: { code } };
    }
    log.error(
      { err: original },
      original instanceof AppError
        ? `error code ${original.code} is not in ErrorCode: declare it in the module's errors enum`
        : 'unexpected error in GraphQL request',
    );
    return {
      message: '内部エラーが発生しました (internal error)',
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: CommonErrorCode.INTERNAL_SERVER_ERROR },
    };
  };
}
