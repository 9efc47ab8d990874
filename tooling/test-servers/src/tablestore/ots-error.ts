/**
 * An error the server answers with: the HTTP status plus the protobuf `Error{code, message}` body
 * TableStore sends. Codes and messages follow TableStore's documented error table where it gives
 * one, so clients that match on them behave as they do against the real service.
 */
export class OtsError extends Error {
  override name = 'OtsError';

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export const otsErrors = {
  methodNotAllowed: () => new OtsError(405, 'OTSMethodNotAllowed', 'OTSMethodNotAllowedOnly POST method for requests is supported.'),
  bodyTooLarge: () => new OtsError(413, 'OTSRequestBodyTooLarge', 'The size of POST data is too large.'),
  missingHeader: (header: string) => new OtsError(400, 'OTSParameterInvalid', `Missing header: '${header}'.`),
  invalidDate: (date: string) => new OtsError(400, 'OTSParameterInvalid', `Invalid date format: ${date}.`),
  dateMismatch: (date: string) => new OtsError(403, 'OTSAuthFailed', `Mismatch between system time and x-ots-date: ${date}.`),
  unsupportedApiVersion: (version: string) => new OtsError(400, 'OTSParameterInvalid', `Unsupported API version: ${version}.`),
  instanceNotFound: () => new OtsError(403, 'OTSAuthFailed', 'The instance is not found.'),
  accessKeyNotFound: () => new OtsError(403, 'OTSAuthFailed', 'The AccessKeyID does not exist.'),
  securityTokenInvalid: () => new OtsError(403, 'OTSAuthFailed', 'The security token you provided is invalid.'),
  contentMd5Mismatch: () => new OtsError(403, 'OTSAuthFailed', 'Mismatch between MD5 value of request body and x-ots-contentmd5 in header.'),
  signatureMismatch: () => new OtsError(403, 'OTSAuthFailed', 'Signature mismatch.'),
  unknownOperation: (operation: string) => new OtsError(400, 'OTSParameterInvalid', `Unsupported operation: '${operation}'.`),
  notImplemented: (operation: string) =>
    new OtsError(400, 'OTSUnsupportOperation', `Operation '${operation}' is not implemented by this test server.`),
  parameterInvalid: (message: string) => new OtsError(400, 'OTSParameterInvalid', message),
  unsupported: (message: string) => new OtsError(400, 'OTSUnsupportOperation', message),
  invalidPrimaryKey: (message: string) => new OtsError(400, 'OTSInvalidPK', message),
  tableNotFound: () => new OtsError(404, 'OTSObjectNotExist', 'Requested table does not exist.'),
  tableAlreadyExists: () => new OtsError(409, 'OTSObjectAlreadyExist', 'Requested table already exists.'),
  conditionCheckFailed: () => new OtsError(403, 'OTSConditionCheckFail', 'Condition check failed.'),
};
