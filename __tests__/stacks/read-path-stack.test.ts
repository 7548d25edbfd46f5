import { Testing } from "cdktf";
import { loadAppConfig } from "../../config";
import { defineStacks } from "../../stacks/define-stacks";
import { stateKey } from "../../stacks/state-store";
import { synthesize } from "../support/synth";

function synthesizeEnvironments() {
  const config = loadAppConfig();
  const { environments } = defineStacks(Testing.app(), config);
  return environments.map((stack) => ({ stack, json: synthesize(stack) }));
}

describe("ReadPathStack", () => {
  const synthesized = synthesizeEnvironments();

  it("makes one stack per environment, named after it", () => {
    expect(synthesized.map(({ stack }) => stack.node.id)).toEqual(["huntaze-dev", "huntaze-staging", "huntaze-prod"]);
  });

  it.each(synthesized.map(({ stack, json }) => [stack.node.id, json] as const))(
    "%s synthesizes to Terraform JSON matching its snapshot",
    (_id, json) => {
      expect(json).toMatchSnapshot();
    },
  );

  it("keeps each environment's state under its own key, encrypted and locked", () => {
    const backends = synthesized.map(({ json }) => json.terraform.backend?.s3);

    expect(backends.map((backend) => backend?.key)).toEqual([
      "huntaze/dev/terraform.tfstate",
      "huntaze/staging/terraform.tfstate",
      "huntaze/prod/terraform.tfstate",
    ]);
    for (const backend of backends) {
      expect(backend).toMatchObject({
        bucket: "huntaze-tfstate-444444444444-eu-west-1",
        encrypt: true,
        use_lockfile: true,
        kms_key_id: "arn:aws:kms:eu-west-1:444444444444:alias/huntaze-terraform-state",
      });
      expect(backend).not.toHaveProperty("dynamodb_table");
    }
  });

  it("pins each environment's provider to its own account and tags everything", () => {
    for (const { stack, json } of synthesized) {
      const environment = loadAppConfig().environments.find((candidate) => stack.node.id.endsWith(candidate.name))!;
      const [provider] = json.provider!.aws;

      expect(provider.allowed_account_ids).toEqual([environment.accountId]);
      expect(provider.region).toBe(environment.region);
      expect(provider.default_tags).toEqual([
        {
          tags: {
            project: "huntaze",
            environment: environment.name,
            "managed-by": "cdktf",
            owner: environment.tags.owner,
            "cost-center": environment.tags.costCenter,
          },
        },
      ]);
    }
  });

  it("derives the state key from prefix and environment name", () => {
    expect(stateKey({ namePrefix: "acme", name: "qa" })).toBe("acme/qa/terraform.tfstate");
  });
});
