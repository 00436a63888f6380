// GraphQL hardening (OWASP GraphQL Cheat Sheet) with graphql-armor: depth, alias, directive, token
// and cost limits run as validation rules, so an over-limit operation is refused before any
// resolver runs; "did you mean" suggestions are masked in production.
import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import { BREAK, GraphQLError, visit, type ASTVisitor, type ValidationContext } from 'graphql';
import type { BaseContext } from './context.js';
import { AppError, CommonErrorCode } from './errors.js';
import type { AppConfig } from '../config.js';

export const LIMITS = {
  maxDepth: 10,
  maxAliases: 15,
  maxDirectives: 10,
  maxTokens: 3000,
  maxCost: 20_000,
} as const;

export function armorFor(config: AppConfig) {
  return new ApolloArmor({
    blockFieldSuggestion: { enabled: config.nodeEnv === 'production' },
    maxDepth: { enabled: true, n: LIMITS.maxDepth },
    maxAliases: { enabled: true, n: LIMITS.maxAliases },
    maxDirectives: { enabled: true, n: LIMITS.maxDirectives },
    // Token limit: graphql-js's own parser option (parseOptions in app.ts), which keeps a syntax
    // error a GRAPHQL_PARSE_FAILED; armor's token plugin re-parses and reports it as validation.
    maxTokens: { enabled: false },
    costLimit: { enabled: true, maxCost: LIMITS.maxCost },
  }).protect();
}

/** Text PostgreSQL cannot hold: U+0000, and UTF-16 that is not Unicode (a lone surrogate). */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const unstorable = (text: string) => text.includes('\u0000') || LONE_SURROGATE.test(text);

/** Whether a variable value holds such text anywhere (strings and object keys, at any depth). */
function holdsUnstorable(value: unknown): boolean {
  if (typeof value === 'string') return unstorable(value);
  if (Array.isArray(value)) return value.some(holdsUnstorable);
  if (value !== null && typeof value === 'object')
    return Object.entries(value).some(([k, v]) => unstorable(k) || holdsUnstorable(v));
  return false;
}

/**
 * PostgreSQL text and jsonb cannot hold U+0000 (22021, 22P05): refuse it, and text that is not
 * Unicode, anywhere in the request (the document's strings, "\u0000" escapes included, and every
 * variable, JSON scalars too) before any resolver runs, instead of letting a statement fail later
 * as an internal error. (A raw NUL in the document is already a parse error.)
 */
export const rejectNulPlugin: ApolloServerPlugin<BaseContext> = {
  async requestDidStart() {
    return {
      async didResolveOperation({ request, document }) {
        let found = holdsUnstorable(request.variables ?? null);
        if (!found)
          visit(document, {
            StringValue(node) {
              if (unstorable(node.value)) {
                found = true;
                return BREAK;
              }
            },
          });
        if (found) {
          throw new AppError(
            CommonErrorCode.BAD_USER_INPUT,
            '入力に使えない文字 (U+0000 など) が含まれています (NUL or invalid Unicode in input)',
          );
        }
      },
    };
  },
};

/**
 * An error thrown before execution (by a plugin's didResolveOperation: the policy, the NUL check)
 * is about the request as a whole; Apollo answers it with HTTP 500 unless the error says otherwise.
 * When every error of such an answer has a code a client may see (formatError masks everything else
 * as INTERNAL_SERVER_ERROR), the request was refused, not failed: 400, as for a parse or
 * validation error. Errors of fields keep HTTP 200 with their code.
 */
export const clientErrorStatusPlugin: ApolloServerPlugin<BaseContext> = {
  async requestDidStart() {
    return {
      async willSendResponse({ response }) {
        if (response.http.status !== 500 || response.body.kind !== 'single') return;
        const { errors, data } = response.body.singleResult;
        if (data !== undefined || !errors?.length) return;
        if (errors.every((e) => e.extensions?.code && e.extensions.code !== CommonErrorCode.INTERNAL_SERVER_ERROR))
          response.http.status = 400;
      },
    };
  },
};

/**
 * graphql-js 16 validates a `subscription` (or a mutation) against a schema without that root type
 * as if it were fine, and fails it later; refuse it while validating (graphql-js 17's
 * KnownOperationTypesRule), so it is a GRAPHQL_VALIDATION_FAILED like any unknown field.
 */
export function KnownOperationTypesRule(context: ValidationContext): ASTVisitor {
  const schema = context.getSchema();
  return {
    OperationDefinition(node) {
      if (!schema.getRootType(node.operation))
        context.reportError(
          new GraphQLError(`この API に ${node.operation} はありません (the schema has no ${node.operation} type)`, {
            nodes: node,
          }),
        );
    },
  };
}
