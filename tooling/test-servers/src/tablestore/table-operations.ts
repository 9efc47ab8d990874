import type { InMemoryTables, PrimaryKeyType, TableDefinition } from './in-memory-tables.js';
import { otsErrors } from './ots-error.js';

export interface CreateTableRequest {
  tableMeta: {
    tableName: string;
    primaryKey?: Array<{ name: string; type: number; option?: number }>;
    indexMeta?: unknown[];
  };
  reservedThroughput: { capacityUnit: { read?: number; write?: number } };
  tableOptions?: { timeToLive?: number; maxVersions?: number; deviationCellVersionInSec?: string };
  partitions?: unknown[];
  streamSpec?: { enableStream: boolean };
  indexMetas?: unknown[];
}

export interface UpdateTableRequest {
  tableName: string;
  reservedThroughput?: { capacityUnit: { read?: number; write?: number } };
  tableOptions?: { timeToLive?: number; maxVersions?: number; deviationCellVersionInSec?: string };
  streamSpec?: { enableStream: boolean };
}

const primaryKeyTypeByNumber: Record<number, PrimaryKeyType> = { 1: 'INTEGER', 2: 'STRING', 3: 'BINARY' };
const primaryKeyTypeNumber: Record<PrimaryKeyType, number> = { INTEGER: 1, STRING: 2, BINARY: 3 };
const NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]{0,254}$/;
const TABLE_STATUS_ACTIVE = 1;

/** CreateTable, UpdateTable, DescribeTable, ListTable and DeleteTable over the in-memory tables. */
export class TableOperations {
  constructor(
    private readonly tables: InMemoryTables,
    private readonly clock: () => number = Date.now,
  ) {}

  /**
   * Creates an ACTIVE table at once. Defaults when options are absent: TTL -1, max versions 1.
   * @throws OtsError OTSObjectAlreadyExist (409) for a taken name, OTSParameterInvalid (400) for
   *   bad names or options, OTSUnsupportOperation (400) for auto-increment keys, indexes, streams.
   */
  createTable(request: CreateTableRequest): Record<string, never> {
    const name = request.tableMeta.tableName;
    if (!NAME_PATTERN.test(name)) throw otsErrors.parameterInvalid(`Invalid table name: '${name}'.`);
    const primaryKey = request.tableMeta.primaryKey ?? [];
    if (primaryKey.length < 1 || primaryKey.length > 4) {
      throw otsErrors.parameterInvalid('The number of primary key columns must be in range: [1, 4].');
    }
    const seen = new Set<string>();
    for (const column of primaryKey) {
      if (!NAME_PATTERN.test(column.name)) throw otsErrors.parameterInvalid(`Invalid column name: '${column.name}'.`);
      if (seen.has(column.name)) throw otsErrors.parameterInvalid(`Duplicated primary key name: '${column.name}'.`);
      seen.add(column.name);
      if (primaryKeyTypeByNumber[column.type] === undefined) throw otsErrors.parameterInvalid(`Invalid primary key type: ${column.type}.`);
      if (column.option !== undefined) throw otsErrors.unsupported('Auto-increment primary keys are not supported by this test server.');
    }
    if ((request.tableMeta.indexMeta?.length ?? 0) > 0 || (request.indexMetas?.length ?? 0) > 0) {
      throw otsErrors.unsupported('Secondary indexes are not supported by this test server.');
    }
    if (request.streamSpec?.enableStream) throw otsErrors.unsupported('Streams are not supported by this test server.');
    const timeToLive = request.tableOptions?.timeToLive ?? -1;
    const maxVersions = request.tableOptions?.maxVersions ?? 1;
    checkTableOptions(timeToLive, maxVersions);
    const definition: TableDefinition = {
      name,
      primaryKey: primaryKey.map((column) => ({ name: column.name, type: primaryKeyTypeByNumber[column.type] as PrimaryKeyType })),
      timeToLive,
      maxVersions,
      deviationCellVersionInSeconds: Number(request.tableOptions?.deviationCellVersionInSec ?? 86_400),
      reservedRead: request.reservedThroughput.capacityUnit.read ?? 0,
      reservedWrite: request.reservedThroughput.capacityUnit.write ?? 0,
      createdAt: this.clock(),
    };
    this.tables.create(definition);
    return {};
  }

  /** @throws OtsError OTSObjectNotExist (404) "Requested table does not exist." */
  describeTable(request: { tableName: string }): Record<string, unknown> {
    const { definition } = this.tables.get(request.tableName);
    return {
      tableMeta: {
        tableName: definition.name,
        primaryKey: definition.primaryKey.map((column) => ({ name: column.name, type: primaryKeyTypeNumber[column.type] })),
      },
      reservedThroughputDetails: {
        capacityUnit: { read: definition.reservedRead, write: definition.reservedWrite },
        lastIncreaseTime: Math.floor(definition.createdAt / 1000),
      },
      tableOptions: {
        timeToLive: definition.timeToLive,
        maxVersions: definition.maxVersions,
        deviationCellVersionInSec: definition.deviationCellVersionInSeconds,
      },
      tableStatus: TABLE_STATUS_ACTIVE,
    };
  }

  /**
   * Changes the table options (TTL, max versions, version deviation) and reserved throughput
   * that the request names; the rest stays. Answers the options and throughput now in force.
   * @throws OtsError OTSObjectNotExist (404) for a missing table, OTSParameterInvalid (400) for
   *   bad options or a request that changes nothing, OTSUnsupportOperation (400) for streams.
   */
  updateTable(request: UpdateTableRequest): Record<string, unknown> {
    const { definition } = this.tables.get(request.tableName);
    if (request.streamSpec !== undefined) throw otsErrors.unsupported('Streams are not supported by this test server.');
    const options = request.tableOptions;
    const capacity = request.reservedThroughput?.capacityUnit;
    if (options === undefined && capacity === undefined) {
      throw otsErrors.parameterInvalid('Neither reserved throughput nor table options is specified.');
    }
    const timeToLive = options?.timeToLive ?? definition.timeToLive;
    const maxVersions = options?.maxVersions ?? definition.maxVersions;
    checkTableOptions(timeToLive, maxVersions);
    definition.timeToLive = timeToLive;
    definition.maxVersions = maxVersions;
    if (options?.deviationCellVersionInSec !== undefined) definition.deviationCellVersionInSeconds = Number(options.deviationCellVersionInSec);
    if (capacity?.read !== undefined) definition.reservedRead = capacity.read;
    if (capacity?.write !== undefined) definition.reservedWrite = capacity.write;
    return {
      reservedThroughputDetails: {
        capacityUnit: { read: definition.reservedRead, write: definition.reservedWrite },
        lastIncreaseTime: Math.floor(this.clock() / 1000),
      },
      tableOptions: {
        timeToLive: definition.timeToLive,
        maxVersions: definition.maxVersions,
        deviationCellVersionInSec: definition.deviationCellVersionInSeconds,
      },
    };
  }

  listTable(): { tableNames: string[] } {
    return { tableNames: this.tables.names() };
  }

  /** @throws OtsError OTSObjectNotExist (404) "Requested table does not exist." */
  deleteTable(request: { tableName: string }): Record<string, never> {
    this.tables.delete(request.tableName);
    return {};
  }
}

/** TableStore's limits on table options: TTL -1 (forever) or positive seconds, at least one version. */
function checkTableOptions(timeToLive: number, maxVersions: number): void {
  if (timeToLive === 0 || timeToLive < -1) throw otsErrors.parameterInvalid(`Invalid time_to_live: ${timeToLive}, use -1 or a positive number of seconds.`);
  if (maxVersions < 1) throw otsErrors.parameterInvalid(`Invalid max_versions: ${maxVersions}, it must be at least 1.`);
}
