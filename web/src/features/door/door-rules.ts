// The kiosk's pure decisions, apart from IndexedDB, Vue and the network so that they can be
// specified on their own (door-rules.spec.ts): who is inside, who is authorised, what a server
// answer does to an outbox item, and renumbering on a new pairing. When the sender tries again is
// the same for every outbox on this device: offline/sync-rules.ts.
import type { AuthorisedPerson, CachedLists, JournalItem, OutboxItem, PairedDevice, Problem } from './door-types.js';
import type { EventAnswer } from './door-db.js';

export interface InsidePerson {
  key: string;
  name: string;
  nameKana?: string | null;
  staffNumber?: string | null;
  /** by the server's clock: as the server lists it, else as the tablet reckoned it when recording */
  enteredAt: string;
  purpose: string;
  staffId: string | null;
  contractorAuthorisationId: string | null;
}

const subject = (x: { staffId: string | null; contractorAuthorisationId: string | null }) =>
  x.staffId ?? `c:${x.contractorAuthorisationId}`;

/** The server's list already includes it (journal entries from before `listed` was kept: by the time it was asked). */
const coveredBy = (j: JournalItem, askedAt: string) => j.listed ?? !!(j.acceptedAt && j.acceptedAt <= askedAt);

/**
 * People inside a room now: the server's list when last asked, changed by this tablet's events
 * that list does not include yet (still waiting, or accepted after it was asked), in the order the
 * tablet recorded them (its sequence numbers: its clock may have moved in between); times by the
 * server's clock; the result in order of entry.
 */
export function insideFrom(inside: CachedLists['inside'], journal: JournalItem[], roomId: string): InsidePerson[] {
  const byPerson = new Map<string, InsidePerson>();
  for (const e of inside?.entries ?? []) if (e.roomId === roomId) byPerson.set(subject(e), { ...e, key: subject(e) });
  const askedAt = inside?.askedAt ?? '';
  const mine = journal
    .filter((j) => j.roomId === roomId && !coveredBy(j, askedAt))
    .sort((a, b) => (a.deviceSeq ?? 0) - (b.deviceSeq ?? 0) || a.at.localeCompare(b.at));
  for (const j of mine) {
    if (j.direction === 'ENTER') byPerson.set(subject(j), { ...j, key: subject(j), enteredAt: j.serverAt ?? j.at });
    else byPerson.delete(subject(j));
  }
  return [...byPerson.values()].sort((a, b) => a.enteredAt.localeCompare(b.enteredAt));
}

/** Hiragana and katakana (also half-width) compare alike, as do full- and half-width letters and digits; spaces do not count. */
export const foldForSearch = (s: string) =>
  s
    .normalize('NFKC')
    .replace(/[\s\u3000]/g, '')
    .replace(/[\u30a1-\u30f6]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0x60))
    .toLowerCase();

/** Whether a person matches what was typed: their name, ふりがな or the start of their staff number, whatever the line shows. */
export function matchesSearch(
  query: string,
  p: { name: string; nameKana?: string | null; staffNumber?: string | null },
): boolean {
  const q = foldForSearch(query);
  if (!q) return true;
  return (
    foldForSearch(p.name).includes(q) ||
    (!!p.nameKana && foldForSearch(p.nameKana).includes(q)) ||
    (!!p.staffNumber && foldForSearch(p.staffNumber).startsWith(q))
  );
}

/** The people authorised for a room now or later today, one line per person (the one in force, else the latest end), by kana. */
export function authorisedFrom(people: AuthorisedPerson[], roomId: string, now: Date): AuthorisedPerson[] {
  const at = now.toISOString();
  const seen = new Map<string, AuthorisedPerson>();
  for (const p of people) {
    if (!p.roomIds.includes(roomId) || p.validTo <= at) continue;
    const key = p.staff?.id ?? p.authorisationId;
    const other = seen.get(key);
    const better = !other || (p.validFrom <= at && (other.validFrom > at || p.validTo > other.validTo));
    if (better) seen.set(key, p);
  }
  return [...seen.values()].sort((a, b) =>
    (a.staff ? `${a.staff.familyNameKana}${a.staff.givenNameKana}` : `ん${a.name}`).localeCompare(
      b.staff ? `${b.staff.familyNameKana}${b.staff.givenNameKana}` : `ん${b.name}`,
      'ja',
    ),
  );
}

/**
 * What one answer of the server does to a waiting event: it always leaves the outbox; refused →
 * a problem to show and out of the journal (it never happened for the server); stored with
 * anomalies → a problem to show; stored → the journal marks it accepted.
 */
export function settle(
  item: OutboxItem,
  a: EventAnswer,
  at: string,
): { problem: Problem | null; journal: 'delete' | 'accepted' } {
  const problem = (kind: Problem['kind']): Problem => ({
    event: item.event,
    display: item.display,
    kind,
    code: a.code,
    message: a.message,
    anomalies: a.anomalies,
    answeredAt: at,
    acknowledgedAt: null,
  });
  if (a.outcome === 'REFUSED') return { problem: problem('REFUSED'), journal: 'delete' };
  return { problem: a.anomalies.length ? problem('ATTENTION') : null, journal: 'accepted' };
}

/**
 * On a new pairing: events still waiting were numbered for the old device and never stored under
 * it, so they are numbered again from 1 in the order given (by old number); pairing the same
 * device again keeps its numbers.
 */
export function renumbered(
  waiting: OutboxItem[],
  previous: PairedDevice | undefined,
  deviceId: string,
): { items: OutboxItem[]; nextSeq: number } {
  if (previous?.deviceId === deviceId) return { items: [], nextSeq: previous.nextSeq };
  const items = waiting.map((item, i) => ({ ...item, event: { ...item.event, deviceSeq: i + 1 } }));
  return { items, nextSeq: items.length + 1 };
}

/** Journal entries to forget: answered and recorded more than a day ago (the server's list covers them). */
export function expiredJournal(items: JournalItem[], now: Date): string[] {
  const limit = new Date(now.getTime() - 86_400_000).toISOString();
  return items.filter((j) => j.acceptedAt && j.at < limit).map((j) => j.clientEventId);
}
