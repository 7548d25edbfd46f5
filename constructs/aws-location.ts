/** Where a resource lives, for the ARNs a grant names before (or without) a reference to it. */
export interface AwsLocation {
  /** The AWS partition (`aws`). */
  readonly partition: string;
  /** The region (`eu-west-1`). */
  readonly region: string;
  /** The account id. */
  readonly accountId: string;
}
