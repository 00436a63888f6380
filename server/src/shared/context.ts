import type { DataSource } from 'typeorm';
import { createOrganisationLoaders } from '../modules/organisation/organisation.loaders.js';
import { OrganisationService } from '../modules/organisation/organisation.service.js';
import { dateIn } from './dates.js';

/** Services live as long as the server; they hold no per-request state. */
export function createServices(ds: DataSource) {
  return { organisation: new OrganisationService(ds) };
}
export type Services = ReturnType<typeof createServices>;

/** What every resolver receives: per-request loaders, the office's date of today, the request id. */
export interface AppContext {
  requestId: string;
  /** today in Asia/Tokyo, 'YYYY-MM-DD' */
  today: string;
  services: Services;
  loaders: { organisation: ReturnType<typeof createOrganisationLoaders> };
}

export function createContext(services: Services, requestId: string, timeZone: string): AppContext {
  const today = dateIn(timeZone);
  return {
    requestId,
    today,
    services,
    loaders: { organisation: createOrganisationLoaders(services.organisation, today) },
  };
}
