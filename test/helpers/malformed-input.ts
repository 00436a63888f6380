// Malformed requests generated from schema.graphql (Hardening §2): for every root field, one valid
// looking call, then the same call with one argument or input field (at any depth) replaced by a
// malformed value of its type: ids that are no ids, NULs, oversize strings, dates and numbers
// out of range, wrong types, null where a value is required. Each case is one request, so no case
// can hide another behind an earlier refusal.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  buildSchema,
  getNamedType,
  isCompositeType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLSchema,
} from 'graphql';

export const NIL_ID = '00000000-0000-4000-8000-000000000000';
const NUL = 'a\u0000b';
const BIG = 'x'.repeat(100_000);
const deep = (n: number): unknown => (n === 0 ? NUL : { a: deep(n - 1) });

/** Malformed values by the name of a scalar (or the kind of type); each becomes its own request. */
const MALFORMED: Record<string, unknown[]> = {
  ID: ['not-a-uuid', '', NUL, BIG, `${NIL_ID.slice(0, -1)}g`, 123],
  String: [NUL, BIG, '1:9999999999999999999', 'ﾃｽﾄ\ud800', 123],
  Int: [2147483648, 2147483647, -1, 0, '1'],
  Float: [1e308, -1e308, Number.MAX_SAFE_INTEGER, '1.5'],
  Boolean: ['true'],
  LocalDate: ['0000-01-01', '9999-12-31', '10000-01-01', '2026-02-30', NUL, 20261126],
  DateTimeISO: [
    '0000-01-01T00:00:00.000Z',
    '-271821-04-20T00:00:00.000Z',
    '+275760-09-13T00:00:00.000Z',
    '9999-12-31T23:59:59.999Z',
    8.64e15,
  ],
  JSON: [{ a: NUL }, { [NUL]: 1 }, deep(500), 'x', { a: BIG }],
  JSONObject: [{ a: NUL }, { [NUL]: 1 }, deep(500), 'x', { a: BIG }],
  enum: ['NOT_A_VALUE', NUL],
  input: ['x', { bogus: 1 }],
  list: [[null], 'x'],
};

/** Values of a valid-looking call; `ids` and `strings` by argument or field name, the rest by type. */
export interface Baseline {
  ids: Record<string, string | string[]>;
  strings: Record<string, string>;
}

export interface MalformedCase {
  field: string;
  /** where the value went and what it was, for the failure list */
  label: string;
  /** the kind of value malformed: a scalar's name, enum, input, list; "literal …" in the query text */
  kind: string;
  query: string;
  variables: Record<string, unknown>;
}

export function loadSchemaFile(): GraphQLSchema {
  return buildSchema(readFileSync(path.join(import.meta.dirname, '../../schema.graphql'), 'utf8'));
}

/** A valid-looking value of a type; nullable inputs are left out. */
function valid(type: GraphQLInputType, name: string, base: Baseline): unknown {
  const t = isNonNullType(type) ? type.ofType : type;
  if (isListType(t)) {
    const own = base.ids[name];
    return Array.isArray(own) ? own : [valid(t.ofType, name, base)];
  }
  if (isInputObjectType(t)) {
    const out: Record<string, unknown> = {};
    for (const f of Object.values(t.getFields()))
      if (isNonNullType(f.type) && f.defaultValue === undefined) out[f.name] = valid(f.type, f.name, base);
    return out;
  }
  if (isEnumType(t)) return t.getValues()[0].value;
  switch (t.name) {
    case 'ID': {
      const own = base.ids[name];
      return typeof own === 'string' ? own : Array.isArray(own) ? own[0] : NIL_ID;
    }
    case 'String':
      return base.strings[name] ?? 'x';
    case 'Int':
      return 1;
    case 'Boolean':
      return true;
    case 'LocalDate':
      return '2026-11-26';
    case 'DateTimeISO':
      return '2026-11-26T00:00:00.000Z';
    default:
      return {};
  }
}

function kindOf(type: GraphQLInputType): string {
  const t = isNonNullType(type) ? type.ofType : type;
  return isListType(t) ? 'list' : isInputObjectType(t) ? 'input' : isEnumType(t) ? 'enum' : t.name;
}

function malformedOf(type: GraphQLInputType): unknown[] {
  const kind = kindOf(type);
  const values = MALFORMED[kind];
  if (!values) throw new Error(`no malformed values for ${kind}: add them to MALFORMED`);
  return isNonNullType(type) ? [...values, null] : values;
}

/** Every place a value can go under one argument: [path, type, name] (list elements as index 0). */
function* slots(
  type: GraphQLInputType,
  at: (string | number)[],
  name: string,
): Generator<[(string | number)[], GraphQLInputType, string]> {
  yield [at, type, name];
  const t = isNonNullType(type) ? type.ofType : type;
  if (isListType(t)) yield* slots(t.ofType, [...at, 0], name);
  else if (isInputObjectType(t))
    for (const f of Object.values(t.getFields())) yield* slots(f.type, [...at, f.name], f.name);
}

/** The argument values with `value` put at `at` (creating the objects on the way). */
function put(args: Record<string, unknown>, at: (string | number)[], value: unknown): Record<string, unknown> {
  const copy = structuredClone(args);
  let node: any = copy;
  for (const key of at.slice(0, -1)) {
    if (node[key] == null || typeof node[key] !== 'object') node[key] = typeof key === 'number' ? [] : {};
    node = node[key];
  }
  node[at.at(-1)!] = value;
  return copy;
}

/** The operation calling `field` with each argument as a variable of its own type. */
function operation(kind: 'query' | 'mutation', field: GraphQLField<unknown, unknown>, present: string[]): string {
  const byName = new Map(field.args.map((a) => [a.name, a] as [string, GraphQLArgument]));
  const vars = present.map((n) => `$${n}: ${String(byName.get(n)!.type)}`).join(', ');
  const args = present.map((n) => `${n}: $${n}`).join(', ');
  const selection = isCompositeType(getNamedType(field.type)) ? ' { __typename }' : '';
  return `${kind} M${vars ? `(${vars})` : ''} { ${field.name}${args ? `(${args})` : ''}${selection} }`;
}

/** A value written into the query text (enum values bare), for the cases of literals. */
function literal(value: unknown, type: GraphQLInputType): string {
  const t = isNonNullType(type) ? type.ofType : type;
  if (value === null) return 'null';
  if (isEnumType(t) && typeof value === 'string' && /^[A-Z_]+$/.test(value)) return value;
  if (Array.isArray(value)) return `[${value.map((v) => literal(v, isListType(t) ? t.ofType : t)).join(', ')}]`;
  if (typeof value === 'object') {
    const fields = isInputObjectType(t) ? t.getFields() : {};
    return `{ ${Object.entries(value as object)
      .map(([k, v]) => `${/^[_A-Za-z]\w*$/.test(k) ? k : 'bad'}: ${literal(v, fields[k]?.type ?? t)}`)
      .join(', ')} }`;
  }
  return JSON.stringify(value);
}

const show = (v: unknown) => {
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 40 ? `${s.slice(0, 37)}…` : s;
};

/** Every malformed case of every root Query and Mutation field. */
export function malformedCases(schema: GraphQLSchema, base: Baseline): MalformedCase[] {
  const cases: MalformedCase[] = [];
  for (const root of [schema.getQueryType()!, schema.getMutationType()!]) {
    const kind = root === schema.getQueryType() ? 'query' : 'mutation';
    for (const field of Object.values(root.getFields())) {
      const name = `${root.name}.${field.name}`;
      const args: Record<string, unknown> = {};
      for (const a of field.args)
        if (isNonNullType(a.type) && a.defaultValue === undefined) args[a.name] = valid(a.type, a.name, base);
      const add = (label: string, valueKind: string, values: Record<string, unknown>) =>
        cases.push({
          field: name,
          label,
          kind: valueKind,
          query: operation(kind, field, Object.keys(values)),
          variables: values,
        });
      // an argument the field does not have: refused by validation, never a 500
      cases.push({
        field: name,
        label: 'unknown argument',
        kind: 'argument',
        query: `${kind} { ${field.name}(bogus: 1)${isCompositeType(getNamedType(field.type)) ? ' { __typename }' : ''} }`,
        variables: {},
      });
      for (const a of field.args) {
        for (const [at, type, leaf] of slots(a.type, [a.name], a.name)) {
          for (const bad of malformedOf(type)) {
            // a slot inside a list or input object needs the valid value around it
            const around =
              at.length > 1 && !(a.name in args) ? { ...args, [a.name]: valid(a.type, a.name, base) } : args;
            add(`${at.join('.')} = ${show(bad)}`, kindOf(type), put(around, at, bad));
          }
          // the same value as a literal in the query text (NUL and dates parsed by the server)
          if (at.length === 1 && !isListType(isNonNullType(type) ? type.ofType : type)) {
            for (const bad of malformedOf(type).filter((v) => typeof v === 'string' && v.length < 1000)) {
              const written = field.args
                .filter((x) => x.name === a.name || x.name in args)
                .map((x) => `${x.name}: ${literal(x.name === a.name ? bad : args[x.name], x.type)}`)
                .join(', ');
              const selection = isCompositeType(getNamedType(field.type)) ? ' { __typename }' : '';
              cases.push({
                field: name,
                label: `literal ${a.name}: ${show(bad)} (${leaf})`,
                kind: `literal ${kindOf(type)}`,
                query: `${kind} { ${field.name}(${written})${selection} }`,
                variables: {},
              });
            }
          }
        }
      }
    }
  }
  return cases;
}
