/**
 * `node scripts/run-ts.mjs scripts/ci-role-policies.ts <environment> <deploy|plan> <trust|state> --repository <owner/name>`:
 * prints, as IAM JSON, one policy of an environment's CI role (docs/deployment.md creates the roles
 * with them): `trust`, whom GitHub's OIDC provider lets assume it; `state`, its side of the access
 * to its own state (the bootstrap stack's bucket and key policies are the other side).
 * Exit codes: 0 printed; 2 bad arguments or config (the message says which).
 */
import { parseArgs } from "node:util";
import { loadAppConfig } from "../config";
import { ConfigError } from "../config/load";
import { CiRolePolicyError, ciRoleStatePolicy, ciRoleTrustPolicy } from "../stacks/state-access";
import { exitAfterOutput } from "./exit-after-output";

const USAGE = "usage: node scripts/run-ts.mjs scripts/ci-role-policies.ts <environment> <deploy|plan> <trust|state> [--repository <owner/name>]";

function main(): number {
  let parsed;
  try {
    parsed = parseArgs({ allowPositionals: true, options: { repository: { type: "string" } } });
  } catch (error) {
    console.error(`ci-role-policies: ${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const [name, role, kind, ...extra] = parsed.positionals;
  if (!name || !role || !kind || extra.length > 0) {
    console.error(`ci-role-policies: expected an environment, a role and a policy, got ${JSON.stringify(parsed.positionals)}\n${USAGE}`);
    return 2;
  }
  if (role !== "deploy" && role !== "plan") {
    console.error(`ci-role-policies: the role must be deploy or plan, got "${role}"\n${USAGE}`);
    return 2;
  }
  if (kind !== "trust" && kind !== "state") {
    console.error(`ci-role-policies: the policy must be trust or state, got "${kind}"\n${USAGE}`);
    return 2;
  }
  try {
    const config = loadAppConfig();
    const environment = config.environments.find((candidate) => candidate.name === name);
    if (!environment) {
      console.error(`ci-role-policies: no environment "${name}"; config/environments.ts has ${config.environments.map((candidate) => candidate.name).join(", ")}`);
      return 2;
    }
    if (kind === "trust") {
      if (!parsed.values.repository) {
        console.error(`ci-role-policies: a trust policy needs --repository <owner/name>, the repository whose workflows assume the role\n${USAGE}`);
        return 2;
      }
      console.log(JSON.stringify(ciRoleTrustPolicy(environment, role, parsed.values.repository), null, 2));
    } else {
      console.log(JSON.stringify(ciRoleStatePolicy(config.stateStore, environment, role), null, 2));
    }
    return 0;
  } catch (error) {
    if (!(error instanceof ConfigError) && !(error instanceof CiRolePolicyError)) throw error;
    console.error(`ci-role-policies: ${error.message}`);
    return 2;
  }
}

exitAfterOutput(main());
