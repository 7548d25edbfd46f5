import { HEALTH_CHECK_EVENT } from "../../contracts/health-check";
import { invokeZippedHandlerCold } from "../../bundling/run-zipped-handler";
import { median, spread } from "./measure";

/** The function's settings for the IAM login it is deployed with (stacks/read-path-functions.ts). */
const IAM_LOGIN_ENVIRONMENT = {
  POWERTOOLS_LOG_LEVEL: "SILENT",
  POWERTOOLS_METRICS_DISABLED: "true",
  DATABASE_IAM_AUTH: "true",
  DATABASE_HOST: "127.0.0.1",
  // Nothing listens on port 1: the request is refused at once, and is not what is compared.
  DATABASE_PORT: "1",
  DATABASE_NAME: "postgres",
  DATABASE_USER: "reader",
  AWS_REGION: "eu-west-1",
  // Signing is local: stand-in credentials sign a token no database will see.
  AWS_ACCESS_KEY_ID: "AKIDBENCHONLY",
  AWS_SECRET_ACCESS_KEY: "bench-only",
};


/**
 * prisma-read's import with the IAM login it is deployed with, against its import with
 * `connectionStringEnvironment` (what the cold-start comparison runs), alternated. The IAM login
 * loads the RDS signer at init, which a connection string does not need. Only the import is
 * compared: the signed token would need RDS. Returns a Markdown table.
 */
export async function compareLoginImports(
  zipPath: string,
  connectionStringEnvironment: Readonly<Record<string, string>>,
  options: { readonly runs: number; readonly nodeExecutable: string },
): Promise<string[]> {
  const imports = { iam: [] as number[], connectionString: [] as number[] };
  for (let round = 0; round < options.runs; round += 1) {
    const order = round % 2 === 0 ? (["iam", "connectionString"] as const) : (["connectionString", "iam"] as const);
    for (const login of order) {
      const environment = login === "iam" ? IAM_LOGIN_ENVIRONMENT : connectionStringEnvironment;
      const run = await invokeZippedHandlerCold(zipPath, HEALTH_CHECK_EVENT, { environment, nodeExecutable: options.nodeExecutable });
      imports[login].push(run.importMs);
    }
  }
  return [
    `| login (import, ms: min / median / max of ${options.runs}) | import | ratio |`,
    "|---|---|---|",
    `| IAM token (deployed) | ${spread(imports.iam, 1)} | ${(median(imports.iam) / median(imports.connectionString)).toFixed(2)}× |`,
    `| connection string (the comparison above) | ${spread(imports.connectionString, 1)} | 1.00× |`,
  ];
}
