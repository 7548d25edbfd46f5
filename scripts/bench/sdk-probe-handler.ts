// A handler that does what the read path's handlers will: create AWS SDK v3 clients (Lambda,
// Secrets Manager) at module scope. bench:bundle builds it with the SDK bundled and with the SDK
// left to the Lambda runtime's copy, to compare size and cold start.
import { LambdaClient } from "@aws-sdk/client-lambda";
import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";

const clients = [new LambdaClient({ region: "eu-west-1" }), new SecretsManagerClient({ region: "eu-west-1" })];

export const handler = async () => ({ statusCode: 200, body: JSON.stringify({ clients: clients.length }) });
