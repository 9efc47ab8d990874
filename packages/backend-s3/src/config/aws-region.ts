import { partition } from '@aws-sdk/core/client';

/**
 * True when `region` is listed in the AWS SDK's partition table (the same table Terraform's
 * `aws-sdk-go-base` validates against). The SDK returns the region's `description` only for
 * listed regions; unlisted names that merely match a partition pattern get none.
 */
export function isKnownAwsRegion(region: string): boolean {
  return 'description' in partition(region);
}
