import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTableStoreServer, type TableStoreServer } from '../src/tablestore/index.js';
import { attributeValues, clientFor, condition, createLockTable, expectOtsError, sdkPutRowBody, sendRawRequest } from './tablestore-sdk.js';

const stsCredential = { accessKeyId: 'STS.test-key', accessKeySecret: 'sts-secret', securityToken: 'sts-token-value' };

describe('TableStore server request checks', () => {
  let server: TableStoreServer;
  const tableName = 'locks';
  const putLock = (lockId: string) => ({
    tableName,
    condition: condition('EXPECT_NOT_EXIST'),
    primaryKey: [{ LockID: lockId }],
    attributeColumns: [{ Info: 'payload-value' }],
  });

  beforeAll(async () => {
    server = await startTableStoreServer({ instanceName: 'checks', credentials: [stsCredential], maxRequestBodyBytes: 4096 });
    await createLockTable(clientFor(server), tableName);
  });
  afterAll(async () => {
    await server.stop();
  });

  describe('through the SDK', () => {
    it('rejects a wrong secret with OTSAuthFailed "Signature mismatch."', async () => {
      const client = clientFor(server, { secretAccessKey: 'not-the-secret' });
      await expectOtsError(client.putRow(putLock('wrong-secret')), 403, 'OTSAuthFailed', 'Signature mismatch.');
    });

    it('rejects an unknown access key id', async () => {
      const client = clientFor(server, { accessKeyId: 'LTAIunknown' });
      await expectOtsError(client.describeTable({ tableName }), 403, 'OTSAuthFailed', 'The AccessKeyID does not exist.');
    });

    it('rejects a wrong instance name', async () => {
      const client = clientFor(server, { instancename: 'other-instance' });
      await expectOtsError(client.describeTable({ tableName }), 403, 'OTSAuthFailed', 'The instance is not found.');
    });

    it('accepts an STS key with its security token and rejects it with a wrong or missing token', async () => {
      const stsClient = (stsToken?: string) =>
        clientFor(server, { accessKeyId: stsCredential.accessKeyId, secretAccessKey: stsCredential.accessKeySecret, ...(stsToken ? { stsToken } : {}) });
      await stsClient(stsCredential.securityToken).putRow(putLock('sts'));
      const read = await stsClient(stsCredential.securityToken).getRow({ tableName, primaryKey: [{ LockID: 'sts' }], maxVersions: 1 });
      expect(attributeValues(read.row)).toEqual([['Info', 'payload-value']]);
      await expectOtsError(stsClient('forged-token').describeTable({ tableName }), 403, 'OTSAuthFailed');
      await expectOtsError(stsClient().describeTable({ tableName }), 403, 'OTSAuthFailed');
    });

    it('rejects a body over the size limit with OTSRequestBodyTooLarge 413', async () => {
      const client = clientFor(server);
      await expectOtsError(
        client.putRow({ ...putLock('large'), attributeColumns: [{ Info: 'x'.repeat(8192) }] }),
        413,
        'OTSRequestBodyTooLarge',
        'The size of POST data is too large.',
      );
    });
  });

  describe('with raw requests', () => {
    const readLock = async (lockId: string) =>
      (await clientFor(server).getRow({ tableName, primaryKey: [{ LockID: lockId }], maxVersions: 1 })).row;

    it('accepts an untouched SDK-encoded body sent raw (the baseline for the forgeries below)', async () => {
      const response = await sendRawRequest(server, 'PutRow', sdkPutRowBody(putLock('raw-baseline')));
      expect(response.status).toBe(200);
      expect(attributeValues(await readLock('raw-baseline'))).toEqual([['Info', 'payload-value']]);
    });

    it('rejects a PlainBuffer whose cell bytes were changed without fixing the CRC', async () => {
      const body = sdkPutRowBody(putLock('tampered-cell'));
      const at = body.indexOf('payload-value');
      body[at] = 'P'.charCodeAt(0);
      const response = await sendRawRequest(server, 'PutRow', body);
      expect(response.status).toBe(400);
      expect(response.body).toContain('OTSParameterInvalid');
      expect(response.body).toContain('Cell checksum mismatch');
      expect(await readLock('tampered-cell')).toEqual({});
    });

    it('rejects a PlainBuffer whose row checksum byte was changed', async () => {
      const body = sdkPutRowBody(putLock('tampered-row'));
      const rowChecksumTag = body.lastIndexOf(0x09, body.indexOf('payload-value') + 'payload-value'.length + 3);
      body[rowChecksumTag + 1] = ((body[rowChecksumTag + 1] as number) + 1) & 0xff;
      const response = await sendRawRequest(server, 'PutRow', body);
      expect(response.status).toBe(400);
      expect(response.body).toContain('Row checksum mismatch');
      expect(await readLock('tampered-row')).toEqual({});
    });

    it('rejects a body that does not match x-ots-contentmd5', async () => {
      const response = await sendRawRequest(server, 'PutRow', sdkPutRowBody(putLock('md5')), {
        signedHeaders: { 'x-ots-contentmd5': Buffer.alloc(16).toString('base64') },
      });
      expect(response.status).toBe(403);
      expect(response.body).toContain('Mismatch between MD5 value of request body and x-ots-contentmd5 in header.');
    });

    it('rejects an x-ots-date outside the 15 minute window, even when correctly signed', async () => {
      const date = new Date(Date.now() - 20 * 60 * 1000).toISOString();
      const response = await sendRawRequest(server, 'DescribeTable', Buffer.alloc(0), { signedHeaders: { 'x-ots-date': date } });
      expect(response.status).toBe(403);
      expect(response.body).toContain(`Mismatch between system time and x-ots-date: ${date}.`);
    });

    it("accepts the Go SDK's date layout, whose fraction digits are really month, day and hour", async () => {
      const now = new Date();
      const goDate = `${now.toISOString().slice(0, 19)}.${now.getUTCMonth() + 1}${now.getUTCDate()}${now.getUTCHours() % 12 || 12}Z`;
      const response = await sendRawRequest(server, 'ListTable', Buffer.alloc(0), { signedHeaders: { 'x-ots-date': goDate } });
      expect(response.status).toBe(200);
      expect(response.body).toContain(tableName);
    });

    it('rejects a missing signature header and a signature computed over other headers', async () => {
      const missing = await sendRawRequest(server, 'ListTable', Buffer.alloc(0), { headers: { 'x-ots-signature': '' } });
      expect(missing.status).toBe(400);
      expect(missing.body).toContain("Missing header: 'x-ots-signature'.");
      const changedAfterSigning = await sendRawRequest(server, 'ListTable', Buffer.alloc(0), {
        headers: { 'x-ots-date': new Date(Date.now() - 5000).toISOString() },
      });
      expect(changedAfterSigning.status).toBe(403);
      expect(changedAfterSigning.body).toContain('Signature mismatch.');
    });

    it('answers 405 for methods other than POST and 400 for unknown operations', async () => {
      const get = await sendRawRequest(server, 'ListTable', Buffer.alloc(0), { method: 'GET' });
      expect(get.status).toBe(405);
      expect(get.body).toContain('OTSMethodNotAllowed');
      const unknown = await sendRawRequest(server, 'FlyToTheMoon', Buffer.alloc(0));
      expect(unknown.status).toBe(400);
      expect(unknown.body).toContain("Unsupported operation: 'FlyToTheMoon'.");
    });

    it('sends the response headers TableStore sends', async () => {
      const response = await fetch(`${server.endpoint}/ListTable`, { method: 'POST', body: '' });
      expect(response.status).toBe(400);
      expect(response.headers.get('x-ots-requestid')).toMatch(/^[0-9a-f-]{36}$/);
      expect(response.headers.get('x-ots-contenttype')).toBe('protocol buffer');
      expect(response.headers.get('x-ots-date')).toMatch(/^\d{4}-\d{2}-\d{2}T/);
      const body = Buffer.from(await response.arrayBuffer());
      const { createHash } = await import('node:crypto');
      expect(response.headers.get('x-ots-contentmd5')).toBe(createHash('md5').update(body).digest('base64'));
    });
  });

  it('records each request with its operation and outcome', () => {
    const log = server.requestLog();
    expect(log.some((entry) => entry.operation === 'PutRow' && entry.status === 200)).toBe(true);
    expect(log.some((entry) => entry.operation === 'PutRow' && entry.errorCode === 'OTSAuthFailed')).toBe(true);
  });
});
