// GraphQL hardening (OWASP GraphQL Cheat Sheet) with graphql-armor: depth, alias, directive, token
// and cost limits run as validation rules, so an over-limit operation is refused before any
// resolver runs; "did you mean" suggestions are masked in production.
import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloArmor } from '@escape.tech/graphql-armor';
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

/**
 * PostgreSQL text cannot hold U+0000: refuse it in any variable up front (BAD_USER_INPUT), instead of
 * letting the insert fail later as an internal error.
 */
export const rejectNulPlugin: ApolloServerPlugin<BaseContext> = {
  async requestDidStart() {
    return {
      async didResolveOperation({ request }) {
        if (request.variables && JSON.stringify(request.variables).includes('\\u0000')) {
          throw new AppError(
            CommonErrorCode.BAD_USER_INPUT,
            '入力に使えない文字 (U+0000) が含まれています (NUL in input)',
          );
        }
      },
    };
  },
};
