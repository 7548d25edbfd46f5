/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/__tests__"],
  testMatch: ["**/*.test.ts"],
  // ts-jest transpiles only (tsconfig has isolatedModules); `npm run typecheck` type-checks once for all.
  transform: { "^.+\\.ts$": ["ts-jest", { tsconfig: "tsconfig.jest.json" }] },
  setupFilesAfterEnv: ["<rootDir>/__tests__/support/setup-jest.ts"],
  snapshotFormat: { escapeString: false, printBasicPrototype: false },
};
