import { methodNotAllowed, notImplemented } from './oss-error.js';
import { hasQuery, queryValue, type OssRequest } from './oss-request.js';
import type { OssResponse } from './oss-response.js';
import type { OperationContext } from './operation-context.js';
import { SIGNED_SUB_RESOURCES } from './signed-sub-resources.js';
import {
  deleteBucket,
  getBucketInfo,
  getBucketLocation,
  getBucketVersioning,
  listBuckets,
  putBucket,
  putBucketVersioning,
} from './operations/bucket-operations.js';
import { getBucketAcl, putBucketAcl } from './operations/bucket-acl.js';
import { deleteBucketEncryption, getBucketEncryption, putBucketEncryption } from './operations/bucket-encryption.js';
import { deleteMultipleObjects } from './operations/delete-multiple-objects.js';
import { listObjectVersions } from './operations/list-object-versions.js';
import { listObjects, listObjectsV2 } from './operations/list-objects.js';
import { getObjectAcl } from './operations/object-acl.js';
import { deleteObject, getObject, getObjectMeta, headObject, putObject } from './operations/object-operations.js';

export type Operation = (context: OperationContext, request: OssRequest) => Promise<OssResponse>;

/** Signed parameters that plain reads, writes and listings accept; they do not select another API. */
const PLAIN_OBJECT_PARAMETERS = new Set([
  'versionId', 'security-token', 'continuation-token', 'response-cache-control', 'response-content-disposition', 'response-content-encoding',
  'response-content-language', 'response-content-type', 'response-expires',
]);

/** The first sub-resource other than the ones a plain operation tolerates, i.e. which OSS API the request calls. */
function subResourceOf(request: OssRequest): string | undefined {
  return request.query.map(([name]) => name).find((name) => SIGNED_SUB_RESOURCES.has(name) && !PLAIN_OBJECT_PARAMETERS.has(name));
}

/**
 * Picks the operation for a request from its method, whether it names a bucket and key, and its sub-resource. OSS
 * APIs this server does not provide answer 501 NotImplemented naming the sub-resource, never a wrong success.
 */
export function routeRequest(request: OssRequest): Operation {
  const subResource = subResourceOf(request);
  const unsupported = (): never => {
    throw notImplemented(`${request.method} ${subResource === undefined ? '' : `?${subResource} `}on ${request.key === '' ? 'a bucket' : 'an object'}`);
  };
  if (request.bucket === undefined) {
    if (request.method === 'GET' && subResource === undefined) return listBuckets;
    throw methodNotAllowed(request.method, 'Service');
  }
  if (request.key === '') {
    switch (request.method) {
      case 'GET':
        if (subResource === undefined) return queryValue(request, 'list-type') === '2' ? listObjectsV2 : listObjects;
        if (subResource === 'versioning') return getBucketVersioning;
        if (subResource === 'versions') return listObjectVersions;
        if (subResource === 'bucketInfo') return getBucketInfo;
        if (subResource === 'location') return getBucketLocation;
        if (subResource === 'encryption') return getBucketEncryption;
        if (subResource === 'acl') return getBucketAcl;
        return unsupported();
      case 'PUT':
        if (subResource === undefined) return putBucket;
        if (subResource === 'versioning') return putBucketVersioning;
        if (subResource === 'encryption') return putBucketEncryption;
        if (subResource === 'acl') return putBucketAcl;
        return unsupported();
      case 'DELETE':
        if (subResource === undefined) return deleteBucket;
        if (subResource === 'encryption') return deleteBucketEncryption;
        return unsupported();
      case 'POST':
        if (hasQuery(request, 'delete')) return deleteMultipleObjects;
        return unsupported();
      default:
        throw methodNotAllowed(request.method, 'Bucket');
    }
  }
  switch (request.method) {
    case 'GET':
      if (subResource === undefined) return getObject;
      if (subResource === 'acl') return getObjectAcl;
      return unsupported();
    case 'HEAD':
      if (subResource === undefined) return headObject;
      if (subResource === 'objectMeta') return getObjectMeta;
      return unsupported();
    case 'PUT':
      if (request.headers['x-oss-copy-source'] !== undefined) throw notImplemented('CopyObject (x-oss-copy-source)');
      if (subResource === undefined) return putObject;
      return unsupported();
    case 'DELETE':
      if (subResource === undefined) return deleteObject;
      return unsupported();
    case 'POST':
      return unsupported();
    default:
      throw methodNotAllowed(request.method, 'Object');
  }
}
