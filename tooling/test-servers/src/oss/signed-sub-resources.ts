/**
 * Query parameters that OSS signature V1 puts into the canonicalized resource (the "sub-resources" and response
 * overrides listed in OSS's "include a V1 signature" documentation). Every other parameter (prefix, marker,
 * max-keys, list-type, encoding-type, ...) is left out of the V1 string to sign.
 */
export const SIGNED_SUB_RESOURCES: ReadonlySet<string> = new Set([
  'accessMonitor', 'acl', 'append', 'asyncFetch', 'bucketInfo', 'callback', 'callback-var', 'cname', 'comp',
  'continuation-token', 'cors', 'delete', 'encryption', 'endTime', 'img', 'inventory', 'inventoryId', 'lifecycle',
  'live', 'location', 'logging', 'metaQuery', 'objectMeta', 'partNumber', 'policy', 'position', 'qos', 'qosInfo',
  'referer', 'regionList', 'replication', 'replicationLocation', 'replicationProgress', 'requestPayment',
  'resourceGroup', 'response-cache-control', 'response-content-disposition', 'response-content-encoding',
  'response-content-language', 'response-content-type', 'response-expires', 'restore', 'security-token', 'sequential',
  'startTime', 'stat', 'status', 'style', 'styleName', 'symlink', 'tagging', 'transferAcceleration', 'uploadId',
  'uploads', 'versionId', 'versioning', 'versions', 'website', 'worm', 'wormExtend', 'wormId', 'x-oss-ac-forward-allow',
  'x-oss-ac-source-ip', 'x-oss-ac-subnet-mask', 'x-oss-ac-vpc-id', 'x-oss-enable-md5', 'x-oss-enable-sha1',
  'x-oss-enable-sha256', 'x-oss-hash-ctx', 'x-oss-md5-ctx', 'x-oss-process', 'x-oss-request-payer',
  'x-oss-traffic-limit',
]);
