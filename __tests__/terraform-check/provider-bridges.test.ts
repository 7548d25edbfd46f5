import { BridgeLedger, REGION_ATTRIBUTE_BRIDGE } from "../../terraform-check/provider-bridges";
import { pinModuleProvider } from "../../terraform-check/module-check";

describe("the provider bridges (terraform-check/provider-bridges.ts)", () => {
  it("reads data.aws_region.<name>.region as .name on a 5.x provider, and nothing else", () => {
    const text = 'region = data.aws_region.current.region\nx = "${data.aws_region.here.region}"\nid = data.aws_region.current.id\nr = aws_s3_bucket.b.region\n';

    expect(REGION_ATTRIBUTE_BRIDGE.rewrite(text)).toEqual({
      text: 'region = data.aws_region.current.name\nx = "${data.aws_region.here.name}"\nid = data.aws_region.current.id\nr = aws_s3_bucket.b.region\n',
      rewrites: 2,
    });
  });

  it("applies only to providers older than 6.0", () => {
    expect([REGION_ATTRIBUTE_BRIDGE.appliesTo("5.100.0"), REGION_ATTRIBUTE_BRIDGE.appliesTo("6.25.0")]).toEqual([true, false]);
  });

  it("reports a bridge that applied but rewrote nothing, so a stale bridge fails the check", () => {
    const ledger = new BridgeLedger("5.100.0");
    ledger.bridge("nothing to rewrite");
    expect(ledger.unusedBridges()).toEqual([REGION_ATTRIBUTE_BRIDGE.name]);

    ledger.bridge("data.aws_region.current.region");
    expect(ledger.unusedBridges()).toEqual([]);
    expect(ledger.summary()).toEqual([`${REGION_ATTRIBUTE_BRIDGE.name}: 1 reference`]);
  });

  it("bridges nothing on 6.x, and reports nothing stale there", () => {
    const ledger = new BridgeLedger("6.25.0");
    expect(ledger.bridge("data.aws_region.current.region")).toBe("data.aws_region.current.region");
    expect(ledger.unusedBridges()).toEqual([]);
  });

  it("pins a module's AWS provider to the mirror's version, refusing a versions.tf without one", () => {
    const versions = 'terraform {\n  required_providers {\n    aws = {\n      source  = "hashicorp/aws"\n      version = ">= 6.25.0, < 7.0.0"\n    }\n  }\n}\n';
    expect(pinModuleProvider(versions, "5.100.0")).toContain('version = "5.100.0"');
    expect(() => pinModuleProvider("terraform {}\n", "5.100.0")).toThrow('no `aws = { version = "..." }` in required_providers to pin');
  });
});
