// 日本語: the to-do home (対応が必要)
const todo = {
  todo: {
    title: '対応が必要',
    intro: 'あなたが対応する必要のあることです。タップすると対応する画面を開きます。',
    total: '合計 {n}件',
    count: '{n}件',
    none: '対応が必要なことはありません',
    noneNote: '新しい申請や報告が届くと、ここに表示されます。',
    loading: '読み込み中…',
    error: '対応が必要なことを取得できませんでした ({code})',
    retry: '再読み込み',
    stale: 'オフラインのため、最後に取得した内容を表示しています',
    // by the item's id ('.' as '_'); an id not listed shows the server's title
    items: {
      access_requestsToDecide: '入室申請の承認',
      access_anomaliesToResolve: '入退室の異常の確認',
      access_reportToAcknowledge: '入退室管理の月次報告の確認',
      identity_lockedAccounts: 'ロックされたアカウントの解除',
      identity_recentLockouts: 'パスワードの連続失敗によるロックの確認 (24時間以内)',
      push_deliveryProblems: 'プッシュ通知が届いていない端末の確認',
      incidents_disasterRowsOpen: '災害モードの確認リスト (未確認の行)',
      maintenance_resultsToConfirm: '保守作業の結果の確認',
      maintenance_escortedResults: '付き添った保守作業の結果の確認',
      maintenance_entriesToReview: '作業の指示のない外部の者の入室の確認',
    },
  },
};

export default todo;
