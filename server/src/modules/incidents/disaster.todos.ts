// What disaster mode asks of the manager on the 対応が必要 home (A30): the rows of the shutdown
// checklists of open incidents nobody has confirmed yet.
import type { DataSource } from 'typeorm';
import { Authority } from '../../shared/authority.js';
import type { TodoSource } from '../../shared/module.js';

export function disasterTodos(s: { ds: DataSource }): TodoSource[] {
  return [
    {
      id: 'incidents.disasterRowsOpen',
      title: '災害モードの確認リスト (未確認の行)',
      link: '/incidents/disaster',
      authorities: [Authority.MANAGER],
      count: async () => {
        const [row] = (await s.ds.query(
          `SELECT count(*)::int AS n FROM disaster_checklist_item c JOIN incident i ON i.id = c."incidentId"
            WHERE i.state <> 'CLOSED' AND c.outcome IS NULL`,
        )) as { n: number }[];
        return Number(row?.n ?? 0);
      },
    },
  ];
}
