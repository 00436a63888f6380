import { fingerprintOf, sameRequest } from '../../shared/resend.js';
import type { DataSource } from 'typeorm';
import type { RequestMeta } from '../../shared/audit.js';
import { created, type AuditedWrites } from '../../shared/audited.js';
import { Staff } from '../organisation/index.js';
import { openIncident, type OpeningDeps } from './incident-opening.js';
import { textOf } from './incident-person.js';
import { IncidentType } from './incident-types.js';
import { IncidentSource } from './incident.entity.js';
import { IncidentError, IncidentErrorCode } from './incidents.errors.js';
import type { IncidentsAuditAction } from './incidents.policy.js';
import { MediaScan, ScanDirection, ScanResult } from './media-scan.entity.js';

export interface ScanRecord {
  clientId: string;
  medium: string;
  direction: ScanDirection;
  counterpart?: string | null;
  software: string;
  definitionVersion: string;
  result: ScanResult;
  /** default: now */
  scannedAt?: Date | null;
  note?: string | null;
}

const CLOCK_SLACK_MS = 5 * 60_000;
const PAST_LIMIT_MS = 366 * 86_400_000;

/**
 * The media scan log (A19.1–2). Every staff member records their scans; an INFECTED result opens a
 * VIRUS incident (A19.3) in the same transaction, so a positive scan is never on record without
 * its incident. A resend (same clientId and content) answers the stored scan.
 */
export class MediaScanService {
  constructor(
    private readonly ds: DataSource,
    private readonly audited: AuditedWrites<IncidentsAuditAction>,
    private readonly deps: OpeningDeps,
    private readonly now: () => Date,
  ) {}

  record(input: ScanRecord, scannerId: string, meta: RequestMeta): Promise<MediaScan> {
    return this.audited.write(meta, 'Mutation.recordMediaScan', 'MediaScan', async (em) => {
      const now = this.now();
      const medium = textOf(input.medium, 200, '媒体');
      const software = textOf(input.software, 100, 'ワクチンソフト');
      const definitionVersion = textOf(input.definitionVersion, 100, 'パターンファイルのバージョン');
      const counterpart = input.counterpart?.trim() ? textOf(input.counterpart, 200, '入手元・送付先') : null;
      const note = input.note?.trim() ? textOf(input.note, 1000, '備考') : null;
      const scannedAt = input.scannedAt ?? now;
      if (scannedAt.getTime() > now.getTime() + CLOCK_SLACK_MS || scannedAt.getTime() < now.getTime() - PAST_LIMIT_MS)
        throw new IncidentError(
          IncidentErrorCode.INVALID_INCIDENT_INPUT,
          '検査日時が正しくありません (scannedAt is in the future or over a year ago)',
        );
      const scanner = await em.getRepository(Staff).findOneBy({ id: scannerId, active: true });
      if (!scanner) throw new IncidentError(IncidentErrorCode.UNKNOWN_STAFF, '職員が見つかりません (unknown staff)');
      const fingerprint = fingerprintOf([
        scannerId,
        medium,
        input.direction,
        counterpart,
        software,
        definitionVersion,
        input.result,
        input.scannedAt?.toISOString() ?? null,
        note,
      ]);
      const inserted = await em
        .createQueryBuilder()
        .insert()
        .into(MediaScan)
        .values({
          clientId: input.clientId,
          fingerprint,
          scannedAt,
          recordedAt: now,
          scannedById: scannerId,
          sectionId: scanner.sectionId,
          medium,
          direction: input.direction,
          counterpart,
          software,
          definitionVersion,
          result: input.result,
          note,
        })
        .orIgnore()
        .returning('id')
        .execute();
      const id = (inserted.raw as { id: string }[])[0]?.id;
      if (!id) {
        const stored = sameRequest(
          await em.getRepository(MediaScan).findOneByOrFail({ clientId: input.clientId }),
          fingerprint,
          () =>
            new IncidentError(
              IncidentErrorCode.CLIENT_ID_REUSED,
              'この clientId は別の記録に使われています (clientId already used for another scan)',
            ),
        );
        return { result: stored, targetId: stored.id, changes: { resent: [null, true] } };
      }
      const scan = await em.getRepository(MediaScan).findOneByOrFail({ id });
      let incidentId: string | null = null;
      if (input.result === ScanResult.INFECTED) {
        // A19.3: a virus found opens its incident at once
        const opened = await openIncident(
          em,
          this.deps,
          {
            type: IncidentType.VIRUS,
            source: IncidentSource.MEDIA_SCAN,
            occurredAt: scannedAt,
            reportedById: scannerId,
            sectionId: scanner.sectionId,
            roomId: null,
            summary: `媒体の検査でウイルスを検出: ${medium} (${software} ${definitionVersion})`,
            origin: input.direction === ScanDirection.RECEIVED ? counterpart : null,
            mediaScanId: id,
          },
          now,
        );
        incidentId = opened?.id ?? null;
      }
      const changes = created({ medium, direction: input.direction, result: input.result, incidentId });
      return { result: scan, targetId: id, changes };
    });
  }
}
