import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { XraySamplingRule } from "@cdktf/provider-aws/lib/xray-sampling-rule";
import type { Construct } from "constructs";
import { AlertTopic } from "../constructs/alert-topic";
import { CanaryFunction } from "../constructs/canary-function";
import { DatabaseMigrator } from "../constructs/database-migrator";
import { LambdaProxyApi } from "../constructs/lambda-proxy-api";
import { LogEncryptionKey } from "../constructs/log-encryption-key";
import { readsMasterSecret } from "../constructs/postgres-database";
import { acceptSecurityException } from "../constructs/security-exception";
import { databaseAdoption } from "./read-path-database";
import type { ReadPathContext } from "./read-path-context";

/** The topic every read-path alarm notifies. */
export function alertTopic({ stack, environment, location }: ReadPathContext): AlertTopic {
  return new AlertTopic(stack, "alerts", {
    name: "alerts",
    topicName: `${environment.namePrefix}-read-path-alerts`,
    emails: environment.alerting.emails,
    accountId: environment.accountId,
    partition: location.partition,
  });
}

/**
 * Applies where a trace starts, at API Gateway; the functions behind it follow that decision,
 * so this one rule sets the share of requests traced end to end.
 */
export function traceSampling({ stack, environment }: ReadPathContext): XraySamplingRule {
  const prefix = environment.namePrefix;
  return new XraySamplingRule(stack, "trace-sampling", {
    ruleName: `${prefix}-read-path`,
    priority: 1000,
    fixedRate: environment.tracing.samplingPercentage / 100,
    reservoirSize: 1,
    serviceName: `${prefix}-*`,
    serviceType: "*",
    host: "*",
    httpMethod: "*",
    urlPath: "*",
    resourceArn: "*",
    version: 1,
  });
}

/**
 * The log groups' customer key, where the environment's config asks for one: the read functions'
 * and the API's logs hold creator and fan identifiers (paths, callers).
 */
export function logEncryptionKey({ stack, environment, location, names }: ReadPathContext): LogEncryptionKey | undefined {
  if (environment.logEncryption !== "customer-key") return undefined;
  // The migrator logs in with RDS's managed master secret: where the stack does not read one there
  // is no migrator, nor its log group.
  const hasMigrator = readsMasterSecret(databaseAdoption(environment));
  return new LogEncryptionKey(stack, "log-key", {
    name: "log-key",
    aliasName: `${environment.namePrefix}-read-path-logs`,
    logGroupNames: [
      ...[names.mockRead, names.prismaRead, names.healthHook].map((name) => CanaryFunction.logGroupName(name)),
      ...(hasMigrator ? [DatabaseMigrator.logGroupName(names.migrator)] : []),
      LambdaProxyApi.accessLogGroupName(names.api),
      // Named after the REST API's id, known only once it exists.
      "API-Gateway-Execution-Logs_*",
    ],
    accountId: location.accountId,
    region: location.region,
    partition: location.partition,
  });
}

/** Where no customer key is made, every log group of the stack keeps CloudWatch Logs' own key, by config. */
export function acceptLogsServiceKey(stack: Construct): void {
  for (const group of stack.node.findAll().filter((child): child is CloudwatchLogGroup => child instanceof CloudwatchLogGroup)) {
    acceptSecurityException(group, "CKV_AWS_158", "encrypted with CloudWatch Logs' own key by this non-production environment's configuration (logEncryption)");
  }
}
