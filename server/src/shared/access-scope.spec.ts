import { describe, expect, it } from 'vitest';
import { mayAct, requireScope, type RecordScope, type ScopedRecord } from './access-scope.js';

const me = 'staff-me';
const other = 'staff-other';

// [who, scope, record, allowed]: each rule once allowed, once refused
const cases: [string, RecordScope, ScopedRecord, boolean][] = [
  ['the owner acts on their own record', { staffId: me }, { ownerId: me }, true],
  ['… not on someone else’s', { staffId: me }, { ownerId: other }, false],
  ['an administrator acts on anyone’s', { all: true, staffId: me }, { ownerId: other }, true],
  [
    'an operations manager, for staff of their section',
    { staffId: me, sections: ['sec-1'] },
    { ownerId: other, sectionId: 'sec-1' },
    true,
  ],
  [
    '… not for staff of another section',
    { staffId: me, sections: ['sec-1'] },
    { ownerId: other, sectionId: 'sec-2' },
    false,
  ],
  ['an operations manager, for an outside person', { staffId: me, sections: ['sec-1'] }, { anySection: true }, true],
  ['… but not someone who manages no section', { staffId: me }, { anySection: true }, false],
  ['a door tablet, in a room it serves', { rooms: ['room-a'] }, { roomId: 'room-a' }, true],
  ['… not in another room', { rooms: ['room-a'] }, { roomId: 'room-b' }, false],
  ['nobody reaches a record with no tie', { staffId: me, sections: ['sec-1'], rooms: ['room-a'] }, {}, false],
  ['an unset owner is no match for an unset person', {}, { ownerId: null }, false],
];

describe('record scope', () => {
  it.each(cases)('%s', (_, scope, record, allowed) => {
    expect(mayAct(scope, record)).toBe(allowed);
  });

  it('requireScope throws the caller’s own refusal', () => {
    const refusal = () => new Error('NOT_FOUND');
    expect(() => requireScope({ staffId: me }, { ownerId: me }, refusal)).not.toThrow();
    expect(() => requireScope({ staffId: me }, { ownerId: other }, refusal)).toThrow('NOT_FOUND');
  });
});
