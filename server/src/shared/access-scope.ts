// Record scope: whether a principal may act on one record, by whom it belongs to, its section or its
// room. The policy table (policy.ts) answers "may this person call this action at all"; this answers
// "on this record?" — an operations manager for staff of their own section (A6), a door tablet for
// its own rooms, anyone for what is their own, the manager or an administrator for everything.
// Services ask it with the record in hand and refuse with their own code (often "not found", so a
// record out of reach is not told from one that does not exist).

/** How far a principal reaches. Everything left out reaches nothing. */
export interface RecordScope {
  /** every record (the manager, a system administrator) */
  all?: boolean;
  /** records that are this person's own */
  staffId?: string | null;
  /** records of these sections */
  sections?: readonly string[];
  /** records of these rooms (a door tablet serves its rooms) */
  rooms?: readonly string[];
}

/** What a record is tied to. */
export interface ScopedRecord {
  /** the person it belongs to or is about */
  ownerId?: string | null;
  sectionId?: string | null;
  roomId?: string | null;
  /** tied to no section, yet anyone who reaches some section may act on it (an outside person, A6) */
  anySection?: boolean;
}

/** Whether the scope reaches the record: one tie the scope covers is enough. */
export function mayAct(scope: RecordScope, record: ScopedRecord): boolean {
  if (scope.all) return true;
  if (record.ownerId != null && record.ownerId === scope.staffId) return true;
  const sections = scope.sections ?? [];
  if (record.sectionId != null && sections.includes(record.sectionId)) return true;
  if (record.anySection && sections.length > 0) return true;
  return record.roomId != null && (scope.rooms ?? []).includes(record.roomId);
}

/** Throws the caller's refusal unless the scope reaches the record. */
export function requireScope(scope: RecordScope, record: ScopedRecord, refusal: () => Error): void {
  if (!mayAct(scope, record)) throw refusal();
}
