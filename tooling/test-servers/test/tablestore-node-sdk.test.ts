import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTableStoreServer, type TableStoreServer } from '../src/tablestore/index.js';
import {
  TableStore,
  attributeValues,
  clientFor,
  condition,
  createLockTable,
  expectOtsError,
  type TableStoreClient,
} from './tablestore-sdk.js';

const lockPath = 'mybucket/env:/dev/terraform.tfstate';
const lockInfo = '{"ID":"0b1c","Operation":"OperationTypeApply","Info":"","Who":"u@h","Version":"1.11.4","Created":"2026-01-01T00:00:00Z","Path":"mybucket/env:/dev/terraform.tfstate"}';

describe('TableStore server with the unmodified tablestore 5.6.5 SDK', () => {
  let server: TableStoreServer;
  let client: TableStoreClient;
  let tableCounter = 0;
  const freshLockTable = async (maxVersions = 1): Promise<string> => {
    tableCounter += 1;
    const tableName = `locks_${tableCounter}`;
    await createLockTable(client, tableName, maxVersions);
    return tableName;
  };

  beforeAll(async () => {
    server = await startTableStoreServer({ instanceName: 'sdk-test' });
    client = clientFor(server);
  });
  afterAll(async () => {
    await server.stop();
  });

  describe('tables', () => {
    it('creates the lock table and describes its schema and options', async () => {
      const tableName = await freshLockTable();
      const description = await client.describeTable({ tableName });
      // The SDK returns protobuf objects whose JSON form names enums, as callers print them.
      const json = JSON.parse(JSON.stringify(description)) as Record<string, unknown>;
      expect(json.tableMeta).toEqual({ tableName, primaryKey: [{ name: 'LockID', type: 'STRING' }] });
      expect(json.tableOptions).toMatchObject({ timeToLive: -1, maxVersions: 1 });
      expect(json.tableStatus).toBe('ACTIVE');
      expect(json.reservedThroughputDetails).toMatchObject({ capacityUnit: { read: 0, write: 0 } });
    });

    it('refuses to create an existing table with OTSObjectAlreadyExist 409', async () => {
      const tableName = await freshLockTable();
      await expectOtsError(createLockTable(client, tableName), 409, 'OTSObjectAlreadyExist', 'Requested table already exists.');
    });

    it('lists tables and forgets deleted ones', async () => {
      const kept = await freshLockTable();
      const dropped = await freshLockTable();
      expect((await client.listTable({})).tableNames).toEqual(expect.arrayContaining([kept, dropped]));
      await client.deleteTable({ tableName: dropped });
      const names = (await client.listTable({})).tableNames as string[];
      expect(names).toContain(kept);
      expect(names).not.toContain(dropped);
      await expectOtsError(client.describeTable({ tableName: dropped }), 404, 'OTSObjectNotExist', 'Requested table does not exist.');
    });

    it('answers OTSObjectNotExist 404 for row operations on a missing table', async () => {
      await expectOtsError(
        client.getRow({ tableName: 'no_such_table', primaryKey: [{ LockID: lockPath }], maxVersions: 1 }),
        404,
        'OTSObjectNotExist',
      );
    });
  });

  describe('the lock protocol Terraform uses', () => {
    it('puts a lock with EXPECT_NOT_EXIST once and rejects the second with OTSConditionCheckFail 403', async () => {
      const tableName = await freshLockTable();
      const put = (info: string) =>
        client.putRow({ tableName, condition: condition('EXPECT_NOT_EXIST'), primaryKey: [{ LockID: lockPath }], attributeColumns: [{ Info: info }] });
      await put(lockInfo);
      const rejection = (await put('{"ID":"other"}').catch((error: unknown) => error)) as { code: number; message: string };
      expect(rejection.code).toBe(403);
      expect(rejection.message).toMatch(/OTSConditionCheckFail/);
      expect(rejection.message).toContain('Condition check failed.');

      const read = await client.getRow({ tableName, primaryKey: [{ LockID: lockPath }], columnsToGet: ['LockID', 'Info'], maxVersions: 1 });
      expect(read.row?.primaryKey).toEqual([{ name: 'LockID', value: lockPath }]);
      expect(attributeValues(read.row)).toEqual([['Info', lockInfo]]);
      const timestamp = read.row?.attributes?.[0]?.timestamp?.toNumber() ?? 0;
      expect(Math.abs(timestamp - Date.now())).toBeLessThan(60_000);
    });

    it('returns an empty row for a missing lock', async () => {
      const tableName = await freshLockTable();
      const read = await client.getRow({ tableName, primaryKey: [{ LockID: lockPath }], columnsToGet: ['LockID', 'Info'], maxVersions: 1 });
      expect(read.row).toEqual({});
    });

    it('writes the digest row with IGNORE over an existing row, replacing it', async () => {
      const tableName = await freshLockTable();
      const primaryKey = [{ LockID: `${lockPath}-md5` }];
      await client.putRow({ tableName, condition: condition('IGNORE'), primaryKey, attributeColumns: [{ Digest: 'aa'.repeat(16) }, { Extra: 'x' }] });
      await client.putRow({ tableName, condition: condition('IGNORE'), primaryKey, attributeColumns: [{ Digest: 'bb'.repeat(16) }] });
      const read = await client.getRow({ tableName, primaryKey, maxVersions: 1 });
      expect(attributeValues(read.row)).toEqual([['Digest', 'bb'.repeat(16)]]);
    });

    it('unlocks with DeleteRow: IGNORE on a missing row succeeds, EXPECT_EXIST on a missing row fails', async () => {
      const tableName = await freshLockTable();
      const primaryKey = [{ LockID: lockPath }];
      await client.deleteRow({ tableName, condition: condition('IGNORE'), primaryKey });
      await expectOtsError(client.deleteRow({ tableName, condition: condition('EXPECT_EXIST'), primaryKey }), 403, 'OTSConditionCheckFail');
      await client.putRow({ tableName, condition: condition('EXPECT_NOT_EXIST'), primaryKey, attributeColumns: [{ Info: lockInfo }] });
      await client.deleteRow({ tableName, condition: condition('EXPECT_EXIST'), primaryKey });
      expect((await client.getRow({ tableName, primaryKey, maxVersions: 1 })).row).toEqual({});
    });

    it('deletes only when the column condition Info == X holds', async () => {
      const tableName = await freshLockTable();
      const primaryKey = [{ LockID: lockPath }];
      await client.putRow({ tableName, condition: condition('IGNORE'), primaryKey, attributeColumns: [{ Info: lockInfo }] });
      const infoEquals = (value: string) => new TableStore.SingleColumnCondition('Info', value, TableStore.ComparatorType.EQUAL);
      await expectOtsError(
        client.deleteRow({ tableName, condition: condition('EXPECT_EXIST', infoEquals('{"ID":"someone else"}')), primaryKey }),
        403,
        'OTSConditionCheckFail',
      );
      expect(attributeValues((await client.getRow({ tableName, primaryKey, maxVersions: 1 })).row)).toEqual([['Info', lockInfo]]);
      await client.deleteRow({ tableName, condition: condition('EXPECT_EXIST', infoEquals(lockInfo)), primaryKey });
      expect((await client.getRow({ tableName, primaryKey, maxVersions: 1 })).row).toEqual({});
    });
  });

  describe('updates, versions and conditions', () => {
    it('applies PUT, DELETE (one version) and DELETE_ALL column updates', async () => {
      const tableName = await freshLockTable(3);
      const primaryKey = [{ LockID: 'row' }];
      await client.putRow({
        tableName,
        condition: condition('IGNORE'),
        primaryKey,
        attributeColumns: [{ Keep: 'k', timestamp: 1000 }, { Versioned: 'old', timestamp: 1000 }, { Gone: 'g', timestamp: 1000 }],
      });
      await client.updateRow({
        tableName,
        condition: condition('EXPECT_EXIST'),
        primaryKey,
        updateOfAttributeColumns: [
          { PUT: [{ Versioned: 'middle', timestamp: 2000 }, { Versioned: 'new', timestamp: 3000 }, { Added: 'a' }] },
          { DELETE: [{ Versioned: TableStore.Long.fromNumber(2000) }] },
          { DELETE_ALL: ['Gone'] },
        ],
      });
      const read = await client.getRow({ tableName, primaryKey, maxVersions: 3 });
      expect(attributeValues(read.row)).toEqual([
        ['Added', 'a'],
        ['Keep', 'k'],
        ['Versioned', 'new'],
        ['Versioned', 'old'],
      ]);
      const versionedTimestamps = (read.row?.attributes ?? [])
        .filter((attribute) => attribute.columnName === 'Versioned')
        .map((attribute) => attribute.timestamp?.toNumber());
      expect(versionedTimestamps).toEqual([3000, 1000]);
    });

    it('keeps at most the table max versions and returns at most the requested max_versions', async () => {
      const tableName = await freshLockTable(2);
      const primaryKey = [{ LockID: 'versions' }];
      for (const [value, timestamp] of [['v1', 1000], ['v2', 2000], ['v3', 3000]] as const) {
        await client.updateRow({ tableName, condition: condition('IGNORE'), primaryKey, updateOfAttributeColumns: [{ PUT: [{ Column: value, timestamp }] }] });
      }
      expect(attributeValues((await client.getRow({ tableName, primaryKey, maxVersions: 5 })).row)).toEqual([
        ['Column', 'v3'],
        ['Column', 'v2'],
      ]);
      expect(attributeValues((await client.getRow({ tableName, primaryKey, maxVersions: 1 })).row)).toEqual([['Column', 'v3']]);
    });

    it('returns only the requested columns and an empty row when none of them exist', async () => {
      const tableName = await freshLockTable();
      const primaryKey = [{ LockID: 'columns' }];
      await client.putRow({ tableName, condition: condition('IGNORE'), primaryKey, attributeColumns: [{ A: 'a' }, { B: 'b' }] });
      expect(attributeValues((await client.getRow({ tableName, primaryKey, columnsToGet: ['B'], maxVersions: 1 })).row)).toEqual([['B', 'b']]);
      expect((await client.getRow({ tableName, primaryKey, columnsToGet: ['Missing'], maxVersions: 1 })).row).toEqual({});
      const primaryKeyOnly = await client.getRow({ tableName, primaryKey, columnsToGet: ['LockID'], maxVersions: 1 });
      expect(primaryKeyOnly.row?.primaryKey).toEqual([{ name: 'LockID', value: 'columns' }]);
      expect(primaryKeyOnly.row?.attributes).toEqual([]);
    });

    it('keeps value types: string, integer, double, boolean and binary', async () => {
      const tableName = await freshLockTable();
      const primaryKey = [{ LockID: 'types' }];
      await client.putRow({
        tableName,
        condition: condition('IGNORE'),
        primaryKey,
        attributeColumns: [{ Bin: Buffer.from([0, 255, 7]) }, { Bool: true }, { Double: 1.5 }, { Int: TableStore.Long.fromNumber(-42) }, { Str: 'ü' }],
      });
      const attributes = (await client.getRow({ tableName, primaryKey, maxVersions: 1 })).row?.attributes ?? [];
      const byName = new Map(attributes.map((attribute) => [attribute.columnName, attribute.columnValue]));
      expect(Buffer.from(byName.get('Bin') as Buffer)).toEqual(Buffer.from([0, 255, 7]));
      expect(byName.get('Bool')).toBe(true);
      expect(byName.get('Double')).toBe(1.5);
      expect((byName.get('Int') as { toNumber(): number }).toNumber()).toBe(-42);
      expect(byName.get('Str')).toBe('ü');
    });

    it('increments integer columns', async () => {
      const tableName = await freshLockTable();
      const primaryKey = [{ LockID: 'counter' }];
      const increment = () =>
        client.updateRow({
          tableName,
          condition: condition('IGNORE'),
          primaryKey,
          updateOfAttributeColumns: [{ INCREMENT: [{ Count: TableStore.Long.fromNumber(5) }] }],
          returnContent: { returnType: TableStore.ReturnType.AfterModify, returnColumns: ['Count'] },
        });
      await increment();
      const second = await increment();
      expect((second.row?.attributes?.[0]?.columnValue as { toNumber(): number }).toNumber()).toBe(10);
    });

    it('evaluates comparators, pass_if_missing and latest_version_only in single column conditions', async () => {
      const tableName = await freshLockTable(3);
      const primaryKey = [{ LockID: 'compare' }];
      await client.putRow({
        tableName,
        condition: condition('IGNORE'),
        primaryKey,
        attributeColumns: [{ Level: TableStore.Long.fromNumber(5), timestamp: 2000 }],
      });
      await client.updateRow({ tableName, condition: condition('IGNORE'), primaryKey, updateOfAttributeColumns: [{ PUT: [{ Level: TableStore.Long.fromNumber(1), timestamp: 1000 }] }] });
      const touch = (columnCondition: unknown) =>
        client.updateRow({ tableName, condition: condition('IGNORE', columnCondition), primaryKey, updateOfAttributeColumns: [{ PUT: [{ Touched: 'yes' }] }] });
      const level = (comparator: keyof TableStoreSdk['ComparatorType'], value: number, passIfMissing = true, latestVersionOnly = true) =>
        new TableStore.SingleColumnCondition('Level', TableStore.Long.fromNumber(value), TableStore.ComparatorType[comparator], passIfMissing, latestVersionOnly);
      const missing = (passIfMissing: boolean) => new TableStore.SingleColumnCondition('Nothing', 'x', TableStore.ComparatorType.EQUAL, passIfMissing);

      await touch(level('GREATER_THAN', 4));
      await touch(level('GREATER_EQUAL', 5));
      await touch(level('LESS_EQUAL', 5));
      await touch(level('NOT_EQUAL', 1));
      await expectOtsError(touch(level('LESS_THAN', 5)), 403, 'OTSConditionCheckFail');
      await expectOtsError(touch(level('EQUAL', 1)), 403, 'OTSConditionCheckFail');
      await touch(level('EQUAL', 1, true, false));
      await touch(missing(true));
      await expectOtsError(touch(missing(false)), 403, 'OTSConditionCheckFail');
      await expectOtsError(touch(new TableStore.SingleColumnCondition('Level', 'five', TableStore.ComparatorType.EQUAL)), 403, 'OTSConditionCheckFail');
    });

    it('evaluates composite AND, OR and NOT conditions', async () => {
      const tableName = await freshLockTable();
      const primaryKey = [{ LockID: 'composite' }];
      await client.putRow({ tableName, condition: condition('IGNORE'), primaryKey, attributeColumns: [{ Info: 'a' }, { Owner: 'me' }] });
      const equals = (name: string, value: string) => new TableStore.SingleColumnCondition(name, value, TableStore.ComparatorType.EQUAL);
      const combine = (operator: keyof TableStoreSdk['LogicalOperator'], ...conditions: unknown[]) => {
        const composite = new TableStore.CompositeCondition(TableStore.LogicalOperator[operator]);
        for (const sub of conditions) composite.addSubCondition(sub);
        return composite;
      };
      const touch = (columnCondition: unknown) =>
        client.updateRow({ tableName, condition: condition('EXPECT_EXIST', columnCondition), primaryKey, updateOfAttributeColumns: [{ PUT: [{ Touched: 'yes' }] }] });

      await touch(combine('AND', equals('Info', 'a'), equals('Owner', 'me')));
      await expectOtsError(touch(combine('AND', equals('Info', 'a'), equals('Owner', 'you'))), 403, 'OTSConditionCheckFail');
      await touch(combine('OR', equals('Info', 'b'), equals('Owner', 'me')));
      await expectOtsError(touch(combine('OR', equals('Info', 'b'), equals('Owner', 'you'))), 403, 'OTSConditionCheckFail');
      await touch(combine('NOT', equals('Info', 'b')));
      await expectOtsError(touch(combine('NOT', equals('Info', 'a'))), 403, 'OTSConditionCheckFail');
      await touch(combine('AND', combine('NOT', equals('Info', 'b')), combine('OR', equals('Owner', 'me'), equals('Info', 'z'))));
    });

    it('returns the primary key when asked with return_content RT_PK', async () => {
      const tableName = await freshLockTable();
      const result = await client.putRow({
        tableName,
        condition: condition('IGNORE'),
        primaryKey: [{ LockID: 'returned' }],
        attributeColumns: [{ Info: 'x' }],
        returnContent: { returnType: TableStore.ReturnType.Primarykey },
      });
      expect(result.row?.primaryKey).toEqual([{ name: 'LockID', value: 'returned' }]);
    });
  });

  describe('schema checks', () => {
    it('rejects a lock row for a table whose primary key is not LockID with OTSInvalidPK 400', async () => {
      await client.createTable({
        tableMeta: { tableName: 'wrong_pk_name', primaryKey: [{ name: 'id', type: 'STRING' }] },
        reservedThroughput: { capacityUnit: { read: 0, write: 0 } },
        tableOptions: { timeToLive: -1, maxVersions: 1 },
      });
      await expectOtsError(
        client.putRow({ tableName: 'wrong_pk_name', condition: condition('EXPECT_NOT_EXIST'), primaryKey: [{ LockID: lockPath }], attributeColumns: [{ Info: lockInfo }] }),
        400,
        'OTSInvalidPK',
        'Validate PK name fail. Input: LockID, Meta: id.',
      );
    });

    it('rejects a string key for an INTEGER key column and a key of the wrong size', async () => {
      await client.createTable({
        tableMeta: { tableName: 'integer_pk', primaryKey: [{ name: 'LockID', type: 'INTEGER' }] },
        reservedThroughput: { capacityUnit: { read: 0, write: 0 } },
        tableOptions: { timeToLive: -1, maxVersions: 1 },
      });
      await expectOtsError(
        client.putRow({ tableName: 'integer_pk', condition: condition('IGNORE'), primaryKey: [{ LockID: lockPath }], attributeColumns: [{ Info: lockInfo }] }),
        400,
        'OTSInvalidPK',
        'Validate PK type fail. Input: VT_STRING, Meta: VT_INTEGER.',
      );
      await client.createTable({
        tableMeta: { tableName: 'two_pk', primaryKey: [{ name: 'LockID', type: 'STRING' }, { name: 'Extra', type: 'STRING' }] },
        reservedThroughput: { capacityUnit: { read: 0, write: 0 } },
        tableOptions: { timeToLive: -1, maxVersions: 1 },
      });
      await expectOtsError(
        client.getRow({ tableName: 'two_pk', primaryKey: [{ LockID: lockPath }], maxVersions: 1 }),
        400,
        'OTSInvalidPK',
        'Validate PK size fail. Input: 1, Meta: 2.',
      );
    });

    it('answers OTSUnsupportOperation for TableStore APIs the server does not implement', async () => {
      const tableName = await freshLockTable();
      await expectOtsError(
        client.batchWriteRow({
          tables: [{ tableName, rows: [{ type: 'PUT', condition: condition('IGNORE'), primaryKey: [{ LockID: 'x' }], attributeColumns: [{ Info: 'x' }] }] }],
        }),
        400,
        'OTSUnsupportOperation',
      );
    });
  });
});

type TableStoreSdk = typeof TableStore;
