import { z } from "zod";
import { CANARY_FUNCTION_RULES, DEFAULT_DEPLOYMENT_CONFIG_NAME } from "../constructs/canary-function-rules";
import { keepsNumberRule, LOG_RETENTION_RULE, numberRuleText, type NumberRule } from "../constructs/number-rule";
import { POSTGRES_DATABASE_RULES, storageCeilingProblem } from "../constructs/postgres-database-rules";
import { FLAG_ROLLOUT_GROWTH_TYPES, READ_PATH_FLAG_RULES } from "../constructs/read-path-flag-rules";
import { STATE_BUCKET_RULES } from "../constructs/state-bucket-rules";
import { keepsTextRule, listCountText, textRuleText, type TextRule } from "../constructs/text-rule";
import { FLAG_SHARE_RULE, isFlagShare } from "../contracts/flag-share";
import { READ_PATH_PHASES } from "../contracts/prisma-read-flag";
import { isAwsRegion, type AwsRegion } from "./aws-regions";
import { capacityProblems } from "./capacity";

/**
 * The shape of one deployment environment, validated at synth.
 *
 * Environments differ only by this data: constructs read it, never an environment's name.
 * Every field has a default where one is safe; the ones without (account, region, tags)
 * are the ones a wrong guess would be expensive for.
 */

/** CodeDeploy's predefined deployment configurations for Lambda. */
export const PREDEFINED_LAMBDA_DEPLOYMENT_CONFIGS = [
  "CodeDeployDefault.LambdaAllAtOnce",
  "CodeDeployDefault.LambdaCanary10Percent5Minutes",
  "CodeDeployDefault.LambdaCanary10Percent10Minutes",
  "CodeDeployDefault.LambdaCanary10Percent15Minutes",
  "CodeDeployDefault.LambdaCanary10Percent30Minutes",
  "CodeDeployDefault.LambdaLinear10PercentEvery1Minute",
  "CodeDeployDefault.LambdaLinear10PercentEvery2Minutes",
  "CodeDeployDefault.LambdaLinear10PercentEvery3Minutes",
  "CodeDeployDefault.LambdaLinear10PercentEvery10Minutes",
] as const;

export const DEFAULT_NAME_PREFIX = "huntaze";
export const DEFAULT_LOG_RETENTION_IN_DAYS = LOG_RETENTION_RULE.default;
export const DEFAULT_DEPLOYMENT_CONFIG = DEFAULT_DEPLOYMENT_CONFIG_NAME;

/**
 * An object that refuses fields it does not know, naming them and the fields it has: a misspelt or
 * invented field (`flag.prismaRead.enabled`) would otherwise be dropped in silence and its default
 * deployed instead.
 */
function fields<Shape extends z.ZodRawShape>(shape: Shape) {
  const known = Object.keys(shape).join(", ");
  return z.strictObject(shape, {
    error: (issue) =>
      issue.code === "unrecognized_keys"
        ? `has no field ${issue.keys.map((key) => `"${key}"`).join(", ")}; its fields are ${known}`
        : undefined,
  });
}

const percentage = z.number().min(0, "must be between 0 and 100").max(100, "must be between 0 and 100");
const wholeNumber = (min: number, max: number) =>
  z
    .number()
    .int("must be a whole number")
    .min(min, `must be between ${min} and ${max}`)
    .max(max, `must be between ${min} and ${max}`);
const nonEmptyText = z.string().trim().min(1, "must not be empty");
/** The flag's share: the rule AppConfig's validator and the control's parser apply too (contracts/flag-share.ts). */
const flagShare = z.number({ error: FLAG_SHARE_RULE }).refine(isFlagShare, { message: FLAG_SHARE_RULE });

/**
 * A field a construct receives as it is, under the construct's own rule for that prop
 * (constructs/*-rules.ts), so that config refuses, in the construct's words, what synth would.
 */
const numberUnder = (rule: NumberRule) => z.number().refine((value) => keepsNumberRule(rule, value), { message: `must be ${numberRuleText(rule)}` });
const textUnder = (rule: TextRule) => z.string().refine((value) => keepsTextRule(rule, value), { message: `must ${textRuleText(rule)}` });

/** Lower-case words joined by dashes: safe in resource names, stack ids and state keys alike. */
const slug = (maxLength: number) =>
  z
    .string()
    .regex(
      new RegExp(`^[a-z][a-z0-9-]{0,${maxLength - 1}}$`),
      `must start with a letter and use only a-z, 0-9 and '-' (at most ${maxLength} characters)`,
    );

const awsAccountId = z.string().regex(/^\d{12}$/, "must be a 12-digit AWS account id");

const awsRegion = z
  .string()
  .refine(isAwsRegion, { message: "is not a known AWS region" })
  .transform((name) => name as AwsRegion);

const logRetentionInDays = z
  .number()
  .refine((days) => (LOG_RETENTION_RULE.oneOf as readonly number[]).includes(days), {
    message: `must be one of the values CloudWatch Logs accepts: ${LOG_RETENTION_RULE.oneOf.join(", ")}`,
  });

const functionSizingSchema = fields({
  /** Memory in MB, within Lambda's limits (CanaryFunction's rule). */
  memorySizeMb: wholeNumber(CANARY_FUNCTION_RULES.memorySizeMb.min, CANARY_FUNCTION_RULES.memorySizeMb.max).default(512),
  /** Within Lambda's limit (CanaryFunction's rule); a function behind API Gateway should finish well inside the API's 29 s. */
  timeoutSeconds: wholeNumber(CANARY_FUNCTION_RULES.timeoutSeconds.min, CANARY_FUNCTION_RULES.timeoutSeconds.max).default(10),
  /** Caps the function's share of the account's concurrency so one path cannot starve the other. */
  reservedConcurrency: wholeNumber(1, 10_000).default(50),
});

const customDeploymentConfigSchema = fields({
  type: z.enum(["TimeBasedCanary", "TimeBasedLinear"]),
  /** Share of traffic shifted at each step. */
  percentage: wholeNumber(1, 99),
  /** Minutes between steps. */
  intervalMinutes: wholeNumber(1, 2880),
});

const canarySchema = fields({
  /** A predefined CodeDeploy configuration name, or a custom canary / linear shift. */
  deploymentConfig: z
    .union([z.enum(PREDEFINED_LAMBDA_DEPLOYMENT_CONFIGS), customDeploymentConfigSchema])
    .default(DEFAULT_DEPLOYMENT_CONFIG),
  /** Roll back when the new version's 5xx answers exceed this share of its requests (also the flag's monitors' threshold). */
  errorRateThresholdPercent: percentage.default(2),
  /** Roll back when the new version's p95 request latency exceeds this (also the flag's monitors' threshold). */
  p95DurationThresholdMs: wholeNumber(1, 900_000).default(500),
  /** An alarm period (10 s) with fewer requests than this judges nothing: a few quiet-hour failures roll nothing back. */
  minimumRequestsPerPeriod: wholeNumber(1, 1_000_000).default(10),
  /**
   * Minutes a new version serves all traffic, its alarms OK, before its deployment is done; an
   * alarm meanwhile rolls it back. At most 14: the bake runs in one hook invocation.
   */
  bakeTimeMinutes: wholeNumber(0, 14).default(5),
});

const flagSchema = fields({
  /**
   * The migration's phase (contracts/prisma-read-flag.ts): which reads the control hands to the
   * Prisma candidate (`shadow`: `percentage` % of reads in the dark; `percentage`: that share of
   * creators; `all`), or `direct`: the API calls the candidate, and the control is gone.
   */
  prismaRead: fields({
    mode: z.enum(READ_PATH_PHASES).default("off"),
    percentage: flagShare.default(0),
  }).default({ mode: "off", percentage: 0 }),
  /** How AppConfig rolls a new flag value out (it rolls back by itself if a monitor alarms). */
  // ReadPathFlag's rules; the defaults are this project's own: a value reaches every container at once.
  rollout: fields({
    growthType: z.enum(FLAG_ROLLOUT_GROWTH_TYPES).default("LINEAR"),
    growthFactorPercent: numberUnder(READ_PATH_FLAG_RULES.rollout.growthFactorPercent).default(100),
    deploymentDurationInMinutes: numberUnder(READ_PATH_FLAG_RULES.rollout.deploymentDurationInMinutes).default(0),
    finalBakeTimeInMinutes: numberUnder(READ_PATH_FLAG_RULES.rollout.finalBakeTimeInMinutes).default(0),
  }).default({ growthType: "LINEAR", growthFactorPercent: 100, deploymentDurationInMinutes: 0, finalBakeTimeInMinutes: 0 }),
});

/** PostgresDatabase's rules, for the fields it receives as they are. */
const POSTGRES = POSTGRES_DATABASE_RULES;
const postgresIdentifier = textUnder(POSTGRES.databaseName);
const securityGroupId = z.string().regex(/^sg-[0-9a-f]{8,17}$/, "must be a security group id (sg-…)");
const kmsKeyArn = z
  .string()
  .regex(/^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/(mrk-[0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/, "must be a KMS key ARN (arn:aws:kms:<region>:<account>:key/<key id>), not an alias");

/** What every instance is sized by; an adopted one's must match it as it is, or the first plan resizes it. */
const instanceSize = {
  instanceClass: textUnder(POSTGRES.instanceClass),
  allocatedStorageGb: numberUnder(POSTGRES.allocatedStorageGb),
  /**
   * Storage autoscaling's ceiling (max_allocated_storage), at least 10 % above allocatedStorageGb
   * as RDS requires: RDS grows the storage up to it. Absent, the storage stays at
   * allocatedStorageGb. An adopted instance with autoscaling on (the RDS console's default) must
   * have it recorded (`MaxAllocatedStorage`), or the first apply turns its autoscaling off and the
   * next plan shrinks the storage autoscaling has grown, which RDS refuses.
   */
  maxAllocatedStorageGb: numberUnder(POSTGRES.allocatedStorageGb).optional(),
  engineVersion: textUnder(POSTGRES.engineVersion),
  multiAz: z.boolean().default(false),
};

/** A new instance, named `<prefix>-read-path`. */
const createdInstanceSchema = fields({ source: z.literal("create"), ...instanceSize });

/**
 * An instance that exists already, adopted by identifier: Terraform imports it on the first apply
 * (an `import` block) and manages it from then on. The adoption changes only what RDS changes in
 * place without touching its clients: Performance Insights, the parameter group (pg_stat_statements,
 * slow statements logged), enhanced monitoring, log exports, IAM database authentication, backups,
 * deletion protection. What would replace it or cut its clients off is declared as it is
 * (`existing`) and changes only when asked for (`disruptiveChanges`), each flagged by plan:summary.
 */
const adoptedInstanceSchema = fields({
  source: z.literal("adopt"),
  instanceIdentifier: textUnder(POSTGRES.instanceIdentifier),
  ...instanceSize,
  existing: fields({
    /** The key its storage is encrypted with: kms_key_id forces a replacement. Performance Insights uses it too. */
    kmsKeyArn,
    /** Its DB subnet group: moving to another is a move between VPCs. */
    subnetGroupName: z.string().regex(/^[a-z0-9][a-z0-9._ -]{0,254}$/, "must be a DB subnet group name (lower-case)"),
    /** Its VPC security groups, through which its current clients reach it. */
    securityGroupIds: z.array(securityGroupId).min(1, "needs at least 1 security group"),
    /** Groups those security groups admit on 5432: prisma-read joins them while the instance keeps its groups. */
    clientSecurityGroupIds: z.array(securityGroupId).min(1, "needs at least 1 security group"),
    /** Whether RDS already keeps the master password in Secrets Manager (manage_master_user_password). */
    masterPasswordManaged: z.boolean(),
  }),
  /** Changes that disturb the instance's current clients, each off until this environment asks for it. */
  disruptiveChanges: fields({
    /** rds.force_ssl = 1: clients connecting without TLS are refused. Off, the parameter is left at the engine's default. */
    enforceTls: z.boolean().default(false),
    /** RDS replaces the master password with one it keeps and rotates in Secrets Manager: whoever logs in with the old one is refused. */
    manageMasterPassword: z.boolean().default(false),
    /**
     * `keep`: the instance keeps its groups, prisma-read joins `existing.clientSecurityGroupIds`.
     * `add-managed`: the managed database group is added beside them (its clients group admitted);
     * current clients are untouched. `managed-only`: the instance's groups become the managed one
     * alone: every current client not in the managed clients group is cut off.
     */
    securityGroups: z.enum(["keep", "add-managed", "managed-only"]).default("keep"),
  }).default({ enforceTls: false, manageMasterPassword: false, securityGroups: "keep" }),
});

const DEFAULT_DATABASE_NAME = "huntaze";
const DEFAULT_MASTER_USERNAME = "huntaze_admin";

const databaseSchema = fields({
  /** Create a new RDS instance, or adopt an existing one (see adoptedInstanceSchema). */
  instance: z.discriminatedUnion("source", [createdInstanceSchema, adoptedInstanceSchema]),
  /** The database prisma-read reads. Created as `huntaze` by default; to adopt, the existing one's (db_name forces a replacement). */
  databaseName: postgresIdentifier.optional(),
  /** The master user. `huntaze_admin` by default; to adopt, the existing one's (username forces a replacement). */
  masterUsername: postgresIdentifier.optional(),
  vpcId: z.string().regex(/^vpc-[0-9a-f]{8,17}$/, "must be a VPC id (vpc-…)"),
  /** Private subnets in at least two availability zones, as RDS requires. */
  subnetIds: z
    .array(z.string().regex(/^subnet-[0-9a-f]{8,17}$/, "must be a subnet id (subnet-…)"))
    .min(POSTGRES.subnetIds.minItems, `must ${listCountText(POSTGRES.subnetIds)}`),
  backupRetentionDays: numberUnder(POSTGRES.backupRetentionDays).default(POSTGRES.backupRetentionDays.default),
  deletionProtection: z.boolean().default(true),
  performanceInsightsRetentionDays: numberUnder(POSTGRES.performanceInsightsRetentionDays).default(POSTGRES.performanceInsightsRetentionDays.default),
  /** Statements slower than this are logged (the parameter group's log_min_duration_statement). */
  logMinDurationStatementMs: numberUnder(POSTGRES.logMinDurationStatementMs).default(POSTGRES.logMinDurationStatementMs.default),
  secretRotationDays: numberUnder(POSTGRES.secretRotationDays).default(POSTGRES.secretRotationDays.default),
  /**
   * The connections the read path may hold on the instance: at most its max_connections, less
   * what its other clients need. Config validation refuses functions that could open more.
   */
  connectionLimit: wholeNumber(1, 262_143),
  /** Connections in each prisma-read instance's pool (its DATABASE_POOL_MAX, which accepts 1-2). */
  poolSize: wholeNumber(1, 2).default(2),
  /**
   * The Secrets Manager interface endpoint the VPC has already, by its security group. The migrator
   * reaches Secrets Manager from the private subnets through an endpoint with private DNS, and a VPC
   * takes one such endpoint per service: where there is one, creating another fails the apply, so
   * the stack opens this group to the migrator instead. Absent: the stack creates an endpoint.
   */
  existingSecretsManagerEndpoint: fields({ securityGroupId }).optional(),
})
  .superRefine((database, context) => {
    const { allocatedStorageGb, maxAllocatedStorageGb } = database.instance;
    const ceilingProblem = maxAllocatedStorageGb === undefined ? undefined : storageCeilingProblem(allocatedStorageGb, maxAllocatedStorageGb);
    if (ceilingProblem) {
      context.addIssue({
        code: "custom",
        path: ["instance", "maxAllocatedStorageGb"],
        message: `${ceilingProblem}: it is the ceiling autoscaling grows the storage to; leave it out for no autoscaling`,
      });
    }
    if (database.instance.source !== "adopt") return;
    // Only the migrator uses the endpoint, and without a master secret RDS manages there is no migrator.
    const { existing, disruptiveChanges } = database.instance;
    if (database.existingSecretsManagerEndpoint && !existing.masterPasswordManaged && !disruptiveChanges.manageMasterPassword) {
      context.addIssue({
        code: "custom",
        path: ["existingSecretsManagerEndpoint"],
        message:
          "has no use here: only the migrator reaches Secrets Manager, and an adopted instance has none unless RDS manages its master password (existing.masterPasswordManaged or disruptiveChanges.manageMasterPassword)",
      });
    }
    for (const field of ["databaseName", "masterUsername"] as const) {
      if (database[field] !== undefined) continue;
      context.addIssue({
        code: "custom",
        path: [field],
        message: "is required to adopt an instance: the existing instance's, which cannot change without replacing it",
      });
    }
  })
  .transform((database) => ({
    ...database,
    databaseName: database.databaseName ?? DEFAULT_DATABASE_NAME,
    masterUsername: database.masterUsername ?? DEFAULT_MASTER_USERNAME,
  }));

/** What the read path must carry at its busiest: the numbers its capacity is checked against (config/capacity.ts). */
const trafficSchema = fields({
  /** Reads per second the API receives at the environment's busiest. */
  peakReadsPerSecond: z.number().positive("must be above 0").max(1_000_000, "must be at most 1000000"),
  /** How long the control holds an instance for a read it serves itself, at worst, in ms. */
  controlReadMs: wholeNumber(1, 28_000).default(100),
});

const apiSchema = fields({
  /** Callers are identified by this Cognito user pool; every route but /health requires a token. */
  authorizer: fields({
    type: z.literal("cognito").default("cognito"),
    userPoolArn: z
      .string()
      .regex(/^arn:aws[a-z-]*:cognito-idp:[a-z0-9-]+:\d{12}:userpool\/[\w-]+_[0-9a-zA-Z]+$/, "must be a Cognito user pool ARN"),
  }),
  throttle: fields({
    rateLimitPerSecond: z.number().positive("must be above 0").default(100),
    burstLimit: wholeNumber(1, 10_000).default(200),
  }).default({ rateLimitPerSecond: 100, burstLimit: 200 }),
  /**
   * API Gateway's account settings (the CloudWatch role every REST API of the account and region
   * logs with) exist once per account and region. `manage`: this environment's stack sets them,
   * for an account of its own. `existing`: the account's current role is kept, for an account
   * where other REST APIs already rely on it; it must be able to write this API's log groups.
   */
  accountSettings: z.enum(["manage", "existing"]).default("manage"),
});

export const environmentSchema = fields({
  /** Short name used in stack ids, resource names and the state key (dev, staging, prod). */
  name: slug(16),
  accountId: awsAccountId,
  region: awsRegion,
  namePrefix: slug(20).default(DEFAULT_NAME_PREFIX),
  /** Production environments must alert someone, keep backups and protect the database. */
  tier: z.enum(["production", "non-production"]),
  tags: fields({ owner: nonEmptyText, costCenter: nonEmptyText }),
  alerting: fields({ emails: z.array(z.email("must be an e-mail address")).default([]) }).default({ emails: [] }),
  logRetentionInDays: logRetentionInDays.default(DEFAULT_LOG_RETENTION_IN_DAYS),
  /**
   * How the functions' and the API's log groups are encrypted: with a customer key of their own
   * (required in production: they hold creator and fan identifiers), or with CloudWatch Logs' key.
   */
  logEncryption: z.enum(["customer-key", "cloudwatch-default"]).default("cloudwatch-default"),
  tracing: fields({ samplingPercentage: percentage.default(10) }).default({ samplingPercentage: 10 }),
  functions: fields({
    mockRead: functionSizingSchema.default({ memorySizeMb: 512, timeoutSeconds: 10, reservedConcurrency: 50 }),
    prismaRead: functionSizingSchema.default({ memorySizeMb: 512, timeoutSeconds: 10, reservedConcurrency: 50 }),
  }),
  canary: canarySchema.default({
    deploymentConfig: DEFAULT_DEPLOYMENT_CONFIG,
    errorRateThresholdPercent: 2,
    p95DurationThresholdMs: 500,
    minimumRequestsPerPeriod: 10,
    bakeTimeMinutes: 5,
  }),
  flag: flagSchema.default({
    prismaRead: { mode: "off", percentage: 0 },
    rollout: { growthType: "LINEAR", growthFactorPercent: 100, deploymentDurationInMinutes: 0, finalBakeTimeInMinutes: 0 },
  }),
  traffic: trafficSchema,
  database: databaseSchema,
  api: apiSchema,
})
  .superRefine((environment, context) => {
    for (const problem of capacityProblems(environment)) context.addIssue({ code: "custom", path: [...problem.path], message: problem.message });
  })
  .superRefine((environment, context) => {
  if (environment.tier !== "production") return;
  if (environment.alerting.emails.length === 0) {
    context.addIssue({
      code: "custom",
      path: ["alerting", "emails"],
      message: "must name at least one address in a production environment: its alarms would reach nobody",
    });
  }
  if (!environment.database.deletionProtection) {
    context.addIssue({
      code: "custom",
      path: ["database", "deletionProtection"],
      message: "must be true in a production environment",
    });
  }
  if (!environment.database.instance.multiAz) {
    context.addIssue({
      code: "custom",
      path: ["database", "instance", "multiAz"],
      message: "must be true in a production environment: one Availability Zone's outage would stop every read",
    });
  }
  if (environment.logEncryption !== "customer-key") {
    context.addIssue({
      code: "custom",
      path: ["logEncryption"],
      message: 'must be "customer-key" in a production environment: its logs hold creator and fan identifiers',
    });
  }
  if (environment.database.backupRetentionDays < 7) {
    context.addIssue({
      code: "custom",
      path: ["database", "backupRetentionDays"],
      message: "must be at least 7 days in a production environment",
    });
  }
});

/** What a config file writes: optional fields may be left out. */
export type EnvironmentInput = z.input<typeof environmentSchema>;
/** What constructs receive: validated, with every default applied. */
export type EnvironmentConfig = z.output<typeof environmentSchema>;

export const stateStoreSchema = fields({
  /** The account that holds every environment's Terraform state. */
  accountId: awsAccountId,
  region: awsRegion,
  namePrefix: slug(20).default(DEFAULT_NAME_PREFIX),
  tags: fields({ owner: nonEmptyText, costCenter: nonEmptyText }),
  /** Days a superseded state version is kept before S3 expires it: StateBucket's rule, and at most ten years here. */
  noncurrentVersionRetentionDays: numberUnder(STATE_BUCKET_RULES.noncurrentVersionRetentionDays)
    .refine((days) => days <= 3650, { message: "must be at most 3650 (ten years)" })
    .default(STATE_BUCKET_RULES.noncurrentVersionRetentionDays.default),
  /** A DynamoDB lock table, only for Terraform older than 1.10 (which lacks S3-native locking). */
  dynamodbLockTable: z.boolean().default(false),
  /**
   * The state KMS key's ARN, as the bootstrap stack's output `state_kms_key_arn` prints it. Backends
   * in other accounts must name the key by ARN: S3 cannot use a KMS alias across accounts.
   * Without it, backends name the alias, which serves only principals of the state account.
   */
  kmsKeyArn: z
    .string()
    .regex(/^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/(mrk-[0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/, "must be a KMS key ARN (arn:aws:kms:<region>:<account>:key/<key id>), not an alias")
    .optional(),
}).superRefine((store, context) => {
  if (store.kmsKeyArn === undefined) return;
  const [, , , region, account] = store.kmsKeyArn.split(":");
  if (region !== store.region || account !== store.accountId) {
    context.addIssue({
      code: "custom",
      path: ["kmsKeyArn"],
      message: `must be a key in the state store's account and region (${store.accountId}, ${store.region}), got ${account}, ${region}`,
    });
  }
});

export type StateStoreInput = z.input<typeof stateStoreSchema>;
export type StateStoreConfig = z.output<typeof stateStoreSchema>;
