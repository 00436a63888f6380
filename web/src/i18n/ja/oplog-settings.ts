// 日本語: /oplog/settings, the settings of the review of the operation history (A20.1), loaded with the page
const oplogSettings = {
  oplogSettings: {
    title: '操作履歴の点検設定',
    intro:
      '点検用の抽出「役割を超える操作」と「無人の電算室等の端末での操作」が使う表、および市が追加する操作種別です。変更は管理者が行い、監査ログに残ります。',
    back: '操作履歴',
    readOnly: '変更は管理者のみできます。',
    remove: '削除',
    removeQuestion: 'この行を削除しますか?',
    add: '追加',
    roles: {
      title: '操作種別ごとに許す役割',
      note: '表にある操作種別は、一緒に登録された役割のいずれかを持つ操作者だけに許されます。表にない操作種別はすべての操作者に許されます。',
      none: 'まだ登録がありません (すべての操作種別がすべての操作者に許されています)。',
      type: '操作種別',
      role: '役割',
      choose: '選んでください',
    },
    role: {
      OPERATOR: '操作者 (操作者登録のあるすべての人)',
      OPERATIONS_MANAGER: '住基ネット運用管理者',
      MANAGER: '住基ネット管理者',
      DEPUTY_CHIEF: '住基ネット副統括者',
      CHIEF: '住基ネット統括者',
      PIN_ADMINISTRATOR: '暗証番号管理者',
      RESIDENT_INFORMATION_DIRECTOR: '住民情報を担当する部長',
    },
    terminals: {
      title: '端末の設置場所 (電算室等)',
      note: 'サーバー等の設置室にある端末を登録します。入退室管理簿でだれも入室していない時間の操作が抽出されます。',
      none: 'まだ登録がありません。',
      terminal: '端末のコード',
      terminalPlaceholder: '例: T-SRV-01',
      fromRegister: '構成管理簿の端末',
      room: '電算室等',
      registerHint: '構成管理簿に端末があるときは、その登録番号を指定します。',
    },
    types: {
      title: '操作種別',
      note: '端末が記録する操作の種類です。市の独自の種別は、その記録を取り込む前に追加してください。',
      code: 'コード',
      codePlaceholder: '例: BULK_PRINT',
      labelJa: '名称',
      labelEn: '英語名',
    },
    added: '追加しました',
    removed: '削除しました',
  },
};

export default oplogSettings;
