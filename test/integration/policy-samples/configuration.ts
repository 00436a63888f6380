// Policy samples of the configuration module: one call per action (authorization-policy.test.ts).
import { type SamplesOf } from './sample.js';

export const configurationSamples: SamplesOf<'configuration'> = {
  'Query.configurationItems': { query: `{ configurationItems(first: 1) { nodes { id } } }` },
  'Query.configurationItem': {
    query: `query($id: ID!) { configurationItem(id: $id) { id } }`,
    variables: () => ({ id: '00000000-0000-4000-8000-000000000000' }),
  },
  'Query.configurationChanges': { query: `{ configurationChanges(first: 1) { nodes { id } } }` },
  'Query.configurationChangeRequests': { query: `{ configurationChangeRequests(first: 1) { nodes { id } } }` },
  'Query.configurationChangeRequest': {
    query: `query($id: ID!) { configurationChangeRequest(id: $id) { id } }`,
    variables: () => ({ id: '00000000-0000-4000-8000-000000000000' }),
  },
  'Query.configurationDocuments': { query: `{ configurationDocuments { id } }` },
  'Query.configurationDocument': {
    query: `query($id: ID!) { configurationDocument(id: $id) { id } }`,
    variables: () => ({ id: '00000000-0000-4000-8000-000000000000' }),
  },
  'Mutation.createConfigurationDocument': {
    query: `mutation($i: CreateConfigurationDocumentInput!) { createConfigurationDocument(input: $i) { id } }`,
    variables: () => ({ i: { type: 'OTHER', title: 'policy test' } }),
  },
  'Mutation.approveConfigurationDocumentVersion': {
    query: `mutation($i: ApproveConfigurationDocumentVersionInput!) { approveConfigurationDocumentVersion(input: $i) { id } }`,
    variables: () => ({ i: { versionId: '00000000-0000-4000-8000-000000000000' } }),
  },
  'Mutation.reviewConfigurationDocumentVersion': {
    query: `mutation($i: ReviewConfigurationDocumentVersionInput!) { reviewConfigurationDocumentVersion(input: $i) { id } }`,
    variables: () => ({ i: { versionId: '00000000-0000-4000-8000-000000000000', nextReviewOn: '2030-01-01' } }),
  },
  'Mutation.addConfigurationDocumentVersion': {
    query: `mutation($i: AddConfigurationDocumentVersionInput!) { addConfigurationDocumentVersion(input: $i) { id } }`,
    variables: () => ({
      i: {
        documentId: '00000000-0000-4000-8000-000000000000',
        versionLabel: 'policy test',
        effectiveOn: '2026-11-01',
        file: { fileName: 'a.txt', contentBase64: 'YQ==' },
      },
    }),
  },
  'Query.firewallSettingBackups': {
    query: `query($id: ID!) { firewallSettingBackups(itemId: $id) { id } }`,
    variables: () => ({ id: '00000000-0000-4000-8000-000000000000' }),
  },
  'Mutation.recordFirewallVersionCheck': {
    query: `mutation($i: RecordFirewallVersionCheckInput!) { recordFirewallVersionCheck(input: $i) { id } }`,
    variables: () => ({
      i: { itemId: '00000000-0000-4000-8000-000000000000', latestKnownVersion: '1.0', checkedOn: '2026-11-01' },
    }),
  },
  'Mutation.storeFirewallSettingBackup': {
    query: `mutation($i: StoreFirewallSettingBackupInput!) { storeFirewallSettingBackup(input: $i) { id } }`,
    variables: () => ({
      i: {
        itemId: '00000000-0000-4000-8000-000000000000',
        takenAt: '2026-11-01T00:00:00Z',
        copyKeptAt: 'policy test',
        file: { fileName: 'a.txt', contentBase64: 'YQ==' },
      },
    }),
  },
  'Mutation.recordFirewallRestoreDrill': {
    query: `mutation($i: RecordFirewallRestoreDrillInput!) { recordFirewallRestoreDrill(input: $i) { id } }`,
    variables: () => ({
      i: { itemId: '00000000-0000-4000-8000-000000000000', drilledOn: '2026-11-01', result: 'SUCCEEDED' },
    }),
  },
  'Mutation.requestConfigurationChange': {
    query: `mutation($i: RequestConfigurationChangeInput!) { requestConfigurationChange(input: $i) { id } }`,
    variables: () => ({
      i: {
        kind: 'CHANGE',
        itemId: '00000000-0000-4000-8000-000000000000',
        summary: 'policy test',
        reason: 'policy test',
      },
    }),
  },
  'Mutation.withdrawConfigurationChange': {
    query: `mutation($i: ConfigurationChangeDecisionInput!) { withdrawConfigurationChange(input: $i) { id } }`,
    variables: () => ({ i: { id: '00000000-0000-4000-8000-000000000000' } }),
  },
  'Mutation.approveConfigurationChange': {
    query: `mutation($i: ConfigurationChangeDecisionInput!) { approveConfigurationChange(input: $i) { id } }`,
    variables: () => ({ i: { id: '00000000-0000-4000-8000-000000000000' } }),
  },
  'Mutation.refuseConfigurationChange': {
    query: `mutation($i: ConfigurationChangeDecisionInput!) { refuseConfigurationChange(input: $i) { id } }`,
    variables: () => ({ i: { id: '00000000-0000-4000-8000-000000000000', note: 'policy test' } }),
  },
  'Mutation.carryOutConfigurationChange': {
    query: `mutation($i: ConfigurationChangeRequestIdInput!) { carryOutConfigurationChange(input: $i) { id } }`,
    variables: () => ({ i: { id: '00000000-0000-4000-8000-000000000000' } }),
  },
  'Mutation.confirmConfigurationChange': {
    query: `mutation($i: ConfigurationChangeDecisionInput!) { confirmConfigurationChange(input: $i) { id } }`,
    variables: () => ({ i: { id: '00000000-0000-4000-8000-000000000000' } }),
  },
  'Mutation.recordUnapprovedConfigurationChange': {
    query: `mutation($i: RecordUnapprovedConfigurationChangeInput!) { recordUnapprovedConfigurationChange(input: $i) { id } }`,
    variables: () => ({
      i: {
        kind: 'CHANGE',
        itemId: '00000000-0000-4000-8000-000000000000',
        summary: 'policy test',
        reason: 'policy test',
      },
    }),
  },
  'Mutation.reviewUnapprovedConfigurationChange': {
    query: `mutation($i: ReviewUnapprovedConfigurationChangeInput!) { reviewUnapprovedConfigurationChange(input: $i) { id } }`,
    variables: () => ({ i: { id: '00000000-0000-4000-8000-000000000000', note: 'policy test' } }),
  },
  'Mutation.recordConfigurationMedium': {
    query: `mutation($i: RecordConfigurationMediumInput!) { recordConfigurationMedium(input: $i) { id } }`,
    variables: () => ({
      i: { id: '00000000-0000-4000-8000-000000000000', item: { name: 'policy' }, reason: 'policy test' },
    }),
  },
  // a sheet with no usable columns: refused with IMPORT_COLUMNS_MISSING after the policy, nothing stored
  'Mutation.importConfigurationRegister': {
    query: `mutation($i: ImportConfigurationRegisterInput!) { importConfigurationRegister(input: $i) { imported } }`,
    variables: () => ({
      i: { file: { fileName: 'policy.csv', contentBase64: Buffer.from('policy\n').toString('base64') } },
    }),
  },
  'Export.configurationRegister': { query: '', httpGet: '/exports/configuration-register.csv' },
  'Mutation.setConnectionMeasures': {
    query: `mutation($i: SetConnectionMeasuresInput!) { setConnectionMeasures(input: $i) { id } }`,
    variables: () => ({
      i: { connectionId: '00000000-0000-4000-8000-000000000000', measures: 'policy test', reason: 'policy test' },
    }),
  },
};
