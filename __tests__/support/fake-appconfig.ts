import { awsError, AwsWireServer } from "./aws-wire-server";

/** A deployment AppConfig knows in the environment, and how GetDeployment sees it progress. */
export interface AppConfigDeploymentScript {
  readonly deploymentNumber: number;
  readonly configurationVersion: string;
  /** States GetDeployment reports in turn; the last repeats. ListDeployments reports the current one. */
  readonly states: readonly string[];
  /** Percent rolled out at each poll, beside `states`; the last repeats. */
  readonly percentages?: readonly number[];
  /** What the event log says started a rollback, when it did. */
  readonly rollback?: { readonly triggeredBy: string; readonly description: string };
  /** Seconds since the epoch. */
  readonly startedAt?: number;
}

/** AppConfig writes its timestamps as RFC 3339 date-times. */
const isoTime = (seconds: number) => new Date(seconds * 1000).toISOString();

const RUNNING = new Set(["BAKING", "VALIDATING", "DEPLOYING", "ROLLING_BACK"]);

/**
 * The parts of AppConfig's control plane (restJson1) the flag's deploy steps call, and the one
 * Terraform's aws_appconfig_deployment calls, on an AwsWireServer:
 * - ListDeployments and GetDeployment answer from `deployments`, each walking its `states`;
 * - StartDeployment answers ConflictException (409) while a deployment is running, as AppConfig
 *   does, and otherwise starts a new one, DEPLOYING.
 */
export class FakeAppConfig {
  readonly server = new AwsWireServer();
  readonly deployments: AppConfigDeploymentScript[] = [];
  private readonly polls = new Map<number, number>();

  constructor() {
    const base = "^/applications/(?<app>[^/]+)/environments/(?<env>[^/]+)/deployments";
    this.server
      .onRoute("GET", new RegExp(`${base}$`), "ListDeployments", () => ({
        body: { Items: [...this.deployments].reverse().map((deployment) => this.summary(deployment, this.currentIndex(deployment))) },
      }))
      .onRoute("GET", new RegExp(`${base}/(?<number>[0-9]+)$`), "GetDeployment", (request) => {
        const deployment = this.deployments.find((candidate) => candidate.deploymentNumber === Number(request.params.number));
        if (!deployment) return awsError(404, "ResourceNotFoundException", `Deployment ${request.params.number} not found`);
        const poll = this.polls.get(deployment.deploymentNumber) ?? 0;
        this.polls.set(deployment.deploymentNumber, poll + 1);
        const index = Math.min(poll, deployment.states.length - 1);
        const state = deployment.states[index];
        return {
          body: {
            ApplicationId: request.params.app,
            EnvironmentId: request.params.env,
            ...this.summary(deployment, index),
            EventLog:
              deployment.rollback && (state === "ROLLING_BACK" || state === "ROLLED_BACK")
                ? [{ EventType: "ROLLBACK_STARTED", TriggeredBy: deployment.rollback.triggeredBy, Description: deployment.rollback.description, OccurredAt: isoTime(1_764_633_600) }]
                : [],
          },
        };
      })
      .onRoute("POST", new RegExp(`${base}$`), "StartDeployment", (request) => {
        const running = this.deployments.find((deployment) => RUNNING.has(deployment.states[this.currentIndex(deployment)]));
        if (running) {
          return awsError(409, "ConflictException", `Deployment number ${running.deploymentNumber} is already in progress in this environment`);
        }
        const deployment = { deploymentNumber: this.deployments.length + 1, configurationVersion: request.json.ConfigurationVersion, states: ["DEPLOYING"] };
        this.deployments.push(deployment);
        return { status: 201, body: { ApplicationId: request.params.app, EnvironmentId: request.params.env, ...this.summary(deployment, 0) } };
      });
  }

  /** Where a deployment's script stands: the state GetDeployment last reported. */
  private currentIndex(deployment: AppConfigDeploymentScript): number {
    return Math.max(0, Math.min((this.polls.get(deployment.deploymentNumber) ?? 1) - 1, deployment.states.length - 1));
  }

  private summary(deployment: AppConfigDeploymentScript, index: number) {
    const percentages = deployment.percentages ?? [];
    return {
      DeploymentNumber: deployment.deploymentNumber,
      ConfigurationVersion: deployment.configurationVersion,
      State: deployment.states[index],
      PercentageComplete: percentages.length > 0 ? percentages[Math.min(index, percentages.length - 1)] : 0,
      StartedAt: isoTime(deployment.startedAt ?? 1_764_633_000),
    };
  }
}
