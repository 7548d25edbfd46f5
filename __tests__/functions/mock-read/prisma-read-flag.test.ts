/**
 * The control's reading of the flag document AppConfig serves, every mode of the contract
 * (contracts/prisma-read-flag.ts) included.
 */
import { PRISMA_READ_FLAG_MODES } from "../../../contracts/prisma-read-flag";
import { InvalidFlagError, parsePrismaReadFlag, SAFE_DEFAULT_FLAG } from "../../../functions/mock-read/flag/prisma-read-flag";

const documentOf = (values: Record<string, unknown>) => JSON.stringify({ prismaRead: values });

it("reads shadow mode with its share, not as percentage mode", () => {
  expect(parsePrismaReadFlag(documentOf({ enabled: true, mode: "shadow", percentage: 25 }))).toEqual({ mode: "shadow", percentage: 25 });
});

it("reads every mode the contract names", () => {
  const read = PRISMA_READ_FLAG_MODES.map((mode) => parsePrismaReadFlag(documentOf({ enabled: true, mode, percentage: 40 })).mode);

  expect(read).toEqual(["off", "shadow", "percentage", "all"]);
});

it("reads percentage mode with its share, all as 100 %, and a disabled flag as off whatever its mode", () => {
  expect(parsePrismaReadFlag(documentOf({ enabled: true, mode: "percentage", percentage: 10 }))).toEqual({ mode: "percentage", percentage: 10 });
  expect(parsePrismaReadFlag(documentOf({ enabled: true, mode: "all" }))).toEqual({ mode: "all", percentage: 100 });
  expect(parsePrismaReadFlag(documentOf({ enabled: false, mode: "shadow", percentage: 100 }))).toEqual(SAFE_DEFAULT_FLAG);
});

it.each(["shadow", "percentage"])("refuses %s mode without a share, naming the mode", (mode) => {
  expect(() => parsePrismaReadFlag(documentOf({ enabled: true, mode }))).toThrow(new InvalidFlagError(`the prismaRead flag has mode ${mode} but no percentage`));
});

it("refuses a mode the contract does not name, and a share out of range, naming the field", () => {
  expect(() => parsePrismaReadFlag(documentOf({ enabled: true, mode: "direct" }))).toThrow(/prismaRead\.mode/);
  expect(() => parsePrismaReadFlag(documentOf({ enabled: true, mode: "shadow", percentage: 101 }))).toThrow(/prismaRead\.percentage: must be a whole number of percent from 0 to 100/);
});
