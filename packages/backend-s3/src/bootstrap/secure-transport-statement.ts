/** The `Sid` of the statement bootstrap adds; an existing statement with this Sid is taken as ours. */
export const SECURE_TRANSPORT_SID = 'DenyInsecureTransport';

/** A bucket policy statement, as far as the merge needs to read it. */
interface PolicyStatement {
  Sid?: unknown;
  Effect?: unknown;
  Principal?: unknown;
  Action?: unknown;
  Resource?: unknown;
  Condition?: unknown;
}

/** The result of merging the TLS-only statement into a bucket's policy. */
export type PolicyMerge =
  | { kind: 'already' }
  | { kind: 'merged'; policy: string; statementCount: number }
  | { kind: 'conflict'; reason: string };

/** `aws`, `aws-cn` or `aws-us-gov`: the ARN partition of a region. */
export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

/** Deny every S3 action on the bucket and its objects to anyone connecting without TLS. */
export function secureTransportStatement(bucket: string, region: string): Record<string, unknown> {
  const arn = `arn:${partitionOf(region)}:s3:::${bucket}`;
  return {
    Sid: SECURE_TRANSPORT_SID,
    Effect: 'Deny',
    Principal: '*',
    Action: 's3:*',
    Resource: [arn, `${arn}/*`],
    Condition: { Bool: { 'aws:SecureTransport': 'false' } },
  };
}

function asList(value: unknown): unknown[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

function isEveryone(principal: unknown): boolean {
  if (principal === '*') return true;
  if (typeof principal !== 'object' || principal === null) return false;
  return asList((principal as { AWS?: unknown }).AWS).includes('*');
}

function deniesInsecureTransport(condition: unknown): boolean {
  if (typeof condition !== 'object' || condition === null) return false;
  const bool = (condition as { Bool?: Record<string, unknown> }).Bool;
  const value = bool?.['aws:SecureTransport'];
  return asList(value).some((item) => item === 'false' || item === false);
}

/** True when the statement already denies all S3 actions without TLS on the bucket and all its objects. */
function coversSecureTransport(statement: PolicyStatement, bucketArn: string): boolean {
  const resources = asList(statement.Resource);
  return (
    statement.Effect === 'Deny' &&
    isEveryone(statement.Principal) &&
    asList(statement.Action).some((action) => action === 's3:*' || action === '*') &&
    resources.includes(bucketArn) &&
    resources.includes(`${bucketArn}/*`) &&
    deniesInsecureTransport(statement.Condition)
  );
}

/**
 * Merges the TLS-only statement into an existing policy (JSON text, or undefined for none),
 * keeping every other statement as it is. Deny statements cannot weaken other statements, so
 * adding one is always safe; the merge reports a conflict only when it cannot tell what the
 * policy means: the text is not a JSON policy, or a statement already uses our Sid for
 * something else (replacing it would drop someone's rule, keeping both would duplicate a Sid).
 */
export function mergeSecureTransport(existing: string | undefined, bucket: string, region: string): PolicyMerge {
  const statement = secureTransportStatement(bucket, region);
  if (existing === undefined || existing.trim() === '') {
    return { kind: 'merged', policy: JSON.stringify({ Version: '2012-10-17', Statement: [statement] }), statementCount: 1 };
  }
  let document: unknown;
  try {
    document = JSON.parse(existing);
  } catch {
    return { kind: 'conflict', reason: 'the existing bucket policy is not valid JSON' };
  }
  if (typeof document !== 'object' || document === null || Array.isArray(document)) {
    return { kind: 'conflict', reason: 'the existing bucket policy is not a JSON object' };
  }
  const policy = document as { Version?: unknown; Statement?: unknown };
  const statements = asList(policy.Statement);
  if (statements.some((item) => typeof item !== 'object' || item === null)) {
    return { kind: 'conflict', reason: 'the existing bucket policy has a statement that is not an object' };
  }
  const bucketArn = (statement.Resource as string[])[0] as string;
  const typed = statements as PolicyStatement[];
  if (typed.some((item) => coversSecureTransport(item, bucketArn))) return { kind: 'already' };
  if (typed.some((item) => item.Sid === SECURE_TRANSPORT_SID)) {
    return {
      kind: 'conflict',
      reason: `the existing bucket policy has a statement "${SECURE_TRANSPORT_SID}" that does not deny s3:* without TLS on the bucket and its objects`,
    };
  }
  const merged = { ...policy, Version: policy.Version ?? '2012-10-17', Statement: [...typed, statement] };
  return { kind: 'merged', policy: JSON.stringify(merged), statementCount: typed.length + 1 };
}
