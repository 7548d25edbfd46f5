import { Testing } from "cdktf";

// Registers cdktf's matchers: toHaveResource, toHaveResourceWithProperties, toBeValidTerraform, …
Testing.setupJest();

// prisma-read's Powertools logger would print every request of the database tests.
process.env.POWERTOOLS_LOG_LEVEL ??= "SILENT";
