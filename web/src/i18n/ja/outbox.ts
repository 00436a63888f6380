// 日本語: the phone's outbox (送信待ち), shown on the report pages and wherever a page places it
const outbox = {
  outbox: {
    waiting: '送信待ち {n}件',
    title: '送信待ち',
    count: '{n}件',
    intro: 'この端末に保存されています。接続が戻ると自動で送信します。',
    kept: '{at} に保存',
    attempts: '{n}回送信を試みました ({error})',
    ownerAway: '{name} さんがこの端末でサインインすると送信します',
    sending: '送信中…',
    sendNow: '今すぐ送信',
    refusedTitle: '送信できなかったもの',
    refusedNote: 'サーバーが受け付けませんでした。内容を確かめて、必要ならもう一度報告してください。',
    dismiss: '確認した',
  },
};
export default outbox;
