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

/** A deployment CodeDeploy remembers: what ListDeployments and BatchGetDeployments report. */
export interface PastDeployment {
  readonly deploymentId: string;
  status: string;
  /** The AppSpec it was created with, as CodeDeploy stores it. */
  readonly appSpecContent: string;
  readonly createTime: number;
  errorInformation?: { code: string; message: string };
}

const TERMINAL_STATUSES = new Set(["Succeeded", "Failed", "Stopped"]);

/**
 * The parts of CodeDeploy (JSON 1.1), Lambda (REST-JSON) and CloudWatch (JSON 1.0) the canary
 * deploy command calls, on an AwsWireServer:
 * - GetAlias answers from `alias`;
 * - CreateDeployment from `createError` or a new deployment, remembered in `history`;
 * - GetDeployment walks through `deployment.statuses`, and records the last status it reports;
 * - ListDeployments and BatchGetDeployments answer from `history`;
 * - GetDeploymentGroup names the alarms of `alarmStates`, and DescribeAlarms reports each alarm's
 *   states in turn (the last repeats).
 */
export class FakeCodeDeploy {
  readonly server = new AwsWireServer();
  alias: AliasState = { version: "1" };
  deployment: DeploymentScript = { statuses: ["Succeeded"] };
  createError?: WireResponse;
  readonly history: PastDeployment[] = [];
  alarmStates: Record<string, string[]> = {};
  private polls = 0;
  private readonly alarmPolls = new Map<string, number>();

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
      .onTarget("CodeDeploy_20141006.CreateDeployment", (request) => {
        if (this.createError) return this.createError;
        const deploymentId = this.history.length === 0 ? "d-TESTCANARY" : `d-TESTCANARY${this.history.length + 1}`;
        this.history.push({ deploymentId, status: "Created", appSpecContent: request.json.revision.appSpecContent.content, createTime: this.history.length + 1 });
        this.polls = 0;
        return { body: { deploymentId } };
      })
      .onTarget("CodeDeploy_20141006.GetDeployment", (request) => {
        const statuses = this.deployment.statuses;
        const status = statuses[Math.min(this.polls, statuses.length - 1)];
        this.polls += 1;
        const past = this.history.find((deployment) => deployment.deploymentId === request.json.deploymentId);
        if (past && TERMINAL_STATUSES.has(status)) {
          past.status = status;
          past.errorInformation = this.deployment.errorInformation;
        }
        return {
          body: {
            deploymentInfo: {
              deploymentId: request.json.deploymentId,
              status,
              ...(this.deployment.errorInformation ? { errorInformation: this.deployment.errorInformation } : {}),
              ...(this.deployment.rollbackInfo ? { rollbackInfo: this.deployment.rollbackInfo } : {}),
            },
          },
        };
      })
      .onTarget("CodeDeploy_20141006.ListDeployments", (request) => {
        const statuses: string[] | undefined = request.json.includeOnlyStatuses;
        const listed = this.history.filter((deployment) => !statuses || statuses.includes(deployment.status));
        return { body: { deployments: listed.map((deployment) => deployment.deploymentId) } };
      })
      .onTarget("CodeDeploy_20141006.BatchGetDeployments", (request) => {
        const ids: string[] = request.json.deploymentIds;
        const found = this.history.filter((deployment) => ids.includes(deployment.deploymentId));
        return {
          body: {
            deploymentsInfo: found.map((deployment) => ({
              deploymentId: deployment.deploymentId,
              status: deployment.status,
              createTime: deployment.createTime,
              revision: { revisionType: "AppSpecContent", appSpecContent: { content: deployment.appSpecContent } },
              ...(deployment.errorInformation ? { errorInformation: deployment.errorInformation } : {}),
            })),
          },
        };
      })
      .onTarget("CodeDeploy_20141006.GetDeploymentGroup", (request) => ({
        body: {
          deploymentGroupInfo: {
            applicationName: request.json.applicationName,
            deploymentGroupName: request.json.deploymentGroupName,
            alarmConfiguration: { enabled: true, alarms: Object.keys(this.alarmStates).map((name) => ({ name })) },
          },
        },
      }))
      .onTarget("GraniteServiceVersion20100801.DescribeAlarms", (request) => {
        const names: string[] = request.json.AlarmNames ?? [];
        return {
          body: {
            MetricAlarms: names
              .filter((name) => name in this.alarmStates)
              .map((name) => {
                const states = this.alarmStates[name];
                const poll = this.alarmPolls.get(name) ?? 0;
                this.alarmPolls.set(name, poll + 1);
                const state = states[Math.min(poll, states.length - 1)];
                return { AlarmName: name, StateValue: state, StateReason: `Threshold Crossed: test says ${state}` };
              }),
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
