/**
 * A field the schema does not know is refused at synth, not dropped: dropped, a misspelt
 * `deletionProtecton: true` or an invented `prismaRead: { enabled: false }` would deploy the default
 * in its place, and say nothing.
 */
import { ConfigError, parseEnvironments, parseStateStore } from "../../config/load";
import { environmentSchema, stateStoreSchema } from "../../config/schema";
import { validEnvironmentInput, validStateStoreInput } from "../support/environment-input";

function problemsOf(parse: () => unknown): readonly string[] {
  try {
    parse();
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error("expected a ConfigError, but the configuration was accepted");
}

describe("fields the configuration does not know", () => {
  it("are refused, named with the fields their object has", () => {
    const input = validEnvironmentInput();
    const withUnknownFields = {
      ...input,
      flag: { prismaRead: { enabled: false } },
      database: { ...input.database, deletionProtecton: true },
      colour: "blue",
    };

    expect(problemsOf(() => parseEnvironments([withUnknownFields]))).toEqual([
      'flag.prismaRead: has no field "enabled"; its fields are mode, percentage',
      `database: has no field "deletionProtecton"; its fields are ${Object.keys(environmentSchema.shape.database.in.shape).join(", ")}`,
      `(root): has no field "colour"; its fields are ${Object.keys(environmentSchema.shape).join(", ")}`,
    ]);
  });

  it("are refused in the state store too", () => {
    expect(problemsOf(() => parseStateStore({ ...validStateStoreInput(), lockTable: true }))).toEqual([
      `(root): has no field "lockTable"; its fields are ${Object.keys(stateStoreSchema.shape).join(", ")}`,
    ]);
  });
});
