import { describe, expect, it } from 'vitest';
import { GraphQLRequestError } from '../../api/graphql-client.js';
import { createOutboxCore, type OutboxCoreOptions } from './outbox-core.js';
import { afterFailure, verdictOf } from './outbox-rules.js';
import type { OutboxItem, OutboxStore } from './outbox-types.js';

/** The outbox's storage as IndexedDB keeps it, in memory (copies in and out, oldest first). */
function memoryStore(): OutboxStore & { rows: Map<string, OutboxItem> } {
  const rows = new Map<string, OutboxItem>();
  const copy = <T>(x: T): T => structuredClone(x);
  return {
    rows,
    async add(item) {
      if (rows.has(item.clientId)) return false;
      rows.set(item.clientId, copy(item));
      return true;
    },
    all: async () => [...rows.values()].map(copy).sort((a, b) => a.createdAt.localeCompare(b.createdAt)),
    get: async (id) => (rows.has(id) ? copy(rows.get(id)!) : undefined),
    put: async (item) => void rows.set(item.clientId, copy(item)),
    delete: async (id) => void rows.delete(id),
  };
}

/**
 * A server that stores each client id once (as reportIncident does), can be out of reach, and can
 * lose its answer after storing.
 */
function fakeServer() {
  const stored = new Map<string, unknown>();
  const s = {
    stored,
    calls: 0,
    reachable: true,
    loseNextAnswer: false,
    refuse: null as string | null,
    async report(p: { clientId: string; summary: string }) {
      s.calls += 1;
      if (!s.reachable) throw new GraphQLRequestError('NETWORK_ERROR', 'network unreachable');
      if (s.refuse) throw new GraphQLRequestError(s.refuse, 'refused');
      if (!stored.has(p.clientId)) stored.set(p.clientId, p.summary);
      if (s.loseNextAnswer) {
        s.loseNextAnswer = false;
        throw new GraphQLRequestError('NETWORK_ERROR', 'connection reset');
      }
      return { id: `incident-${p.clientId}` };
    },
  };
  return s;
}

const ME = { staffId: 'staff-ito', name: '伊藤 直子' };
let seq = 0;
function setup(opts: Partial<OutboxCoreOptions> = {}) {
  const store = memoryStore();
  const server = fakeServer();
  let clock = Date.parse('2026-11-26T01:00:00Z');
  const core = createOutboxCore({
    store,
    whoAmI: async () => ME.staffId,
    now: () => new Date((clock += 1000)),
    newId: () => `00000000-0000-4000-8000-${String(++seq).padStart(12, '0')}`,
    ...opts,
  });
  core.define<{ clientId: string; summary: string }>('incident.report', (p) => server.report(p));
  const report = (summary: string, owner = ME) =>
    core.enqueue(
      'incident.report',
      { clientId: `c-${summary}`, summary },
      {
        clientId: `c-${summary}`,
        owner,
        display: { title: summary },
      },
    );
  return { store, server, core, report };
}

describe('Issue 13 §6: the outbox keeps work until the server has it', () => {
  it('keeps an item with its client id, payload, owner, no attempts and no error', async () => {
    const { core, report } = setup();
    const kept = await report('ウイルスを検知');
    expect(kept).toMatchObject({
      clientId: 'c-ウイルスを検知',
      kind: 'incident.report',
      payload: { summary: 'ウイルスを検知' },
      owner: ME,
      attempts: 0,
      lastError: null,
      refused: null,
    });
    expect(await core.items()).toHaveLength(1);
  });

  it('keeps the same client id once: a second keep answers the first item', async () => {
    const { core, report } = setup();
    const first = await report('同じ報告');
    const again = await report('同じ報告');
    expect(again.createdAt).toBe(first.createdAt);
    expect(await core.items()).toHaveLength(1);
  });

  it('sends what waits oldest first and lets each go only when the server has it', async () => {
    const { core, server, report } = setup();
    const order: string[] = [];
    core.define<{ clientId: string; summary: string }>('incident.report', async (p) => {
      order.push(p.summary);
      return server.report(p);
    });
    await report('一');
    await report('二');
    const run = await core.sendAll();
    expect(run.outcome).toBe('ok');
    expect(order).toEqual(['一', '二']);
    expect(run.sent.map((s) => s.result)).toEqual([{ id: 'incident-c-一' }, { id: 'incident-c-二' }]);
    expect(await core.items()).toEqual([]);
  });

  it('offline: keeps everything, counts the attempt with its error, and stops there', async () => {
    const { core, server, report } = setup();
    await report('一');
    await report('二');
    server.reachable = false;
    const run = await core.sendAll();
    expect(run.outcome).toBe('offline');
    expect(server.calls).toBe(1); // the second is not tried against a server out of reach
    const [a, b] = await core.items();
    expect([a.attempts, a.lastError, b.attempts]).toEqual([1, 'NETWORK_ERROR', 0]);
    server.reachable = true;
    expect((await core.sendAll()).outcome).toBe('ok');
    expect([...server.stored.keys()]).toEqual(['c-一', 'c-二']);
  });

  it('a response lost after the server committed: the item stays, the resend is stored once', async () => {
    const { core, server, report } = setup();
    await report('応答が失われた');
    server.loseNextAnswer = true;
    expect((await core.sendAll()).outcome).toBe('offline');
    expect(server.stored.size).toBe(1); // the server has it …
    expect(await core.items()).toHaveLength(1); // … the phone does not know
    expect((await core.sendAll()).outcome).toBe('ok');
    expect(server.calls).toBe(2);
    expect(server.stored.size).toBe(1);
    expect(await core.items()).toEqual([]);
  });

  it('a refusal stops that item for good (kept for the person to see) and holds nothing else back', async () => {
    const { core, server, report } = setup();
    await report('不正な報告');
    const send = server.report;
    server.report = async (p) => {
      if (p.summary === '不正な報告') throw new GraphQLRequestError('INVALID_INCIDENT_INPUT', '発生日時が未来です');
      return send(p);
    };
    await report('正しい報告');
    expect((await core.sendAll()).outcome).toBe('ok');
    const [left] = await core.items();
    expect(left.refused).toMatchObject({ code: 'INVALID_INCIDENT_INPUT', message: '発生日時が未来です' });
    expect([...server.stored.keys()]).toEqual(['c-正しい報告']);
    // never sent again
    const calls = server.calls;
    expect((await core.sendAll()).outcome).toBe('idle');
    expect(server.calls).toBe(calls);
    // the person has seen it: it goes
    await core.dismiss(left.clientId);
    expect(await core.items()).toEqual([]);
  });

  it('a server fault keeps the item and backs off (error); a session that ended keeps it too (revoked)', async () => {
    const { core, server, report } = setup();
    await report('一');
    server.refuse = 'INTERNAL_SERVER_ERROR';
    expect((await core.sendAll()).outcome).toBe('error');
    server.refuse = 'UNAUTHENTICATED';
    expect((await core.sendAll()).outcome).toBe('revoked');
    const [item] = await core.items();
    expect([item.attempts, item.lastError, item.refused]).toEqual([2, 'UNAUTHENTICATED', null]);
  });

  it('a waiting item is never dropped: only refused ones are dismissed', async () => {
    const { core, report } = setup();
    const item = await report('待っている報告');
    await core.dismiss(item.clientId);
    expect(await core.items()).toHaveLength(1);
  });

  it('sends only under its owner’s session; nobody signed in or not known (offline) sends nothing', async () => {
    let who: string | null | undefined = 'staff-other';
    const { core, server, report } = setup({ whoAmI: async () => who });
    await report('伊藤さんの報告');
    expect((await core.sendAll()).outcome).toBe('ok');
    expect(server.calls).toBe(0); // another person's session: it waits for its owner
    who = null;
    expect((await core.sendAll()).outcome).toBe('idle');
    who = undefined;
    expect((await core.sendAll()).outcome).toBe('offline');
    expect(server.calls).toBe(0);
    who = ME.staffId;
    expect((await core.sendAll()).outcome).toBe('ok');
    expect(server.stored.size).toBe(1);
  });

  it('keeps nothing without a person to send it for: it would go under whoever signs in next', async () => {
    const { core } = setup();
    await expect(
      core.enqueue('incident.report', { x: 1 }, { owner: null, display: { title: '報告' } }),
    ).rejects.toMatchObject({
      code: 'UNAUTHENTICATED',
    });
    expect(await core.items()).toHaveLength(0);
  });

  it('an item of a kind this release has no sender for waits (for a release that has one)', async () => {
    const { core } = setup();
    await core.enqueue('disaster.confirm', { x: 1 }, { owner: ME, display: { title: '停止の確認' } });
    expect((await core.sendAll()).outcome).toBe('ok');
    expect(await core.items()).toHaveLength(1);
  });

  it('nothing kept: a run is idle and asks no one who is signed in', async () => {
    let asked = 0;
    const { core } = setup({ whoAmI: async () => (asked++, ME.staffId) });
    expect((await core.sendAll()).outcome).toBe('idle');
    expect(asked).toBe(0);
  });
});

describe('Issue 13 §6: what a failed send does to an item', () => {
  const item: OutboxItem = {
    clientId: 'c',
    kind: 'k',
    payload: {},
    owner: null,
    display: { title: 't' },
    createdAt: '2026-11-26T01:00:00.000Z',
    attempts: 2,
    lastAttemptAt: null,
    lastError: null,
    refused: null,
  };

  it('keeps waiting on no answer, a server fault, an ended session or a query the server does not know', () => {
    for (const code of [
      'NETWORK_ERROR',
      'INTERNAL_SERVER_ERROR',
      'TOO_MANY_REQUESTS',
      'UNAUTHENTICATED',
      'GRAPHQL_VALIDATION_FAILED',
      'UNKNOWN',
    ])
      expect([code, afterFailure(item, code, 'm', 'at').refused]).toEqual([code, null]);
    expect(verdictOf('NETWORK_ERROR')).toBe('offline');
    expect(verdictOf('UNAUTHENTICATED')).toBe('signedOut');
    expect(verdictOf('GRAPHQL_VALIDATION_FAILED')).toBe('later');
  });

  it('stops on the server’s answer about the item itself: bad input, not allowed, settled already', () => {
    for (const code of [
      'INVALID_INCIDENT_INPUT',
      'BAD_USER_INPUT',
      'FORBIDDEN',
      'CLIENT_ID_REUSED',
      'STEP_ALREADY_SETTLED',
      'UNKNOWN_ROOM',
    ])
      expect([code, verdictOf(code)]).toEqual([code, 'refused']);
    expect(afterFailure(item, 'UNKNOWN_ROOM', '電算室等が見つかりません', 'at')).toMatchObject({
      attempts: 3,
      lastAttemptAt: 'at',
      lastError: 'UNKNOWN_ROOM',
      refused: { code: 'UNKNOWN_ROOM', message: '電算室等が見つかりません', at: 'at' },
    });
  });
});
