import { cpSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { BridgeLedger } from "./provider-bridges";

/** The file cdktf synthesizes each stack into. */
export const STACK_FILE = "cdk.tf.json";

type StackJson = {
  terraform?: { backend?: unknown; required_providers?: Record<string, { source?: string; version?: string }> };
  provider?: Record<string, Array<Record<string, unknown>>>;
  import?: unknown;
  [key: string]: unknown;
};

/**
 * No backend: the state is a local file in the working folder (the real ones are an S3 bucket the
 * check cannot reach, or the bootstrap's file beside the project).
 */
export function removeBackend(stack: StackJson): void {
  if (stack.terraform) delete stack.terraform.backend;
}

/** The AWS provider pinned to the version the mirror has, instead of the 6.x release the project targets. */
export function pinAwsProvider(stack: StackJson, version: string): void {
  const aws = stack.terraform?.required_providers?.aws;
  if (!aws) throw new Error("the stack declares no required_providers.aws to pin");
  aws.version = version;
}

/**
 * Every AWS provider block offline: credentials are fake (the environment's), so the provider must
 * not check them (STS), ask for the account (STS/IAM) or look for the metadata service. Without an
 * account to compare, allowed_account_ids would refuse every plan ("AWS account ID not allowed: "),
 * so it goes; the guard itself is tested where the stacks are synthesized.
 */
export function offlineAwsProvider(stack: StackJson): void {
  const blocks = stack.provider?.aws ?? [];
  if (blocks.length === 0) throw new Error("the stack configures no aws provider");
  for (const block of blocks) {
    delete block.allowed_account_ids;
    Object.assign(block, {
      skip_credentials_validation: true,
      skip_requesting_account_id: true,
      skip_metadata_api_check: true,
    });
  }
}

/**
 * No `import` blocks: planning an import reads the real object from AWS (prod adopts its existing
 * database this way), which an offline plan cannot. The resource is planned as a create instead.
 */
export function dropImports(stack: StackJson): number {
  const imports = Array.isArray(stack.import) ? stack.import.length : 0;
  delete stack.import;
  return imports;
}

/**
 * The stack without `prevent_destroy`, for the plans that resolve references against the built
 * state only: their replacements (a stand-in id where the configuration now knows the real one)
 * are how references get resolved, and would otherwise stop at the guarded database. The verdict
 * plan runs with the guard.
 */
export function withoutPreventDestroy(text: string): string {
  const stack = JSON.parse(text) as { resource?: Record<string, Record<string, { lifecycle?: Record<string, unknown> }>> };
  for (const byName of Object.values(stack.resource ?? {})) {
    for (const resource of Object.values(byName)) delete resource.lifecycle?.prevent_destroy;
  }
  return JSON.stringify(stack, null, 2);
}

/** What preparing a stack changed, for the report. */
export interface OfflineStack {
  readonly folder: string;
  /** The offline stack's text, as written to its folder. */
  readonly text: string;
  readonly droppedImports: number;
  /** The account the stack is guarded to and its region: stand-in ARNs name them. */
  readonly accountId: string;
  readonly region: string;
}

/**
 * Copies a synthesized stack folder (its JSON and assets) to `destination` and makes it plannable
 * offline with the mirror's provider; the provider bridges rewrite its references.
 */
export function prepareOfflineStack(source: string, destination: string, ledger: BridgeLedger): OfflineStack {
  cpSync(source, destination, { recursive: true });
  const stack = JSON.parse(readFileSync(join(source, STACK_FILE), "utf8")) as StackJson;
  const [provider] = stack.provider?.aws ?? [];
  const accountId = String((provider?.allowed_account_ids as string[] | undefined)?.[0] ?? "123456789012");
  const region = String(provider?.region ?? "eu-west-1");
  removeBackend(stack);
  pinAwsProvider(stack, ledger.providerVersion);
  offlineAwsProvider(stack);
  const droppedImports = dropImports(stack);
  const text = ledger.bridge(JSON.stringify(stack, null, 2));
  writeFileSync(join(destination, STACK_FILE), text);
  return { folder: destination, text, droppedImports, accountId, region };
}
