/**
 * An error answer in OSS's shape: HTTP status, `<Code>`, `<Message>`, optional `<EC>` (OSS's error-centre code)
 * and extra elements such as `<StringToSign>` or `<Key>`, rendered by the server into `<Error>` XML.
 */
export class OssError extends Error {
  override readonly name = 'OssError';

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, string> = {},
    readonly errorCentreCode?: string,
  ) {
    super(message);
  }
}

export function noSuchKey(key: string): OssError {
  return new OssError(404, 'NoSuchKey', 'The specified key does not exist.', { Key: key }, '0026-00000001');
}

export function noSuchBucket(bucket: string): OssError {
  return new OssError(404, 'NoSuchBucket', 'The specified bucket does not exist.', { BucketName: bucket }, '0015-00000101');
}

export function bucketAlreadyExists(bucket: string): OssError {
  return new OssError(409, 'BucketAlreadyExists', 'The requested bucket name is not available. The bucket namespace is shared by all users of the system. Please select a different name and try again.', { BucketName: bucket });
}

export function noSuchVersion(key: string, versionId: string): OssError {
  return new OssError(404, 'NoSuchVersion', 'The specified version does not exist.', { Key: key, VersionId: versionId });
}

export function accessDenied(message: string): OssError {
  return new OssError(403, 'AccessDenied', message);
}

export function invalidArgument(message: string, name?: string, value?: string): OssError {
  const details: Record<string, string> = {};
  if (name !== undefined) details.ArgumentName = name;
  if (value !== undefined) details.ArgumentValue = value;
  return new OssError(400, 'InvalidArgument', message, details);
}

export function methodNotAllowed(method: string, resourceType: string): OssError {
  return new OssError(405, 'MethodNotAllowed', 'The specified method is not allowed against this resource.', {
    Method: method,
    ResourceType: resourceType,
  });
}

export function notImplemented(what: string): OssError {
  return new OssError(501, 'NotImplemented', `This test server does not implement ${what}.`);
}
