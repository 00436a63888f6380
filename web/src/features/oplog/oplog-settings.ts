// GraphQL of /oplog/settings (A20.1), typed from oplog-settings.graphql by `npm run codegen`.
import { request } from '../../api/graphql-client.js';
import {
  AddOperationTypeDocument,
  AddOplogRoleOperationDocument,
  AddOplogTerminalRoomDocument,
  OplogSettingsDocument,
  RemoveOplogRoleOperationDocument,
  RemoveOplogTerminalRoomDocument,
  type AddOperationTypeInput,
  type OplogRoleOperationInput,
  type OplogTerminalRoomInput,
} from '../../generated/oplog-settings.js';

/** OPERATOR (every operator in the register) and the standard's roles (A3–A7, A9.3), as the server takes them. */
export const OPLOG_ROLES = [
  'OPERATOR',
  'OPERATIONS_MANAGER',
  'MANAGER',
  'DEPUTY_CHIEF',
  'CHIEF',
  'PIN_ADMINISTRATOR',
  'RESIDENT_INFORMATION_DIRECTOR',
] as const;

export const loadSettings = () => request(OplogSettingsDocument);
export const addRoleOperation = (i: OplogRoleOperationInput) => request(AddOplogRoleOperationDocument, { i });
export const removeRoleOperation = (i: OplogRoleOperationInput) => request(RemoveOplogRoleOperationDocument, { i });
export const addTerminalRoom = (i: OplogTerminalRoomInput) => request(AddOplogTerminalRoomDocument, { i });
export const removeTerminalRoom = (code: string) => request(RemoveOplogTerminalRoomDocument, { code });
export const addOperationType = (i: AddOperationTypeInput) => request(AddOperationTypeDocument, { i });
