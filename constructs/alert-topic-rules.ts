import { awsNameRule, type ListRule, type TextRule } from "./text-rule";

/**
 * AlertTopic's props: their rules and the defaults its module's inputs take, in one place. The
 * construct checks them (alert-topic.ts); the alert-topic module declares them as its inputs
 * (module-builder/definitions/alert-topic.ts).
 */
export const ALERT_TOPIC_RULES = {
  /** SNS's rule for a standard topic's name. */
  topicName: awsNameRule(256),
  /** One subscription each; the pattern catches a missing or doubled @ and a domain without a dot, and leaves the rest to SNS. */
  emails: { each: { pattern: "^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$", must: "be an e-mail address" }, default: [] },
} as const satisfies Record<string, TextRule | ListRule>;
