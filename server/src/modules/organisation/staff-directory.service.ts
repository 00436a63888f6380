import { Brackets, type DataSource } from 'typeorm';
import { Keyset, type PageArgs, type PageResult } from '../../shared/paging.js';
import { Staff } from './staff.entity.js';

export interface StaffDirectoryQuery {
  /** staff number prefix, or part of the name or its kana */
  search?: string | null;
  sectionId?: string | null;
  includeInactive?: boolean | null;
}

/** staff numbers are unique: the number alone orders the directory totally */
const BY_NUMBER = new Keyset<Staff>({
  list: 'staff',
  columns: [{ sql: 's.staffNumber', kind: 'text', of: (s) => s.staffNumber }],
  direction: 'ASC',
});

/** Every staff member, for the people who maintain them: searchable, paged by staff number. */
export class StaffDirectoryService {
  constructor(private readonly ds: DataSource) {}

  async page(q: StaffDirectoryQuery, page: PageArgs): Promise<PageResult<Staff>> {
    const qb = BY_NUMBER.apply(this.ds.getRepository(Staff).createQueryBuilder('s'), page);
    if (!q.includeInactive) qb.andWhere('s.active = true');
    if (q.sectionId) qb.andWhere('s.sectionId = :sectionId', { sectionId: q.sectionId });
    const search = q.search?.trim().replace(/[\s\u3000]+/g, '');
    if (search) {
      const like = `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      qb.andWhere(
        new Brackets((w) =>
          w
            .where('s.staffNumber LIKE :prefix', { prefix: like.slice(1) })
            .orWhere(`(s.familyName || s.givenName) ILIKE :like`, { like })
            .orWhere(`(s.familyNameKana || s.givenNameKana) ILIKE :like`, { like }),
        ),
      );
    }
    return BY_NUMBER.page(await qb.getMany(), page);
  }
}
