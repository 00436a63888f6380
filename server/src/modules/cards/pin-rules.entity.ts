import { Field, ObjectType } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { ID } from '../../shared/ids.js';
import { Staff } from '../organisation/index.js';

/**
 * A16.4–5, A7.2: a person acknowledged (確認しました) one version of the PIN operating rules
 * (暗証番号等の運用基準, a PIN_RULES document of the configuration register). One row per person and
 * version: a new version asks everyone again.
 */
@ObjectType({ description: '暗証番号等の運用基準の確認 (A16.4–5)' })
@Entity({ name: 'pin_rules_acknowledgement' })
@Index('pin_rules_ack_once', ['documentVersionId', 'staffId'], { unique: true })
@Index('pin_rules_ack_staff', ['staffId'])
export class PinRulesAcknowledgement {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  staffId: string;

  @ManyToOne(() => Staff, { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'staffId', foreignKeyConstraintName: 'pin_rules_ack_staff_fk' })
  staffRef?: Staff;

  /** the configuration register's document version acknowledged (configuration_document_version.id) */
  @Field(() => ID, { description: '確認した版' })
  @Column({ type: 'uuid' })
  documentVersionId: string;

  /** the version's label when acknowledged (第2版 …), for the register's reading */
  @Field(() => String, { description: '確認した版の名前' })
  @Column({ type: 'varchar', length: 100 })
  versionLabel: string;

  @Field(() => Date, { description: '確認した日時' })
  @Column({ type: 'timestamptz', precision: 3 })
  acknowledgedAt: Date;
}
