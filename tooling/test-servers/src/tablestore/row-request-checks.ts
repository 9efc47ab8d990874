import { otsErrors } from './ots-error.js';
import { PlainBufferError, type PlainBufferRow } from './plain-buffer-format.js';
import { decodeSingleRow } from './plain-buffer-reader.js';

/**
 * Decodes the one-row PlainBuffer a row-level request carries (a row, a row change, a primary key
 * or a range boundary).
 * @throws OtsError OTSParameterInvalid (400) when the PlainBuffer is malformed, so a client bug
 *   reads as a bad request rather than a server failure.
 */
export function decodeRequestRow(bytes: Buffer): PlainBufferRow {
  try {
    return decodeSingleRow(bytes);
  } catch (error) {
    if (error instanceof PlainBufferError) throw otsErrors.parameterInvalid(`Invalid PlainBuffer row: ${error.message}`);
    throw error;
  }
}

/** @throws OtsError OTSUnsupportOperation (400) when the request names a local transaction. */
export function rejectTransaction(transactionId: string | undefined): void {
  if (transactionId !== undefined && transactionId !== '') {
    throw otsErrors.unsupported('Local transactions are not supported by this test server.');
  }
}
