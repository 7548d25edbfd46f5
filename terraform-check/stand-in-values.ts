import { createHash } from "node:crypto";
import type { CtyType } from "./terraform-json";

/** Where a stand-in goes: the resource, the attribute path, and the account and region it lives in. */
export interface StandInContext {
  readonly type: string;
  readonly name: string;
  /** The resource's address with its index ("aws_lambda_function.mock_read"). */
  readonly address: string;
  /** Attribute names and indexes from the resource down to the value. */
  readonly path: readonly (string | number)[];
  /** The resource's known values, for names inside ARNs. */
  readonly known: Record<string, unknown>;
  readonly accountId: string;
  readonly region: string;
}

/** The ARN service of a resource type, where it is not the type's second word. */
const ARN_SERVICES: Record<string, string> = {
  aws_api_gateway: "apigateway",
  aws_cloudwatch_log: "logs",
  aws_cloudwatch_metric: "cloudwatch",
  aws_cloudwatch_dashboard: "cloudwatch",
  aws_db: "rds",
  aws_vpc: "ec2",
  aws_security: "ec2",
};

/** IAM and other global services' ARNs have no region. */
const GLOBAL_SERVICES = new Set(["iam"]);

function arnService(type: string): string {
  const words = type.split("_");
  return ARN_SERVICES[`${words[0]}_${words[1]}_${words[2]}`] ?? ARN_SERVICES[`${words[0]}_${words[1]}`] ?? words[1];
}

/** A short, stable hex tag for a resource's attribute: the same input always gives the same stand-in. */
function tag(context: StandInContext): string {
  return createHash("sha256").update(`${context.address}:${context.path.join(".")}`).digest("hex").slice(0, 12);
}

/** What a resource is called inside its ARN: its own name when it has one, else its address's name. */
function resourceName(context: StandInContext): string {
  const name = context.known.name ?? context.known.function_name ?? context.known.role;
  return typeof name === "string" && name !== "" ? name : context.name;
}

/**
 * An ARN in the shape AWS gives the type, where the configuration validates its shape when it
 * refers to one: Lambda's `role` takes only `arn:aws:iam::<account>:role/<name>`.
 */
export function standInArn(context: StandInContext): string {
  const service = arnService(context.type);
  const region = GLOBAL_SERVICES.has(service) ? "" : context.region;
  const prefix = `arn:aws:${service}:${region}:${context.accountId}`;
  const name = resourceName(context);
  switch (context.type) {
    case "aws_iam_role":
      return `${prefix}:role/${name}`;
    case "aws_iam_policy":
      return `${prefix}:policy/${name}`;
    case "aws_lambda_function":
      return `${prefix}:function:${name}`;
    // An alias's ARN names its function, as AWS gives it: what an integration's invoke URI shows a reviewer.
    case "aws_lambda_alias":
      if (typeof context.known.function_name === "string" && context.known.function_name !== "") return `${prefix}:function:${context.known.function_name}:${name}`;
      return `${prefix}:lambda-alias/${name}-${tag(context)}`;
    case "aws_sns_topic":
    case "aws_sqs_queue":
      return `${prefix}:${name}`;
    case "aws_cloudwatch_log_group":
      return `${prefix}:log-group:${name}`;
    case "aws_kms_key":
      return `${prefix}:key/${tag(context)}`;
    default:
      return `${prefix}:${context.type.replace(/^aws_/, "").replace(/_/g, "-")}/${name}-${tag(context)}`;
  }
}

/** Attribute names that hold an identifier AWS assigns (or a name, endpoint or URL it derives): a tagged stand-in. */
const IDENTIFIER_NAMES = /^(id|.*_id|name|.*_name|endpoint|address|url|.*_url|owner|path|unique_id|key_id|created_date|create_date|last_modified|code_sha256)$/;

/**
 * What AWS gives where a tagged stand-in would be wrong: a block the configuration indexes (the
 * RDS-managed master secret, `master_user_secret[0].secret_arn`), or a setting the provider's own
 * checks read (an SNS topic's FIFO throughput scope is refused on a standard topic).
 */
const AWS_GIVES: Record<string, (context: StandInContext) => unknown> = {
  "aws_db_instance.master_user_secret": (context) => [
    {
      kms_key_id: `arn:aws:kms:${context.region}:${context.accountId}:key/${tag(context)}`,
      secret_arn: `arn:aws:secretsmanager:${context.region}:${context.accountId}:secret:rds!db-${tag(context)}`,
      secret_status: "active",
    },
  ],
  "aws_db_instance.port": () => 5432,
};

/** AppConfig's ids are 4-7 lowercase letters or digits, and the configuration checks their shape where it refers to them. */
const APPCONFIG_ID = /^(id|application_id|environment_id|configuration_profile_id|deployment_strategy_id)$/;

/**
 * A stable value standing in for one only AWS (or the apply) can know: ids, ARNs, versions,
 * timestamps. Deterministic, so two runs build the same state; typed by the provider's schema.
 * Settings AWS fills in when not given are empty (""/0/false/[]), as most read back when unset.
 */
export function standInValue(type: CtyType, context: StandInContext): unknown {
  if (context.path.length === 1) {
    const given = AWS_GIVES[`${context.type}.${context.path[0]}`];
    if (given) return given(context);
    if (context.type.startsWith("aws_appconfig_") && APPCONFIG_ID.test(String(context.path[0]))) return tag(context).replace(/[0-9]/g, "").padEnd(7, "x").slice(0, 7);
  }
  if (Array.isArray(type)) {
    const [kind, inner] = type;
    if (kind === "list" || kind === "set" || kind === "tuple") return [];
    if (kind === "map") return {};
    if (kind === "object") {
      const attributes = inner as Record<string, CtyType>;
      return Object.fromEntries(Object.entries(attributes).map(([name, attribute]) => [name, standInValue(attribute, { ...context, path: [...context.path, name] })]));
    }
  }
  const attribute = String([...context.path].reverse().find((step) => typeof step === "string") ?? "");
  switch (type) {
    case "number":
      return 0;
    case "bool":
      return false;
    case "string":
    case "dynamic":
      if (attribute === "arn" || attribute.endsWith("_arn")) {
        const arn = standInArn(context);
        if (attribute === "qualified_arn") return `${arn}:1`;
        if (attribute === "invoke_arn" || attribute === "qualified_invoke_arn") {
          const target = attribute === "qualified_invoke_arn" ? `${arn}:1` : arn;
          return `arn:aws:apigateway:${context.region}:lambda:path/2015-03-31/functions/${target}/invocations`;
        }
        return arn;
      }
      if (attribute === "version" || attribute === "published_version") return "1";
      if (IDENTIFIER_NAMES.test(attribute)) return `${attribute.replace(/_/g, "-")}-${tag(context)}`;
      return "";
    default:
      throw new Error(`${context.address}: no stand-in for type ${JSON.stringify(type)} at ${context.path.join(".")}`);
  }
}
