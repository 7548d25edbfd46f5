import { awsError, AwsWireServer, type WireResponse } from "./aws-wire-server";

/** What the Lambda alias looks like to GetAlias. */
export interface AliasState {
  version: string;
  additionalVersionWeights?: Record<string, number>;
}

export interface DeploymentScript {
  /** Statuses GetDeployment reports in turn; the last repeats. */
  readonly statuses: readonly string[];
  readonly errorInformation?: { code: string; message: string };
  readonly rollbackInfo?: { rollbackDeploymentId: string; rollbackMessage: string };
}

/**
 * The parts of CodeDeploy (JSON 1.1) and Lambda (REST-JSON) the canary deploy command calls,
 * on an AwsWireServer: GetAlias answers from `alias`, CreateDeployment from `createError` or a new
 * id, GetDeployment walks through `deployment.statuses`.
 */
export class FakeCodeDeploy {
  readonly server = new AwsWireServer();
  alias: AliasState = { version: "1" };
  deployment: DeploymentScript = { statuses: ["Succeeded"] };
  createError?: WireResponse;
  private polls = 0;

  constructor() {
    this.server
      .onRoute("GET", /^\/2015-03-31\/functions\/(?<fn>[^/]+)\/aliases\/(?<alias>[^/]+)$/, "GetAlias", (request) => {
        if (request.params.fn !== "huntaze-mock-read") {
          return awsError(404, "ResourceNotFoundException", `Function not found: ${request.params.fn}`);
        }
        return {
          body: {
            AliasArn: `arn:aws:lambda:eu-west-1:111111111111:function:${request.params.fn}:${request.params.alias}`,
            Name: request.params.alias,
            FunctionVersion: this.alias.version,
            ...(this.alias.additionalVersionWeights
              ? { RoutingConfig: { AdditionalVersionWeights: this.alias.additionalVersionWeights } }
              : {}),
          },
        };
      })
      .onTarget("CodeDeploy_20141006.CreateDeployment", () => this.createError ?? { body: { deploymentId: "d-TESTCANARY" } })
      .onTarget("CodeDeploy_20141006.GetDeployment", () => {
        const statuses = this.deployment.statuses;
        const status = statuses[Math.min(this.polls, statuses.length - 1)];
        this.polls += 1;
        return {
          body: {
            deploymentInfo: {
              deploymentId: "d-TESTCANARY",
              status,
              ...(this.deployment.errorInformation ? { errorInformation: this.deployment.errorInformation } : {}),
              ...(this.deployment.rollbackInfo ? { rollbackInfo: this.deployment.rollbackInfo } : {}),
            },
          },
        };
      });
  }

  /** The AppSpec of the first CreateDeployment, parsed. */
  createdAppSpec(): any {
    const [create] = this.server.calls("CreateDeployment");
    return JSON.parse(create.json.revision.appSpecContent.content);
  }
}
