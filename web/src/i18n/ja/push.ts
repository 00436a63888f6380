// 日本語: プッシュ通知 (the account page and the system administrator's delivery problems)
const push = {
  push: {
    title: 'プッシュ通知',
    intro:
      'インシデントの報告やエスカレーションを、このスマートフォンに直ちにお知らせします。通知には件名とリンクだけが含まれ、個人情報は含まれません。',
    unsupported:
      'この端末ではプッシュ通知を受け取れません (HTTPS で開くか、iPhone ではホーム画面に追加してから開いてください)。受け取れない場合も「対応が必要」に表示されます。',
    label: 'この端末の名前',
    labelPlaceholder: '例: 田中のスマートフォン',
    subscribe: 'この端末で通知を受け取る',
    subscribed: 'この端末で通知を受け取ります。',
    list: '通知を受け取る端末',
    none: '登録された端末はありません。',
    thisDevice: 'この端末',
    service: '配信サービス',
    created: '登録日時',
    lastSent: '最後に届けた日時',
    failing: '{n}回続けて失敗: {error}',
    remove: '通知をやめる',
    confirmRemove: '「{name}」への通知をやめますか?',
    problemsTitle: 'プッシュ通知が届いていない端末',
    problemsIntro:
      '配信サービスが受け付けなかった端末です。本人に通知の再登録を依頼してください。届かない間も、対応が必要な事項は「対応が必要」に表示されます。',
    problemsNone: '届いていない端末はありません。',
    owner: '持ち主',
    lastError: '最後の失敗',
  },
};
export default push;
