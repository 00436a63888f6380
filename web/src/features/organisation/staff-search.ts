// Staff in post, searched as one types (staffSearch), and the sections to choose from, typed from
// staff-search.graphql.
import { request } from '../../api/graphql-client.js';
import { SectionChoicesDocument, StaffSearchDocument } from '../../generated/staff-search.js';

export const searchStaff = async (search: string, first: number) =>
  (await request(StaffSearchDocument, { search: search.trim() || null, first })).staffSearch;
export type StaffChoice = Awaited<ReturnType<typeof searchStaff>>['nodes'][number];

/** Every section of the organisation chart, in its order (without the staff). */
export const loadSections = async () => (await request(SectionChoicesDocument)).departments.flatMap((d) => d.sections);
