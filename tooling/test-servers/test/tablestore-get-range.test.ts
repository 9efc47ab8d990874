import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTableStoreServer, type TableStoreServer } from '../src/tablestore/index.js';
import { TableStore, attributeValues, clientFor, condition, createLockTable, expectOtsError, type SdkRow, type TableStoreClient } from './tablestore-sdk.js';

/** The parts of the SDK GetRange needs that `tablestore-sdk.ts` does not describe. */
const RangeSdk = TableStore as unknown as {
  INF_MIN: object;
  INF_MAX: object;
  Direction: { FORWARD: string; BACKWARD: string };
  ColumnPaginationFilter: new (limit: number, offset?: number) => unknown;
};
const { INF_MIN, INF_MAX } = RangeSdk;

interface GetRangeResult {
  consumed: { capacityUnit: { read: number; write: number } };
  rows: SdkRow[];
  /** As the SDK decodes it: `[{ name, value }]`, or null when the range is exhausted. */
  nextStartPrimaryKey: Array<{ name: string; value: unknown }> | null;
}

type GetRange = (params: Record<string, unknown>) => Promise<GetRangeResult>;

/** The single-column keys of a page, in the order the server answered them. */
const lockIds = (result: GetRangeResult): string[] => result.rows.map((row) => row.primaryKey?.[0]?.value as string);

/** Turns the SDK's decoded `[{ name, value }]` key into the `[{ name: value }]` form its requests take. */
const asRequestKey = (key: Array<{ name: string; value: unknown }>): Array<Record<string, unknown>> => key.map(({ name, value }) => ({ [name]: value }));

/** GetRange parameters for one direction between two keys, one version per row, plus `extra`. */
const rangeParameters =
  (direction: 'FORWARD' | 'BACKWARD') =>
  (tableName: string, start: unknown[], end: unknown[], extra: Record<string, unknown> = {}): Record<string, unknown> => ({
    tableName,
    direction: RangeSdk.Direction[direction],
    inclusiveStartPrimaryKey: start,
    exclusiveEndPrimaryKey: end,
    maxVersions: 1,
    ...extra,
  });
const forward = rangeParameters('FORWARD');
const backward = rangeParameters('BACKWARD');

describe('TableStore server GetRange with the unmodified tablestore 5.6.5 SDK', () => {
  let server: TableStoreServer;
  let client: TableStoreClient;
  let getRange: GetRange;
  let tableCounter = 0;

  /** A fresh lock table (PK `LockID` STRING) holding a row with `Info = info-<key>` per key. */
  const lockTableWith = async (keys: readonly string[], maxVersions = 1): Promise<string> => {
    tableCounter += 1;
    const tableName = `range_${tableCounter}`;
    await createLockTable(client, tableName, maxVersions);
    for (const key of keys) {
      await client.putRow({ tableName, condition: condition('IGNORE'), primaryKey: [{ LockID: key }], attributeColumns: [{ Info: `info-${key}` }] });
    }
    return tableName;
  };

  /** Reads a range page after page, following next_start_primary_key until the server says it is done. */
  const readAllPages = async (params: Record<string, unknown>): Promise<string[][]> => {
    const pages: string[][] = [];
    let start = params.inclusiveStartPrimaryKey;
    for (;;) {
      const page = await getRange({ ...params, inclusiveStartPrimaryKey: start });
      pages.push(lockIds(page));
      if (page.nextStartPrimaryKey === null) return pages;
      start = asRequestKey(page.nextStartPrimaryKey);
    }
  };

  beforeAll(async () => {
    server = await startTableStoreServer({ instanceName: 'range-test' });
    client = clientFor(server);
    getRange = (client as unknown as { getRange: GetRange }).getRange.bind(client);
  });
  afterAll(async () => {
    await server.stop();
  });

  describe('ordering and bounds', () => {
    // JavaScript orders strings by UTF-16 code units, TableStore by UTF-8 bytes: '\uff5e' (EF BD 9E)
    // sorts before '😀' (F0 9F 98 80) in bytes but after it in UTF-16, 'é' (C3 A9) after 'z'.
    const keys = ['😀', 'b', 'a', '\uff5e', 'é', 'Z', 'ab', 'a/', 'z', 'B'];
    const byteOrder = ['B', 'Z', 'a', 'a/', 'ab', 'b', 'z', 'é', '\uff5e', '😀'];

    it('reads the whole table forward from INF_MIN to INF_MAX in byte order of the keys', async () => {
      const tableName = await lockTableWith(keys);
      const result = await getRange(forward(tableName, [{ LockID: INF_MIN }], [{ LockID: INF_MAX }]));
      expect(lockIds(result)).toEqual(byteOrder);
      expect(result.nextStartPrimaryKey).toBeNull();
      expect(attributeValues(result.rows[2])).toEqual([['Info', 'info-a']]);
      expect(result.consumed.capacityUnit).toEqual({ read: 1, write: 0 });
    });

    it('reads backward from INF_MAX to INF_MIN in descending byte order', async () => {
      const tableName = await lockTableWith(keys);
      const result = await getRange(backward(tableName, [{ LockID: INF_MAX }], [{ LockID: INF_MIN }]));
      expect(lockIds(result)).toEqual([...byteOrder].reverse());
      expect(result.nextStartPrimaryKey).toBeNull();
    });

    it('includes the start key and excludes the end key, in both directions', async () => {
      const tableName = await lockTableWith(['a', 'b', 'c', 'd', 'e']);
      const forwardPage = await getRange(forward(tableName, [{ LockID: 'b' }], [{ LockID: 'd' }]));
      expect(lockIds(forwardPage)).toEqual(['b', 'c']);
      const backwardPage = await getRange(backward(tableName, [{ LockID: 'd' }], [{ LockID: 'b' }]));
      expect(lockIds(backwardPage)).toEqual(['d', 'c']);
      const betweenKeys = await getRange(forward(tableName, [{ LockID: 'bb' }], [{ LockID: 'dd' }]));
      expect(lockIds(betweenKeys)).toEqual(['c', 'd']);
    });

    it('answers an empty range with no rows, no next start key and one read unit', async () => {
      const tableName = await lockTableWith(['a', 'z']);
      const result = await getRange(forward(tableName, [{ LockID: 'b' }], [{ LockID: 'y' }]));
      expect(result.rows).toEqual([]);
      expect(result.nextStartPrimaryKey).toBeNull();
      expect(result.consumed.capacityUnit).toEqual({ read: 1, write: 0 });
      const emptyTable = await lockTableWith([]);
      const whole = await getRange(backward(emptyTable, [{ LockID: INF_MAX }], [{ LockID: INF_MIN }]));
      expect(whole.rows).toEqual([]);
      expect(whole.nextStartPrimaryKey).toBeNull();
    });

    it('orders a two-column key column by column, integers as signed numbers, with INF_MIN and INF_MAX in any column', async () => {
      tableCounter += 1;
      const tableName = `range_${tableCounter}`;
      await client.createTable({
        tableMeta: { tableName, primaryKey: [{ name: 'Bucket', type: 'STRING' }, { name: 'Serial', type: 'INTEGER' }] },
        reservedThroughput: { capacityUnit: { read: 0, write: 0 } },
        tableOptions: { timeToLive: -1, maxVersions: 1 },
      });
      for (const [bucket, serial] of [['a', 10], ['c', 7], ['a', -5], ['b', 1], ['a', 2]] as const) {
        await client.putRow({
          tableName,
          condition: condition('IGNORE'),
          primaryKey: [{ Bucket: bucket }, { Serial: TableStore.Long.fromNumber(serial) }],
          attributeColumns: [{ Info: `${bucket}${serial}` }],
        });
      }
      const keysOf = (result: GetRangeResult): string[] =>
        result.rows.map((row) => `${row.primaryKey?.[0]?.value as string}${(row.primaryKey?.[1]?.value as { toNumber(): number }).toNumber()}`);
      const range = (direction: string, start: [unknown, unknown], end: [unknown, unknown]) =>
        getRange({
          tableName,
          direction,
          inclusiveStartPrimaryKey: [{ Bucket: start[0] }, { Serial: start[1] }],
          exclusiveEndPrimaryKey: [{ Bucket: end[0] }, { Serial: end[1] }],
          maxVersions: 1,
        });

      expect(keysOf(await range(RangeSdk.Direction.FORWARD, ['a', INF_MIN], ['a', INF_MAX]))).toEqual(['a-5', 'a2', 'a10']);
      expect(keysOf(await range(RangeSdk.Direction.FORWARD, ['a', INF_MAX], ['c', INF_MIN]))).toEqual(['b1']);
      expect(keysOf(await range(RangeSdk.Direction.FORWARD, ['a', INF_MAX], ['b', INF_MIN]))).toEqual([]);
      expect(keysOf(await range(RangeSdk.Direction.FORWARD, ['a', TableStore.Long.fromNumber(2)], ['b', INF_MAX]))).toEqual(['a2', 'a10', 'b1']);
      expect(keysOf(await range(RangeSdk.Direction.BACKWARD, ['c', INF_MAX], ['a', INF_MAX]))).toEqual(['c7', 'b1']);
      await expectOtsError(
        range(RangeSdk.Direction.FORWARD, ['b', INF_MAX], ['a', INF_MAX]),
        400,
        'OTSParameterInvalid',
        'Begin key must less than end key in FORWARD',
      );
      await expectOtsError(
        range(RangeSdk.Direction.FORWARD, ['a', INF_MAX], ['a', INF_MIN]),
        400,
        'OTSParameterInvalid',
        'Begin key must less than end key in FORWARD',
      );
    });
  });

  describe('paging', () => {
    const keys = ['k1', 'k2', 'k3', 'k4', 'k5', 'k6', 'k7'];

    it('cuts a page at the limit and names the next row as next_start_primary_key until the range is exhausted', async () => {
      const tableName = await lockTableWith(keys);
      const first = await getRange(forward(tableName, [{ LockID: INF_MIN }], [{ LockID: INF_MAX }], { limit: 3 }));
      expect(lockIds(first)).toEqual(['k1', 'k2', 'k3']);
      expect(first.nextStartPrimaryKey).toEqual([{ name: 'LockID', value: 'k4' }]);

      expect(
        await readAllPages({
          tableName,
          direction: RangeSdk.Direction.FORWARD,
          inclusiveStartPrimaryKey: [{ LockID: INF_MIN }],
          exclusiveEndPrimaryKey: [{ LockID: INF_MAX }],
          limit: 3,
          maxVersions: 1,
        }),
      ).toEqual([['k1', 'k2', 'k3'], ['k4', 'k5', 'k6'], ['k7']]);
      expect(
        await readAllPages({
          tableName,
          direction: RangeSdk.Direction.BACKWARD,
          inclusiveStartPrimaryKey: [{ LockID: 'k6' }],
          exclusiveEndPrimaryKey: [{ LockID: 'k1' }],
          limit: 2,
          maxVersions: 1,
        }),
      ).toEqual([['k6', 'k5'], ['k4', 'k3'], ['k2']]);
    });

    it('gives no next start key when the limit is met by the last row of the range', async () => {
      const tableName = await lockTableWith(keys);
      const result = await getRange(forward(tableName, [{ LockID: 'k5' }], [{ LockID: INF_MAX }], { limit: 3 }));
      expect(lockIds(result)).toEqual(['k5', 'k6', 'k7']);
      expect(result.nextStartPrimaryKey).toBeNull();
    });

    it('answers at most 5000 rows a page without a limit', async () => {
      tableCounter += 1;
      const tableName = `range_${tableCounter}`;
      await createLockTable(client, tableName);
      const rowKeys = Array.from({ length: 5001 }, (_, index) => `row-${String(index).padStart(5, '0')}`);
      for (let offset = 0; offset < rowKeys.length; offset += 250) {
        await Promise.all(
          rowKeys.slice(offset, offset + 250).map((key) => client.putRow({ tableName, condition: condition('IGNORE'), primaryKey: [{ LockID: key }], attributeColumns: [{ Info: key }] })),
        );
      }
      const pages = await readAllPages({
        tableName,
        direction: RangeSdk.Direction.FORWARD,
        inclusiveStartPrimaryKey: [{ LockID: INF_MIN }],
        exclusiveEndPrimaryKey: [{ LockID: INF_MAX }],
        maxVersions: 1,
      });
      expect(pages.map((page) => page.length)).toEqual([5000, 1]);
      expect(pages[0]?.[4999]).toBe('row-04999');
      expect(pages[1]).toEqual(['row-05000']);
    });

    it('cuts a page before the row that would take it past 4 MB of row data', async () => {
      const tableName = await lockTableWith([]);
      const megabyteAndAHalf = 1536 * 1024;
      for (const key of ['big1', 'big2', 'big3']) {
        await client.putRow({ tableName, condition: condition('IGNORE'), primaryKey: [{ LockID: key }], attributeColumns: [{ Info: key.repeat(megabyteAndAHalf / 4) }] });
      }
      const first = await getRange(forward(tableName, [{ LockID: INF_MIN }], [{ LockID: INF_MAX }]));
      expect(lockIds(first)).toEqual(['big1', 'big2']);
      expect(first.nextStartPrimaryKey).toEqual([{ name: 'LockID', value: 'big3' }]);
      // Two rows of 6 + 4 bytes of key and 4 bytes + 1.5 MiB of Info: 3,145,756 bytes, 769 units of 4 KB.
      expect(first.consumed.capacityUnit).toEqual({ read: 769, write: 0 });
      const second = await getRange(forward(tableName, asRequestKey(first.nextStartPrimaryKey ?? []), [{ LockID: INF_MAX }]));
      expect(lockIds(second)).toEqual(['big3']);
      expect(second.nextStartPrimaryKey).toBeNull();
    });
  });

  describe('prefix scan', () => {
    const prefix = 'bucket/env:/';
    const stored = [
      'bucket/ENV:/x/terraform.tfstate',
      'bucket/env:',
      'bucket/env:.',
      'bucket/env:/a/terraform.tfstate',
      'bucket/env:/a/terraform.tfstate-md5',
      'bucket/env:/b/terraform.tfstate',
      'bucket/env:/b/terraform.tfstate-md5',
      'bucket/env:0',
      'bucket/env;',
      'bucket/terraform.tfstate',
    ];
    const underPrefix = stored.filter((key) => key.startsWith(prefix));

    it('starts at the prefix and stops at the first key that does not start with it', async () => {
      const tableName = await lockTableWith([...stored].reverse());
      const found: string[] = [];
      let stoppedAt: string | undefined;
      let start: Array<Record<string, unknown>> = [{ LockID: prefix }];
      let requests = 0;
      scan: for (;;) {
        const page = await getRange(forward(tableName, start, [{ LockID: INF_MAX }], { columnsToGet: ['LockID'], limit: 3 }));
        requests += 1;
        for (const key of lockIds(page)) {
          if (!key.startsWith(prefix)) {
            stoppedAt = key;
            break scan;
          }
          found.push(key);
        }
        if (page.nextStartPrimaryKey === null) break;
        start = asRequestKey(page.nextStartPrimaryKey);
      }
      expect(found).toEqual(underPrefix);
      expect(stoppedAt).toBe('bucket/env:0');
      expect(requests).toBe(2);
    });

    it('reads exactly the prefix when the end key is the prefix with its last byte raised by one', async () => {
      const tableName = await lockTableWith(stored);
      const result = await getRange(forward(tableName, [{ LockID: prefix }], [{ LockID: 'bucket/env:0' }]));
      expect(lockIds(result)).toEqual(underPrefix);
      expect(result.nextStartPrimaryKey).toBeNull();
    });
  });

  describe('what each row returns', () => {
    it('returns only the columns_to_get, the primary key alone when only it is asked for, and skips rows without the columns', async () => {
      const tableName = await lockTableWith([]);
      await client.putRow({ tableName, condition: condition('IGNORE'), primaryKey: [{ LockID: 'both' }], attributeColumns: [{ Digest: 'd1' }, { Info: 'i1' }] });
      await client.putRow({ tableName, condition: condition('IGNORE'), primaryKey: [{ LockID: 'info-only' }], attributeColumns: [{ Info: 'i2' }] });
      const range = (columnsToGet: string[]) =>
        getRange(forward(tableName, [{ LockID: INF_MIN }], [{ LockID: INF_MAX }], { columnsToGet }));

      const all = await range([]);
      expect(all.rows.map((row) => [row.primaryKey?.[0]?.value, attributeValues(row)])).toEqual([
        ['both', [['Digest', 'd1'], ['Info', 'i1']]],
        ['info-only', [['Info', 'i2']]],
      ]);
      const digest = await range(['Digest']);
      expect(digest.rows.map((row) => [row.primaryKey?.[0]?.value, attributeValues(row)])).toEqual([['both', [['Digest', 'd1']]]]);
      const keysOnly = await range(['LockID']);
      expect(keysOnly.rows).toEqual([
        { primaryKey: [{ name: 'LockID', value: 'both' }], attributes: [] },
        { primaryKey: [{ name: 'LockID', value: 'info-only' }], attributes: [] },
      ]);
      expect((await range(['Missing'])).rows).toEqual([]);
    });

    it('returns at most max_versions versions of each column', async () => {
      const tableName = await lockTableWith([], 3);
      const primaryKey = [{ LockID: 'versioned' }];
      for (const [value, timestamp] of [['v1', 1000], ['v2', 2000], ['v3', 3000]] as const) {
        await client.updateRow({ tableName, condition: condition('IGNORE'), primaryKey, updateOfAttributeColumns: [{ PUT: [{ Info: value, timestamp }] }] });
      }
      const result = await getRange(forward(tableName, [{ LockID: INF_MIN }], [{ LockID: INF_MAX }], { maxVersions: 2 }));
      expect(attributeValues(result.rows[0])).toEqual([
        ['Info', 'v3'],
        ['Info', 'v2'],
      ]);
      expect(result.rows[0]?.attributes?.map((attribute) => attribute.timestamp?.toNumber())).toEqual([3000, 2000]);
    });

    it('skips rows that fail a column filter', async () => {
      const tableName = await lockTableWith([]);
      for (const [key, owner] of [['a', 'me'], ['b', 'you'], ['c', 'me']] as const) {
        await client.putRow({ tableName, condition: condition('IGNORE'), primaryKey: [{ LockID: key }], attributeColumns: [{ Owner: owner }] });
      }
      const result = await getRange(forward(tableName, [{ LockID: INF_MIN }], [{ LockID: INF_MAX }], { columnFilter: new TableStore.SingleColumnCondition('Owner', 'me', TableStore.ComparatorType.EQUAL) }));
      expect(lockIds(result)).toEqual(['a', 'c']);
    });
  });

  describe('errors', () => {
    const wholeRange = { direction: RangeSdk.Direction.FORWARD, inclusiveStartPrimaryKey: [{ LockID: INF_MIN }], exclusiveEndPrimaryKey: [{ LockID: INF_MAX }], maxVersions: 1 };

    it('answers OTSObjectNotExist 404 for a missing table', async () => {
      await expectOtsError(getRange({ tableName: 'no_such_table', ...wholeRange }), 404, 'OTSObjectNotExist', 'Requested table does not exist.');
    });

    it('rejects a start key that is not before the end key in the direction of reading', async () => {
      const tableName = await lockTableWith(['a']);
      const range = (direction: string, start: string, end: string) =>
        getRange({ tableName, direction, inclusiveStartPrimaryKey: [{ LockID: start }], exclusiveEndPrimaryKey: [{ LockID: end }], maxVersions: 1 });
      await expectOtsError(range(RangeSdk.Direction.FORWARD, 'd', 'b'), 400, 'OTSParameterInvalid', 'Begin key must less than end key in FORWARD');
      await expectOtsError(range(RangeSdk.Direction.FORWARD, 'b', 'b'), 400, 'OTSParameterInvalid', 'Begin key must less than end key in FORWARD');
      await expectOtsError(range(RangeSdk.Direction.BACKWARD, 'b', 'd'), 400, 'OTSParameterInvalid', 'Begin key must more than end key in BACKWARD');
      await expectOtsError(
        getRange({ tableName, ...wholeRange, direction: RangeSdk.Direction.BACKWARD }),
        400,
        'OTSParameterInvalid',
        'Begin key must more than end key in BACKWARD',
      );
    });

    it('rejects boundaries that do not fit the primary key schema with OTSInvalidPK', async () => {
      const tableName = await lockTableWith(['a']);
      const range = (start: Array<Record<string, unknown>>, end: Array<Record<string, unknown>>) =>
        getRange({ tableName, direction: RangeSdk.Direction.FORWARD, inclusiveStartPrimaryKey: start, exclusiveEndPrimaryKey: end, maxVersions: 1 });
      await expectOtsError(range([{ id: 'a' }], [{ id: INF_MAX }]), 400, 'OTSInvalidPK', 'Validate PK name fail. Input: id, Meta: LockID.');
      await expectOtsError(range([{ LockID: 'a' }], [{ LockID: 'z' }, { Extra: INF_MAX }]), 400, 'OTSInvalidPK', 'Validate PK size fail. Input: 2, Meta: 1.');
      await expectOtsError(
        range([{ LockID: TableStore.Long.fromNumber(1) }], [{ LockID: INF_MAX }]),
        400,
        'OTSInvalidPK',
        'Validate PK type fail. Input: VT_INTEGER, Meta: VT_STRING.',
      );
    });

    it('rejects a limit below 1 and a pagination filter it does not support', async () => {
      const tableName = await lockTableWith(['a']);
      await expectOtsError(getRange({ tableName, ...wholeRange, limit: -1 }), 400, 'OTSParameterInvalid', 'The limit must be greater than 0.');
      await expectOtsError(
        getRange({ tableName, ...wholeRange, columnFilter: new RangeSdk.ColumnPaginationFilter(1) }),
        400,
        'OTSUnsupportOperation',
        'Column pagination filters are not supported by this test server.',
      );
      expect(server.requestLog().filter((record) => record.operation === 'GetRange' && record.status === 400).map((record) => record.errorCode)).toEqual(
        expect.arrayContaining(['OTSParameterInvalid', 'OTSUnsupportOperation']),
      );
    });
  });
});
