// Every TypeORM entity, listed explicitly (no globs: the same list works under tsc and vitest).
import { AppMeta } from './app-meta.entity.js';
import { ActingAssignment } from '../modules/organisation/acting-assignment.entity.js';
import { Department } from '../modules/organisation/department.entity.js';
import { RoleAssignment } from '../modules/organisation/role-assignment.entity.js';
import { Section } from '../modules/organisation/section.entity.js';
import { Staff } from '../modules/organisation/staff.entity.js';

export const entities = [AppMeta, Department, Section, Staff, RoleAssignment, ActingAssignment];
