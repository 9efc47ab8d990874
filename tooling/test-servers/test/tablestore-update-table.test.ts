import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTableStoreServer, type TableStoreServer } from '../src/tablestore/index.js';
import { clientFor, createLockTable, expectOtsError, type SdkResult, type TableStoreClient } from './tablestore-sdk.js';

type UpdateTable = (params: Record<string, unknown>) => Promise<SdkResult>;

describe('TableStore server UpdateTable with the unmodified tablestore 5.6.5 SDK', () => {
  let server: TableStoreServer;
  let client: TableStoreClient;
  let updateTable: UpdateTable;

  beforeAll(async () => {
    server = await startTableStoreServer({ instanceName: 'update-test' });
    client = clientFor(server);
    updateTable = (client as unknown as { updateTable: UpdateTable }).updateTable.bind(client);
  });
  afterAll(async () => {
    await server.stop();
  });

  const optionsOf = async (tableName: string) => {
    const described = JSON.parse(JSON.stringify(await client.describeTable({ tableName }))) as { tableOptions: Record<string, unknown> };
    return described.tableOptions;
  };

  it('changes TTL and max versions, keeps what the request leaves out, and answers the options in force', async () => {
    await client.createTable({
      tableMeta: { tableName: 'expiring', primaryKey: [{ name: 'LockID', type: 'STRING' }] },
      reservedThroughput: { capacityUnit: { read: 0, write: 0 } },
      tableOptions: { timeToLive: 86_400, maxVersions: 3 },
    });
    const answer = JSON.parse(JSON.stringify(await updateTable({ tableName: 'expiring', tableOptions: { timeToLive: -1 } }))) as {
      tableOptions: Record<string, unknown>;
    };
    expect(answer.tableOptions).toMatchObject({ timeToLive: -1, maxVersions: 3 });
    expect(await optionsOf('expiring')).toMatchObject({ timeToLive: -1, maxVersions: 3 });
    await updateTable({ tableName: 'expiring', tableOptions: { maxVersions: 1 } });
    expect(await optionsOf('expiring')).toMatchObject({ timeToLive: -1, maxVersions: 1 });
  });

  it('refuses a missing table and bad options, changing nothing', async () => {
    await createLockTable(client, 'locks');
    await expectOtsError(updateTable({ tableName: 'absent', tableOptions: { timeToLive: -1 } }), 404, 'OTSObjectNotExist');
    await expectOtsError(updateTable({ tableName: 'locks', tableOptions: { maxVersions: 0 } }), 400, 'OTSParameterInvalid');
    await expectOtsError(updateTable({ tableName: 'locks', tableOptions: { timeToLive: -5 } }), 400, 'OTSParameterInvalid');
    expect(await optionsOf('locks')).toMatchObject({ timeToLive: -1, maxVersions: 1 });
  });
});
