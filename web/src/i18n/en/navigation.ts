// English: the side bar, bottom bar and menu of the signed-in app
import type ja from '../ja/navigation.js';

const navigation: typeof ja = {
  nav: {
    oplog: 'Operation history',
    oplogReviews: 'Log reviews',
    oplogRetention: 'Log retention',
    cards: 'Operator ID cards',
    cardStock: 'Resident card stock',
    cardRequests: 'PIN and card requests',
    pinRules: 'PIN rules to acknowledge',
    cardTransfers: 'Transfer rounds',
    maintenance: 'Maintenance work',
    investigations: 'Investigations',
    todo: 'To do',
    compliance: 'Compliance',
    main: 'Main pages',
    all: 'All pages',
    menu: 'Menu',
    close: 'Close',
    count: '{n} items',
    groups: {
      overview: { title: 'Overview', articles: '' },
      organisation: { title: 'Organisation', articles: 'A3–A10' },
      rooms: { title: 'Server rooms and access', articles: 'A12, A13' },
      configuration: { title: 'Configuration', articles: 'A11, A14–A17' },
      cards: { title: 'Cards and PINs', articles: 'A16, A18' },
      incidents: { title: 'Incidents and emergencies', articles: 'A19–A30' },
      operations: { title: 'Operation history', articles: 'A20, A21' },
      account: { title: 'Account', articles: '' },
    },
    bar: {
      todo: 'To do',
      report: 'Report',
      registers: 'Registers',
      organisation: 'Organisation',
    },
  },
};

export default navigation;
