// What the organisation module asks of a person on the 対応が必要 home: appointments to confirm.
import { Authority } from '../../shared/authority.js';
import type { TodoSource } from '../../shared/module.js';
import type { AssignmentProposalService } from './assignment-proposal.service.js';

export interface OrganisationTodoServices {
  assignmentProposals: AssignmentProposalService;
}

export function organisationTodos(s: OrganisationTodoServices): TodoSource[] {
  return [
    {
      id: 'organisation.proposalsToConfirm',
      title: '任命の提案の確認',
      link: '/admin/proposals',
      // Hardening §1: the chief confirms; the deputy chief for proposals about (or by) the chief
      authorities: [Authority.CHIEF, Authority.DEPUTY_CHIEF],
      count: (ctx) =>
        s.assignmentProposals.countToDecide({ staffId: ctx.staffId, authorities: ctx.authorities, today: ctx.today }),
    },
  ];
}
