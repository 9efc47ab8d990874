import { ListObjectsCommand, ListObjectsV2Command, type _Object } from '@aws-sdk/client-s3';
import { invalidArgument } from '../oss-error.js';
import { queryValue, type OssRequest } from '../oss-request.js';
import { isoTime, ossETag, xmlResponse, type OssResponse } from '../oss-response.js';
import type { OperationContext } from '../operation-context.js';
import { translateS3Error } from '../s3-error-translation.js';
import { renderXml, type XmlTree } from '../xml.js';
import { listParametersOf, optionalQuery, type NameEncoder } from './list-parameters.js';
import { commonPrefixElements, ownerElement } from './listing-elements.js';

function contentsElement(object: _Object, encode: NameEncoder, owner: XmlTree | undefined): XmlTree {
  return {
    Key: encode(object.Key ?? ''),
    LastModified: isoTime(object.LastModified),
    ETag: ossETag(object.ETag),
    Type: 'Normal',
    Size: object.Size ?? 0,
    StorageClass: 'Standard',
    Owner: owner,
  };
}

/**
 * ListObjects (V1): prefix, delimiter, marker, max-keys (default 100), encoding-type. Every `<Contents>` carries an
 * `<Owner>` (ali-oss `list()` reads it unguarded) and a truncated page always has `<NextMarker>`, which OSS sends even
 * without a delimiter (S3 only with one).
 */
export async function listObjects(context: OperationContext, request: OssRequest): Promise<OssResponse> {
  const { bucket, maxKeys, encodingType, encode, prefix, delimiter } = listParametersOf(request);
  const marker = optionalQuery(request, 'marker');
  try {
    const output = await context.s3.send(
      new ListObjectsCommand({ Bucket: bucket, Prefix: prefix, Delimiter: delimiter, Marker: marker, MaxKeys: maxKeys }),
    );
    const fallbackOwner = await context.owner();
    const contents = output.Contents ?? [];
    const lastNames = [contents.at(-1)?.Key, output.CommonPrefixes?.at(-1)?.Prefix].filter((name): name is string => name !== undefined);
    const nextMarker = output.IsTruncated ? (output.NextMarker ?? lastNames.sort().at(-1)) : undefined;
    return xmlResponse(200, renderXml('ListBucketResult', {
      Name: bucket,
      Prefix: encode(prefix ?? ''),
      Marker: encode(marker ?? ''),
      MaxKeys: maxKeys,
      Delimiter: encode(delimiter ?? ''),
      EncodingType: encodingType,
      IsTruncated: output.IsTruncated === true,
      NextMarker: encode(nextMarker),
      Contents: contents.map((object) => contentsElement(object, encode, ownerElement(object.Owner, fallbackOwner))),
      CommonPrefixes: commonPrefixElements(output.CommonPrefixes, encode),
    }));
  } catch (error) {
    throw translateS3Error(error, { bucket });
  }
}

/**
 * ListObjectsV2 (`list-type=2`): prefix, delimiter, continuation-token, start-after, max-keys, fetch-owner,
 * encoding-type. `<Owner>` appears only with `fetch-owner=true`.
 */
export async function listObjectsV2(context: OperationContext, request: OssRequest): Promise<OssResponse> {
  const { bucket, maxKeys, encodingType, encode, prefix, delimiter } = listParametersOf(request);
  const startAfter = optionalQuery(request, 'start-after');
  const continuationToken = optionalQuery(request, 'continuation-token');
  const fetchOwnerValue = queryValue(request, 'fetch-owner');
  if (fetchOwnerValue !== undefined && fetchOwnerValue !== 'true' && fetchOwnerValue !== 'false') {
    throw invalidArgument('fetch-owner must be true or false.', 'fetch-owner', fetchOwnerValue);
  }
  const fetchOwner = fetchOwnerValue === 'true';
  try {
    const output = await context.s3.send(
      new ListObjectsV2Command({
        Bucket: bucket,
        Prefix: prefix,
        Delimiter: delimiter,
        StartAfter: startAfter,
        ContinuationToken: continuationToken,
        MaxKeys: maxKeys,
        FetchOwner: fetchOwner,
      }),
    );
    const fallbackOwner = await context.owner();
    const contents = output.Contents ?? [];
    const commonPrefixes = commonPrefixElements(output.CommonPrefixes, encode);
    return xmlResponse(200, renderXml('ListBucketResult', {
      Name: bucket,
      Prefix: encode(prefix ?? ''),
      StartAfter: encode(startAfter),
      ContinuationToken: continuationToken,
      MaxKeys: maxKeys,
      Delimiter: encode(delimiter ?? ''),
      EncodingType: encodingType,
      IsTruncated: output.IsTruncated === true,
      NextContinuationToken: output.IsTruncated ? output.NextContinuationToken : undefined,
      KeyCount: contents.length + commonPrefixes.length,
      Contents: contents.map((object) => contentsElement(object, encode, fetchOwner ? ownerElement(object.Owner, fallbackOwner) : undefined)),
      CommonPrefixes: commonPrefixes,
    }));
  } catch (error) {
    throw translateS3Error(error, { bucket });
  }
}
