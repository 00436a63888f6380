// Calendar dates as the office sees them (Asia/Tokyo), as ISO 'YYYY-MM-DD' strings.
import { GraphQLError, GraphQLScalarType, type ValueNode } from 'graphql';
import { DateTimeISOResolver, LocalDateResolver } from 'graphql-scalars';

const isoDate = new Map<string, Intl.DateTimeFormat>();

/** The calendar date of `at` in the given time zone, e.g. '2026-11-26'. */
export function dateIn(timeZone: string, at: Date = new Date()): string {
  let f = isoDate.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    isoDate.set(timeZone, f);
  }
  return f.format(at);
}

// ---------------------------------------------------------------------------------------------
// The date scalars of the API, limited to the years this system holds (1900–2999): PostgreSQL
// refuses some dates graphql-scalars accepts (year 0: 22008), a JavaScript Date reaches years
// PostgreSQL cannot (-271821), and a day or a year added near the edge must still be a date. A date
// outside is refused where graphql-js coerces the value, before any resolver runs.

export const FIRST_DAY = '1900-01-01';
export const LAST_DAY = '2999-12-31';
const OUT_OF_RANGE = `日付は ${FIRST_DAY}〜${LAST_DAY} です (dates run from ${FIRST_DAY} to ${LAST_DAY})`;

function ranged<T>(base: GraphQLScalarType<T, unknown>, inRange: (value: T) => boolean): GraphQLScalarType<T, unknown> {
  const check = (value: T, ast?: ValueNode): T => {
    if (!inRange(value)) throw new GraphQLError(OUT_OF_RANGE, ast ? { nodes: ast } : undefined);
    return value;
  };
  return new GraphQLScalarType<T, unknown>({
    ...base.toConfig(),
    parseValue: (value) => check(base.parseValue(value)),
    parseLiteral: (ast, variables) => check(base.parseLiteral(ast, variables), ast),
  });
}

/** 'YYYY-MM-DD' (graphql-scalars' LocalDate), 1900-01-01 to 2999-12-31: use it for every calendar date. */
export const LocalDate = ranged<string>(
  LocalDateResolver as GraphQLScalarType<string, unknown>,
  (d) => d >= FIRST_DAY && d <= LAST_DAY,
);

const FIRST_INSTANT = Date.parse(`${FIRST_DAY}T00:00:00Z`);
const END_INSTANT = Date.parse('3000-01-01T00:00:00Z');

/** An instant (graphql-scalars' DateTimeISO, type-graphql's scalar of Date) in the same years. */
export const DateTimeISO = ranged<Date>(
  DateTimeISOResolver as GraphQLScalarType<Date, unknown>,
  (d) => d.getTime() >= FIRST_INSTANT && d.getTime() < END_INSTANT,
);
