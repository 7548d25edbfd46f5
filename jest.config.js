/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/__tests__"],
  testMatch: ["**/*.test.ts"],
  // ts-jest transpiles only (tsconfig has isolatedModules); `npm run typecheck` type-checks once for all.
  transform: { "^.+\\.ts$": ["ts-jest", { tsconfig: "tsconfig.jest.json" }] },
  globalSetup: "<rootDir>/__tests__/support/global-setup.ts",
  globalTeardown: "<rootDir>/__tests__/support/global-teardown.ts",
  setupFilesAfterEnv: ["<rootDir>/__tests__/support/setup-jest.ts"],
  // Most suites run real processes, PostgreSQL and Terraform on a shared 2-core machine: jest's 5 s
  // default fails sound tests when the machine is busy. Tests assert outcomes, not durations.
  testTimeout: 30_000,
  // Two test files at a time: CI has two cores, and most files spend much of their time waiting
  // on child processes, PostgreSQL or Terraform. What files share is made safe for it: scripts
  // compile and fixtures are written aside and renamed into place, and migrating a fresh database
  // takes the test server's lock (__tests__/support/database.ts).
  maxWorkers: 2,
  // The Terraform files first: they are the longest, and on a clean clone Jest has no timings.
  testSequencer: "<rootDir>/__tests__/support/terraform-first-sequencer.js",
  snapshotFormat: { escapeString: false, printBasicPrototype: false },
};
