// English: the phone's outbox
const outbox = {
  outbox: {
    waiting: '{n} waiting to send',
    title: 'Waiting to send',
    count: '{n}',
    intro: 'Kept on this device. Sent automatically when the connection returns.',
    kept: 'kept at {at}',
    attempts: '{n} attempts so far ({error})',
    ownerAway: 'Sent when {name} signs in on this device',
    sending: 'Sending…',
    sendNow: 'Send now',
    refusedTitle: 'Could not be sent',
    refusedNote: 'The server did not accept these. Check them and report again if needed.',
    dismiss: 'Seen',
  },
};
export default outbox;
