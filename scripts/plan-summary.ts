/**
 * `npm run plan:summary -- plan.json [--allow-destroy <address>]... [--title <text>]`: a reviewer's
 * summary of `terraform show -json <planfile>` output, in Markdown (CI posts it on the pull request).
 * Counts per action; a loud warning for every destroy or replacement of a stateful resource, every
 * IAM or resource-policy change, every in-place change an existing database's clients feel (TLS
 * forced, security groups, the master password managed, a restart), and every resource changed
 * outside Terraform.
 *
 * Exit codes: 0 reviewed; 1 a stateful resource would be destroyed or replaced and its address was
 * not given to --allow-destroy; 2 the input could not be read as a plan (the message says why).
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { renderReview } from "../plan-review/render-review";
import { reviewPlan } from "../plan-review/review-plan";
import { parseTerraformPlan, PlanFormatError } from "../plan-review/terraform-plan";
import { exitAfterOutput } from "./exit-after-output";

const USAGE = "usage: npm run plan:summary -- <plan.json> [--allow-destroy <address>]... [--title <text>]";

function main(): number {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: { "allow-destroy": { type: "string", multiple: true }, title: { type: "string" } },
    });
  } catch (error) {
    console.error(`plan:summary: ${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const [file, ...extra] = parsed.positionals;
  if (!file || extra.length > 0) {
    console.error(`plan:summary: expected one plan file, got ${parsed.positionals.length}\n${USAGE}`);
    return 2;
  }
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    console.error(`plan:summary: cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    return 2;
  }
  try {
    const review = reviewPlan(parseTerraformPlan(text, file), { allowDestroy: parsed.values["allow-destroy"] });
    console.log(renderReview(review, parsed.values.title ?? `Terraform plan: ${file}`));
    if (review.blocked.length > 0) {
      console.error(`\nplan:summary: refusing ${review.blocked.length} destroy/replace of stateful resources: ${review.blocked.map((change) => change.address).join(", ")}`);
      return 1;
    }
    return 0;
  } catch (error) {
    if (!(error instanceof PlanFormatError)) throw error;
    console.error(`plan:summary: ${error.message}`);
    return 2;
  }
}

exitAfterOutput(main());
