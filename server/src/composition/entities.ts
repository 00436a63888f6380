// Every TypeORM entity: the application's own, then each module's, from the module list.
import { AppMeta } from '../db/app-meta.entity.js';
import { MODULES } from './modules.js';

export const entities = [AppMeta, ...MODULES.flatMap((m) => m.entities)];
