// A21 (調査), reading: the list (newest first, keyset-paged), one investigation and its linked
// records, for the manager, the chief and auditors (policy). Reading is not audited per page.
import type { DataSource } from 'typeorm';
import { isUuid } from '../../shared/ids.js';
import { Keyset, type PageArgs, type PageResult } from '../../shared/paging.js';
import { Investigation, InvestigationLink } from './investigation.entity.js';
import { InvestigationError, InvestigationErrorCode } from './investigation.errors.js';

const KEYSET = new Keyset<Investigation>({
  list: 'investigations',
  columns: [
    { sql: 'i."openedAt"', kind: 'timestamp', of: (r) => r.openedAt },
    { sql: 'i.id', kind: 'text', of: (r) => r.id },
  ],
  direction: 'DESC',
});

export class InvestigationReadingService {
  constructor(private readonly ds: DataSource) {}

  async page(args: PageArgs): Promise<PageResult<Investigation>> {
    const k = KEYSET.sql(args, 1);
    const ids = (await this.ds.query(
      `SELECT i.id, i."openedAt" FROM investigation i ${k.where ? `WHERE ${k.where}` : ''} ORDER BY ${k.orderBy} LIMIT ${k.limit}`,
      k.params,
    )) as { id: string }[];
    const found = ids.length ? await this.ds.getRepository(Investigation).findBy(ids.map((r) => ({ id: r.id }))) : [];
    const byId = new Map(found.map((i) => [i.id, i]));
    return KEYSET.page(
      ids.map((r) => byId.get(r.id)!),
      args,
    );
  }

  async one(id: string): Promise<Investigation> {
    const found = isUuid(id) ? await this.ds.getRepository(Investigation).findOneBy({ id }) : null;
    if (!found) throw new InvestigationError(InvestigationErrorCode.INVESTIGATION_NOT_FOUND, '調査が見つかりません');
    return found;
  }

  links(investigationId: string): Promise<InvestigationLink[]> {
    return this.ds.getRepository(InvestigationLink).find({ where: { investigationId }, order: { addedAt: 'ASC' } });
  }
}
