import { otsErrors } from './ots-error.js';
import type { CellValue, PlainBufferCell } from './plain-buffer-format.js';

export type PrimaryKeyType = 'INTEGER' | 'STRING' | 'BINARY';

export interface PrimaryKeyColumnSchema {
  name: string;
  type: PrimaryKeyType;
}

export interface TableDefinition {
  name: string;
  primaryKey: PrimaryKeyColumnSchema[];
  /** Seconds a cell version lives; -1 keeps data forever. */
  timeToLive: number;
  /** How many versions of each attribute column are kept. */
  maxVersions: number;
  deviationCellVersionInSeconds: number;
  reservedRead: number;
  reservedWrite: number;
  /** Milliseconds since the epoch. */
  createdAt: number;
}

export interface StoredVersion {
  /** Milliseconds since the epoch; TableStore's cell version. */
  timestamp: number;
  value: CellValue;
}

export interface StoredRow {
  /** The primary key cells, in schema order, without timestamps. */
  primaryKey: PlainBufferCell[];
  /** Attribute columns by name, each with its versions newest first. */
  columns: Map<string, StoredVersion[]>;
}

export interface StoredTable {
  definition: TableDefinition;
  /** Rows keyed by `primaryKeyIdentity`. */
  rows: Map<string, StoredRow>;
}

/** The tables of one instance, kept in memory for the life of the server. */
export class InMemoryTables {
  private readonly tables = new Map<string, StoredTable>();

  /** @throws OtsError OTSObjectAlreadyExist (409) when the name is taken. */
  create(definition: TableDefinition): void {
    if (this.tables.has(definition.name)) throw otsErrors.tableAlreadyExists();
    this.tables.set(definition.name, { definition, rows: new Map() });
  }

  /** @throws OtsError OTSObjectNotExist (404) when there is no such table. */
  get(name: string): StoredTable {
    const table = this.tables.get(name);
    if (table === undefined) throw otsErrors.tableNotFound();
    return table;
  }

  /** @throws OtsError OTSObjectNotExist (404) when there is no such table. */
  delete(name: string): void {
    if (!this.tables.delete(name)) throw otsErrors.tableNotFound();
  }

  names(): string[] {
    return [...this.tables.keys()];
  }
}

/** The versions of a column that are still alive under the table's time to live, newest first. */
export function liveVersions(definition: TableDefinition, versions: readonly StoredVersion[], now: number): StoredVersion[] {
  if (definition.timeToLive <= 0) return [...versions];
  const oldestAlive = now - definition.timeToLive * 1000;
  return versions.filter((version) => version.timestamp > oldestAlive);
}
