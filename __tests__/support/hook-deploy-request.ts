import type { CanaryDeployRequest } from "../../deploy/canary-deploy";

/** The health hook's deploy step as the stack sets it up: version 4 to `live`, checked with GET /health before traffic. */
export const HOOK_DEPLOY_REQUEST: CanaryDeployRequest = {
  applicationName: "huntaze-canary-health-hook",
  deploymentGroupName: "huntaze-canary-health-hook-live",
  functionName: "huntaze-canary-health-hook",
  aliasName: "live",
  targetVersion: "4",
  healthCheckBeforeTraffic: true,
};
