import 'reflect-metadata';
import type { GraphQLSchema } from 'graphql';
import { buildSchema, type NonEmptyArray } from 'type-graphql';
import { PolicyAuthChecker } from '../shared/auth-checker.js';
import { DateTimeISO } from '../shared/dates.js';
import { ErrorExtensions } from './error-codes.js';
import { MODULES } from './modules.js';

/** The GraphQL schema, from the module list's resolver classes, authorised by the folded policy. */
export function createSchema(): Promise<GraphQLSchema> {
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  const resolvers = MODULES.flatMap((m) => m.resolvers) as unknown as NonEmptyArray<Function>;
  return buildSchema({
    resolvers,
    // ErrorExtensions is returned by no field: listed so that the ErrorCode enum is in the schema
    orphanedTypes: [ErrorExtensions],
    authChecker: PolicyAuthChecker,
    validate: true,
    // every Date in the API: type-graphql's DateTimeISO, limited to the years the database holds
    scalarsMap: [{ type: Date, scalar: DateTimeISO }],
  });
}
