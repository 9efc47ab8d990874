import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { listenOnLoopback } from '../listen-on-loopback.js';
import { InMemoryTables } from './in-memory-tables.js';
import { OtsError, otsErrors } from './ots-error.js';
import { decodeMessage, encodeMessage, messageType } from './protocol-schema.js';
import { RangeOperations } from './range-operations.js';
import { authenticateRequest, type TableStoreCredential } from './request-authentication.js';
import { RowOperations } from './row-operations.js';
import { TableOperations } from './table-operations.js';

export interface TableStoreServer {
  /** `http://127.0.0.1:PORT`; both SDKs and Terraform's `tablestore_endpoint` take it as is. */
  endpoint: string;
  /** The only instance name the server accepts (`x-ots-instancename`). */
  instanceName: string;
  accessKeyId: string;
  accessKeySecret: string;
  /** Every request answered so far, oldest first, so tests can see what a client really sent. */
  requestLog(): readonly TableStoreRequestRecord[];
  /** Closes the listener and every open connection; the tables are lost. Safe to call twice. */
  stop(): Promise<void>;
}

export interface TableStoreRequestRecord {
  /** The API name from the path, e.g. `PutRow`. */
  operation: string;
  status: number;
  /** The TableStore error code when the request failed. */
  errorCode?: string;
  userAgent?: string;
}

export interface TableStoreServerOptions {
  /** Defaults to `tfstate-test`. */
  instanceName?: string;
  /** Extra keys to accept besides the generated one, e.g. an STS key with its `securityToken`. */
  credentials?: TableStoreCredential[];
  /** Larger bodies get OTSRequestBodyTooLarge (413). Defaults to 5 MiB. */
  maxRequestBodyBytes?: number;
}

interface ApiHandler {
  requestType: string;
  responseType: string;
  run(request: never): object;
}

/** APIs TableStore has that this server does not implement: they get OTSUnsupportOperation. */
const UNIMPLEMENTED_APIS = new Set([
  'BatchGetRow', 'BatchWriteRow', 'ComputeSplitPointsBySize', 'CreateIndex', 'DropIndex',
  'StartLocalTransaction', 'CommitTransaction', 'AbortTransaction', 'ListStream', 'DescribeStream', 'GetShardIterator',
  'GetStreamRecord', 'SQLQuery', 'CreateSearchIndex', 'ListSearchIndex', 'DescribeSearchIndex', 'DeleteSearchIndex',
  'UpdateSearchIndex', 'Search', 'ParallelScan', 'ComputeSplits', 'BulkImport', 'BulkExport', 'CreateTunnel',
]);
const DEFAULT_MAX_BODY_BYTES = 5 * 1024 * 1024;
const ALLOWED_CLOCK_SKEW_MILLISECONDS = 15 * 60 * 1000;

/**
 * Starts an in-memory TableStore on 127.0.0.1 (random port) speaking the real wire protocol:
 * POST /<Api> with a protobuf `<Api>Request` body, signed `x-ots-*` headers, PlainBuffer rows,
 * protobuf `<Api>Response` or `Error{code, message}` answers with TableStore's status codes.
 * Implemented: CreateTable, UpdateTable, DescribeTable, ListTable, DeleteTable, PutRow, GetRow, UpdateRow,
 * DeleteRow, GetRange. Other TableStore APIs answer OTSUnsupportOperation (400).
 */
export async function startTableStoreServer(options: TableStoreServerOptions = {}): Promise<TableStoreServer> {
  const instanceName = options.instanceName ?? 'tfstate-test';
  const primaryCredential: TableStoreCredential = {
    accessKeyId: `LTAI${randomBytes(8).toString('hex')}`,
    accessKeySecret: randomBytes(15).toString('base64url'),
  };
  const credentials = [primaryCredential, ...(options.credentials ?? [])];
  const maxBodyBytes = options.maxRequestBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const tables = new InMemoryTables();
  const tableOperations = new TableOperations(tables);
  const rowOperations = new RowOperations(tables);
  const rangeOperations = new RangeOperations(tables);
  const handlers: Record<string, ApiHandler> = {
    CreateTable: { requestType: 'CreateTableRequest', responseType: 'CreateTableResponse', run: (request) => tableOperations.createTable(request) },
    UpdateTable: { requestType: 'UpdateTableRequest', responseType: 'UpdateTableResponse', run: (request) => tableOperations.updateTable(request) },
    DescribeTable: { requestType: 'DescribeTableRequest', responseType: 'DescribeTableResponse', run: (request) => tableOperations.describeTable(request) },
    ListTable: { requestType: 'ListTableRequest', responseType: 'ListTableResponse', run: () => tableOperations.listTable() },
    DeleteTable: { requestType: 'DeleteTableRequest', responseType: 'DeleteTableResponse', run: (request) => tableOperations.deleteTable(request) },
    PutRow: { requestType: 'PutRowRequest', responseType: 'PutRowResponse', run: (request) => rowOperations.putRow(request) },
    GetRow: { requestType: 'GetRowRequest', responseType: 'GetRowResponse', run: (request) => rowOperations.getRow(request) },
    UpdateRow: { requestType: 'UpdateRowRequest', responseType: 'UpdateRowResponse', run: (request) => rowOperations.updateRow(request) },
    DeleteRow: { requestType: 'DeleteRowRequest', responseType: 'DeleteRowResponse', run: (request) => rowOperations.deleteRow(request) },
    GetRange: { requestType: 'GetRangeRequest', responseType: 'GetRangeResponse', run: (request) => rangeOperations.getRange(request) },
  };
  const log: TableStoreRequestRecord[] = [];

  const answer = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const operation = new URL(request.url ?? '/', 'http://localhost').pathname.replace(/^\/+/, '');
    const userAgent = request.headers['user-agent'];
    const { body, tooLarge } = await readBody(request, maxBodyBytes);
    let status = 200;
    let responseBody: Buffer;
    let errorCode: string | undefined;
    try {
      if (request.method !== 'POST') throw otsErrors.methodNotAllowed();
      if (tooLarge) throw otsErrors.bodyTooLarge();
      const handler = handlers[operation];
      if (handler === undefined) {
        throw UNIMPLEMENTED_APIS.has(operation) ? otsErrors.notImplemented(operation) : otsErrors.unknownOperation(operation);
      }
      authenticateRequest(
        { instanceName, credentials, allowedClockSkewMilliseconds: ALLOWED_CLOCK_SKEW_MILLISECONDS },
        { path: `/${operation}`, method: request.method, headers: request.headers, body },
        Date.now(),
      );
      let decoded: never;
      try {
        decoded = decodeMessage<never>(messageType(handler.requestType), body);
      } catch (error) {
        throw otsErrors.parameterInvalid(`Failed to parse the request body as ${handler.requestType}: ${(error as Error).message}.`);
      }
      responseBody = encodeMessage(messageType(handler.responseType), handler.run(decoded) as Record<string, unknown>);
    } catch (error) {
      const otsError = error instanceof OtsError ? error : internalError(error);
      status = otsError.status;
      errorCode = otsError.code;
      responseBody = encodeMessage(messageType('Error'), { code: otsError.code, message: otsError.message });
    }
    log.push({ operation, status, ...(errorCode === undefined ? {} : { errorCode }), ...(userAgent === undefined ? {} : { userAgent }) });
    response.writeHead(status, {
      'x-ots-contentmd5': createHash('md5').update(responseBody).digest('base64'),
      'x-ots-requestid': randomUUID(),
      'x-ots-date': new Date().toISOString(),
      'x-ots-contenttype': 'protocol buffer',
      'content-length': responseBody.length,
    });
    response.end(responseBody);
  };

  const server = createServer((request, response) => {
    answer(request, response).catch((error: unknown) => {
      response.destroy(error instanceof Error ? error : new Error(String(error)));
    });
  });
  const listener = await listenOnLoopback(server);
  return {
    endpoint: listener.endpoint,
    instanceName,
    accessKeyId: primaryCredential.accessKeyId,
    accessKeySecret: primaryCredential.accessKeySecret,
    requestLog: () => [...log],
    stop: listener.close,
  };
}

/** Reads the whole body (so the client can read the answer) but keeps at most `limit` bytes. */
async function readBody(request: IncomingMessage, limit: number): Promise<{ body: Buffer; tooLarge: boolean }> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of request) {
    length += (chunk as Buffer).length;
    if (length <= limit) chunks.push(chunk as Buffer);
  }
  return { body: Buffer.concat(chunks), tooLarge: length > limit };
}

function internalError(error: unknown): OtsError {
  // A bug in this server, not a client mistake: keep the stack visible in the test output.
  console.error('TableStore test server failed on a request:', error);
  return new OtsError(500, 'OTSInternalServerError', 'Internal server error.');
}
