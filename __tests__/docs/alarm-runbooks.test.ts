/**
 * The runbooks say which alarm rolls back what; the synthesized prod stack decides it. This holds
 * the one to the other: every alarm name the documents mention exists, and the runbooks' lists of
 * rollback alarms, flag monitors and notify-only alarms are exactly the deployment groups'
 * alarm_configuration, the AppConfig environment's monitors, and the rest.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { loadAppConfig } from "../../config";
import { synthesizeEnvironment } from "../support/app-stacks";
import { PROJECT_ROOT } from "../support/project-copy";

type Resource = Record<string, any>;

const RUNBOOKS = ["docs/runbooks/alarms.md", "docs/runbooks/rollback.md"];
const DOCUMENTS = [...RUNBOOKS, "README.md"];
/** How the documents write the function in a name that exists for each of them. */
const EACH_FUNCTION = "<function>";
/** Endings of alarm names, current and former: a former name in a document must fail here. */
const ALARM_ENDINGS = /-(error-rate|p95-latency|p95-duration|crashes|throttles|dead-letters|fallback-rate|drift-rate)$/;
/** CloudWatch's list prices: a metric an alarm reads, per month. */
const HIGH_RESOLUTION_ALARM_METRIC_USD = 0.3;
const STANDARD_ALARM_METRIC_USD = 0.1;

const read = (path: string) => readFileSync(join(PROJECT_ROOT, path), "utf8");
/** The document as one line, for phrases that wrap. */
const prose = (path: string) => read(path).replace(/\s+/g, " ");

const prod = synthesizeEnvironment("prod") as any;
const prodConfig = loadAppConfig().environments.find((environment) => environment.name === "prod")!;
const alarmResources: Record<string, Resource> = prod.resource.aws_cloudwatch_metric_alarm;
const alarmNames = new Set(Object.values(alarmResources).map((alarm) => alarm.alarm_name as string));
const functionNames: string[] = Object.values(prod.resource.aws_lambda_function as Record<string, Resource>).map((fn) => fn.function_name);

/** `${aws_cloudwatch_metric_alarm.<address>.<attribute>}` to the alarm's name. */
function referencedAlarm(reference: string): string {
  const address = /^\$\{aws_cloudwatch_metric_alarm\.(\w+)\.\w+\}$/.exec(reference)?.[1];
  if (!address || !alarmResources[address]) throw new Error(`not a reference to an alarm: ${reference}`);
  return alarmResources[address].alarm_name;
}

const rollbackAlarms = new Map<string, string[]>(
  Object.values(prod.resource.aws_codedeploy_deployment_group as Record<string, Resource>).map((group) => [
    group.deployment_group_name,
    group.alarm_configuration.alarms.map(referencedAlarm),
  ]),
);
const flagEnvironment = Object.values(prod.resource.aws_appconfig_environment as Record<string, Resource>)[0];
const flagMonitors: string[] = flagEnvironment.monitor.map((monitor: Resource) => referencedAlarm(monitor.alarm_arn));
const notifyOnly = [...alarmNames].filter((name) => !flagMonitors.includes(name) && ![...rollbackAlarms.values()].flat().includes(name));

/** A name as written, `<function>-…` standing for one name per function. */
function expand(name: string): string[] {
  return name.startsWith(`${EACH_FUNCTION}-`) ? functionNames.map((fn) => `${fn}${name.slice(EACH_FUNCTION.length)}`) : [name];
}

/** Every alarm name a document mentions, as written. */
function mentionedAlarms(text: string): string[] {
  return [...text.matchAll(/(?:huntaze|<function>)-[a-z0-9-]+/g)].map(([name]) => name).filter((name) => ALARM_ENDINGS.test(name));
}

interface AlarmList {
  readonly label: string;
  /** The deployment group, for a list of rollback alarms. */
  readonly group?: string;
  readonly alarms: string[];
}

/**
 * The labelled lists of a runbook: a table row (`| rollback alarms of \`group\` | names | … |`) or a
 * list item (`- flag monitors: names`), the names expanded.
 */
function alarmLists(text: string): AlarmList[] {
  const label = String.raw`(rollback alarms of \x60([\w-]+)\x60|flag monitors|notify only)`;
  const patterns = [new RegExp(String.raw`^\| ${label} \| ([^|]*) \|`), new RegExp(String.raw`^\s*- ${label}: (.*)$`)];
  return text.split("\n").flatMap((line) => {
    const match = patterns.map((pattern) => pattern.exec(line)).find(Boolean);
    if (!match) return [];
    const [, kind, group, names] = match;
    const alarms = [...names.matchAll(/`([^`]+)`/g)].flatMap(([, name]) => expand(name));
    return [{ label: group ? "rollback alarms" : kind, group, alarms }];
  });
}

const sorted = (names: readonly string[]) => [...names].sort();

describe("the runbooks and the synthesized prod stack's alarms", () => {
  it("has what the runbooks sort: deployment groups with rollback alarms, flag monitors, notify-only alarms", () => {
    expect([...rollbackAlarms.keys()].sort()).toEqual(["huntaze-canary-health-hook-live", "huntaze-mock-read-live", "huntaze-prisma-read-live"]);
    expect(flagMonitors.length).toBeGreaterThan(0);
    expect(notifyOnly.length).toBeGreaterThan(0);
  });

  it.each(DOCUMENTS)("%s names only alarms that exist", (document) => {
    const mentioned = mentionedAlarms(read(document));

    expect(mentioned.length).toBeGreaterThan(0);
    for (const written of mentioned) {
      for (const name of expand(written)) expect({ written, name, exists: alarmNames.has(name) }).toEqual({ written, name, exists: true });
    }
  });

  it("alarms.md lists every deployment group's rollback alarms, the flag's monitors and the notify-only rest, exactly", () => {
    const lists = alarmLists(read("docs/runbooks/alarms.md"));

    for (const [group, alarms] of rollbackAlarms) {
      expect({ group, listed: sorted(lists.find((list) => list.group === group)?.alarms ?? []) }).toEqual({ group, listed: sorted(alarms) });
    }
    expect(sorted(lists.find((list) => list.label === "flag monitors")?.alarms ?? [])).toEqual(sorted(flagMonitors));
    expect(sorted(lists.find((list) => list.label === "notify only")?.alarms ?? [])).toEqual(sorted(notifyOnly));
    expect(lists).toHaveLength(rollbackAlarms.size + 2);
  });

  it("rollback.md lists the read functions' rollback alarms and the flag's monitors, exactly", () => {
    const lists = alarmLists(read("docs/runbooks/rollback.md"));
    const listed = (group: string) => sorted(lists.find((list) => list.group === group)?.alarms ?? []);

    expect(listed("huntaze-mock-read-live")).toEqual(sorted(rollbackAlarms.get("huntaze-mock-read-live")!));
    expect(listed("huntaze-prisma-read-live")).toEqual(sorted(rollbackAlarms.get("huntaze-prisma-read-live")!));
    expect(sorted(lists.find((list) => list.label === "flag monitors")?.alarms ?? [])).toEqual(sorted(flagMonitors));
    // Any other list it holds must be right too.
    for (const list of lists.filter((list) => list.group)) expect(sorted(list.alarms)).toEqual(sorted(rollbackAlarms.get(list.group!) ?? []));
  });

  it("says no throttle or dead-letter alarm rolls anything back", () => {
    for (const name of [...rollbackAlarms.values()].flat().concat(flagMonitors)) expect(name).not.toMatch(/-(throttles|dead-letters)$/);
    expect(notifyOnly.filter((name) => /-(throttles|dead-letters)$/.test(name))).toHaveLength(2 * functionNames.length);
  });

  it("states prod's thresholds, volume guard and bake time, and every environment's bake time", () => {
    const alarms = prose("docs/runbooks/alarms.md");
    const bake = (name: string) => loadAppConfig().environments.find((environment) => environment.name === name)!.canary.bakeTimeMinutes;

    expect(alarms).toContain(`more than ${prodConfig.canary.errorRateThresholdPercent} % of the requests`);
    expect(alarms).toContain(`above ${prodConfig.canary.p95DurationThresholdMs} ms`);
    expect(alarms).toContain(`(${prodConfig.canary.minimumRequestsPerPeriod} per 10 s period`);
    expect(alarms).toContain(`(prod ${bake("prod")}, staging ${bake("staging")}, dev ${bake("dev")}: no bake)`);
    expect(prose("docs/runbooks/rollback.md")).toContain(`(prod ${bake("prod")}, staging ${bake("staging")}, dev none)`);
  });

  it("states what the alarms cost a month, as CloudWatch bills the synthesized ones", () => {
    const alarms = Object.values(alarmResources);
    const metricPeriods = alarms.flatMap((alarm): number[] =>
      alarm.metric_query ? alarm.metric_query.filter((query: Resource) => query.metric).map((query: Resource) => query.metric.period) : [alarm.period],
    );
    const cost = metricPeriods.reduce((sum, period) => sum + (period < 60 ? HIGH_RESOLUTION_ALARM_METRIC_USD : STANDARD_ALARM_METRIC_USD), 0);
    const monthly = `$${cost.toFixed(2)} a month`;

    expect(prose("docs/runbooks/alarms.md")).toContain(monthly);
    expect(prose("README.md")).toContain(`${monthly} per environment for all ${alarms.length} alarms`);
    for (const document of ["docs/runbooks/alarms.md", "README.md"]) expect(prose(document)).toContain("$0.30 per metric per month against $0.10");
  });
});
