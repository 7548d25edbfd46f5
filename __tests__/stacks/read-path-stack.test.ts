import { stateKey } from "../../stacks/state-store";
import { synthesizeAppStacks } from "../support/app-stacks";
import { onlyResource } from "../support/synth";

describe("ReadPathStack", () => {
  const synthesized = synthesizeAppStacks().environments;

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
        // The key by ARN (config's stateStore.kmsKeyArn): S3 cannot use an alias across accounts.
        kms_key_id: "arn:aws:kms:eu-west-1:444444444444:key/0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
      });
      expect(backend).not.toHaveProperty("dynamodb_table");
    }
  });

  it("pins each environment's provider to its own account and tags everything", () => {
    for (const { stack, json } of synthesized) {
      const { environment } = stack;
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

  it("sizes and delivers both functions from each environment's data", () => {
    const [dev, , prod] = synthesized.map(({ json }) => json);

    expect(prod.resource!.aws_lambda_function.mock_read).toMatchObject({
      function_name: "huntaze-mock-read",
      memory_size: 1024,
      timeout: 6,
      reserved_concurrent_executions: 200,
    });
    expect(prod.resource!.aws_lambda_function.prisma_read).toMatchObject({
      function_name: "huntaze-prisma-read",
      memory_size: 1769,
      reserved_concurrent_executions: 200,
    });
    for (const group of Object.values(prod.resource!.aws_codedeploy_deployment_group) as any[]) {
      expect(group.deployment_config_name).toBe("CodeDeployDefault.LambdaCanary10Percent5Minutes");
    }
    for (const group of Object.values(dev.resource!.aws_codedeploy_deployment_group) as any[]) {
      expect(group.deployment_config_name).toBe("CodeDeployDefault.LambdaAllAtOnce");
    }
  });

  it("never retries the candidate's asynchronous invocations (the shadow samples), nor keeps them queued past five minutes", () => {
    for (const { json } of synthesized) {
      const invokeConfigs = json.resource!.aws_lambda_function_event_invoke_config as Record<string, any>;
      expect(invokeConfigs.prisma_read_async_invoke).toMatchObject({ maximum_retry_attempts: 0, maximum_event_age_in_seconds: 300 });
      // The other functions keep Lambda's retries: their asynchronous callers expect them.
      expect(invokeConfigs.mock_read_async_invoke).toMatchObject({ maximum_retry_attempts: 2 });
    }
  });

  it("sends alarms to a KMS-encrypted topic that e-mails the environment's addresses", () => {
    const [dev, staging] = synthesized.map(({ json }) => json);

    expect(onlyResource(staging, "aws_sns_topic").kms_master_key_id).toBe("${aws_kms_key.alerts_key.arn}");
    // One subscription per address, keyed by the address.
    expect(staging.resource!.aws_sns_topic_subscription).toEqual({
      alerts_email: expect.objectContaining({
        for_each: '${toset(["read-path-staging@huntaze.example"])}',
        protocol: "email",
        endpoint: "${each.value}",
      }),
    });
    expect(dev.resource!.aws_sns_topic_subscription.alerts_email.for_each).toBe("${toset([])}");
    for (const alarm of Object.values(staging.resource!.aws_cloudwatch_metric_alarm)) {
      expect(alarm.alarm_actions).toEqual(["${aws_sns_topic.alerts.arn}"]);
    }
  });

  it("samples 10 % of this environment's requests for X-Ray, after one a second", () => {
    for (const { json } of synthesized) {
      expect(onlyResource(json, "aws_xray_sampling_rule")).toMatchObject({
        rule_name: "huntaze-read-path",
        fixed_rate: 0.1,
        reservoir_size: 1,
        service_name: "huntaze-*",
      });
    }
  });

  it("derives the state key from prefix and environment name", () => {
    expect(stateKey({ namePrefix: "acme", name: "qa" })).toBe("acme/qa/terraform.tfstate");
  });
});
