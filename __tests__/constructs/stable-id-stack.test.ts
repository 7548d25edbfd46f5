import { Testing } from "cdktf";
import { Construct } from "constructs";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { SqsQueuePolicy } from "@cdktf/provider-aws/lib/sqs-queue-policy";
import { loadAppConfig } from "../../config";
import { NamingScope, PRIMARY_RESOURCE_ID } from "../../constructs/naming-scope";
import { defineStacks } from "../../stacks/define-stacks";
import { fixtureBuild } from "../support/function-code";
import { addresses, stackWithAwsProvider, synthesize } from "../support/synth";

/** A small reusable construct: a queue, its policy, and a role that references the queue. */
class Inbox extends NamingScope {
  constructor(scope: Construct, id: string, props: { name: string }) {
    super(scope, id, props);
    const queue = new SqsQueue(this, PRIMARY_RESOURCE_ID, { sqsManagedSseEnabled: true });
    new SqsQueuePolicy(this, "policy", { queueUrl: queue.url, policy: "{}" });
    new IamRole(this, "reader-role", { assumeRolePolicy: "{}", description: queue.arn });
  }
}

describe("StableIdStack and NamingScope", () => {
  it("addresses resources by scope name and child id, without a hash", () => {
    const stack = stackWithAwsProvider();
    new Inbox(stack, "inbox", { name: "prisma-read" });

    expect(addresses(synthesize(stack))).toEqual([
      "aws_iam_role.prisma_read_reader_role",
      "aws_sqs_queue.prisma_read",
      "aws_sqs_queue_policy.prisma_read_policy",
    ]);
  });

  it("keeps every address and reference when a construct moves deeper in the tree", () => {
    const flat = stackWithAwsProvider();
    new Inbox(flat, "inbox", { name: "prisma-read" });
    const nested = stackWithAwsProvider();
    new Inbox(new Construct(new Construct(nested, "delivery"), "queues"), "renamed-inbox", { name: "prisma-read" });

    const flatJson = synthesize(flat);
    const nestedJson = synthesize(nested);

    expect(nestedJson.resource).toEqual(flatJson.resource);
    expect(nestedJson.resource!.aws_iam_role.prisma_read_reader_role.description).toBe(
      "${aws_sqs_queue.prisma_read.arn}",
    );
  });

  it("uses the nearest naming scope when scopes nest", () => {
    const stack = stackWithAwsProvider();
    const outer = new NamingScope(stack, "outer", { name: "outer" });
    new Inbox(outer, "inner", { name: "inner" });
    new SqsQueue(outer, "own-queue", { sqsManagedSseEnabled: true });

    expect(addresses(synthesize(stack))).toEqual([
      "aws_iam_role.inner_reader_role",
      "aws_sqs_queue.inner",
      "aws_sqs_queue.outer_own_queue",
      "aws_sqs_queue_policy.inner_policy",
    ]);
  });

  it("refuses two resources of one type with the same address", () => {
    const stack = stackWithAwsProvider();
    new Inbox(stack, "first", { name: "reads" });

    expect(() => new Inbox(stack, "second", { name: "reads" })).toThrow(
      'stack/second/Resource: resource aws_sqs_queue "reads" is already used by stack/first/Resource',
    );
  });

  it("refuses a resource nested in a plain construct, whose address would depend on the tree", () => {
    const stack = stackWithAwsProvider();
    const plain = new Construct(stack, "plain");

    expect(() => new SqsQueue(plain, "queue", {}).fqn).toThrow(
      "stack/plain/queue: a Terraform element nested in a construct must be inside a NamingScope",
    );
  });

  it("rejects a scope name Terraform could not use as an identifier", () => {
    const stack = stackWithAwsProvider();

    expect(() => new NamingScope(stack, "scope", { name: "Prisma Read" })).toThrow(
      'stack/scope: name must start with a lower-case letter and use only a-z, 0-9 and \'-\', got "Prisma Read"',
    );
  });

  it("gives no resource of the app's stacks a hashed address", () => {
    const { bootstrap, environments } = defineStacks(Testing.app(), loadAppConfig(), fixtureBuild());
    const all = [bootstrap, ...environments].flatMap((stack) => addresses(synthesize(stack)));

    expect(all.length).toBeGreaterThan(0);
    expect(all.filter((address) => /_[0-9A-F]{8}$/.test(address))).toEqual([]);
  });
});
