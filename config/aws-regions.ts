/**
 * Regions an environment may name, with the partition each belongs to (the partition goes into ARNs).
 *
 * Copied from the partition data of the AWS SDK for JavaScript v3 (`@aws-sdk/core`, 2026-11), which
 * does not export the list itself: its `partition()` helper accepts any name that matches a pattern,
 * so it cannot tell `eu-west-1` from a typo such as `eu-wset-1`. A new region is one line here.
 * The isolated (ISO) partitions are left out on purpose: nothing here targets them.
 */
export const AWS_REGION_PARTITIONS = {
  "af-south-1": "aws",
  "ap-east-1": "aws",
  "ap-east-2": "aws",
  "ap-northeast-1": "aws",
  "ap-northeast-2": "aws",
  "ap-northeast-3": "aws",
  "ap-south-1": "aws",
  "ap-south-2": "aws",
  "ap-southeast-1": "aws",
  "ap-southeast-2": "aws",
  "ap-southeast-3": "aws",
  "ap-southeast-4": "aws",
  "ap-southeast-5": "aws",
  "ap-southeast-6": "aws",
  "ap-southeast-7": "aws",
  "ca-central-1": "aws",
  "ca-west-1": "aws",
  "eu-central-1": "aws",
  "eu-central-2": "aws",
  "eu-north-1": "aws",
  "eu-south-1": "aws",
  "eu-south-2": "aws",
  "eu-west-1": "aws",
  "eu-west-2": "aws",
  "eu-west-3": "aws",
  "il-central-1": "aws",
  "me-central-1": "aws",
  "me-south-1": "aws",
  "me-west-1": "aws",
  "mx-central-1": "aws",
  "sa-east-1": "aws",
  "sa-west-1": "aws",
  "us-east-1": "aws",
  "us-east-2": "aws",
  "us-west-1": "aws",
  "us-west-2": "aws",
  "cn-north-1": "aws-cn",
  "cn-northwest-1": "aws-cn",
  "eusc-de-east-1": "aws-eusc",
  "us-gov-east-1": "aws-us-gov",
  "us-gov-west-1": "aws-us-gov",
} as const satisfies Record<string, string>;

export type AwsRegion = keyof typeof AWS_REGION_PARTITIONS;
export type AwsPartition = (typeof AWS_REGION_PARTITIONS)[AwsRegion];

export function isAwsRegion(name: string): name is AwsRegion {
  return Object.prototype.hasOwnProperty.call(AWS_REGION_PARTITIONS, name);
}

export function partitionOf(region: AwsRegion): AwsPartition {
  return AWS_REGION_PARTITIONS[region];
}
