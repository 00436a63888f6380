// What a phone reports about incidents goes through the app's outbox (offline/outbox): a report and
// a media scan are kept on the phone first and sent when the server can be reached (issue 13 §6).
// Each carries its client id (the server answers a resend with what it stored). The report pages
// call queueReport / queueMediaScan; what is done on an incident's page is handling-outbox.ts.
import { computed, type Ref } from 'vue';
import { GraphQLRequestError, request } from '../../api/graphql-client.js';
import {
  IncidentReportOptionsDocument,
  OutboxRecordMediaScanDocument,
  OutboxReportIncidentDocument,
  type IncidentReportOptionsQuery,
  type IncidentType,
  type OrgRole,
  type RecordMediaScanInput,
  type ReportIncidentInput,
} from '../../generated/report.js';
import { addMessages, i18n } from '../../i18n/index.js';
import ja from '../../i18n/ja/incident-report.js';
import { defineOutboxKind, enqueue, outboxState, syncOutboxNow, type OutboxItem } from '../../offline/outbox/outbox.js';

void addMessages(ja, () => import('../../i18n/en/incident-report.js'));

export const INCIDENT_REPORT = 'incident.report';
export const MEDIA_SCAN = 'incident.mediaScan';
/** Every kind of this feature's outbox (for OutboxWaiting's `kinds`). */
export const INCIDENT_OUTBOX_KINDS = [INCIDENT_REPORT, MEDIA_SCAN] as const;

/** What the server answered for a report: the incident, to link to. */
export interface IncidentSent {
  incidentId: string;
  /** the role asked to acknowledge (reports) */
  awaiting?: OrgRole;
}
/** …for a scan: the scan, and the virus incident it opened (INFECTED). */
export interface ScanSent {
  scanId: string;
  incidentId: string | null;
}

defineOutboxKind<ReportIncidentInput>(INCIDENT_REPORT, async (input): Promise<IncidentSent> => {
  const { reportIncident } = await request(OutboxReportIncidentDocument, { input });
  return { incidentId: reportIncident.id, awaiting: reportIncident.awaiting };
});

defineOutboxKind<RecordMediaScanInput>(MEDIA_SCAN, async (input): Promise<ScanSent> => {
  const { recordMediaScan } = await request(OutboxRecordMediaScanDocument, { input });
  return { scanId: recordMediaScan.id, incidentId: recordMediaScan.incident?.id ?? null };
});

const t = (key: string, values: Record<string, unknown>) => i18n.global.t(key, values);

/** The type's name in the person's language (the server's label for a type this release does not know). */
export function typeLabel(type: IncidentType, serverLabel?: string): string {
  const key = `incidentReport.types.${type}`;
  return i18n.global.te(key) || !serverLabel ? i18n.global.t(key) : serverLabel;
}

/**
 * A report, kept on the phone with a new client id and sent at once if the server can be reached.
 * occurredAt is the time the person gave (an ISO string): a report sent later keeps it.
 */
export function queueReport(input: Omit<ReportIncidentInput, 'clientId'>): Promise<OutboxItem<ReportIncidentInput>> {
  const clientId = crypto.randomUUID();
  return enqueue<ReportIncidentInput>(
    INCIDENT_REPORT,
    { ...input, clientId },
    {
      clientId,
      display: {
        title: t('incidentReport.outbox.report', { type: typeLabel(input.type) }),
        detail: input.summary.slice(0, 80),
      },
    },
  );
}

/** A media scan (A19.1–2), kept with the time it was made; an INFECTED one opens a virus incident on the server. */
export function queueMediaScan(
  input: Omit<RecordMediaScanInput, 'clientId'>,
): Promise<OutboxItem<RecordMediaScanInput>> {
  const clientId = crypto.randomUUID();
  return enqueue<RecordMediaScanInput>(
    MEDIA_SCAN,
    { ...input, clientId, scannedAt: input.scannedAt ?? new Date().toISOString() },
    { clientId, display: { title: t('incidentReport.outbox.scan', { medium: input.medium }), detail: null } },
  );
}

// --- the report forms (ReportIncidentPage, MediaScanPage) ---

export type ReportOptions = IncidentReportOptionsQuery;

/** 'YYYY-MM-DDTHH:mm' in Tokyo for <input type=datetime-local> */
export const tokyoLocal = (d: Date) => new Date(d.getTime() + 9 * 3_600_000).toISOString().slice(0, 16);
/** …and back to an instant */
export const fromTokyoLocal = (v: string) => new Date(`${v}:00+09:00`).toISOString();

/** The types a person reports when the server's list was never loaded on this phone (offline from the start). */
export const FALLBACK_TYPES: IncidentType[] = [
  'VIRUS',
  'UNAUTHORISED_ACCESS',
  'SYSTEM_FAILURE',
  'DISASTER',
  'FIRE',
  'EARTHQUAKE_OR_LIGHTNING',
];

/** The server's last answer, kept on the phone (forgotten on sign-out with jukinet.*). */
const KEPT = 'jukinet.incidentReport.options.v1';

export function keptOptions(): ReportOptions | null {
  try {
    return JSON.parse(localStorage.getItem(KEPT) ?? 'null') as ReportOptions | null;
  } catch {
    return null;
  }
}

/** The types and rooms from the server, else as kept (stale: true) when it cannot be reached. */
export async function loadOptions(): Promise<{ options: ReportOptions | null; stale: boolean }> {
  try {
    const options = await request(IncidentReportOptionsDocument);
    localStorage.setItem(KEPT, JSON.stringify(options));
    return { options, stale: false };
  } catch (e) {
    if (!(e instanceof GraphQLRequestError && (e.isNetwork || e.code === 'INTERNAL_SERVER_ERROR'))) throw e;
    return { options: keptOptions(), stale: true };
  }
}

/** How a submission went: sending (a moment), sent (with the server's answer), saved (waits), refused. */
export type Submission<R> =
  | { state: 'sending' }
  | { state: 'sent'; result: R | undefined }
  | { state: 'saved' }
  | { state: 'refused'; code: string };

/** Follows an item kept in the outbox: it moves from saved to sent on its own when the connection returns. */
export function submissionOf<R>(clientId: Ref<string | null>, sending: Ref<boolean>) {
  return computed<Submission<R> | null>(() => {
    const id = clientId.value;
    if (!id) return null;
    if (id in outboxState.sent) return { state: 'sent', result: outboxState.sent[id] as R };
    const item = outboxState.items.find((i) => i.clientId === id);
    if (item?.refused) return { state: 'refused', code: item.refused.code };
    if (sending.value) return { state: 'sending' };
    // gone from this phone without an answer here: another tab sent it
    return item ? { state: 'saved' } : { state: 'sent', result: undefined };
  });
}

/** Gives a first send a few seconds, then lets the page say it is kept (the outbox goes on trying). */
export const firstTry = () => Promise.race([syncOutboxNow(), new Promise((resolve) => setTimeout(resolve, 4_000))]);
