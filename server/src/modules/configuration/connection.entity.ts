import { Field, ObjectType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { LocalDate } from '../../shared/dates.js';
import { ID } from '../../shared/ids.js';
import { ConfigurationItem } from './configuration-item.entity.js';

/**
 * A11.1, A8.3: a connection of Juki-net equipment to another computer system (電子計算組織との結合),
 * with the protective measures taken. One still in place without measures is a VIOLATION of A11.1.
 */
@ObjectType({ description: '他システムとの接続 (A11.1, A8.3)' })
@Entity({ name: 'configuration_connection' })
export class ConfigurationConnection {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** the Juki-net equipment the connection is made at (a firewall, a server) */
  @Field(() => ID)
  @Index('configuration_connection_item')
  @Column({ type: 'uuid' })
  itemId: string;

  @ManyToOne(() => ConfigurationItem, { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'itemId', foreignKeyConstraintName: 'configuration_connection_item_fk' })
  item?: ConfigurationItem;

  @Field(() => String, { description: '接続先のシステム (例: 既存住基システム)' })
  @Column({ type: 'varchar', length: 100 })
  otherSystem: string;

  @Field(() => String, { nullable: true, description: '接続の目的' })
  @Column({ type: 'varchar', length: 200, nullable: true })
  purpose: string | null;

  @Field(() => String, { nullable: true, description: '保護措置 (A8.3、ファイヤーウォールによる遮断など)' })
  @Column({ type: 'varchar', length: 1000, nullable: true })
  protectiveMeasures: string | null;

  @Field(() => LocalDate, { nullable: true, description: '接続日' })
  @Column({ type: 'date', nullable: true })
  connectedOn: string | null;

  @Field(() => LocalDate, { nullable: true, description: '切断日 (空: 接続中)' })
  @Column({ type: 'date', nullable: true })
  disconnectedOn: string | null;

  @Field(() => Date)
  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;
}
