// GET /exports/configuration-register.xlsx|csv: the register in the layout of 様式第1号
// (register-form.ts), through the export kit: streamed from one snapshot, in register-number order,
// every item (retired and disposed too: the register keeps them). Same caller rules as GraphQL
// (policy action Export.configurationRegister; a token needs READ). Refusals are audited, and so is
// every export (rows, format, whether it completed).
import type { DataSource, EntityManager } from 'typeorm';
import type { AuditTrail } from '../../shared/audit.js';
import { AuditedWrites } from '../../shared/audited.js';
import { registerExport } from '../../shared/export/index.js';
import type { HttpKit } from '../../shared/module.js';
import type { ConfigurationAuditAction } from './configuration.policy.js';
import { REGISTER_FORM_COLUMNS, type FormRow } from './register-form.js';

interface ExportServices {
  ds: DataSource;
  audit: AuditTrail;
}

const PAGE = 1000;

/** One page of the form's lines after (registerNumber, id), references joined as people read them. */
export async function formRows(em: EntityManager, after: [string, string] | null, limit = PAGE): Promise<FormRow[]> {
  return (await em.query(
    `SELECT i.id, i."registerNumber", i.kind, i.name, i.maker, i.model, i.version, i."serialNumber",
            r.code AS "roomCode", r.name AS "roomName", i.rack, i.location, i."storageLocked",
            i."networkAddresses", o."registerNumber" AS "installedOnNumber", i."sharedWithOtherSystems",
            s.name AS "sectionName", st."familyName" || ' ' || st."givenName" AS "staffName",
            st."staffNumber", to_char(i."inUseFrom", 'YYYY-MM-DD') AS "inUseFrom",
            to_char(i."inUseTo", 'YYYY-MM-DD') AS "inUseTo", i.state, i.note
       FROM configuration_item i
       JOIN section s ON s.id = i."sectionId"
       JOIN staff st ON st.id = i."responsibleStaffId"
       LEFT JOIN room r ON r.id = i."roomId"
       LEFT JOIN configuration_item o ON o.id = i."installedOnId"
      WHERE $1::text IS NULL OR (i."registerNumber", i.id) > ($1::text, $2::uuid)
      ORDER BY i."registerNumber", i.id
      LIMIT $3`,
    [after?.[0] ?? null, after?.[1] ?? null, limit],
  )) as FormRow[];
}

export function registerRegisterExport(services: ExportServices, kit: HttpKit): void {
  registerExport(services.ds, kit, {
    path: '/exports/configuration-register.:format',
    action: 'Export.configurationRegister',
    audited: new AuditedWrites<ConfigurationAuditAction>(services.ds, services.audit),
    refusalTarget: 'ConfigurationRegister',
    query: () => null,
    describe: () => ({
      filename: 'configuration-register',
      title: '様式第1号 構成管理簿',
      target: 'ConfigurationRegister',
    }),
    columns: REGISTER_FORM_COLUMNS,
    // one snapshot for every page: a change carried out meanwhile cannot shift lines between pages
    rows: async function* (em) {
      for (let after: [string, string] | null = null; ;) {
        const page = await formRows(em, after);
        yield* page;
        if (page.length < PAGE) break;
        const last = page[page.length - 1];
        after = [last.registerNumber, last.id];
      }
    },
  });
}
