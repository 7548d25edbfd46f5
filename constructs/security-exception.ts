import { TerraformDataSource, type TerraformElement } from "cdktf";
import { EXCEPTIONS_KEY } from "../contracts/security-exceptions";

/**
 * Records, on the resource itself, that it deliberately breaks one security-baseline rule, and
 * why. The reason lands in the synthesized JSON (`"//": {"security_exceptions": {…}}`), where the
 * baseline check and a reviewer both read it; the call sits beside the resource in code.
 *
 * cdktf rewrites a data source's `//` key, so for a policy document record the exception on the
 * resource that uses the document (`policy = data.aws_iam_policy_document.x.json`).
 *
 * @example
 * acceptSecurityException(healthMethod, "CKV_AWS_59", "a health probe needs no identity and serves no data");
 */
export function acceptSecurityException(element: TerraformElement, ruleId: string, reason: string): void {
  if (element instanceof TerraformDataSource) {
    throw new Error(`${element.node.path}: record the exception on the resource that uses this data source`);
  }
  if (!/^[A-Z0-9_]+$/.test(ruleId)) throw new Error(`${element.node.path}: rule id must look like CKV_AWS_59, got "${ruleId}"`);
  if (reason.trim().length < 10) {
    throw new Error(`${element.node.path}: exception to ${ruleId} needs a reason a reviewer can judge, got "${reason}"`);
  }
  element.addOverride(`//.${EXCEPTIONS_KEY}.${ruleId}`, reason);
}
