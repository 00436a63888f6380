import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { ID } from '../../shared/ids.js';
import { Staff } from '../organisation/index.js';
import { ChangeKind, ConfigurationChangeRequest } from './change-request.entity.js';
import { ConfigurationItem } from './configuration-item.entity.js';

/** On what authority a change was recorded. */
export enum ChangeBasis {
  /** an approved change request, carried out (A14.1–2, A17) */
  REQUEST = 'REQUEST',
  /** the manager's emergency entry, without a request: flagged until the chief or deputy chief reviews it */
  EMERGENCY = 'EMERGENCY',
  /** a change found later that nobody asked for (A17 broken): flagged until reviewed */
  DISCOVERED = 'DISCOVERED',
  /** a record that needs no request: media and documents kept by 管理者等 (A15), the measures of a connection */
  DIRECT = 'DIRECT',
}
registerEnumType(ChangeBasis, {
  name: 'ChangeBasis',
  description: '変更の根拠 (承認済みの申請、緊急、事後発見、直接記録)',
});

/** Bases that record a change nobody approved beforehand (A14.1–2, A17). */
export const UNAPPROVED_BASES: readonly ChangeBasis[] = [ChangeBasis.EMERGENCY, ChangeBasis.DISCOVERED];

/**
 * A14.5: the register's history. Every change to an item is one row, written in the same
 * transaction as the change: what (kind and summary), why, and the fields before and after (as
 * labels, so the history reads the same after a room or a person is renamed).
 */
@ObjectType({ description: '構成管理簿の変更記録 (A14.5)' })
@Entity({ name: 'configuration_change' })
@Index('configuration_change_at', ['at', 'id'])
@Index('configuration_change_item_at', ['itemId', 'at'])
export class ConfigurationChange {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => ID)
  @Column({ type: 'uuid' })
  itemId: string;

  @ManyToOne(() => ConfigurationItem, { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'itemId', foreignKeyConstraintName: 'configuration_change_item_fk' })
  item?: ConfigurationItem;

  /** millisecond precision, as the keyset cursor carries it */
  @Field(() => Date, { description: '記録日時' })
  @Column({ type: 'timestamptz', precision: 3 })
  at: Date;

  @Column({ type: 'uuid', nullable: true })
  byId: string | null;

  @ManyToOne(() => Staff, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'byId', foreignKeyConstraintName: 'configuration_change_by_fk' })
  by?: Staff | null;

  @Field(() => ChangeKind)
  @Column({ type: 'enum', enum: ChangeKind, enumName: 'configuration_change_kind' })
  kind: ChangeKind;

  @Field(() => String, { description: '何を (件名)' })
  @Column({ type: 'varchar', length: 200 })
  summary: string;

  @Field(() => String, { description: 'なぜ (理由)' })
  @Column({ type: 'varchar', length: 1000 })
  reason: string;

  /** { field: [before, after] }, as labels */
  @Column({ type: 'jsonb' })
  changes: Record<string, [string | null, string | null]>;

  @Field(() => ChangeBasis)
  @Column({ type: 'enum', enum: ChangeBasis, enumName: 'configuration_change_basis' })
  basis: ChangeBasis;

  @Field(() => ID, { nullable: true })
  @Index('configuration_change_by_request')
  @Column({ type: 'uuid', nullable: true })
  requestId: string | null;

  @ManyToOne(() => ConfigurationChangeRequest, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'requestId', foreignKeyConstraintName: 'configuration_change_request_fk' })
  request?: ConfigurationChangeRequest | null;

  @Column({ type: 'uuid', nullable: true })
  reviewedById: string | null;

  @ManyToOne(() => Staff, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'reviewedById', foreignKeyConstraintName: 'configuration_change_reviewer_fk' })
  reviewedBy?: Staff | null;

  @Field(() => Date, { nullable: true, description: '事後確認の日時 (承認のない変更)' })
  @Column({ type: 'timestamptz', nullable: true })
  reviewedAt: Date | null;

  @Field(() => String, { nullable: true, description: '事後確認の所見' })
  @Column({ type: 'varchar', length: 500, nullable: true })
  reviewNote: string | null;
}
