import { ListObjectVersionsCommand } from '@aws-sdk/client-s3';
import { invalidArgument } from '../oss-error.js';
import type { OssRequest } from '../oss-request.js';
import { isoTime, ossETag, xmlResponse, type OssResponse } from '../oss-response.js';
import type { OperationContext } from '../operation-context.js';
import { translateS3Error } from '../s3-error-translation.js';
import { renderXml } from '../xml.js';
import { listParametersOf, optionalQuery } from './list-parameters.js';
import { commonPrefixElements, ownerElement } from './listing-elements.js';

/**
 * ListObjectVersions (`GET /?versions`): prefix, delimiter, key-marker, version-id-marker, max-keys, encoding-type.
 * Answers `ListVersionsResult` with `<Version>` and `<DeleteMarker>` entries (each with `<Owner>`).
 */
export async function listObjectVersions(context: OperationContext, request: OssRequest): Promise<OssResponse> {
  const { bucket, maxKeys, encodingType, encode, prefix, delimiter } = listParametersOf(request);
  const keyMarker = optionalQuery(request, 'key-marker');
  const versionIdMarker = optionalQuery(request, 'version-id-marker');
  if (versionIdMarker !== undefined && keyMarker === undefined) {
    throw invalidArgument('A version-id marker cannot be specified without a key marker.', 'version-id-marker', versionIdMarker);
  }
  try {
    const output = await context.s3.send(
      new ListObjectVersionsCommand({
        Bucket: bucket,
        Prefix: prefix,
        Delimiter: delimiter,
        KeyMarker: keyMarker,
        VersionIdMarker: versionIdMarker,
        MaxKeys: maxKeys,
      }),
    );
    const fallbackOwner = await context.owner();
    return xmlResponse(200, renderXml('ListVersionsResult', {
      Name: bucket,
      Prefix: encode(prefix ?? ''),
      KeyMarker: encode(keyMarker ?? ''),
      VersionIdMarker: versionIdMarker ?? '',
      MaxKeys: maxKeys,
      Delimiter: encode(delimiter ?? ''),
      EncodingType: encodingType,
      IsTruncated: output.IsTruncated === true,
      NextKeyMarker: output.IsTruncated ? encode(output.NextKeyMarker) : undefined,
      NextVersionIdMarker: output.IsTruncated ? output.NextVersionIdMarker : undefined,
      Version: (output.Versions ?? []).map((version) => ({
        Key: encode(version.Key ?? ''),
        VersionId: version.VersionId ?? 'null',
        IsLatest: version.IsLatest === true,
        LastModified: isoTime(version.LastModified),
        ETag: ossETag(version.ETag),
        Type: 'Normal',
        Size: version.Size ?? 0,
        StorageClass: 'Standard',
        Owner: ownerElement(version.Owner, fallbackOwner),
      })),
      DeleteMarker: (output.DeleteMarkers ?? []).map((marker) => ({
        Key: encode(marker.Key ?? ''),
        VersionId: marker.VersionId ?? 'null',
        IsLatest: marker.IsLatest === true,
        LastModified: isoTime(marker.LastModified),
        Owner: ownerElement(marker.Owner, fallbackOwner),
      })),
      CommonPrefixes: commonPrefixElements(output.CommonPrefixes, encode),
    }));
  } catch (error) {
    throw translateS3Error(error, { bucket });
  }
}
