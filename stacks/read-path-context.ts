import type { Construct } from "constructs";
import { partitionOf } from "../config/aws-regions";
import type { EnvironmentConfig } from "../config/schema";
import type { BuildArtifacts } from "../bundling/build";
import type { AwsLocation } from "../constructs/aws-location";

/** The names of one environment's read-path functions and API, each derived once, here. */
export interface ReadPathNames {
  readonly mockRead: string;
  readonly prismaRead: string;
  readonly healthHook: string;
  readonly migrator: string;
  readonly api: string;
}

/** What every part of a ReadPathStack is built from. */
export interface ReadPathContext {
  /** The stack itself: each part adds its constructs directly to it, which keeps their Terraform addresses. */
  readonly stack: Construct;
  readonly environment: EnvironmentConfig;
  /** The environment's partition, region and account, for the ARNs grants name. */
  readonly location: AwsLocation;
  readonly names: ReadPathNames;
  /** The bundled handlers and deploy script, built before synth. */
  readonly artifacts: BuildArtifacts;
}

/**
 * Whether the control still stands in front of the candidate: in every phase but `direct`, where the
 * API calls the candidate and the control, its flag and its alarms are gone.
 */
export function servesThroughControl(environment: Pick<EnvironmentConfig, "flag">): boolean {
  return environment.flag.prismaRead.mode !== "direct";
}

export function readPathContext(stack: Construct, environment: EnvironmentConfig, artifacts: BuildArtifacts): ReadPathContext {
  const prefix = environment.namePrefix;
  return {
    stack,
    environment,
    location: { partition: partitionOf(environment.region), region: environment.region, accountId: environment.accountId },
    names: {
      mockRead: `${prefix}-mock-read`,
      prismaRead: `${prefix}-prisma-read`,
      healthHook: `${prefix}-canary-health-hook`,
      migrator: `${prefix}-db-migrator`,
      api: `${prefix}-read-api`,
    },
    artifacts,
  };
}
