// English: /oplog/settings, the settings of the review of the operation history (A20.1)
const oplogSettings = {
  oplogSettings: {
    title: 'Review settings of the operation history',
    intro:
      'The tables the saved queries "beyond the role" and "a terminal in an empty server room" use, and the operation types the city adds. The manager changes them; every change is audited.',
    back: 'Operation history',
    readOnly: 'Only the manager changes these.',
    remove: 'Remove',
    removeQuestion: 'Remove this row?',
    add: 'Add',
    roles: {
      title: 'Roles allowed per operation type',
      note: 'An operation type in the table is allowed only to operators who hold one of the roles listed with it. A type not in the table is open to every operator.',
      none: 'Nothing yet (every operation type is open to every operator).',
      type: 'Operation type',
      role: 'Role',
      choose: 'Choose',
    },
    role: {
      OPERATOR: 'Operator (everyone in the operator register)',
      OPERATIONS_MANAGER: 'Operations manager',
      MANAGER: 'Manager',
      DEPUTY_CHIEF: 'Deputy chief',
      CHIEF: 'Chief',
      PIN_ADMINISTRATOR: 'PIN administrator',
      RESIDENT_INFORMATION_DIRECTOR: 'Resident information director',
    },
    terminals: {
      title: 'Where terminals stand (server rooms)',
      note: 'Register the terminals that stand in a server room. Operations there while the entry/exit register shows nobody inside are flagged.',
      none: 'Nothing yet.',
      terminal: 'Terminal code',
      terminalPlaceholder: 'e.g. T-SRV-01',
      fromRegister: 'Terminals of the configuration register',
      room: 'Room',
      registerHint: 'When the configuration register lists terminals, use a register number.',
    },
    types: {
      title: 'Operation types',
      note: 'The kinds of operation the terminals log. Add a type of the city before importing records of it.',
      code: 'Code',
      codePlaceholder: 'e.g. BULK_PRINT',
      labelJa: 'Name (Japanese)',
      labelEn: 'Name (English)',
    },
    added: 'Added',
    removed: 'Removed',
  },
};

export default oplogSettings;
