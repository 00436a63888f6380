import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { Column, CreateDateColumn, Entity } from 'typeorm';
import { CodedRecord } from '../../shared/coded-record.js';

/** A12.1: rooms holding servers, firewalls and network equipment, and rooms where Juki-net data is kept. */
export enum RoomKind {
  /** サーバー等の設置室 */
  SERVER_ROOM = 'SERVER_ROOM',
  /** データ・情報等の保管室 */
  STORAGE_ROOM = 'STORAGE_ROOM',
}
registerEnumType(RoomKind, { name: 'RoomKind', description: '電算室等の種類 (A12.1)' });

/** 電算室等 (A12.1; code and name: CodedRecord). Authorisations and the entry/exit register (A12.2–3) refer to rooms. */
@ObjectType({ description: '電算室等 (A12.1)' })
@Entity({ name: 'room' })
export class Room extends CodedRecord {
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
