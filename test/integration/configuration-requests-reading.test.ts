// Issue 14 §6: the manager's list of change requests (/configuration/requests) reads each request's
// proposed fields with the item's current state. A page costs the same number of SQL statements
// however many requests it holds (DataLoaders, configuration.loaders.ts), not ~9 per row.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, startTestApp, type TestApp } from '../helpers/app.js';
import { itemIdsByNumber, newItem, requestChange } from '../helpers/configuration.js';
import { sectionIdOf, staffIdOf } from '../helpers/factories.js';
import { gql, signIn } from '../helpers/graphql.js';
import { DEMO } from '../helpers/people.js';

const REQUESTS = `query($first: Int) { configurationChangeRequests(first: $first) {
  nodes { id kind summary mayDecide requestedBy { staffNumber } item { registerNumber state }
          proposedFields { field before after } } } }`;

let t: TestApp;

beforeAll(async () => {
  // the caller is identified by SQL on every request (no principal cache): the count includes it, the same each time
  t = await startTestApp({ env: { IDENTITY_CACHE_SECONDS: '0' } });
});
afterAll(() => t.close());

describe('A14.1–2 the requests page reads flat in N', () => {
  it('A14.1–2 a page of 10 and a page of 50 requests (changes of room, section, person; installs on equipment) cost the same statements', async () => {
    const ds = t.db.dataSource;
    const items = await itemIdsByNumber(ds);
    const refs = { sectionId: await sectionIdOf(ds, 'S0202'), staffId: await staffIdOf(ds, DEMO.systemAdministrator) };
    const other = { sectionId: await sectionIdOf(ds, 'S0402'), staffId: await staffIdOf(ds, DEMO.manager) };
    const roomId = ((await ds.query(`SELECT id FROM room WHERE code = 'R01'`)) as { id: string }[])[0].id;
    const admin = await signIn(t.app.http, DEMO.systemAdministrator.staffNumber, DEMO_PASSWORD);
    const terminals = ['EQ-011', 'EQ-012', 'EQ-013'];
    for (let i = 0; i < 50; i++) {
      const install = (fields: Record<string, unknown>) =>
        requestChange(t.app.http, admin, { kind: 'INSTALL', item: newItem(fields, refs) });
      if (i % 3 === 0)
        await requestChange(t.app.http, admin, {
          kind: 'CHANGE',
          itemId: items[terminals[i % 3]],
          item: { sectionId: other.sectionId, responsibleStaffId: other.staffId, location: `窓口 ${i}` },
        });
      else if (i % 3 === 1)
        await install({
          registerNumber: `PG-${500 + i}`,
          kind: 'APPLICATION',
          name: `業務ソフト ${i}`,
          version: '1.0',
          installedOnId: items['EQ-001'],
        });
      else
        await install({
          registerNumber: `EQ-${500 + i}`,
          kind: 'NETWORK_DEVICE',
          name: `スイッチ ${i}`,
          roomId,
          rack: 'ラックB',
        });
    }
    const manager = await signIn(t.app.http, DEMO.manager.staffNumber, DEMO_PASSWORD);
    const pull = async (first: number) => {
      const before = t.db.logger.statements;
      const res = await gql(t.app.http, REQUESTS, { first }, manager);
      expect(res.errors).toBeUndefined();
      const nodes = res.data!.configurationChangeRequests.nodes as any[];
      expect(nodes).toHaveLength(first);
      return { statements: t.db.logger.statements - before, nodes };
    };
    const small = await pull(10);
    const large = await pull(50);
    expect(large.statements).toBe(small.statements);
    // the values are still the labels: the item's current state beside what is asked for
    const change = large.nodes.find((n) => n.kind === 'CHANGE');
    expect(change.proposedFields).toEqual(
      expect.arrayContaining([
        { field: 'section', before: expect.stringContaining('市民'), after: expect.any(String) },
        { field: 'location', before: '市民課窓口', after: expect.stringMatching(/^窓口 \d+$/) },
      ]),
    );
    const installs = large.nodes.filter((n) => n.kind === 'INSTALL').flatMap((n) => n.proposedFields);
    expect(installs).toEqual(
      expect.arrayContaining([
        { field: 'installedOn', before: null, after: 'EQ-001 コミュニケーションサーバ' },
        { field: 'room', before: null, after: expect.stringMatching(/^R01 /) },
      ]),
    );
  });
});
