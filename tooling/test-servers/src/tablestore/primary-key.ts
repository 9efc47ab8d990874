import { variantTypeName } from './cell-value-codec.js';
import type { PrimaryKeyType, TableDefinition } from './in-memory-tables.js';
import { otsErrors } from './ots-error.js';
import type { CellValue, PlainBufferCell } from './plain-buffer-format.js';

const schemaVariantName: Record<PrimaryKeyType, string> = { INTEGER: 'VT_INTEGER', STRING: 'VT_STRING', BINARY: 'VT_BLOB' };
const acceptedValueType: Record<PrimaryKeyType, CellValue['type']> = { INTEGER: 'INTEGER', STRING: 'STRING', BINARY: 'BLOB' };

/**
 * Checks a single-row primary key against the table schema: same number of columns, same names
 * in the same order, matching types. Messages are TableStore's ("Validate PK name fail. Input:
 * PK2, Meta: PK1.").
 * @throws OtsError OTSInvalidPK (400) on a mismatch, OTSParameterInvalid (400) for INF_MIN,
 *   INF_MAX or AUTO_INCREMENT placeholders, which only range reads and auto-increment tables allow.
 */
export function validatePrimaryKey(definition: TableDefinition, cells: readonly PlainBufferCell[]): void {
  checkPrimaryKeyColumns(definition, cells, (cell, value) => {
    if (value.type === 'INF_MIN' || value.type === 'INF_MAX' || value.type === 'AUTO_INCREMENT') {
      throw otsErrors.parameterInvalid(`The value of primary key column '${cell.name}' must be a concrete value, not ${value.type}.`);
    }
  });
}

/**
 * Checks a GetRange boundary like `validatePrimaryKey`, except that any column may be INF_MIN or
 * INF_MAX: a boundary names a position between rows, not a row.
 * @throws OtsError OTSInvalidPK (400) on a mismatch, OTSParameterInvalid (400) for AUTO_INCREMENT.
 */
export function validateRangeBoundary(definition: TableDefinition, cells: readonly PlainBufferCell[]): void {
  checkPrimaryKeyColumns(definition, cells, (cell, value) => {
    if (value.type === 'AUTO_INCREMENT') {
      throw otsErrors.parameterInvalid(`The value of primary key column '${cell.name}' must be a concrete value, INF_MIN or INF_MAX, not AUTO_INCREMENT.`);
    }
  });
}

/**
 * The size, name and type checks both validations share. `checkPlaceholder` sees every value and
 * throws for the placeholders (INF_MIN, INF_MAX, AUTO_INCREMENT) its caller does not allow; the
 * placeholders it lets through skip the type check, as they fit a column of any type.
 */
function checkPrimaryKeyColumns(
  definition: TableDefinition,
  cells: readonly PlainBufferCell[],
  checkPlaceholder: (cell: PlainBufferCell, value: CellValue) => void,
): void {
  if (cells.length !== definition.primaryKey.length) {
    throw otsErrors.invalidPrimaryKey(`Validate PK size fail. Input: ${cells.length}, Meta: ${definition.primaryKey.length}.`);
  }
  definition.primaryKey.forEach((schema, index) => {
    const cell = cells[index] as PlainBufferCell;
    if (cell.name !== schema.name) {
      throw otsErrors.invalidPrimaryKey(`Validate PK name fail. Input: ${cell.name}, Meta: ${schema.name}.`);
    }
    if (cell.value === undefined) throw otsErrors.parameterInvalid(`The value of primary key column '${cell.name}' is missing.`);
    checkPlaceholder(cell, cell.value);
    if (!('value' in cell.value)) return;
    if (cell.value.type !== acceptedValueType[schema.type]) {
      throw otsErrors.invalidPrimaryKey(`Validate PK type fail. Input: ${variantTypeName(cell.value)}, Meta: ${schemaVariantName[schema.type]}.`);
    }
  });
}

/** A map key for a validated primary key: equal keys give equal identities. */
export function primaryKeyIdentity(cells: readonly PlainBufferCell[]): string {
  return cells
    .map((cell) => {
      const value = cell.value as CellValue;
      return 'value' in value ? `${value.type}:${Buffer.isBuffer(value.value) ? value.value.toString('hex') : String(value.value)}` : value.type;
    })
    .join('|');
}

/** The primary key cells as stored and returned: name and value only. */
export function storedPrimaryKey(cells: readonly PlainBufferCell[]): PlainBufferCell[] {
  return cells.map((cell) => ({ name: cell.name, value: cell.value as CellValue }));
}
