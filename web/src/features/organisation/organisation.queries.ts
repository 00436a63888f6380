// GraphQL operations of the organisation page, typed by hand against schema.graphql.
export type OrgRole =
  'CHIEF' | 'DEPUTY_CHIEF' | 'MANAGER' | 'OPERATIONS_MANAGER' | 'PIN_ADMINISTRATOR' | 'RESIDENT_INFORMATION_DIRECTOR';

export interface StaffRef {
  id: string;
  staffNumber: string;
  fullName: string;
  fullNameKana: string;
  title: string;
}
export interface SectionRef {
  id: string;
  code: string;
  name: string;
}
export interface RoleHolderRow {
  role: OrgRole;
  section: SectionRef | null;
  holder: StaffRef | null;
  assignment: { validFrom: string; validTo: string | null } | null;
  acting: { startsOn: string; endsOn: string; reason: string; actingStaff: StaffRef } | null;
}
export interface CouncilMemberRow {
  staff: StaffRef;
  position: 'CHAIR' | 'VICE_CHAIR' | 'MEMBER';
  roles: OrgRole[];
  sections: SectionRef[];
}
export interface OrganisationData {
  roleHolders: RoleHolderRow[];
  council: {
    on: string;
    members: CouncilMemberRow[];
    vacantRoles: OrgRole[];
    secretariat: SectionRef[];
    actingChair: { startsOn: string; endsOn: string; reason: string; actingStaff: StaffRef } | null;
  };
  departments: {
    id: string;
    code: string;
    name: string;
    nameKana: string;
    handlesEInformation: boolean;
    handlesResidentInformation: boolean;
    sections: (SectionRef & {
      nameKana: string;
      usesJukinet: boolean;
      handlesEInformation: boolean;
      handlesResidentInformation: boolean;
      staff: StaffRef[];
    })[];
  }[];
}

const STAFF = 'id staffNumber fullName fullNameKana title';
const SECTION = 'id code name';

export const ORGANISATION_QUERY = `query Organisation($on: LocalDate) {
  roleHolders(on: $on) {
    role section { ${SECTION} } holder { ${STAFF} }
    assignment { validFrom validTo }
    acting { startsOn endsOn reason actingStaff { ${STAFF} } }
  }
  council(on: $on) {
    on vacantRoles secretariat { ${SECTION} }
    members { position roles staff { ${STAFF} } sections { ${SECTION} } }
    actingChair { startsOn endsOn reason actingStaff { ${STAFF} } }
  }
  departments {
    id code name nameKana handlesEInformation handlesResidentInformation
    sections { ${SECTION} nameKana usesJukinet handlesEInformation handlesResidentInformation staff { ${STAFF} } }
  }
}`;
