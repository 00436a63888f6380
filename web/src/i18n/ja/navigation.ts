// 日本語: the side bar, bottom bar and menu of the signed-in app (loaded with them, never by the door kiosk)
const navigation = {
  nav: {
    oplog: '操作履歴',
    oplogReviews: '操作履歴の点検',
    oplogRetention: '操作履歴の保存期間',
    cards: '操作者識別カード管理簿',
    cardStock: '住基カード等の在庫',
    cardRequests: '暗証番号等の依頼',
    pinRules: '運用基準の確認',
    cardTransfers: '異動の依頼',
    maintenance: '保守作業',
    investigations: '調査 (操作履歴)',
    todo: '対応が必要',
    compliance: '基準の適合状況',
    main: '主なページ',
    all: 'すべてのページ',
    menu: 'メニュー',
    close: '閉じる',
    count: '{n}件',
    groups: {
      overview: { title: '概要', articles: '' },
      organisation: { title: '組織', articles: '第3〜第10' },
      rooms: { title: '電算室等・入退室', articles: '第12・第13' },
      configuration: { title: '構成管理', articles: '第11・第14〜第17' },
      cards: { title: 'カード・暗証番号', articles: '第16・第18' },
      incidents: { title: '事故・緊急時', articles: '第19〜第30' },
      operations: { title: '操作履歴', articles: '第20・第21' },
      account: { title: 'アカウント', articles: '' },
    },
    bar: {
      todo: '対応が必要',
      report: '報告する',
      registers: '台帳',
      organisation: '組織',
    },
  },
};

export default navigation;
