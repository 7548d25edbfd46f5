import { join } from "node:path";
import ts from "typescript";
import * as publicApi from "../../constructs";

const ENTRY = join(__dirname, "../../constructs/index.ts");

/** Every interface, class and property the package entry exports, with its doc comment. */
function exportedDeclarations(): { name: string; documented: boolean }[] {
  const program = ts.createProgram([ENTRY], { module: ts.ModuleKind.Preserve, moduleResolution: ts.ModuleResolutionKind.Bundler, noEmit: true });
  const checker = program.getTypeChecker();
  const entry = program.getSourceFile(ENTRY);
  if (!entry) throw new Error(`cannot read ${ENTRY}`);
  const documented = (symbol: ts.Symbol) => ts.displayPartsToString(symbol.getDocumentationComment(checker)).trim().length > 0;

  const found: { name: string; documented: boolean }[] = [];
  for (const exported of checker.getExportsOfModule(checker.getSymbolAtLocation(entry)!)) {
    const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    if (symbol.flags & (ts.SymbolFlags.Interface | ts.SymbolFlags.Class | ts.SymbolFlags.Function)) {
      found.push({ name: exported.name, documented: documented(symbol) });
    }
    if (symbol.flags & ts.SymbolFlags.Interface) {
      for (const property of checker.getDeclaredTypeOfSymbol(symbol).getProperties()) {
        found.push({ name: `${exported.name}.${property.name}`, documented: documented(property) });
      }
    }
  }
  return found;
}

describe("the constructs' package entry (huntaze-read-path/constructs)", () => {
  const declarations = exportedDeclarations();

  it("exports every reusable construct", () => {
    const constructs = ["AlertTopic", "CanaryFunction", "CanaryDeployment", "FunctionAlarms", "LambdaProxyApi", "PostgresDatabase"];
    constructs.push("ReadPathDashboard", "ReadPathFlag", "StateBucket", "ApiGatewayLoggingRole", "StableIdStack", "NamingScope");
    for (const name of constructs) expect(typeof (publicApi as Record<string, unknown>)[name]).toBe("function");
  });

  it("documents every exported class, function, props interface and property", () => {
    expect(declarations.length).toBeGreaterThan(100);
    expect(declarations.filter((declaration) => !declaration.documented).map((declaration) => declaration.name)).toEqual([]);
  });
});
