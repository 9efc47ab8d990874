import { invalidArgument } from '../oss-error.js';
import { queryValue, type OssRequest } from '../oss-request.js';
import { encodeRfc3986 } from '../uri-encoding.js';

/** OSS lists 100 keys unless max-keys says otherwise, and at most 1000. */
const DEFAULT_MAX_KEYS = 100;
const LARGEST_MAX_KEYS = 1000;

function maxKeysOf(request: OssRequest): number {
  const value = queryValue(request, 'max-keys');
  if (value === undefined || value === '') return DEFAULT_MAX_KEYS;
  if (!/^\d+$/.test(value) || Number(value) > LARGEST_MAX_KEYS) {
    throw invalidArgument(`max-keys must be an integer from 0 to ${LARGEST_MAX_KEYS}.`, 'max-keys', value);
  }
  return Number(value);
}

/** Applies the listing's `encoding-type` to a key, prefix, marker or delimiter. */
export type NameEncoder = (value: string | undefined) => string | undefined;

/**
 * With `encoding-type=url` OSS percent-encodes keys, prefixes, markers and delimiters in the XML (the Go SDK asks for
 * it and decodes them); any other value is 400 InvalidArgument. Returns the encoder to apply to such fields.
 */
export function nameEncoderOf(request: OssRequest): { encodingType: string | undefined; encode: NameEncoder } {
  const encodingType = queryValue(request, 'encoding-type');
  if (encodingType === undefined || encodingType === '') return { encodingType: undefined, encode: (value) => value };
  if (encodingType !== 'url') throw invalidArgument('The encoding-type parameter only accepts url.', 'encoding-type', encodingType);
  return { encodingType, encode: (value) => (value === undefined ? undefined : encodeRfc3986(value)) };
}

/** Query parameters that are empty strings count as absent for radosgw. */
export function optionalQuery(request: OssRequest, name: string): string | undefined {
  const value = queryValue(request, name);
  return value === '' ? undefined : value;
}

/** The parameters every object listing takes; each listing adds its own markers. */
export interface ListParameters {
  bucket: string;
  maxKeys: number;
  encodingType: string | undefined;
  encode: NameEncoder;
  prefix: string | undefined;
  delimiter: string | undefined;
}

/**
 * Reads and checks the parameters ListObjects, ListObjectsV2 and ListObjectVersions share. Checking them in one place
 * keeps the order (bucket, max-keys, encoding-type) the same, so a request with several bad ones fails alike in each.
 */
export function listParametersOf(request: OssRequest): ListParameters {
  if (request.bucket === undefined) throw invalidArgument('The request names no bucket.');
  const maxKeys = maxKeysOf(request);
  const { encodingType, encode } = nameEncoderOf(request);
  return {
    bucket: request.bucket,
    maxKeys,
    encodingType,
    encode,
    prefix: optionalQuery(request, 'prefix'),
    delimiter: optionalQuery(request, 'delimiter'),
  };
}
