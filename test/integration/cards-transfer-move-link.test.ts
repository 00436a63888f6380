// Issue 15 §3: a request a transfer round opened names its move (card_request."transferMoveId",
// migration CardRequestTransferMove), where it had a row of card_transfer_task beside it. An
// installation upgraded with tasks on record keeps every link, and going back restores them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, startTestApp, type TestApp } from '../helpers/app.js';
import { IMPORT_TRANSFERS, makeStaff, transferCsv } from '../helpers/card-transfers.js';
import { gql, signIn } from '../helpers/graphql.js';
import { DEMO } from '../helpers/people.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ now: () => new Date('2027-03-15T09:00:00+09:00') });
});
afterAll(() => t.close());

const links = async () =>
  (
    (await t.db.dataSource.query(
      `SELECT id AS "requestId", "transferMoveId" AS "moveId" FROM card_request WHERE "transferMoveId" IS NOT NULL ORDER BY id`,
    )) as { requestId: string; moveId: string }[]
  ).map((r) => `${r.moveId} ${r.requestId}`);

describe('Issue 15 §3 the link from a request to its transfer move', () => {
  it('A16.1 survives the migration both ways: down writes card_transfer_task rows, up moves them back onto the requests', async () => {
    const [op, , fresh] = await makeStaff(t.db.dataSource, {
      prefix: 'LNK',
      n: 3,
      sectionCode: 'S0401',
      operators: 1,
      since: '2026-04-01',
      by: '',
    });
    const cookie = await signIn(t.app.http, DEMO.pinAdministrator.staffNumber, DEMO_PASSWORD);
    const res = await gql(
      t.app.http,
      IMPORT_TRANSFERS,
      {
        i: {
          roundName: '令和9年3月 臨時異動',
          contentBase64: transferCsv([
            [op.staffNumber, '市民課', '保険年金課', '2027-03-01', ''],
            [fresh.staffNumber, '市民課', '保険年金課', '2027-03-10', 'OP-LNK-0001'],
          ]),
        },
      },
      cookie,
    );
    expect(res.errors).toBeUndefined();
    // the moved operator's card and PIN change, the new operator's card and PIN
    expect((res.data as any).importCardTransfers).toMatchObject({ openedNow: 2, tasksOpened: 4 });
    const before = await links();
    expect(before).toHaveLength(4);

    await t.db.dataSource.undoLastMigration({ transaction: 'each' });
    const tasks = (
      (await t.db.dataSource.query(`SELECT "moveId", "requestId" FROM card_transfer_task ORDER BY "requestId"`)) as {
        moveId: string;
        requestId: string;
      }[]
    ).map((r) => `${r.moveId} ${r.requestId}`);
    expect(tasks).toEqual(before);

    await t.db.dataSource.runMigrations({ transaction: 'each' });
    expect(await links()).toEqual(before);
    expect(await t.db.dataSource.query(`SELECT to_regclass('card_transfer_task') IS NULL AS gone`)).toEqual([
      { gone: true },
    ]);
  });
});
