import { Field, Int, ObjectType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, Index, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { ID } from '../../shared/ids.js';
import { Staff } from '../organisation/index.js';

/** One phone's (one browser's) Web Push subscription; the keys encrypt what is sent to it. */
@ObjectType({ description: 'プッシュ通知を受け取る端末 (ブラウザ)' })
@Entity('push_subscription')
export class PushSubscription {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index()
  @Column({ type: 'uuid' })
  staffId!: string;

  @ManyToOne(() => Staff, { onDelete: 'CASCADE', nullable: false })
  staff?: Staff;

  /** the push service's URL for this browser (a capability: never shown, never logged) */
  @Column({ type: 'varchar', length: 1000, unique: true })
  endpoint!: string;

  @Column({ type: 'varchar', length: 200 })
  p256dh!: string;

  @Column({ type: 'varchar', length: 100 })
  auth!: string;

  @Field(() => String, { description: '端末の名前 (例: 田中の iPhone)' })
  @Column({ type: 'varchar', length: 100 })
  label!: string;

  @Field(() => String, { description: 'プッシュサービスのホスト名' })
  get service(): string {
    return new URL(this.endpoint).host;
  }

  @Field(() => Date)
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @Field(() => Date, { nullable: true, description: '最後に届けた日時' })
  @Column({ type: 'timestamptz', nullable: true })
  lastSentAt!: Date | null;

  @Field(() => Int, { description: '続けて失敗した回数' })
  @Column({ type: 'int', default: 0 })
  failures!: number;

  @Field(() => String, { nullable: true, description: '最後の失敗の理由' })
  @Column({ type: 'varchar', length: 300, nullable: true })
  lastError!: string | null;

  @Field(() => Date, { nullable: true })
  @Column({ type: 'timestamptz', nullable: true })
  lastErrorAt!: Date | null;
}
