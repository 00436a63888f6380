// English: the to-do home
import type ja from '../ja/todo.js';

const todo: typeof ja = {
  todo: {
    title: 'To do',
    intro: 'What waits for you. Tap an item to open the page where it is done.',
    total: '{n} in total',
    count: '{n}',
    none: 'Nothing needs your attention',
    noneNote: 'New requests and reports will appear here.',
    loading: 'Loading…',
    error: 'Could not load your to-do items ({code})',
    retry: 'Reload',
    stale: 'Offline: showing what was loaded last',
    items: {
      access_requestsToDecide: 'Access requests to decide',
      access_anomaliesToResolve: 'Access anomalies to check',
      access_reportToAcknowledge: 'Monthly access reports to acknowledge',
      identity_lockedAccounts: 'Locked accounts to unlock',
      identity_recentLockouts: 'Accounts locked by repeated password failures (last 24 h) to look into',
      push_deliveryProblems: 'Check devices not receiving push notifications',
      incidents_disasterRowsOpen: 'Disaster mode checklist: rows not yet confirmed',
      maintenance_resultsToConfirm: 'Maintenance results to confirm',
      maintenance_escortedResults: 'Results of maintenance you escorted to confirm',
      maintenance_entriesToReview: 'Outside people’s entries without a work order to look at',
    },
  },
};

export default todo;
