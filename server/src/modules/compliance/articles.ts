// The articles of the security standard (住民基本台帳ネットワークシステム セキュリティ対策基準) as
// product data: one entry per requirement id of docs/standard.md, in the order of its chapters.
// The compliance view lists every one of them, covered by a control or not (未対応).
//
// Ids are the requirement ids used in code and test names (`grep -rn A12.3`). Where the working
// translation groups paragraphs into one rule (A9.1–3, A14.1–2, …) the group stays one entry under
// that id, en dash included: the rule is one row, one screen covers it, and a control names it.

export interface Chapter {
  /** 1–7 */
  no: number;
  title: string;
  titleEn: string;
}

export interface Article {
  /** 'A12.3', or a group of paragraphs 'A9.1–3' */
  id: string;
  chapter: number;
  /** 条の見出し, short, in Japanese */
  title: string;
  titleEn: string;
  /** the rule, short, in Japanese */
  rule: string;
}

export const CHAPTERS: readonly Chapter[] = [
  { no: 1, title: '組織', titleEn: 'Organisation' },
  { no: 2, title: '電算室等と入退室管理簿', titleEn: 'Server rooms and the entry/exit register' },
  { no: 3, title: '構成管理簿と機器', titleEn: 'Configuration register and equipment' },
  { no: 4, title: '操作識別カード・暗証番号・住基カード', titleEn: 'Operator cards, PINs and resident cards' },
  { no: 5, title: '障害・緊急時の対応', titleEn: 'Incidents and emergencies' },
  { no: 6, title: '操作履歴と調査', titleEn: 'Operation history, investigations' },
  { no: 7, title: '個人情報と外部委託', titleEn: 'Personal information and outsourcing' },
];

const a = (id: string, chapter: number, title: string, titleEn: string, rule: string): Article => ({
  id,
  chapter,
  title,
  titleEn,
  rule,
});

export const ARTICLES: readonly Article[] = [
  // 1. 組織
  a(
    'A3',
    1,
    '住基ネット統括者',
    'The chief',
    '住基ネットの対策を総合的に実施するため統括者を置き、副市長をもって充てる。',
  ),
  a(
    'A4',
    1,
    '住基ネット副統括者',
    'The deputy chief',
    '統括者を補佐するため副統括者を置き、電子情報を担当する部長をもって充てる。',
  ),
  a('A5', 1, '住基ネット管理者', 'The manager', '住基ネットの管理者を置き、電子情報を担当する課長をもって充てる。'),
  a(
    'A6',
    1,
    '住基ネット運用管理者',
    'Operations managers',
    '住基ネットを利用している課に運用管理者を置き、住民情報を担当する課長をもって充てる。',
  ),
  a(
    'A7.1',
    1,
    '暗証番号管理者',
    'The PIN administrator',
    '暗証番号及び操作識別カードによる対策を行うため暗証番号管理者を置き、住民情報を担当する課長をもって充てる。',
  ),
  a(
    'A7.2',
    1,
    '暗証番号等の運用基準',
    'PIN operating rules',
    '暗証番号管理者は暗証番号等に関する運用基準を作成し、厳正に管理運用する。',
  ),
  a(
    'A9.1–3',
    1,
    '住民基本台帳ネットワーク会議',
    'The council: duties and members',
    '会議は対策の決定・見直し、実施状況の確認、監査、教育・研修を掌理する。統括者、副統括者、管理者、暗証番号管理者、運用管理者、住民情報を担当する部長で組織する。',
  ),
  a(
    'A9.4–7',
    1,
    '議長及び副議長',
    'Chair and vice-chair',
    '議長は統括者、副議長は副統括者をもって充てる。議長に事故あるときは副議長がその職務を代理する。',
  ),
  a(
    'A9.8',
    1,
    '個人情報保護運営審議会の意見',
    "The personal-information council's opinion",
    '重要と認められる事項を審議する場合は、個人情報保護運営審議会の意見を聴く。',
  ),
  a(
    'A9.9',
    1,
    '関係職員の出席',
    'Other staff attending',
    '議長は必要と認めるときは関係職員の出席を求め、その意見を聴くことができる。',
  ),
  a('A9.10', 1, '会議の庶務', "The council's secretariat", '会議の庶務は電子情報を担当する課が処理する。'),
  a(
    'A10',
    1,
    '関係部署に対する指示等',
    'Instructions to departments',
    '統括者は会議の結果を踏まえ、関係部署の長に指示し、又は行政委員会等に必要な措置を要請する。',
  ),
  // 2. 電算室等と入退室管理簿
  a(
    'A12.1',
    2,
    '電算室等の管理',
    'Server and storage rooms under control',
    '管理者はサーバー等の設置室及びデータ等の保管室(電算室等)の管理と入退室の管理に必要な措置を講じる。',
  ),
  a(
    'A12.2',
    2,
    '入退室の事前許可',
    'Entry only with prior authorisation',
    '電算室等に入退室できる者は、管理者から事前に許可を得た者のみとする。',
  ),
  a(
    'A12.3',
    2,
    '電算室等の入退室管理簿',
    'The entry/exit register',
    '管理者は入退室管理簿を作成し、入退室する者に記録させる。',
  ),
  a(
    'A13',
    2,
    '入退室管理に係る指示',
    'The chief hears access reports',
    '統括者は入退室の管理について管理者等から報告を聴取し、必要に応じて調査し、指示する。',
  ),
  // 3. 構成管理簿と機器
  a(
    'A11.1',
    3,
    '独立したネットワーク',
    'A network separate from other systems',
    '住基ネットは電子計算組織から独立したネットワークとする。結合する場合は個人情報保護の措置を講じる。',
  ),
  a('A11.2', 3, '端末装置の非共用', 'Terminals are not shared', '端末装置は共用しない。'),
  a(
    'A14.1–2',
    3,
    '不正利用の防止と決められた機器',
    'Prevent misuse; approved equipment only',
    '不正利用及び不正操作を防止し、決められた機器及びプログラム以外は組み込まない。',
  ),
  a(
    'A14.3–4',
    3,
    '電算室及びラックへの設置',
    'Servers in protected rooms and racks',
    'サーバー等は対策を施した電算室に設置し、対策を施したラックに収容する。',
  ),
  a(
    'A14.5',
    3,
    '住基ネット構成管理簿',
    'The configuration register',
    '機器、プログラム及び磁気媒体を構成管理簿(様式第1号)に記載し、変更は速やかに記録する。',
  ),
  a(
    'A14.6',
    3,
    'ネットワーク構成のドキュメント',
    'Network configuration documents',
    'ネットワーク構成に関するドキュメントを作成し、変更が生じたときは速やかに修正する。',
  ),
  a(
    'A14.7',
    3,
    'ファイヤーウォールのプログラム',
    'Firewall programs kept current',
    'ファイヤーウォールに使用するプログラム等は最新のものを使用する。',
  ),
  a(
    'A14.8',
    3,
    'ファイヤーウォール設定データの複製',
    'Firewall settings backed up',
    'ファイヤーウォールの設定データは必ず複製をとり、障害時に速やかに回復できるようにする。',
  ),
  a(
    'A15',
    3,
    'データ等の管理',
    'Where data, programs and documents are kept',
    'データ、プログラム及びドキュメントを定められた場所に保管し、必要な措置を講じる。',
  ),
  a(
    'A17',
    3,
    '端末装置の運用',
    'No changes to terminals without permission',
    '操作者は管理者の許可なく機器を接続し、プログラムを変更・削除・追加してはならない。',
  ),
  // 4. 操作識別カード・暗証番号・住基カード
  a(
    'A16.1',
    4,
    '暗証番号等の修正依頼',
    'PIN and card changes on transfer',
    '操作者の異動等で暗証番号等の設定・取消し・変更が必要なときは、速やかに暗証番号管理者に修正を依頼する。',
  ),
  a(
    'A16.2',
    4,
    '操作識別カードの回収',
    'Cards no longer needed are returned',
    '不要となった操作識別カードを回収し、暗証番号管理者に返還する。',
  ),
  a(
    'A16.3',
    4,
    '暗証番号管理者との協議',
    'The PIN administrator consults managers',
    '暗証番号管理上の理由で変更が必要なときは、暗証番号管理者は管理者等と協議する。',
  ),
  a(
    'A16.4–5',
    4,
    '操作者の遵守事項',
    "Operators' duties",
    '暗証番号を書き留め・漏えいせず、カードを貸与しない。交代・離席時は業務を終了しカードを抜き取る。',
  ),
  a(
    'A16.6',
    4,
    '操作識別カードの保管',
    'Cards kept locked',
    '操作識別カードは施錠できる場所に保管し、盗難・不正利用を防ぐ。',
  ),
  a(
    'A18.1',
    4,
    '交付前の住基カードの保管',
    'Resident cards locked before issue',
    '交付前の住基カードは、使用しないときは施錠できる場所に保管する。',
  ),
  a(
    'A18.2',
    4,
    '回収した住基カードの廃棄',
    'Collected resident cards destroyed',
    '回収した住基カードは記録された個人情報を再取得できない状態にした上で廃棄する。',
  ),
  // 5. 障害・緊急時の対応
  a(
    'A19.1–2',
    5,
    'ワクチンソフトによる確認',
    'Scan media before use and before sending',
    '磁気媒体を使用する前、磁気記録を発信する前に、ワクチンソフトで感染していないことを確認する。',
  ),
  a(
    'A19.3',
    5,
    'ウイルス感染時の遮断と報告',
    'Virus found: cut off and report',
    '運用管理者はネットワークの接続を遮断し、管理者に感染の経緯を報告し、入手元に連絡する。',
  ),
  a(
    'A19.4',
    5,
    '感染拡大の防止',
    'Stop the spread',
    '管理者は感染の報告を受けたら速やかに運用管理者に連絡し、感染の拡大を防ぐ。',
  ),
  a(
    'A22.1–3',
    5,
    '不正アクセス行為',
    'Unauthorised access',
    '不正アクセス行為を受けないよう対策を講じ、対応マニュアルを作成する。運用管理者は不正アクセスを受けたら管理者に報告する。',
  ),
  a('A26', 5, '故障発生時の措置', 'Maintenance on instruction', '保守作業は、管理者の指示に基づき行う。'),
  a(
    'A27',
    5,
    '障害対策マニュアル',
    'The system failure manual',
    '管理者は障害発生時の作業手順を定めた障害対策マニュアルを作成し、対処する。',
  ),
  a(
    'A28',
    5,
    '災害又は緊急時における対応',
    'Disasters and emergencies',
    '運用管理者は災害又は緊急事態が発生したら直ちに管理者に連絡し、その指示により対処する。',
  ),
  a(
    'A29',
    5,
    '火災の防止',
    'Fire',
    '検知装置・消火設備を活用して被害の拡大を防ぐ。火災時は運用管理者が直ちに被害の状況を管理者に報告する。',
  ),
  a(
    'A30',
    5,
    '地震及び落雷時の対応',
    'Earthquakes and lightning',
    '大規模な地震・落雷による停電等で損傷のおそれがあるときは、直ちにシステムを終了し端末の電源を切る。',
  ),
  // 6. 操作履歴と調査
  a(
    'A20.1',
    6,
    '操作履歴の記録',
    'Operation history recorded and checked',
    '管理者は操作履歴を記録し、不正な行為が行われていないか確認する。',
  ),
  a('A20.2', 6, '操作履歴の保管', 'Kept for 7 years', '操作履歴は7年前まで遡って解析できるよう保管する。'),
  a('A21', 6, '調査', 'Investigations', '管理者が適正利用に係る調査を行う場合、職員はこれに協力する。'),
  // 7. 個人情報と外部委託
  a(
    'A8.1',
    7,
    '本人確認情報以外の個人情報の禁止',
    'No personal data beyond identity data',
    '住基ネットでは法で定める本人確認情報以外の個人情報を扱ってはならない。',
  ),
  a(
    'A8.2',
    7,
    '個人情報の適切な管理',
    'Preventing leaks, loss and damage',
    '管理者等は個人情報の漏えい、滅失及びき損の防止その他適切な管理に必要な措置を講じる。',
  ),
  a(
    'A23',
    7,
    '外部委託',
    'Before outsourcing',
    '委託の前に受託者の情報保護の管理体制を確認し、個人情報保護運営審議会の承認を経る。',
  ),
  a(
    'A24',
    7,
    '委託契約書への記載事項',
    'Contract clauses',
    '委託契約に秘密保持、再委託の禁止、目的外使用の禁止、複写・破棄、事故報告、契約解除・損害賠償、帰属等を定める。',
  ),
  a(
    'A25',
    7,
    '受託者の管理状況の調査',
    'Auditing contractors',
    '必要に応じて外部委託に係るセキュリティ対策の実施状況を調査する。',
  ),
];

/** A requirement id: article, optional paragraph, optional end of a paragraph range (en dash). */
export const ARTICLE_ID = /^A([1-9]\d?)(?:\.([1-9]\d?)(?:–([1-9]\d?))?)?$/;

export function chapterOf(no: number): Chapter {
  const c = CHAPTERS.find((x) => x.no === no);
  if (!c) throw new Error(`no chapter ${no}`);
  return c;
}
