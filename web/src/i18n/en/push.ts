// English: push notifications
const push = {
  push: {
    title: 'Push notifications',
    intro:
      'Incident reports and escalations reach this phone at once. A notification carries a subject and a link only, never personal data.',
    unsupported:
      'This device cannot receive push notifications (open the app over HTTPS, or on an iPhone add it to the home screen first). Items still appear under Needs action.',
    label: 'Name of this device',
    labelPlaceholder: "e.g. Tanaka's phone",
    subscribe: 'Receive notifications on this device',
    subscribed: 'This device now receives notifications.',
    list: 'Devices that receive notifications',
    none: 'No device registered.',
    thisDevice: 'this device',
    service: 'Push service',
    created: 'Registered',
    lastSent: 'Last delivered',
    failing: 'failed {n} times in a row: {error}',
    remove: 'Stop notifications',
    confirmRemove: 'Stop notifications to "{name}"?',
    problemsTitle: 'Devices not receiving push notifications',
    problemsIntro:
      'The push service refused these devices. Ask their owners to subscribe again. Meanwhile their items still appear under Needs action.',
    problemsNone: 'Every device is receiving notifications.',
    owner: 'Owner',
    lastError: 'Last failure',
  },
};
export default push;
