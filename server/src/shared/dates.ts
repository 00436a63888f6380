// Calendar dates as the office sees them (Asia/Tokyo), as ISO 'YYYY-MM-DD' strings.
import { GraphQLError, GraphQLScalarType, type ValueNode } from 'graphql';
import { DateTimeISOResolver, LocalDateResolver } from 'graphql-scalars';

const SINCE_2000 = Date.UTC(2000, 0, 1);
const isoDate = new Map<string, { format: Intl.DateTimeFormat; minute: number; date: string }>();

/**
 * The calendar date of `at` in the given time zone, e.g. '2026-11-26'. The last answer per zone is
 * kept for its minute (every request asks; Intl's format is not cheap): since 2000 every zone's
 * offset is whole minutes, so the date cannot change within one (before, some had seconds).
 */
export function dateIn(timeZone: string, at: Date = new Date()): string {
  let f = isoDate.get(timeZone);
  if (!f) {
    const format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    isoDate.set(timeZone, (f = { format, minute: NaN, date: '' }));
  }
  const minute = at.getTime() >= SINCE_2000 ? Math.floor(at.getTime() / 60_000) : NaN;
  if (minute !== f.minute) {
    f.date = f.format.format(at);
    f.minute = minute;
  }
  return f.date;
}

// ---------------------------------------------------------------------------------------------
// The date scalars of the API, limited to what the database and the code around it hold: PostgreSQL
// refuses some dates graphql-scalars accepts (year 0: 22008), a JavaScript Date reaches years
// PostgreSQL cannot (-271821), and a day added near the edge must still be a date. A value outside
// is refused where graphql-js coerces it, before any resolver runs. Calendar dates (roles, the
// council, compliance) run 1900–2999; instants up to the end of 9999, because the register stores
// an event with an impossible device time at its arrival, flagged, rather than lose it.
export const FIRST_DAY = '1900-01-01';
export const LAST_DAY = '2999-12-31';
const outOfRange = (last: string) => `日付は ${FIRST_DAY}〜${last} です (dates run from ${FIRST_DAY} to ${last})`;

function ranged<T>(
  base: GraphQLScalarType<T, unknown>,
  last: string,
  inRange: (value: T) => boolean,
): GraphQLScalarType<T, unknown> {
  const check = (value: T, ast?: ValueNode): T => {
    if (!inRange(value)) throw new GraphQLError(outOfRange(last), ast ? { nodes: ast } : undefined);
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
  LAST_DAY,
  (d) => d >= FIRST_DAY && d <= LAST_DAY,
);

const FIRST_INSTANT = Date.parse(`${FIRST_DAY}T00:00:00Z`);
const END_INSTANT = Date.parse('+010000-01-01T00:00:00Z');

/** An instant (graphql-scalars' DateTimeISO, type-graphql's scalar of Date) from 1900 to the end of 9999. */
export const DateTimeISO = ranged<Date>(
  DateTimeISOResolver as GraphQLScalarType<Date, unknown>,
  '9999-12-31',
  (d) => d.getTime() >= FIRST_INSTANT && d.getTime() < END_INSTANT,
);
