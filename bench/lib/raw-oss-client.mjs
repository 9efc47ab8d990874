import OSS from 'ali-oss';

/**
 * Plain ali-oss, as the raw baselines use it. Kept apart from oss-setup.mjs so a transfer
 * worker's raw side loads only ali-oss, not the TypeScript test servers. `oss` needs `endpoint`,
 * `region`, `accessKeyId` and `accessKeySecret`.
 */
export function rawOssClient(oss, bucket, endpoint = oss.endpoint) {
  return new OSS({ accessKeyId: oss.accessKeyId, accessKeySecret: oss.accessKeySecret, endpoint, region: `oss-${oss.region}`, bucket });
}
