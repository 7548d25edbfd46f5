/**
 * One rule for the flag's share: config, the AppConfig profile's JSON-schema validator (as
 * synthesized, evaluated by a real JSON-schema validator) and the control's parser accept exactly
 * the same values.
 */
import Ajv from "ajv";
import { parseEnvironments } from "../../config/load";
import { FLAG_SHARE_RULE } from "../../contracts/flag-share";
import { ReadPathFlag } from "../../constructs/read-path-flag";
import { parsePrismaReadFlag } from "../../functions/mock-read/flag/prisma-read-flag";
import { validEnvironmentInput } from "../support/environment-input";
import { onlyResource, stackWithAwsProvider, synthesize } from "../support/synth";

const ACCEPTED = Array.from({ length: 101 }, (_, share) => share);
const REFUSED: unknown[] = [12.5, 0.1, 99.99, -1, 101, 1000, -0.5, "10", "", null, true, [], {}, Number.NaN, Number.POSITIVE_INFINITY];

/** The profile's validator, as the synthesized stack gives it to AppConfig. */
function synthesizedValidator(): (document: unknown) => boolean {
  const stack = stackWithAwsProvider();
  new ReadPathFlag(stack, "flag", {
    name: "flag",
    applicationName: "huntaze-read-path",
    environmentName: "prod",
    value: { mode: "percentage", percentage: 10 },
    rollout: { growthType: "LINEAR", growthFactorPercent: 100, deploymentDurationInMinutes: 0, finalBakeTimeInMinutes: 0 },
    monitorAlarmArns: ["arn:aws:cloudwatch:eu-west-1:123456789012:alarm:candidate-errors"],
    accountId: "123456789012",
  });
  const validators = onlyResource(synthesize(stack), "aws_appconfig_configuration_profile").validator as Array<{ type: string; content: string }>;
  expect(validators.map((validator) => validator.type)).toEqual(["JSON_SCHEMA"]);
  return new Ajv({ strict: true }).compile(JSON.parse(validators[0].content));
}

/** What each of the three says of one share. */
function verdicts(share: unknown, appConfigAccepts: (document: unknown) => boolean): { config: boolean; appConfig: boolean; parser: boolean } {
  const prismaRead = { mode: "percentage", percentage: share };
  let config = true;
  try {
    parseEnvironments([validEnvironmentInput({ flag: { prismaRead: prismaRead as never } })]);
  } catch {
    config = false;
  }
  // The hosted version's document, as featureFlagDocument writes it, with this share.
  const hosted = { version: "1", flags: {}, values: { prismaRead: { enabled: true, ...prismaRead } } };
  let parser = true;
  try {
    parsePrismaReadFlag(JSON.stringify(hosted.values));
  } catch {
    parser = false;
  }
  // JSON has no NaN or infinity: AppConfig would receive null, as JSON.stringify writes them.
  return { config, appConfig: appConfigAccepts(JSON.parse(JSON.stringify(hosted))), parser };
}

describe("the flag share's one rule", () => {
  const appConfigAccepts = synthesizedValidator();

  it("is accepted by config, AppConfig's validator and the control's parser for every whole percent 0-100", () => {
    const disagreements = ACCEPTED.map((share) => ({ share, ...verdicts(share, appConfigAccepts) })).filter(
      (verdict) => !(verdict.config && verdict.appConfig && verdict.parser),
    );

    expect(disagreements).toEqual([]);
  });

  it.each(REFUSED.map((share) => [typeof share === "number" ? String(share) : JSON.stringify(share), share]))("is refused by all three for %s", (_label, share) => {
    expect(verdicts(share, appConfigAccepts)).toEqual({ config: false, appConfig: false, parser: false });
  });

  it("names the rule when config or the parser refuses a share", () => {
    expect(() => parseEnvironments([validEnvironmentInput({ flag: { prismaRead: { mode: "percentage", percentage: 12.5 } } })])).toThrow(
      `flag.prismaRead.percentage: ${FLAG_SHARE_RULE}`,
    );
    expect(() => parsePrismaReadFlag(JSON.stringify({ prismaRead: { enabled: true, mode: "percentage", percentage: 12.5 } }))).toThrow(FLAG_SHARE_RULE);
  });
});
