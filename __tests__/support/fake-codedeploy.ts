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

/** What a function invoked through the fake answers: its payload, and Lambda's FunctionError when it threw. */
export interface InvocationResult {
  readonly payload: unknown;
  readonly functionError?: "Unhandled" | "Handled";
}

/** A lifecycle hook's verdict, as the BeforeAllowTraffic hook would report it. */
export interface HookVerdict {
  readonly status: "Succeeded" | "Failed";
  readonly reason: string;
}

/**
 * The parts of CodeDeploy (JSON 1.1), Lambda (REST-JSON) and CloudWatch (JSON 1.0) the canary
 * deploy command calls, on an AwsWireServer:
 * - GetAlias answers from `alias`;
 * - CreateDeployment from `createError` or a new deployment, remembered in `history`;
 * - GetDeployment walks through `deployment.statuses`, and records the last status it reports;
 * - ListDeployments and BatchGetDeployments answer from `history`;
 * - GetDeploymentGroup names the alarms of `alarmStates`, and DescribeAlarms reports each alarm's
 *   states in turn (the last repeats);
 * - Invoke (Lambda) runs `invoke` for the function named, and answers as Lambda does (a function
 *   that threw: 200, X-Amz-Function-Error, its error as the payload);
 * - a deployment whose AppSpec has a BeforeAllowTraffic hook runs `beforeAllowTraffic` when created,
 *   as CodeDeploy runs the hook before shifting traffic: a Failed verdict fails the deployment
 *   (HOOK_EXECUTION_FAILURE), rolled back, whatever `deployment.statuses` says.
 */
export class FakeCodeDeploy {
  readonly server = new AwsWireServer();
  alias: AliasState = { version: "1" };
  deployment: DeploymentScript = { statuses: ["Succeeded"] };
  createError?: WireResponse;
  readonly history: PastDeployment[] = [];
  alarmStates: Record<string, string[]> = {};
  /** Functions GetAlias knows; others are ResourceNotFoundException. */
  readonly functions = new Set(["huntaze-mock-read"]);
  /** Runs a function for Invoke: by its name (or ARN) and qualifier. */
  invoke?: (functionName: string, qualifier: string | undefined, payload: unknown) => Promise<InvocationResult>;
  /** The BeforeAllowTraffic hook's check of the new version, run when a deployment is created. */
  beforeAllowTraffic?: () => Promise<HookVerdict>;
  /** What each BeforeAllowTraffic run said, in order. */
  readonly hookVerdicts: HookVerdict[] = [];
  private hookFailure?: HookVerdict;
  private polls = 0;
  private readonly alarmPolls = new Map<string, number>();

  constructor() {
    this.server
      .onRoute("GET", /^\/2015-03-31\/functions\/(?<fn>[^/]+)\/aliases\/(?<alias>[^/]+)$/, "GetAlias", (request) => {
        if (!this.functions.has(request.params.fn)) {
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
      .onRoute("POST", /^\/2015-03-31\/functions\/(?<fn>[^/]+)\/invocations$/, "Invoke", async (request) => {
        if (!this.invoke) return awsError(404, "ResourceNotFoundException", `Function not found: ${request.params.fn}`);
        const result = await this.invoke(request.params.fn, request.query.get("Qualifier") ?? undefined, request.json);
        return {
          headers: { "x-amz-executed-version": request.query.get("Qualifier") ?? "$LATEST", ...(result.functionError ? { "x-amz-function-error": result.functionError } : {}) },
          body: JSON.stringify(result.payload ?? null),
        };
      })
      .onTarget("CodeDeploy_20141006.CreateDeployment", async (request) => {
        if (this.createError) return this.createError;
        this.hookFailure = undefined;
        const hasHook = (JSON.parse(request.json.revision.appSpecContent.content).Hooks ?? []).some((hook: object) => "BeforeAllowTraffic" in hook);
        if (hasHook && this.beforeAllowTraffic) {
          const verdict = await this.beforeAllowTraffic();
          this.hookVerdicts.push(verdict);
          if (verdict.status === "Failed") this.hookFailure = verdict;
        }
        const deploymentId = this.history.length === 0 ? "d-TESTCANARY" : `d-TESTCANARY${this.history.length + 1}`;
        this.history.push({ deploymentId, status: "Created", appSpecContent: request.json.revision.appSpecContent.content, createTime: this.history.length + 1 });
        this.polls = 0;
        return { body: { deploymentId } };
      })
      .onTarget("CodeDeploy_20141006.GetDeployment", (request) => {
        if (this.hookFailure) {
          return {
            body: {
              deploymentInfo: {
                deploymentId: request.json.deploymentId,
                status: "Failed",
                errorInformation: { code: "HOOK_EXECUTION_FAILURE", message: `BeforeAllowTraffic: ${this.hookFailure.reason}` },
                rollbackInfo: { rollbackDeploymentId: "d-HOOKROLLBACK", rollbackMessage: "Automatic rollback on deployment failure" },
              },
            },
          };
        }
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
