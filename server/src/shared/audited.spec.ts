import { describe, expect, it } from 'vitest';
import type { DataSource, EntityManager } from 'typeorm';
import { ActorType, AuditOutcome, type AuditRecord, type AuditTrail } from './audit.js';
import { AuditedWrites, created, SYSTEM_META } from './audited.js';
import { AppError } from './errors.js';

type Action = 'Mutation.doThing' | 'System.sweep';

const META = { actor: { type: ActorType.STAFF, id: 's1' }, requestId: 'r1', clientAddress: '10.0.0.1' };

/** A fake trail that keeps entries per fake transaction, and a DataSource whose transaction commits or rolls back. */
function fakes() {
  const committed: AuditRecord[] = [];
  let pending: AuditRecord[] | null = null;
  const em = { fake: 'em' } as unknown as EntityManager;
  const audit: AuditTrail = {
    async record(inTx, rec) {
      expect(inTx).toBe(em);
      if (!pending) throw new Error('record outside a transaction');
      pending.push(rec);
    },
    async recordMany(inTx, recs) {
      expect(inTx).toBe(em);
      if (!pending) throw new Error('record outside a transaction');
      pending.push(...recs);
    },
    async recordAlone(rec) {
      committed.push(rec);
    },
    headPart: () => ({ cte: '', column: '' }),
    entryPart: () => null,
  };
  const ds = {
    async transaction<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
      pending = [];
      try {
        const result = await work(em);
        committed.push(...pending);
        return result;
      } finally {
        pending = null;
      }
    },
  } as unknown as DataSource;
  return { audited: new AuditedWrites<Action>(ds, audit), committed, em };
}

const base = { actor: META.actor, requestId: 'r1', clientRequestId: null, clientAddress: '10.0.0.1', tally: null };

describe('AuditedWrites', () => {
  it('write: commits the change with one OK entry naming the target and the changes', async () => {
    const { audited, committed } = fakes();
    const result = await audited.write(META, 'Mutation.doThing', 'Thing', async () => ({
      result: 42,
      targetId: 't1',
      changes: { name: [null, 'x'] },
    }));
    expect(result).toBe(42);
    expect(committed).toEqual([
      {
        ...base,
        action: 'Mutation.doThing',
        outcome: AuditOutcome.OK,
        targetType: 'Thing',
        targetId: 't1',
        reason: null,
        changes: { name: [null, 'x'] },
      },
    ]);
  });

  it('write: an AppError inside rolls back and is audited alone as REFUSED with its code, then rethrown', async () => {
    const { audited, committed } = fakes();
    const refused = new AppError('NOT_PENDING', 'already decided');
    await expect(
      audited.write(META, 'Mutation.doThing', { type: 'Thing', id: 't1' }, async () => {
        throw refused;
      }),
    ).rejects.toBe(refused);
    expect(committed).toEqual([
      {
        ...base,
        action: 'Mutation.doThing',
        outcome: AuditOutcome.REFUSED,
        targetType: 'Thing',
        targetId: 't1',
        reason: 'NOT_PENDING',
        changes: null,
      },
    ]);
  });

  it('write: any other error is rethrown without an entry (a bug is not a refusal)', async () => {
    const { audited, committed } = fakes();
    const bug = new TypeError('oops');
    await expect(
      audited.write(META, 'Mutation.doThing', 'Thing', async () => {
        throw bug;
      }),
    ).rejects.toBe(bug);
    expect(committed).toEqual([]);
  });

  it('refuse: one REFUSED entry alone, with or without a target', async () => {
    const { audited, committed } = fakes();
    await audited.refuse(META, 'Mutation.doThing', 'TOO_MANY_ATTEMPTS');
    await audited.refuse(META, 'Mutation.doThing', 'PASSKEY_REJECTED:CHALLENGE', { type: 'Staff', id: 's2' });
    expect(committed.map((e) => [e.outcome, e.reason, e.targetType, e.targetId])).toEqual([
      [AuditOutcome.REFUSED, 'TOO_MANY_ATTEMPTS', null, null],
      [AuditOutcome.REFUSED, 'PASSKEY_REJECTED:CHALLENGE', 'Staff', 's2'],
    ]);
  });

  it('record and refuseWithin: entries inside a transaction the caller holds', async () => {
    const { audited, committed } = fakes();
    const ds = (audited as unknown as { ds: DataSource }).ds;
    await ds.transaction(async (em) => {
      await audited.record(em, SYSTEM_META, 'System.sweep', 'Anomaly', created({ found: 3 }));
      await audited.refuseWithin(em, META, 'Mutation.doThing', 'LOCKED_NOW', { type: 'Staff', id: 's1' });
    });
    expect(committed).toEqual([
      {
        actor: { type: ActorType.SYSTEM, id: null },
        requestId: null,
        clientRequestId: null,
        clientAddress: null,
        tally: null,
        action: 'System.sweep',
        outcome: AuditOutcome.OK,
        targetType: 'Anomaly',
        targetId: null,
        reason: null,
        changes: { found: [null, 3] },
      },
      {
        ...base,
        action: 'Mutation.doThing',
        outcome: AuditOutcome.REFUSED,
        targetType: 'Staff',
        targetId: 's1',
        reason: 'LOCKED_NOW',
        changes: null,
      },
    ]);
  });

  it('recordAlone: an OK entry for something that changed nothing', async () => {
    const { audited, committed } = fakes();
    await audited.recordAlone(META, 'Mutation.doThing', { type: 'Register', id: '2026-11' }, { rows: [null, 3] });
    expect(committed).toMatchObject([{ outcome: AuditOutcome.OK, targetType: 'Register', targetId: '2026-11' }]);
  });
});
