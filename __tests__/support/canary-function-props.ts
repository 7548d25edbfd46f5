import type { CanaryFunctionProps } from "../../constructs/canary-function";
import { fixtureArtifact } from "./function-code";

/** A CanaryFunction every rule accepts: rule tests change one prop of it at a time. */
export function validCanaryFunctionProps(): CanaryFunctionProps {
  return {
    name: "read",
    functionName: "huntaze-read",
    description: "read",
    code: fixtureArtifact("mock-read"),
    memorySizeMb: 512,
    timeoutSeconds: 6,
    reservedConcurrency: 5,
    deploymentConfig: "CodeDeployDefault.LambdaCanary10Percent5Minutes",
    errorRateThresholdPercent: 2,
    p95DurationThresholdMs: 500,
    alarmTopicArn: "arn:aws:sns:eu-west-1:123456789012:alerts",
    deployScriptPath: "assets/canary-deploy.mjs",
  };
}
