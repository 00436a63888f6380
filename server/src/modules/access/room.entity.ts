import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { ID } from '../../shared/ids.js';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A12.1: rooms holding servers, firewalls and network equipment, and rooms where Juki-net data is kept. */
export enum RoomKind {
  /** サーバー等の設置室 */
  SERVER_ROOM = 'SERVER_ROOM',
  /** データ・情報等の保管室 */
  STORAGE_ROOM = 'STORAGE_ROOM',
}
registerEnumType(RoomKind, { name: 'RoomKind', description: '電算室等の種類 (A12.1)' });

/** 電算室等 (A12.1). Authorisations and the entry/exit register (A12.2–3) refer to rooms. */
@ObjectType({ description: '電算室等 (A12.1)' })
@Entity({ name: 'room' })
export class Room {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => String)
  @Column({ type: 'varchar', length: 16, unique: true })
  code: string;

  @Field(() => String)
  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Field(() => RoomKind)
  @Column({ type: 'enum', enum: RoomKind, enumName: 'room_kind' })
  kind: RoomKind;

  /** 所在 (e.g. 本庁舎3階) */
  @Field(() => String)
  @Column({ type: 'varchar', length: 200 })
  location: string;

  @Field(() => Boolean)
  @Column({ type: 'boolean', default: true })
  active: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
