import { TerraformIterator } from "cdktf";
import type { Construct } from "constructs";
import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import type { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { SnsTopicPolicy } from "@cdktf/provider-aws/lib/sns-topic-policy";
import { SnsTopicSubscription } from "@cdktf/provider-aws/lib/sns-topic-subscription";
import { createAccountKey } from "./account-key";
import { ALERT_TOPIC_RULES } from "./alert-topic-rules";
import { NamingScope, PRIMARY_RESOURCE_ID } from "./naming-scope";
import { checkListRule, checkTextRule } from "./text-rule";

/** Props of an AlertTopic. */
export interface AlertTopicProps {
  /** Names the Terraform addresses (`aws_sns_topic.<name>`). */
  readonly name: string;
  /** The SNS topic's name; also describes its KMS key. */
  readonly topicName: string;
  /** Each address gets a subscription; AWS e-mails it a link to confirm. */
  readonly emails: readonly string[];
  /** The account the topic lives in: only its alarms may publish. */
  readonly accountId: string;
  /** The AWS partition (`aws`), for the ARNs in the key policy. */
  readonly partition: string;
}

/**
 * An SNS topic for alarms, encrypted with its own KMS key, with e-mail subscriptions.
 *
 * The AWS-managed key `alias/aws/sns` cannot be used: CloudWatch alarms can only publish to an
 * encrypted topic whose key policy lets the CloudWatch service use the key.
 *
 * @example
 * const alerts = new AlertTopic(stack, "alerts", {
 *   name: "alerts", topicName: "huntaze-read-path-alerts", emails: ["oncall@example.com"],
 *   accountId: "123456789012", partition: "aws",
 * });
 */
export class AlertTopic extends NamingScope {
  public readonly topic: SnsTopic;
  public readonly key: KmsKey;

  constructor(scope: Construct, id: string, props: AlertTopicProps) {
    super(scope, id, props);
    checkTextRule(this.node.path, "topicName", ALERT_TOPIC_RULES.topicName, props.topicName);
    checkListRule(this.node.path, "emails", ALERT_TOPIC_RULES.emails, props.emails);
    const fromThisAccount = [{ test: "StringEquals", variable: "aws:SourceAccount", values: [props.accountId] }];
    const cloudWatch = [{ type: "Service", identifiers: ["cloudwatch.amazonaws.com"] }];

    this.key = createAccountKey(this, {
      description: `Encrypts alarm notifications on ${props.topicName}`,
      accountId: props.accountId,
      partition: props.partition,
      serviceStatements: [
        {
          sid: "CloudWatchAlarmsEncrypt",
          actions: ["kms:Decrypt", "kms:GenerateDataKey"],
          resources: ["*"],
          principals: cloudWatch,
          condition: fromThisAccount,
        },
      ],
    });

    this.topic = new SnsTopic(this, PRIMARY_RESOURCE_ID, {
      name: props.topicName,
      kmsMasterKeyId: this.key.arn,
    });

    const topicPolicy = new DataAwsIamPolicyDocument(this, "topic-policy", {
      statement: [
        {
          sid: "CloudWatchAlarmsPublish",
          actions: ["sns:Publish"],
          resources: [this.topic.arn],
          principals: cloudWatch,
          condition: fromThisAccount,
        },
      ],
    });
    new SnsTopicPolicy(this, "policy", { arn: this.topic.arn, policy: topicPolicy.json });

    // One subscription per address, keyed by it (`…_email["oncall@example.com"]`): removing one
    // address must not replace the others. A list works as a literal and as a module's input.
    const subscribers = TerraformIterator.fromList([...props.emails]);
    new SnsTopicSubscription(this, "email", {
      forEach: subscribers,
      topicArn: this.topic.arn,
      protocol: "email",
      endpoint: subscribers.value,
    });
  }
}
