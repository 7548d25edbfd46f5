import { CloudwatchDashboard } from "@cdktf/provider-aws/lib/cloudwatch-dashboard";
import { jsonencode } from "../../constructs/hcl-expression";
import { parseConfiguration } from "../../module-builder/check-references";
import { renderModule } from "../../module-builder/render-module";
import { jsonencodedDocument } from "../support/hcl";
import { PROJECT_ROOT } from "../support/project-copy";

/** A module with one dashboard whose body is `document(var.name)`, rendered as build:modules does. */
async function renderedBody(document: (name: string) => unknown): Promise<string> {
  const files = await renderModule(
    {
      name: "probe",
      construct: "none",
      summary: "A probe.",
      usage: "",
      define(stack) {
        const name = stack.input("name", { type: "string", description: "A name." });
        new CloudwatchDashboard(stack, "board", { dashboardName: "probe", dashboardBody: jsonencode(document(name.stringValue)) });
        stack.output("probe_name", { value: name.stringValue, description: "The name." });
      },
    },
    PROJECT_ROOT,
  );
  const config = await parseConfiguration(files);
  return config.resource.aws_cloudwatch_dashboard.board[0].dashboard_body;
}

describe("jsonencode, for documents that hold values known at plan", () => {
  it("writes quotes, backslashes, %{ and ${ in string literals so that HCL reads them back as given, references and all", async () => {
    const body = await renderedBody((name) => ({
      search: `SEARCH('{Orders,service} MetricName="Errors" service="${name}"', 'Sum', 60)`,
      path: "C:\\logs\\n",
      directive: "100%{not a directive}",
      template: "a literal ${not.a.reference}",
      list: [1, true, name],
    }));

    // hcl2json gives Terraform JSON, where `%%{` and `$${` are the literal `%{` and `${`.
    expect(await jsonencodedDocument(body)).toEqual({
      search: `SEARCH('{Orders,service} MetricName="Errors" service="\${var.name}"', 'Sum', 60)`,
      path: "C:\\logs\\n",
      directive: "100%%{not a directive}",
      template: "a literal $${not.a.reference}",
      list: [1, true, "${var.name}"],
    });
  });
});
