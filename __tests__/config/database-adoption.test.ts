/**
 * Adopting an existing instance: config requires the facts that cannot change in place (or not
 * without cutting its clients off) and keeps every disruptive change off until asked for.
 */
import { parseEnvironments } from "../../config/load";
import type { EnvironmentInput } from "../../config/schema";
import { environmentProblems, validEnvironmentInput } from "../support/environment-input";


const base = validEnvironmentInput();
const adopted = base.database.instance as Extract<EnvironmentInput["database"]["instance"], { source: "adopt" }>;

describe("adopting an existing database in config", () => {
  it("keeps every disruptive change off unless the environment asks for it", () => {
    const [environment] = parseEnvironments([base]);

    expect(environment.database.instance).toMatchObject({ source: "adopt", disruptiveChanges: { enforceTls: false, manageMasterPassword: false, securityGroups: "keep" } });
  });

  it("requires the existing instance's facts, naming each one missing", () => {
    const { existing: _existing, ...withoutFacts } = adopted;

    expect(environmentProblems({ ...base, database: { ...base.database, instance: withoutFacts } })).toEqual([expect.stringMatching(/^database\.instance\.existing: /)]);
  });

  it("requires the database name and master user to adopt, since neither can change without a replacement", () => {
    const { databaseName: _name, masterUsername: _user, ...database } = base.database;

    expect(environmentProblems({ ...base, database })).toEqual([
      "database.databaseName: is required to adopt an instance: the existing instance's, which cannot change without replacing it",
      "database.masterUsername: is required to adopt an instance: the existing instance's, which cannot change without replacing it",
    ]);
  });

  it("gives a new instance its default database and master user", () => {
    const { databaseName: _name, masterUsername: _user, ...database } = base.database;
    const created = { source: "create" as const, instanceClass: "db.t4g.medium", allocatedStorageGb: 50, engineVersion: "17", multiAz: true };

    expect(parseEnvironments([{ ...base, database: { ...database, instance: created } }])[0].database).toMatchObject({ databaseName: "huntaze", masterUsername: "huntaze_admin" });
  });

  it("takes storage autoscaling's ceiling from 10 % above the allocated storage, as RDS does, and refuses a lower one, naming the field", () => {
    const withCeiling = (allocatedStorageGb: number, maxAllocatedStorageGb: number) => ({
      ...base,
      database: { ...base.database, instance: { ...adopted, allocatedStorageGb, maxAllocatedStorageGb } },
    });

    expect(parseEnvironments([withCeiling(1000, 1100)])[0].database.instance).toMatchObject({ allocatedStorageGb: 1000, maxAllocatedStorageGb: 1100 });
    expect(parseEnvironments([withCeiling(25, 28)])[0].database.instance).toMatchObject({ maxAllocatedStorageGb: 28 });
    expect(parseEnvironments([base])[0].database.instance.maxAllocatedStorageGb).toBeUndefined();
    expect(environmentProblems(withCeiling(1000, 1099))).toEqual([
      "database.instance.maxAllocatedStorageGb: must be at least 1100 (RDS requires 10 % above allocatedStorageGb, 1000): it is the ceiling autoscaling grows the storage to; leave it out for no autoscaling",
    ]);
    expect(environmentProblems(withCeiling(25, 27))).toEqual([expect.stringContaining("must be at least 28 (RDS requires 10 % above allocatedStorageGb, 25)")]);
  });

  it.each([
    ["kmsKeyArn", "alias/aws/rds", "must be a KMS key ARN"],
    ["securityGroupIds", [], "needs at least 1 security group"],
    ["clientSecurityGroupIds", ["default"], "must be a security group id"],
  ])("refuses a malformed %s", (field, value, message) => {
    const instance = { ...adopted, existing: { ...adopted.existing, [field]: value } };

    expect(environmentProblems({ ...base, database: { ...base.database, instance } }).join("\n")).toContain(message);
  });

  it("takes the Secrets Manager endpoint the VPC has already by its security group, and nothing but a group id", () => {
    const endpoint = { securityGroupId: "sg-0123456789abcdef2" };
    const withMigrator = { ...adopted, existing: { ...adopted.existing, masterPasswordManaged: true } };

    expect(parseEnvironments([base])[0].database.existingSecretsManagerEndpoint).toBeUndefined();
    expect(
      parseEnvironments([{ ...base, database: { ...base.database, instance: withMigrator, existingSecretsManagerEndpoint: endpoint } }])[0].database,
    ).toMatchObject({ existingSecretsManagerEndpoint: endpoint });
    expect(
      environmentProblems({ ...base, database: { ...base.database, instance: withMigrator, existingSecretsManagerEndpoint: { securityGroupId: "default" } } }),
    ).toEqual(["database.existingSecretsManagerEndpoint.securityGroupId: must be a security group id (sg-…)"]);
  });

  it("refuses an existing Secrets Manager endpoint where no migrator would use it: an adopted instance whose password RDS does not manage", () => {
    expect(environmentProblems({ ...base, database: { ...base.database, existingSecretsManagerEndpoint: { securityGroupId: "sg-0123456789abcdef2" } } })).toEqual([
      "database.existingSecretsManagerEndpoint: has no use here: only the migrator reaches Secrets Manager, and an adopted instance has none unless RDS manages its master password (existing.masterPasswordManaged or disruptiveChanges.manageMasterPassword)",
    ]);
  });

  it("refuses a disruptive change it does not know, naming the ones it has", () => {
    const instance = { ...adopted, disruptiveChanges: { rotateCertificate: true } };

    expect(environmentProblems({ ...base, database: { ...base.database, instance } })).toEqual([
      'database.instance.disruptiveChanges: has no field "rotateCertificate"; its fields are enforceTls, manageMasterPassword, securityGroups',
    ]);
  });
});
