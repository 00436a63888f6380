import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { getNamedType, isObjectType, isScalarType, type GraphQLObjectType } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pendingSchemaSql } from '../../server/src/db/migration-drift.js';
import { createSchema } from '../../server/src/composition/schema.js';
import { renderSchemaFile, schemaFileDrift } from '../../server/src/schema-file.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';

describe('schema.graphql', () => {
  it('is the committed copy of the schema the server builds', async () => {
    expect(await schemaFileDrift(await createSchema(), 'schema.graphql')).toBeNull();
  });

  it('is reported stale by the check when it differs from the resolvers', async () => {
    const schema = await createSchema();
    const file = path.join(await mkdtemp(path.join(tmpdir(), 'schema-')), 'schema.graphql');
    await writeFile(file, renderSchemaFile(schema).replace('staffNumber: String!', 'staffNo: String!'));
    expect(await schemaFileDrift(schema, file)).toMatch(/is stale/);
  });

  it('has no field that carries a secret (hash, password, PIN, token, salt, key)', async () => {
    const text = await readFile('schema.graphql', 'utf8');
    const schema = await createSchema();
    const fields = Object.values(schema.getTypeMap())
      // Mutation fields take secrets in (passwords); output types must never give one out.
      .filter((t) => isObjectType(t) && !t.name.startsWith('__') && t.name !== 'Mutation')
      // A secret is a value: only scalar fields can carry one (objects such as ApiToken are metadata).
      .flatMap((t) =>
        Object.values((t as GraphQLObjectType).getFields())
          .filter((f) => isScalarType(getNamedType(f.type)))
          .map((f) => `${t.name}.${f.name}`),
      );
    expect(fields.length).toBeGreaterThan(20);
    const secret = /(hash|password|passwd|secret(?!ariat)|pin(?![a-z])|pincode|token|salt|privatekey|credential)/i;
    // The audit trail's chain hashes are public by design: anyone verifying the chain needs them.
    // CreatedApiToken.token is the one deliberate exception: a new token is shown once, in the
    // response of createApiToken, and is stored only as a hash (never readable again).
    // PairedDevice.credential likewise: the tablet receives it once when it pairs.
    // StaffAccount.hasPassword / passwordChangedAt are a yes/no and a date about a password, not it.
    const publicHashes = new Set([
      'AuditEntry.hash',
      'AuditEntry.hashVersion', // which fields the hash covers (1 or 2), not a secret
      'AuditEntry.prevHash',
      'CreatedApiToken.token',
      'PairedDevice.credential',
      'StaffAccount.hasPassword',
      'StaffAccount.passwordChangedAt',
    ]);
    expect(fields.filter((f) => secret.test(f.split('.')[1]) && !publicHashes.has(f))).toEqual([]);
    // The same over the committed file, for scalar-looking lines: "name: String" style.
    const typeBlocks = text
      .split(/\n(?=type |input |enum |scalar )/)
      .filter(
        (b) =>
          b.startsWith('type ') &&
          !b.startsWith('type Mutation') &&
          !b.startsWith('type AuditEntry') &&
          !b.startsWith('type CreatedApiToken') &&
          !b.startsWith('type StaffAccount'),
      );
    expect(typeBlocks.join('\n')).not.toMatch(
      /\b\w*(Hash|hash|Password|password|Secret(?!ariat)|secret(?!ariat))\w*\s*[:(]/,
    );
  });
});

describe('migrations', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.drop());

  it('leave nothing for the entities to add on a migrated database', async () => {
    expect(await pendingSchemaSql(db.dataSource)).toEqual({ up: [], down: [] });
  });

  it('are reported missing when the database lacks what the entities describe', async () => {
    // as if the migration creating api_token had never been written
    await db.dataSource.query(`DROP TABLE api_token`);
    const pending = await pendingSchemaSql(db.dataSource);
    expect(pending.up.some((q) => q.startsWith('CREATE TABLE "api_token"'))).toBe(true);
  });
});
