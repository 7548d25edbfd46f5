/**
 * EXPLAIN for the statements Prisma actually sends: capture them with the read client's `onQuery`
 * (see functions/prisma-read/connection/read-client-factory.ts), then ask PostgreSQL for each plan
 * with the same parameters. Used by the index tests and by `npm run db:explain`.
 */
import { Client } from "pg";

export interface CapturedStatement {
  readonly query: string;
  /** JSON array of the parameters, as Prisma's query event gives them. */
  readonly params: string;
}

export interface StatementPlan {
  readonly query: string;
  /** The plan as PostgreSQL returns it (EXPLAIN FORMAT JSON). */
  readonly plan: Record<string, unknown>;
  /** Indexes the plan reads, by name. */
  readonly indexes: string[];
  /** Tables the plan reads from end to end. */
  readonly sequentialScans: string[];
  /** Every "Index Cond" in the plan, for checking that a bound reaches the index. */
  readonly indexConditions: string[];
  /** The plan as EXPLAIN's text format shows it. */
  readonly text: string;
}

function collect(node: Record<string, any>, into: { indexes: string[]; sequentialScans: string[]; indexConditions: string[] }): void {
  if (typeof node["Index Name"] === "string") into.indexes.push(node["Index Name"]);
  if (node["Node Type"] === "Seq Scan") into.sequentialScans.push(node["Relation Name"]);
  if (typeof node["Index Cond"] === "string") into.indexConditions.push(node["Index Cond"]);
  for (const child of node.Plans ?? []) collect(child, into);
}

/** Plans each statement (transaction control skipped); nothing is executed. */
export async function explainStatements(databaseUrl: string, statements: readonly CapturedStatement[]): Promise<StatementPlan[]> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const plans: StatementPlan[] = [];
    for (const statement of statements) {
      if (/^\s*(BEGIN|COMMIT|ROLLBACK|SET)\b/i.test(statement.query)) continue;
      const parameters = JSON.parse(statement.params || "[]") as unknown[];
      const [json] = (await client.query(`EXPLAIN (FORMAT JSON) ${statement.query}`, parameters)).rows;
      const text = (await client.query(`EXPLAIN ${statement.query}`, parameters)).rows.map((row) => row["QUERY PLAN"]).join("\n");
      const plan = json["QUERY PLAN"][0].Plan as Record<string, unknown>;
      const found = { indexes: [] as string[], sequentialScans: [] as string[], indexConditions: [] as string[] };
      collect(plan, found);
      plans.push({ query: statement.query, plan, text, ...found });
    }
    return plans;
  } finally {
    await client.end();
  }
}
