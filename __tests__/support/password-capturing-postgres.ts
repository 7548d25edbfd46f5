import { createServer, type Server, type Socket } from "node:net";
import type { AddressInfo } from "node:net";

/** What a client sent to log in. */
export interface CapturedLogin {
  readonly user: string;
  readonly database: string;
  readonly password: string;
}

const SSL_REQUEST_CODE = 80877103;

/**
 * A TCP server speaking just enough of PostgreSQL's wire protocol to ask a client for its password
 * in clear (AuthenticationCleartextPassword), record it, and refuse the login as PostgreSQL does
 * (FATAL 28P01). For checking what a client sends as its password: an IAM token, here.
 */
export class PasswordCapturingPostgres {
  readonly logins: CapturedLogin[] = [];
  private server?: Server;

  get port(): number {
    return (this.server!.address() as AddressInfo).port;
  }

  async start(): Promise<void> {
    this.server = createServer((socket) => this.serve(socket));
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  private serve(socket: Socket): void {
    let buffered = Buffer.alloc(0);
    let startup: Record<string, string> | undefined;
    socket.on("data", (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      if (!startup) {
        if (buffered.length < 8 || buffered.length < buffered.readInt32BE(0)) return;
        const length = buffered.readInt32BE(0);
        if (buffered.readInt32BE(4) === SSL_REQUEST_CODE) {
          socket.write("N");
        } else {
          // Startup message: length, protocol version, then name\0value\0 pairs and a final \0.
          const fields = buffered.subarray(8, length - 1).toString("utf8").split("\0");
          startup = Object.fromEntries(fields.flatMap((_, index) => (index % 2 === 0 ? [[fields[index], fields[index + 1]]] : [])));
          const askForPassword = Buffer.alloc(9);
          askForPassword.write("R", 0);
          askForPassword.writeInt32BE(8, 1);
          askForPassword.writeInt32BE(3, 5); // AuthenticationCleartextPassword
          socket.write(askForPassword);
        }
        buffered = buffered.subarray(length);
        return;
      }
      // PasswordMessage: 'p', length, the password and \0.
      if (buffered.length < 5 || buffered.length < 1 + buffered.readInt32BE(1)) return;
      const password = buffered.subarray(5, 1 + buffered.readInt32BE(1) - 1).toString("utf8");
      this.logins.push({ user: startup.user, database: startup.database, password });
      socket.end(errorResponse("28P01", `password authentication failed for user "${startup.user}"`));
    });
    socket.on("error", () => undefined);
  }
}

function errorResponse(code: string, message: string): Buffer {
  const fields = Buffer.from(`SFATAL\0VFATAL\0C${code}\0M${message}\0\0`, "utf8");
  const header = Buffer.alloc(5);
  header.write("E", 0);
  header.writeInt32BE(4 + fields.length, 1);
  return Buffer.concat([header, fields]);
}
