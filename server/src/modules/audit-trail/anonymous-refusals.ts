// Anonymous refusals cannot flood the audit trail (hardening §3): per client address and minute, the
// first `perWindow` refusals are written in full; the rest are counted in memory and written as one
// summary entry when the minute ends (count, first and last time, counts per action and reason, a
// sample of the fields). Nothing is lost, and an address adds at most perWindow + 1 rows a minute.
// A refusal that carries changes (a counted failure, a lock) is always written in full.
import { ActorType, AuditOutcome, type AuditRecord } from '../../shared/audit.js';

export const SUMMARY_ACTION = 'System.anonymousRefusals';

/** distinct addresses followed in one window; beyond it, refusals are counted under '*' */
const MAX_ADDRESSES = 1000;
/** refusals kept in full inside a summary, as a sample */
const SAMPLE = 5;
/** "action reason" keys counted separately in a summary (actions are the schema's: few) */
const MAX_KINDS = 100;

interface Tally {
  window: number;
  written: number;
  count: number;
  firstAt: Date | null;
  lastAt: Date | null;
  byKind: Record<string, number>;
  sample: { action: string; reason: string | null; targetType: string | null; targetId: string | null }[];
}

export interface AnonymousRefusalOptions {
  /** refusals written in full per address and window */
  perWindow: number;
  windowMs: number;
  now: () => Date;
  /** writes a summary entry (in a transaction of its own) */
  write: (rec: AuditRecord) => Promise<unknown>;
  onError: (err: unknown) => void;
}

export class AnonymousRefusals {
  private readonly tallies = new Map<string, Tally>();
  private timer: NodeJS.Timeout | null = null;
  /** summaries being written (of a window that ended when a new refusal came) */
  private readonly pending = new Set<Promise<void>>();

  constructor(private readonly opts: AnonymousRefusalOptions) {}

  /** true: write this entry in full; false: it was counted for the summary of its address and window. */
  admit(rec: AuditRecord): boolean {
    if (rec.actor.type !== ActorType.ANONYMOUS || rec.outcome !== AuditOutcome.REFUSED) return true;
    // a refusal that changed something (a failure counted, an account locked) is written in full:
    // it names the person it happened to, and the rate limits already bound how often it can happen
    if (rec.changes && Object.keys(rec.changes).length > 0) return true;
    const at = this.opts.now();
    const window = Math.floor(at.getTime() / this.opts.windowMs);
    let key = rec.clientAddress ?? '-';
    if (!this.tallies.has(key) && this.tallies.size >= MAX_ADDRESSES) key = '*';
    let t = this.tallies.get(key);
    if (t && t.window !== window) {
      this.summarise(key, t);
      t = undefined;
    }
    if (!t) {
      t = { window, written: 0, count: 0, firstAt: null, lastAt: null, byKind: {}, sample: [] };
      this.tallies.set(key, t);
    }
    if (t.written < this.opts.perWindow) {
      t.written++;
      return true;
    }
    t.count++;
    t.firstAt ??= at;
    t.lastAt = at;
    const kind = `${rec.action} ${rec.reason ?? '-'}`;
    if (kind in t.byKind || Object.keys(t.byKind).length < MAX_KINDS) t.byKind[kind] = (t.byKind[kind] ?? 0) + 1;
    else t.byKind['*'] = (t.byKind['*'] ?? 0) + 1;
    if (t.sample.length < SAMPLE) {
      t.sample.push({
        action: rec.action,
        reason: rec.reason ?? null,
        targetType: rec.targetType ?? null,
        targetId: rec.targetId ?? null,
      });
    }
    this.schedule();
    return false;
  }

  /** Writes the summaries of every window that has ended (all of them with `all`, at shutdown). */
  async flush(all = false): Promise<void> {
    const window = Math.floor(this.opts.now().getTime() / this.opts.windowMs);
    const due = [...this.tallies].filter(([, t]) => all || t.window < window);
    for (const [key, t] of due) {
      this.tallies.delete(key);
      if (t.count > 0) await this.write(key, t);
    }
    await Promise.all(this.pending);
  }

  private summarise(key: string, t: Tally): void {
    this.tallies.delete(key);
    if (t.count > 0) {
      const p = this.write(key, t).finally(() => this.pending.delete(p));
      this.pending.add(p);
    }
  }

  private async write(key: string, t: Tally): Promise<void> {
    try {
      await this.opts.write({
        actor: { type: ActorType.ANONYMOUS, id: null },
        action: SUMMARY_ACTION,
        outcome: AuditOutcome.REFUSED,
        targetType: 'ClientAddress',
        targetId: key,
        reason: 'SUMMARY',
        clientAddress: key === '*' ? null : key,
        changes: {
          count: [null, t.count],
          firstAt: [null, t.firstAt?.toISOString() ?? null],
          lastAt: [null, t.lastAt?.toISOString() ?? null],
          writtenInFull: [null, t.written],
          byActionAndReason: [null, t.byKind],
          sample: [null, t.sample],
        },
      });
    } catch (err) {
      this.opts.onError(err);
    }
  }

  /** one timer while anything is counted, for the end of the current window */
  private schedule(): void {
    if (this.timer) return;
    const ms = this.opts.windowMs - (this.opts.now().getTime() % this.opts.windowMs) + 50;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.flush().then(() => {
        if ([...this.tallies.values()].some((t) => t.count > 0)) this.schedule();
      });
    }, ms);
    this.timer.unref();
  }

  /** stops the timer and writes every summary left */
  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.flush(true);
  }
}
