import { describe, expect, it } from 'vitest';
import { mergeSecureTransport, secureTransportStatement, SECURE_TRANSPORT_SID } from '../src/index.js';

const bucket = 'state-bucket';
const ours = secureTransportStatement(bucket, 'eu-west-1');

describe('mergeSecureTransport (pure)', () => {
  it('without a policy, the policy is the one statement', () => {
    const merge = mergeSecureTransport(undefined, bucket, 'eu-west-1');
    expect(merge).toMatchObject({ kind: 'merged', statementCount: 1 });
    expect(merge.kind === 'merged' && JSON.parse(merge.policy)).toEqual({ Version: '2012-10-17', Statement: [ours] });
  });

  it('keeps every existing statement and the policy Id, appending ours', () => {
    const other = { Sid: 'ReadOnly', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:root' }, Action: 's3:GetObject', Resource: `arn:aws:s3:::${bucket}/*` };
    const merge = mergeSecureTransport(JSON.stringify({ Version: '2012-10-17', Id: 'p1', Statement: other }), bucket, 'eu-west-1');
    expect(merge.kind === 'merged' && JSON.parse(merge.policy)).toEqual({ Version: '2012-10-17', Id: 'p1', Statement: [other, ours] });
  });

  it('an equivalent statement under another Sid, principal form or boolean form counts as already there', () => {
    const equivalent = {
      Sid: 'TlsOnly',
      Effect: 'Deny',
      Principal: { AWS: ['*'] },
      Action: ['s3:*'],
      Resource: [`arn:aws:s3:::${bucket}/*`, `arn:aws:s3:::${bucket}`],
      Condition: { Bool: { 'aws:SecureTransport': false } },
    };
    expect(mergeSecureTransport(JSON.stringify({ Statement: [equivalent] }), bucket, 'eu-west-1')).toEqual({ kind: 'already' });
  });

  it('a statement that covers only the objects is not enough', () => {
    const objectsOnly = { ...ours, Sid: 'Objects', Resource: `arn:aws:s3:::${bucket}/*` };
    expect(mergeSecureTransport(JSON.stringify({ Statement: [objectsOnly] }), bucket, 'eu-west-1').kind).toBe('merged');
  });

  it('our Sid used for something else, or a policy that is not JSON, is a conflict', () => {
    const clash = { Sid: SECURE_TRANSPORT_SID, Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `arn:aws:s3:::${bucket}/*` };
    expect(mergeSecureTransport(JSON.stringify({ Statement: [clash] }), bucket, 'eu-west-1')).toMatchObject({ kind: 'conflict' });
    expect(mergeSecureTransport('{not json', bucket, 'eu-west-1')).toEqual({ kind: 'conflict', reason: 'the existing bucket policy is not valid JSON' });
  });

  it('uses the partition of the region in ARNs', () => {
    expect(secureTransportStatement(bucket, 'cn-north-1').Resource).toEqual([`arn:aws-cn:s3:::${bucket}`, `arn:aws-cn:s3:::${bucket}/*`]);
    expect(secureTransportStatement(bucket, 'us-gov-west-1').Resource).toEqual([`arn:aws-us-gov:s3:::${bucket}`, `arn:aws-us-gov:s3:::${bucket}/*`]);
  });
});
