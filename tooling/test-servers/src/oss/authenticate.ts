import { timingSafeEqual } from 'node:crypto';
import { OssError, accessDenied, invalidArgument } from './oss-error.js';
import type { OssRequest } from './oss-request.js';
import { buildV1StringToSign, signV1 } from './signature-v1.js';
import { V4_ALGORITHM, buildV4CanonicalRequest, buildV4StringToSign, signV4, type V4Scope } from './signature-v4.js';

/** An AccessKey pair the server accepts; with `securityToken` it behaves like STS credentials. */
export interface OssCredential {
  accessKeyId: string;
  accessKeySecret: string;
  securityToken?: string;
}

export interface AuthenticationSettings {
  credentials: OssCredential[];
  /** Region in the V4 scope, e.g. `cn-hangzhou`. */
  region: string;
  now: () => Date;
}

/** Largest clock difference OSS tolerates for header-signed requests. */
const MAX_CLOCK_SKEW_MS = 15 * 60 * 1000;

/**
 * Checks a request's signature (V1 or V4, in the Authorization header or in presigned-URL query parameters) and its
 * security token. Resolves to the matching credential, or throws the OssError real OSS would answer with:
 * AccessDenied (anonymous, expired URL), InvalidAccessKeyId, InvalidSecurityToken, SignatureDoesNotMatch,
 * RequestTimeTooSkewed or InvalidArgument (malformed Authorization).
 */
export function authenticate(request: OssRequest, settings: AuthenticationSettings): OssCredential {
  const authorization = request.headers.authorization;
  if (authorization !== undefined && authorization !== '') {
    if (authorization.startsWith('OSS ')) return verifyV1Header(request, authorization.slice(4), settings);
    if (authorization.startsWith(`${V4_ALGORITHM} `)) return verifyV4Header(request, authorization.slice(V4_ALGORITHM.length + 1), settings);
    throw invalidArgument('Authorization header is invalid.', 'Authorization', authorization.split(' ')[0]);
  }
  const query = new Map(request.query);
  if (query.get('x-oss-signature-version') === V4_ALGORITHM) return verifyV4Query(request, query, settings);
  if (query.has('OSSAccessKeyId') || query.has('Signature')) return verifyV1Query(request, query, settings);
  throw accessDenied('You have no right to access this object because of bucket acl.');
}

function findCredential(accessKeyId: string, settings: AuthenticationSettings): OssCredential {
  const credential = settings.credentials.find((candidate) => candidate.accessKeyId === accessKeyId);
  if (credential === undefined) {
    throw new OssError(403, 'InvalidAccessKeyId', 'The OSS Access Key Id you provided does not exist in our records.', {
      OSSAccessKeyId: accessKeyId,
    });
  }
  return credential;
}

function checkSecurityToken(credential: OssCredential, presented: string | undefined): void {
  if (credential.securityToken === undefined) {
    if (presented !== undefined) throw new OssError(403, 'InvalidSecurityToken', 'The security token you provided is invalid.', {}, '0002-00000008');
    return;
  }
  if (presented === undefined) {
    throw new OssError(403, 'InvalidSecurityToken', 'The request uses an STS AccessKey ID but carries no security token.', {}, '0002-00000003');
  }
  if (!sameText(presented, credential.securityToken)) {
    throw new OssError(403, 'InvalidSecurityToken', 'The security token you provided is invalid.', {}, '0002-00000008');
  }
}

function checkClockSkew(requestTime: Date, settings: AuthenticationSettings): void {
  const now = settings.now();
  if (Math.abs(now.getTime() - requestTime.getTime()) > MAX_CLOCK_SKEW_MS) {
    throw new OssError(403, 'RequestTimeTooSkewed', 'The difference between the request time and the current time is too large.', {
      RequestTime: requestTime.toUTCString(),
      ServerTime: now.toUTCString(),
      MaxAllowedSkewMilliseconds: String(MAX_CLOCK_SKEW_MS),
    });
  }
}

function verifyV1Header(request: OssRequest, credentials: string, settings: AuthenticationSettings): OssCredential {
  const colon = credentials.lastIndexOf(':');
  if (colon <= 0 || colon === credentials.length - 1) throw invalidArgument('Authorization header is invalid.', 'Authorization', 'OSS');
  const accessKeyId = credentials.slice(0, colon).trim();
  const signature = credentials.slice(colon + 1).trim();
  // OSS reads the date from x-oss-date when both it and Date are present (ali-oss sends only x-oss-date).
  const dateLine = request.headers['x-oss-date'] ?? request.headers.date;
  if (dateLine === undefined) throw accessDenied('OSS authentication requires a valid Date.');
  const requestTime = new Date(dateLine);
  if (Number.isNaN(requestTime.getTime())) throw accessDenied('OSS authentication requires a valid Date.');
  const credential = findCredential(accessKeyId, settings);
  const stringToSign = buildV1StringToSign({ ...request, dateLine });
  compareV1(credential, signature, stringToSign);
  checkClockSkew(requestTime, settings);
  checkSecurityToken(credential, request.headers['x-oss-security-token']);
  return credential;
}

function verifyV1Query(request: OssRequest, query: Map<string, string>, settings: AuthenticationSettings): OssCredential {
  const accessKeyId = query.get('OSSAccessKeyId');
  const signature = query.get('Signature');
  const expires = query.get('Expires');
  if (accessKeyId === undefined || signature === undefined || expires === undefined || !/^\d+$/.test(expires)) {
    throw accessDenied('Signed URLs need OSSAccessKeyId, Expires and Signature.');
  }
  const credential = findCredential(accessKeyId, settings);
  const stringToSign = buildV1StringToSign({
    ...request,
    query: request.query.filter(([name]) => name !== 'OSSAccessKeyId' && name !== 'Signature' && name !== 'Expires'),
    dateLine: expires,
  });
  compareV1(credential, signature, stringToSign);
  if (Number(expires) * 1000 < settings.now().getTime()) {
    throw accessDenied('Request has expired.');
  }
  checkSecurityToken(credential, query.get('security-token'));
  return credential;
}

function compareV1(credential: OssCredential, provided: string, stringToSign: string): void {
  const expected = signV1(credential.accessKeySecret, stringToSign);
  if (!sameText(expected, provided)) {
    throw new OssError(403, 'SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided. Check your key and signing method.', {
      StringToSign: stringToSign,
      SignatureProvided: provided,
      StringToSignBytes: [...Buffer.from(stringToSign, 'utf8')].map((byte) => byte.toString(16).padStart(2, '0')).join(' '),
      OSSAccessKeyId: credential.accessKeyId,
    }, '0002-00000040');
  }
}

/** Parses `Credential=<ak>/<date>/<region>/oss/aliyun_v4_request` (also used by `x-oss-credential`). */
function parseCredentialScope(value: string | undefined): { accessKeyId: string; scope: V4Scope } {
  const parts = (value ?? '').split('/');
  const [accessKeyId, date, region, product, terminator] = parts;
  if (parts.length !== 5 || !accessKeyId || !date || !/^\d{8}$/.test(date) || !region || !product || terminator !== 'aliyun_v4_request') {
    throw invalidArgument('Invalid credential in Authorization header.', 'Credential', value ?? '');
  }
  return { accessKeyId, scope: { date, region, product } };
}

function parseV4Fields(text: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const part of text.split(',')) {
    const equals = part.indexOf('=');
    if (equals === -1) throw invalidArgument('Authorization header is invalid.', 'Authorization', V4_ALGORITHM);
    fields.set(part.slice(0, equals).trim(), part.slice(equals + 1).trim());
  }
  return fields;
}

function parseAdditionalHeaders(value: string | undefined): string[] {
  if (value === undefined) return [];
  const names = value.split(';');
  if (names.some((name) => name === '' || name !== name.toLowerCase())) {
    throw invalidArgument('AdditionalHeaders must be non-empty, lower-case header names joined by ";".', 'AdditionalHeaders', value);
  }
  return names;
}

function parseV4Timestamp(value: string | undefined): Date {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value ?? '');
  if (match === null) throw accessDenied('OSS V4 authentication requires x-oss-date in the form yyyymmddTHHMMSSZ.');
  const [, year, month, day, hour, minute, second] = match.map(Number) as [number, number, number, number, number, number, number];
  return new Date(Date.UTC(year, month - 1, day, hour, minute, second));
}

function verifyV4Header(request: OssRequest, text: string, settings: AuthenticationSettings): OssCredential {
  const fields = parseV4Fields(text);
  const { accessKeyId, scope } = parseCredentialScope(fields.get('Credential'));
  const signature = fields.get('Signature');
  if (!signature) throw invalidArgument('The Signature field of the Authorization header is empty.', 'Signature', '');
  const timestamp = request.headers['x-oss-date'];
  const requestTime = parseV4Timestamp(timestamp);
  const credential = findCredential(accessKeyId, settings);
  checkScope(scope, timestamp ?? '', settings);
  compareV4(request, credential, signature, scope, timestamp ?? '', {
    query: request.query,
    additionalHeaders: parseAdditionalHeaders(fields.get('AdditionalHeaders')),
  });
  checkClockSkew(requestTime, settings);
  checkSecurityToken(credential, request.headers['x-oss-security-token']);
  return credential;
}

function verifyV4Query(request: OssRequest, query: Map<string, string>, settings: AuthenticationSettings): OssCredential {
  const { accessKeyId, scope } = parseCredentialScope(query.get('x-oss-credential'));
  const signature = query.get('x-oss-signature');
  if (!signature) throw accessDenied('The x-oss-signature parameter is missing or empty.');
  const timestamp = query.get('x-oss-date');
  const requestTime = parseV4Timestamp(timestamp);
  const expires = query.get('x-oss-expires');
  if (expires === undefined || !/^\d+$/.test(expires)) throw accessDenied('The x-oss-expires parameter is missing or invalid.');
  const credential = findCredential(accessKeyId, settings);
  checkScope(scope, timestamp ?? '', settings);
  compareV4(request, credential, signature, scope, timestamp ?? '', {
    query: request.query.filter(([name]) => name !== 'x-oss-signature'),
    additionalHeaders: parseAdditionalHeaders(query.get('x-oss-additional-headers')),
  });
  if (requestTime.getTime() + Number(expires) * 1000 < settings.now().getTime()) throw accessDenied('Request has expired.');
  checkSecurityToken(credential, query.get('x-oss-security-token'));
  return credential;
}

function checkScope(scope: V4Scope, timestamp: string, settings: AuthenticationSettings): void {
  if (!timestamp.startsWith(scope.date)) {
    throw invalidArgument('The date in the credential scope does not match x-oss-date.', 'Credential', scope.date);
  }
  if (scope.region !== settings.region) {
    throw invalidArgument(`Invalid signing region in Authorization header: expected ${settings.region}.`, 'Credential', scope.region);
  }
  if (scope.product !== 'oss') {
    throw invalidArgument('Invalid signing product in Authorization header: expected oss.', 'Credential', scope.product);
  }
}

function compareV4(
  request: OssRequest,
  credential: OssCredential,
  provided: string,
  scope: V4Scope,
  timestamp: string,
  parts: { query: Array<[string, string]>; additionalHeaders: string[] },
): void {
  const missing = parts.additionalHeaders.find((name) => request.headers[name] === undefined);
  if (missing !== undefined) throw invalidArgument(`Additional header ${missing} is not in the request.`, 'AdditionalHeaders', missing);
  const canonicalRequest = buildV4CanonicalRequest({
    method: request.method,
    headers: request.headers,
    bucket: request.bucket,
    key: request.key,
    query: parts.query,
    additionalHeaders: parts.additionalHeaders,
    payloadHash: request.headers['x-oss-content-sha256'] ?? 'UNSIGNED-PAYLOAD',
  });
  const stringToSign = buildV4StringToSign(timestamp, scope, canonicalRequest);
  const expected = signV4(credential.accessKeySecret, scope, stringToSign);
  if (!sameText(expected, provided)) {
    throw new OssError(403, 'SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided. Check your key and signing method.', {
      StringToSign: stringToSign,
      SignatureProvided: provided,
      CanonicalRequest: canonicalRequest,
      OSSAccessKeyId: credential.accessKeyId,
    });
  }
}

function sameText(left: string, right: string): boolean {
  const leftBytes = Buffer.from(left, 'utf8');
  const rightBytes = Buffer.from(right, 'utf8');
  return leftBytes.length === rightBytes.length && timingSafeEqual(leftBytes, rightBytes);
}
