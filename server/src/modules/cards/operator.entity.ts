import { Field, ObjectType } from 'type-graphql';
import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { LocalDate } from '../../shared/dates.js';
import { ID } from '../../shared/ids.js';
import { Section, Staff } from '../organisation/index.js';

/**
 * A16: a Juki-net operator (操作者): a staff member with an operator ID (識別番号) for a section, from
 * a day until a day (inclusive, Tokyo; until null: still an operator). The ID is never reused. No
 * PIN nor anything derived from one is kept (issue 15): the PIN administrator keeps those in Juki-net.
 */
@ObjectType({ description: '住基ネットの操作者 (A16)' })
@Entity({ name: 'card_operator' })
@Check('card_operator_period', `"until" IS NULL OR "until" >= "since"`)
@Check('card_operator_code', `length(btrim("operatorCode")) > 0`)
@Index('card_operator_staff', ['staffId', 'since'])
export class CardOperator {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  staffId: string;

  @ManyToOne(() => Staff, { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'staffId', foreignKeyConstraintName: 'card_operator_staff_fk' })
  staffRef?: Staff;

  @Field(() => String, { description: '操作者の識別番号' })
  @Index('card_operator_code_unique', { unique: true })
  @Column({ type: 'varchar', length: 32 })
  operatorCode: string;

  @Column({ type: 'uuid' })
  sectionId: string;

  @ManyToOne(() => Section, { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'sectionId', foreignKeyConstraintName: 'card_operator_section_fk' })
  sectionRef?: Section;

  @Field(() => LocalDate, { description: '操作者となった日' })
  @Column({ type: 'date' })
  since: string;

  @Field(() => LocalDate, { nullable: true, description: '操作者でなくなった日 (空: 現在も操作者)' })
  @Column({ type: 'date', nullable: true })
  until: string | null;

  /** millisecond precision, as the keyset cursor carries it */
  @Field(() => Date)
  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;
}

/** An operator's period as read without the entity (a transfer round reads thousands). */
export type OperatorPeriod = Pick<CardOperator, 'id' | 'staffId' | 'sectionId' | 'since' | 'until'>;
