import 'reflect-metadata';
import { describe, expect, it } from 'vitest';
import { Authority } from '../../shared/authority.js';
import type { ComplianceControl, TodoSource } from '../../shared/module.js';
import { ARTICLES } from './articles.js';
import { ComplianceService, UNEVALUATED_REASON } from './compliance.service.js';

const NOW = new Date('2026-11-12T03:00:00Z'); // 12:00 in Tokyo

function service(controls: ComplianceControl[], todos: TodoSource[] = []) {
  const errors: object[] = [];
  const s = new ComplianceService(controls, todos, {
    now: () => NOW,
    timeZone: 'Asia/Tokyo',
    log: { error: (obj) => void errors.push(obj) },
  });
  return { s, errors };
}
const control = (article: string, f: ComplianceControl['evaluate']): ComplianceControl => ({
  article,
  title: `check ${article}`,
  link: '/x',
  evaluate: f,
});

describe('compliance report', () => {
  it('a throwing control reads ATTENTION 「評価できませんでした」, is logged, and the others still show', async () => {
    const { s, errors } = service([
      control('A12.1', () => Promise.reject(new Error('relation "room" does not exist'))),
      control('A12.2', () => Promise.resolve({ status: 'OK', reason: 'fine' })),
    ]);
    const r = await s.report(null);
    const a121 = r.articles.find((a) => a.id === 'A12.1')!;
    expect(a121.status).toBe('ATTENTION');
    expect(a121.controls[0]).toMatchObject({ status: 'ATTENTION', reason: UNEVALUATED_REASON, link: '/x' });
    expect(r.articles.find((a) => a.id === 'A12.2')!.status).toBe('OK');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ article: 'A12.1' });
  });

  it('an article takes the worst status of its controls; one with none is NOT_COVERED; the summary counts articles', async () => {
    const { s } = service([
      control('A13', () => Promise.resolve({ status: 'OK', reason: 'a' })),
      control('A13', () => Promise.resolve({ status: 'VIOLATION', reason: 'b', link: '/y' })),
      control('A13', () => Promise.resolve({ status: 'ATTENTION', reason: 'c' })),
    ]);
    const r = await s.report(null);
    const a13 = r.articles.find((a) => a.id === 'A13')!;
    expect(a13.status).toBe('VIOLATION');
    expect(a13.controls.map((c) => c.link)).toEqual(['/x', '/y', '/x']);
    expect(r.articles).toHaveLength(ARTICLES.length);
    expect(r.summary).toEqual({ ok: 0, attention: 0, violation: 1, notCovered: ARTICLES.length - 1 });
  });

  it('evaluates today as of now, a past day as of its end in Tokyo, and refuses a future day', async () => {
    const seen: { on: string; asOf: Date }[] = [];
    const { s } = service([
      control('A3', (ctx) => {
        seen.push({ on: ctx.on, asOf: ctx.asOf });
        return Promise.resolve({ status: 'OK', reason: '' });
      }),
    ]);
    expect((await s.report(null)).on).toBe('2026-11-12');
    await s.report('2026-10-31');
    expect(seen).toEqual([
      { on: '2026-11-12', asOf: NOW },
      { on: '2026-10-31', asOf: new Date('2026-10-31T15:00:00Z') },
    ]);
    await expect(s.report('2026-11-13')).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
  });
});

describe('to-dos', () => {
  const todo = (id: string, authorities: Authority[], n: number | Error): TodoSource => ({
    id,
    title: id,
    link: '/t',
    authorities,
    count: () => (n instanceof Error ? Promise.reject(n) : Promise.resolve(n)),
  });

  it('asks only sources for the caller authorities, keeps counts above zero, and skips (and logs) a broken one', async () => {
    const { s, errors } = service(
      [],
      [
        todo('a.manager', [Authority.MANAGER], 2),
        todo('a.none', [Authority.MANAGER], 0),
        todo('a.chief', [Authority.CHIEF], 1),
        todo('a.broken', [Authority.MANAGER], new Error('boom')),
      ],
    );
    const manager = await s.todosFor('m', new Set([Authority.OPERATOR, Authority.MANAGER]));
    expect(manager).toEqual([{ id: 'a.manager', title: 'a.manager', link: '/t', count: 2 }]);
    expect(errors).toHaveLength(1);
    expect(await s.todosFor('o', new Set([Authority.OPERATOR]))).toEqual([]);
  });
});
