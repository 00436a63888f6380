import { LocalDate } from '../../shared/dates.js';
import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';

/** A control's finding, plus NOT_COVERED for an article no control evaluates (未対応). */
export enum ComplianceStatus {
  OK = 'OK',
  ATTENTION = 'ATTENTION',
  VIOLATION = 'VIOLATION',
  NOT_COVERED = 'NOT_COVERED',
}
registerEnumType(ComplianceStatus, {
  name: 'ComplianceStatus',
  description: '準拠の状態: 適合 / 要注意 / 違反 / 未対応 (評価する仕組みがまだない)',
});

@ObjectType({ description: '1つの確認項目の結果' })
export class ComplianceControlResult {
  @Field(() => String, { description: '条項 (e.g. A12.3)' })
  article: string;

  @Field(() => String, { description: '確認すること' })
  title: string;

  @Field(() => ComplianceStatus)
  status: ComplianceStatus;

  @Field(() => String, { description: '理由' })
  reason: string;

  @Field(() => String, { nullable: true, description: '確認・対応する画面のパス' })
  link: string | null;
}

@ObjectType({ description: '対策基準の条項と、その準拠の状態' })
export class ComplianceArticle {
  @Field(() => String, { description: '条項 (e.g. A12.3, A9.1–3)' })
  id: string;

  @Field(() => Int, { description: '章 (1–7)' })
  chapter: number;

  @Field(() => String)
  chapterTitle: string;

  @Field(() => String)
  chapterTitleEn: string;

  @Field(() => String, { description: '見出し' })
  title: string;

  @Field(() => String)
  titleEn: string;

  @Field(() => String, { description: '規定 (要約)' })
  rule: string;

  @Field(() => ComplianceStatus, { description: '確認項目のうち最も悪い状態。確認項目がなければ NOT_COVERED' })
  status: ComplianceStatus;

  @Field(() => [ComplianceControlResult])
  controls: ComplianceControlResult[];
}

@ObjectType({ description: '状態ごとの条項の数' })
export class ComplianceSummary {
  @Field(() => Int)
  ok: number;

  @Field(() => Int)
  attention: number;

  @Field(() => Int)
  violation: number;

  @Field(() => Int)
  notCovered: number;
}

@ObjectType({ description: '対策基準への準拠の状況 (条項ごと)' })
export class ComplianceReport {
  @Field(() => LocalDate, { description: '評価した日 (この日の終わり時点、本日なら現在)' })
  on: string;

  @Field(() => Date)
  evaluatedAt: Date;

  @Field(() => [ComplianceArticle])
  articles: ComplianceArticle[];

  @Field(() => ComplianceSummary)
  summary: ComplianceSummary;
}

@ObjectType({ description: '対応が必要なこと (件数つき)' })
export class TodoItem {
  @Field(() => String)
  id: string;

  @Field(() => String)
  title: string;

  @Field(() => String)
  link: string;

  @Field(() => Int)
  count: number;
}
