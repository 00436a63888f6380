import 'reflect-metadata';
import type { GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { organisationResolvers } from './modules/organisation/organisation.resolver.js';

/** The GraphQL schema, from an explicit list of resolver classes. */
export function createSchema(): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers: [...organisationResolvers],
    validate: true,
  });
}
