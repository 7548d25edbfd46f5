import { awsNameRule, type ListRule, type TextRule } from "./text-rule";

/**
 * ReadPathDashboard's props: their rules, in one place. The construct checks them
 * (read-path-dashboard.ts); the read-path-dashboard module declares them as its inputs
 * (module-builder/definitions/read-path-dashboard.ts).
 */
export const READ_PATH_DASHBOARD_RULES = {
  dashboardName: awsNameRule(255, "(CloudWatch's rule)"),
  /** The alarm widget at the top shows 1-100 alarms. */
  alarmArns: { minItems: 1, maxItems: 100, itemsName: "alarms", why: "(an alarm widget shows at most 100)" },
} as const satisfies Record<string, TextRule | ListRule>;
