import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { App, Testing } from "cdktf";
import { ENVIRONMENTS, STATE_STORE } from "../../config/environments";
import { parseEnvironments, parseStateStore } from "../../config/load";
import type { EnvironmentConfig, EnvironmentInput } from "../../config/schema";
import type { ReadPathPhase } from "../../contracts/prisma-read-flag";
import { ReadPathStack } from "../../stacks/read-path-stack";
import { fixtureBuild } from "./function-code";
import { synthesize, type TerraformJson } from "./synth";

/** The flag setting of one phase: the mode, and the share where the phase reads one. */
export interface PhaseSetting {
  readonly mode: ReadPathPhase;
  readonly percentage?: number;
}

type DatabaseInput = EnvironmentInput["database"];

/**
 * Lines of an environment's database config changed, as a reviewer changes them: fields of
 * `database` (`performanceInsightsRetentionDays`, …) and of `database.instance` (`instanceClass`, …).
 */
export type DatabaseEdit = Partial<Omit<DatabaseInput, "instance">> & { readonly instance?: Readonly<Record<string, unknown>> };

/**
 * One of the project's environments (`dev`, …) as its config would be with only the phase changed
 * (one reviewed line), and `database` edited where given. The config's own validation runs on the result.
 */
export function environmentInPhase(name: string, phase: PhaseSetting, database: DatabaseEdit = {}): EnvironmentConfig {
  const input = ENVIRONMENTS.find((environment) => environment.name === name);
  if (!input) throw new Error(`no environment named ${name}`);
  const flag = input.flag ?? {};
  const prismaRead = { ...flag.prismaRead, mode: phase.mode, ...(phase.percentage === undefined ? {} : { percentage: phase.percentage }) };
  const editedDatabase = { ...input.database, ...database, instance: { ...input.database.instance, ...database.instance } };
  const [environment] = parseEnvironments([{ ...input, flag: { ...flag, prismaRead }, database: editedDatabase } as EnvironmentInput]);
  return environment;
}

/** That environment's read-path stack, with fixture code, and its Terraform JSON. */
export function synthesizeInPhase(name: string, phase: PhaseSetting): { stack: ReadPathStack; json: TerraformJson } {
  const environment = environmentInPhase(name, phase);
  const stack = new ReadPathStack(Testing.app(), `${environment.namePrefix}-${environment.name}`, {
    environment,
    stateStore: parseStateStore(STATE_STORE),
    artifacts: fixtureBuild(),
  });
  return { stack, json: synthesize(stack) };
}

/** That environment's read-path stack synthesized as `cdktf synth` writes it (JSON and assets) under `outdir`; returns the stack's folder. */
export function synthesizeInPhaseTo(outdir: string, name: string, phase: PhaseSetting, database: DatabaseEdit = {}): string {
  const environment = environmentInPhase(name, phase, database);
  mkdirSync(outdir, { recursive: true });
  const app = new App({ outdir, stackTraces: false });
  const id = `${environment.namePrefix}-${environment.name}`;
  new ReadPathStack(app, id, { environment, stateStore: parseStateStore(STATE_STORE), artifacts: fixtureBuild() });
  app.synth();
  return join(outdir, "stacks", id);
}
