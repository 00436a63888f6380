import { Brackets, type DataSource } from 'typeorm';
import { Staff } from './staff.entity.js';

export interface StaffDirectoryQuery {
  /** staff number prefix, or part of the name or its kana */
  search?: string | null;
  sectionId?: string | null;
  includeInactive?: boolean | null;
  first: number;
  /** the staff number the previous page ended with */
  after?: string | null;
}

/** Every staff member, for the people who maintain them: searchable, paged by staff number. */
export class StaffDirectoryService {
  constructor(private readonly ds: DataSource) {}

  async page(q: StaffDirectoryQuery): Promise<{ nodes: Staff[]; endCursor: string | null; hasNextPage: boolean }> {
    const qb = this.ds
      .getRepository(Staff)
      .createQueryBuilder('s')
      .orderBy('s.staffNumber', 'ASC')
      .take(q.first + 1);
    if (!q.includeInactive) qb.andWhere('s.active = true');
    if (q.sectionId) qb.andWhere('s.sectionId = :sectionId', { sectionId: q.sectionId });
    if (q.after) qb.andWhere('s.staffNumber > :after', { after: q.after });
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
    const rows = await qb.getMany();
    const nodes = rows.slice(0, q.first);
    return { nodes, endCursor: nodes.at(-1)?.staffNumber ?? null, hasNextPage: rows.length > q.first };
  }
}
