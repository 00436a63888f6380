// Parameters of a statement put together from parts written in different places (a module's
// statement with another module's CTE in it): each part adds its values and gets their placeholders.

/** Adds a value to the statement's parameters and gives its placeholder (`$n`). */
export type SqlParam = (value: unknown) => string;

/** A placeholder maker that continues after `values` (the ones the statement already numbered), appending to it. */
export function paramsAfter(values: unknown[]): SqlParam {
  return (value) => `$${values.push(value)}`;
}
