// English: investigations (A21), loaded with their pages
import type ja from '../ja/investigation.js';

const investigation: typeof ja = {
  investigation: {
    title: 'Investigations (A21)',
    intro:
      'Investigations of suspected misuse of Juki-net, from the operation history and other records. Only the manager, the chief and auditors can read them.',
    none: 'No investigations.',
    more: 'More',
    state: { OPEN: 'Open', CLOSED: 'Closed' },
    subject: 'Subject',
    scope: 'Scope',
    period: 'Period',
    openedAt: 'Opened',
    findings: 'Findings',
    noFindings: 'No findings recorded yet.',
    cooperation: 'Request to cooperate',
    acknowledged: 'Confirmed ({at})',
    notAcknowledged: 'Not confirmed',
    links: 'Linked records',
    kind: { OPERATION_RECORD: 'Operation record', ACCESS_EVENT: 'Entry/exit record', INCIDENT: 'Incident' },
    cooperationTitle: 'Requests to cooperate with an investigation',
    cooperationIntro:
      'The manager asks you to cooperate with an investigation (A21). Read the request and follow the manager’s instructions.',
    cooperationNone: 'No requests.',
    askedAt: 'Asked',
    acknowledge: 'Confirm',
  },
};
export default investigation;
