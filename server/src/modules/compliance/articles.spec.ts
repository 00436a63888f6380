import { describe, expect, it } from 'vitest';
import { ARTICLE_ID, ARTICLES, CHAPTERS } from './articles.js';

describe('the articles of the standard (A3–A30)', () => {
  it('has unique, well-formed ids', () => {
    const ids = ARTICLES.map((a) => a.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.filter((id) => !ARTICLE_ID.test(id))).toEqual([]);
    // a range reads low–high
    for (const id of ids) {
      const m = ARTICLE_ID.exec(id)!;
      if (m[3]) expect(Number(m[3])).toBeGreaterThan(Number(m[2]));
    }
  });

  it('puts articles in every chapter 1–7, and only there; every text is filled in', () => {
    expect(CHAPTERS.map((c) => c.no)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    for (const c of CHAPTERS) expect(ARTICLES.some((a) => a.chapter === c.no)).toBe(true);
    for (const a of ARTICLES) {
      expect(CHAPTERS.some((c) => c.no === a.chapter)).toBe(true);
      expect([a.title, a.titleEn, a.rule].every((s) => s.trim().length > 0)).toBe(true);
    }
  });

  it('has the rows of each chapter (A12.1–A12.3 and A13 in chapter 2; A30 and A25 present)', () => {
    expect(ARTICLES.filter((a) => a.chapter === 2).map((a) => a.id)).toEqual(['A12.1', 'A12.2', 'A12.3', 'A13']);
    expect(ARTICLES.map((a) => a.id)).toEqual(expect.arrayContaining(['A3', 'A7.2', 'A9.1–3', 'A30', 'A8.1', 'A25']));
  });
});
