import 'reflect-metadata';
import type { GraphQLSchema } from 'graphql';
import { buildSchema, type NonEmptyArray } from 'type-graphql';
import { PolicyAuthChecker } from '../shared/auth-checker.js';
import { ErrorExtensions } from './error-codes.js';
import { MODULES } from './modules.js';

/** The GraphQL schema, from the module list's resolver classes, authorised by the folded policy. */
export function createSchema(): Promise<GraphQLSchema> {
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  const resolvers = MODULES.flatMap((m) => m.resolvers) as unknown as NonEmptyArray<Function>;
  // ErrorExtensions is returned by no field: listed so that the ErrorCode enum is in the schema
  return buildSchema({ resolvers, orphanedTypes: [ErrorExtensions], authChecker: PolicyAuthChecker, validate: true });
}
