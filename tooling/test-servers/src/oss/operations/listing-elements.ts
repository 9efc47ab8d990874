import type { CommonPrefix, Owner } from '@aws-sdk/client-s3';
import type { OssOwner } from '../operation-context.js';
import type { XmlTree } from '../xml.js';
import type { NameEncoder } from './list-parameters.js';

/**
 * The `<Owner>` of a listed object, version or delete marker. OSS always names an owner there, while S3 may leave it
 * out of an entry; the S3 user behind the server, who owns every bucket, stands in then.
 */
export function ownerElement(owner: Owner | undefined, fallback: OssOwner): XmlTree {
  return owner?.ID ? { ID: owner.ID, DisplayName: owner.DisplayName ?? owner.ID } : { ID: fallback.ID, DisplayName: fallback.DisplayName };
}

/** The `<CommonPrefixes>` entries of a listing, encoded like the keys when the client asked for `encoding-type=url`. */
export function commonPrefixElements(prefixes: CommonPrefix[] | undefined, encode: NameEncoder): XmlTree[] {
  return (prefixes ?? []).map((prefix) => ({ Prefix: encode(prefix.Prefix ?? '') }));
}
