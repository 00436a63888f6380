// 日本語: compliance with the security standard, article by article
const compliance = {
  compliance: {
    title: '基準の適合状況',
    intro: 'セキュリティ対策基準の条項ごとに、記録から判定した状況です。',
    on: '基準日',
    today: '今日',
    evaluatedAt: '{at} 判定',
    status: { OK: '適合', ATTENTION: '要注意', VIOLATION: '違反', NOT_COVERED: '未対応' },
    statusNote: {
      OK: '記録から基準を満たしています',
      ATTENTION: '期限が近い、または確認が必要です',
      VIOLATION: '基準を満たしていません',
      NOT_COVERED: 'このシステムではまだ確認していません',
    },
    summary: '集計',
    show: '表示',
    filter: { all: 'すべて', problems: '問題のみ', VIOLATION: '違反', ATTENTION: '要注意', NOT_COVERED: '未対応' },
    chapter: '{n}.',
    articles: '{n}条項',
    problems: '問題 {n}',
    rule: '基準の内容',
    fix: '対応する画面へ',
    legend: '状態の見方',
    noProblems: '違反・要注意の条項はありません。',
    none: '該当する条項はありません。',
    loading: '読み込み中…',
    error: '適合状況を取得できませんでした ({code})',
    retry: '再読み込み',
  },
};

export default compliance;
