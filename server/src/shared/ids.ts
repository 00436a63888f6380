import { GraphQLError, GraphQLID, GraphQLScalarType, Kind } from 'graphql';

/** A UUID in any letter case (PostgreSQL's uuid accepts both; compare after lower-casing). */
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (v: unknown): v is string => typeof v === 'string' && UUID.test(v);
/** 'YYYY-MM' of a month this system can hold (2000–2999). */
export const MONTH = /^(2\d{3})-(0[1-9]|1[0-2])$/;

const NOT_AN_ID = 'ID は UUID です (an id is a UUID, e.g. 0f8fad5b-d9cb-469f-a165-70867728950e)';

/**
 * The API's one id type: every id this server is given is a UUID, checked where graphql-js coerces
 * a value of this type (a literal in the query or a variable, at any depth of an input), so a
 * malformed id is refused before any resolver runs and never reaches PostgreSQL. It keeps the
 * built-in's name, so schema.graphql, the web's operations and API clients' documents are unchanged;
 * use it instead of type-graphql's `ID` (the schema refuses two types named ID, and the linter the
 * import). Ids go out as the built-in writes them (the audit trail's are numbers). Ids are given
 * back in lower case, as PostgreSQL prints them, so they compare equal in code too.
 */
export const ID = new GraphQLScalarType<unknown, string>({
  name: 'ID',
  description: 'UUID',
  serialize: GraphQLID.serialize,
  parseValue(value) {
    if (!isUuid(value)) throw new GraphQLError(NOT_AN_ID);
    return value.toLowerCase();
  },
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING || !isUuid(ast.value)) throw new GraphQLError(NOT_AN_ID, { nodes: ast });
    return ast.value.toLowerCase();
  },
});
