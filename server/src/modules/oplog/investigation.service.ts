// A21 (調査): the investigations' use cases, one file each — opening (investigation-open), findings,
// closing and links (investigation-record), the person asked to cooperate (investigation-cooperation)
// and reading (investigation-reading). This is the one object the resolver and the manifest see.
import type { DataSource } from 'typeorm';
import type { AuditedWrites } from '../../shared/audited.js';
import { InvestigationCooperationService } from './investigation-cooperation.service.js';
import { InvestigationOpenService } from './investigation-open.service.js';
import { InvestigationReadingService } from './investigation-reading.service.js';
import { InvestigationRecordService } from './investigation-record.service.js';
import type { InvestigationAction } from './investigation.policy.js';

export class InvestigationService {
  readonly reading: InvestigationReadingService;
  readonly opening: InvestigationOpenService;
  readonly records: InvestigationRecordService;
  readonly cooperation: InvestigationCooperationService;

  constructor(ds: DataSource, audited: AuditedWrites<InvestigationAction>, now: () => Date) {
    this.reading = new InvestigationReadingService(ds);
    this.opening = new InvestigationOpenService(audited, now);
    this.records = new InvestigationRecordService(audited, now);
    this.cooperation = new InvestigationCooperationService(ds, audited, now);
  }
}
