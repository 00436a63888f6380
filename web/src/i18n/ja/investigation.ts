// 日本語: investigations (A21), loaded with their pages
const investigation = {
  investigation: {
    title: '調査 (第21)',
    intro:
      '操作履歴などにより、住基ネットの不正な利用が疑われるときの調査です。管理者・統括者・監査者のみ閲覧できます。',
    none: '調査はありません。',
    more: 'さらに表示',
    state: { OPEN: '調査中', CLOSED: '終了' },
    subject: '対象の職員',
    scope: '範囲',
    period: '対象期間',
    openedAt: '開始',
    findings: '所見',
    noFindings: '所見はまだ記録されていません。',
    cooperation: '協力の依頼',
    acknowledged: '確認済み ({at})',
    notAcknowledged: '未確認',
    links: '結び付けた記録',
    kind: { OPERATION_RECORD: '操作履歴', ACCESS_EVENT: '入退室の記録', INCIDENT: '事故' },
    cooperationTitle: '調査への協力の依頼',
    cooperationIntro: '管理者から調査への協力を依頼されています (第21)。内容を確認し、管理者の指示に従ってください。',
    cooperationNone: '協力の依頼はありません。',
    askedAt: '依頼日時',
    acknowledge: '確認しました',
  },
};
export default investigation;
