import { ObjectType } from 'type-graphql';
import { Entity } from 'typeorm';
import { OrganisationUnit } from './organisation-unit.js';

/** 部 */
@ObjectType({ description: '部' })
@Entity({ name: 'department' })
export class Department extends OrganisationUnit {}
