// English: compliance with the security standard, article by article
import type ja from '../ja/compliance.js';

const compliance: typeof ja = {
  compliance: {
    title: 'Compliance with the standard',
    intro: "Each article of the security standard, judged from the system's records.",
    on: 'As of',
    today: 'Today',
    evaluatedAt: 'evaluated {at}',
    status: { OK: 'OK', ATTENTION: 'Attention', VIOLATION: 'Violation', NOT_COVERED: 'Not covered' },
    statusNote: {
      OK: 'The records meet the standard',
      ATTENTION: 'Due soon or needs a check',
      VIOLATION: 'The standard is not met',
      NOT_COVERED: 'This system does not check it yet',
    },
    summary: 'Summary',
    show: 'Show',
    filter: {
      all: 'All',
      problems: 'Problems only',
      VIOLATION: 'Violations',
      ATTENTION: 'Attention',
      NOT_COVERED: 'Not covered',
    },
    chapter: '{n}.',
    articles: '{n} articles',
    problems: '{n} problems',
    rule: 'The rule',
    fix: 'Open the page to fix it',
    legend: 'What the statuses mean',
    noProblems: 'No article has a violation or needs attention.',
    none: 'No article matches.',
    loading: 'Loading…',
    error: 'Could not load the compliance report ({code})',
    retry: 'Reload',
  },
};

export default compliance;
