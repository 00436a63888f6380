// A fictional city office (みどり野市) for demonstration and first-start exploration.
// Every name is invented. Sections carry the responsibilities the standard keys roles to.

export interface DemoDepartment {
  code: string;
  name: string;
  nameKana: string;
  handlesEInformation?: boolean;
  handlesResidentInformation?: boolean;
  sections: DemoSection[];
}

export interface DemoSection {
  code: string;
  name: string;
  nameKana: string;
  usesJukinet?: boolean;
  handlesEInformation?: boolean;
  handlesResidentInformation?: boolean;
  /** [staffNumber, 姓, 名, せい, めい, 役職] */
  staff: [string, string, string, string, string, string][];
}

export const DEMO_CITY = 'みどり野市';

export const demoDepartments: DemoDepartment[] = [
  {
    code: 'D01',
    name: '市長公室',
    nameKana: 'しちょうこうしつ',
    sections: [
      {
        code: 'S0101',
        name: '秘書広報課',
        nameKana: 'ひしょこうほうか',
        staff: [
          ['100001', '鈴木', '一郎', 'すずき', 'いちろう', '副市長'],
          ['100102', '佐々木', '恵', 'ささき', 'めぐみ', '秘書広報課長'],
          ['100203', '松本', '翔太', 'まつもと', 'しょうた', '主事'],
        ],
      },
    ],
  },
  {
    code: 'D02',
    name: '企画部',
    nameKana: 'きかくぶ',
    handlesEInformation: true,
    sections: [
      {
        code: 'S0201',
        name: '企画政策課',
        nameKana: 'きかくせいさくか',
        staff: [
          ['200001', '高橋', '誠', 'たかはし', 'まこと', '企画部長'],
          ['200102', '井上', '由美', 'いのうえ', 'ゆみ', '企画政策課長'],
          ['200203', '木村', '大輔', 'きむら', 'だいすけ', '主任'],
        ],
      },
      {
        code: 'S0202',
        name: '情報政策課',
        nameKana: 'じょうほうせいさくか',
        handlesEInformation: true,
        staff: [
          ['200301', '田中', '美穂', 'たなか', 'みほ', '情報政策課長'],
          ['200302', '林', '健太', 'はやし', 'けんた', '情報システム係長'],
          ['200303', '清水', '彩', 'しみず', 'あや', '主任'],
          ['200304', '山崎', '拓也', 'やまざき', 'たくや', '主事'],
          ['200305', '森', '玲奈', 'もり', 'れな', '主事'],
        ],
      },
    ],
  },
  {
    code: 'D03',
    name: '総務部',
    nameKana: 'そうむぶ',
    sections: [
      {
        code: 'S0301',
        name: '総務課',
        nameKana: 'そうむか',
        staff: [
          ['300001', '池田', '茂', 'いけだ', 'しげる', '総務部長'],
          ['300102', '橋本', '真理子', 'はしもと', 'まりこ', '総務課長'],
          ['300103', '阿部', '悠斗', 'あべ', 'ゆうと', '主事'],
        ],
      },
      {
        code: 'S0302',
        name: '職員課',
        nameKana: 'しょくいんか',
        staff: [
          ['300201', '渡辺', '健一', 'わたなべ', 'けんいち', '職員課長'],
          ['300202', '石川', '愛', 'いしかわ', 'あい', '主任'],
        ],
      },
    ],
  },
  {
    code: 'D04',
    name: '市民部',
    nameKana: 'しみんぶ',
    handlesResidentInformation: true,
    sections: [
      {
        code: 'S0401',
        name: '市民課',
        nameKana: 'しみんか',
        usesJukinet: true,
        handlesResidentInformation: true,
        staff: [
          ['400001', '小林', '和子', 'こばやし', 'かずこ', '市民部長'],
          ['400101', '伊藤', '直子', 'いとう', 'なおこ', '市民課長'],
          ['400102', '山田', '太郎', 'やまだ', 'たろう', '住民記録係長'],
          ['400103', '加藤', 'さくら', 'かとう', 'さくら', '主任'],
          ['400104', '吉田', '陽介', 'よしだ', 'ようすけ', '主事'],
          ['400105', '山口', '美咲', 'やまぐち', 'みさき', '主事'],
        ],
      },
      {
        code: 'S0402',
        name: '保険年金課',
        nameKana: 'ほけんねんきんか',
        usesJukinet: true,
        staff: [
          ['400201', '山本', '浩', 'やまもと', 'ひろし', '保険年金課長'],
          ['400202', '斎藤', '恵子', 'さいとう', 'けいこ', '国保係長'],
          ['400203', '近藤', '亮', 'こんどう', 'りょう', '主事'],
        ],
      },
      {
        code: 'S0403',
        name: '若葉台出張所',
        nameKana: 'わかばだいしゅっちょうじょ',
        usesJukinet: true,
        staff: [
          ['400301', '中村', '聡', 'なかむら', 'さとし', '若葉台出張所長'],
          ['400302', '藤田', '明美', 'ふじた', 'あけみ', '主任'],
        ],
      },
    ],
  },
  {
    code: 'D05',
    name: '福祉部',
    nameKana: 'ふくしぶ',
    sections: [
      {
        code: 'S0501',
        name: '福祉総務課',
        nameKana: 'ふくしそうむか',
        staff: [
          ['500001', '岡田', '隆', 'おかだ', 'たかし', '福祉部長'],
          ['500102', '後藤', '千尋', 'ごとう', 'ちひろ', '福祉総務課長'],
          ['500103', '長谷川', '涼', 'はせがわ', 'りょう', '主事'],
        ],
      },
    ],
  },
];

/** [role, staffNumber, section code for operations managers, from, to, note] */
export const demoAssignments: [string, string, string | null, string, string | null, string | null][] = [
  ['CHIEF', '100001', null, '2026-04-01', null, '副市長 (A3)'],
  ['DEPUTY_CHIEF', '200001', null, '2026-04-01', null, '電子情報を担当する部長 (A4)'],
  ['MANAGER', '300201', null, '2024-04-01', '2026-03-31', '前任: 人事異動により職員課へ'],
  ['MANAGER', '200301', null, '2026-04-01', null, '電子情報を担当する課長 (A5)'],
  ['OPERATIONS_MANAGER', '400101', 'S0401', '2026-04-01', null, '市民課長 (A6)'],
  ['OPERATIONS_MANAGER', '400201', 'S0402', '2026-04-01', null, '保険年金課長 (A6)'],
  ['OPERATIONS_MANAGER', '400301', 'S0403', '2026-04-01', null, '若葉台出張所長 (A6)'],
  ['PIN_ADMINISTRATOR', '400101', null, '2026-04-01', null, '住民情報を担当する課長 (A7.1)'],
  ['RESIDENT_INFORMATION_DIRECTOR', '400001', null, '2026-04-01', null, '住民情報を担当する部長 (A9.3(6))'],
];

/** [role acted for, acting staffNumber, from, to, reason] */
export const demoActing: [string, string, string, string, string][] = [
  ['CHIEF', '200001', '2026-08-17', '2026-08-21', '統括者(副市長)の姉妹都市訪問による不在 (A9.7)'],
];

/** [system role, staffNumber] */
export const demoAppRoles: [string, string][] = [
  ['SYSTEM_ADMINISTRATOR', '200302'],
  ['AUDITOR', '300102'],
];

/** [code, name, kind, location] — 電算室等 (A12.1) */
export const demoRooms: [string, string, string, string][] = [
  ['R01', '電算室', 'SERVER_ROOM', '本庁舎3階 情報政策課奥'],
  ['R02', '媒体保管室', 'STORAGE_ROOM', '本庁舎地下1階'],
];
