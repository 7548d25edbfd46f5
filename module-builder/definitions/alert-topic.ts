import { AlertTopic } from "../../constructs/alert-topic";
import { ALERT_TOPIC_RULES } from "../../constructs/alert-topic-rules";
import type { ModuleDefinition } from "../module-definition";
import { listRuleInput, textRuleInput } from "./text-rule-input";

export const alertTopicModule: ModuleDefinition = {
  name: "alert-topic",
  construct: "AlertTopic",
  summary: `
An SNS topic for CloudWatch alarms, encrypted with its own customer-managed KMS key (rotated yearly),
with an e-mail subscription per address. Only CloudWatch alarms of the caller's account may publish
to it, and the key lets only them encrypt. AWS's own \`alias/aws/sns\` key cannot serve here:
CloudWatch can only publish to an encrypted topic whose key policy lets it use the key.

Each address gets a confirmation e-mail from AWS; nothing is delivered to it until someone confirms.`,
  usage: `
module "alerts" {
  source = "../../alert-topic"

  topic_name = "acme-orders-alerts"
  emails     = ["oncall@acme.example"]
}

# Any alarm in the account may notify it:
#   alarm_actions = [module.alerts.alert_topic_arn]`,

  define(stack) {
    // Rules, defaults and messages are the construct's (alert-topic-rules.ts).
    const topicName = stack.input("topic_name", textRuleInput("topic_name", ALERT_TOPIC_RULES.topicName, "The SNS topic's name; also describes its KMS key."));
    const emails = stack.input(
      "emails",
      listRuleInput("emails", ALERT_TOPIC_RULES.emails, "Addresses that receive every alarm and OK notification; each must confirm AWS's e-mail first."),
    );

    const alerts = new AlertTopic(stack, "this", {
      name: "this",
      topicName: topicName.stringValue,
      emails: emails.listValue,
      accountId: stack.accountId,
      partition: stack.partition,
    });

    stack.output("alert_topic_arn", { value: alerts.topic.arn, description: "The topic's ARN: put it in alarm_actions and ok_actions." });
    stack.output("alert_topic_name", { value: alerts.topic.name, description: "The topic's name." });
    stack.output("alert_topic_kms_key_arn", {
      value: alerts.key.arn,
      description: "The KMS key that encrypts the topic's messages; a publisher other than CloudWatch needs kms:GenerateDataKey on it.",
    });
  },
};
