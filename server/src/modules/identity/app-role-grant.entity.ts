import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Staff } from '../organisation/index.js';
import { AppRole } from '../../shared/authority.js';

/** A system role given to a staff member until revoked. */
@Entity({ name: 'app_role_grant' })
@Index('app_role_grant_current', ['staffId', 'role'], { unique: true, where: '"revokedAt" IS NULL' })
export class AppRoleGrant {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  staffId: string;

  @ManyToOne(() => Staff, { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'staffId', foreignKeyConstraintName: 'app_role_grant_staff_fk' })
  staff?: Staff;

  @Column({ type: 'enum', enum: AppRole, enumName: 'app_role' })
  role: AppRole;

  @CreateDateColumn({ type: 'timestamptz' })
  grantedAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  revokedAt: Date | null;
}
