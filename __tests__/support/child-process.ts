import { execFile } from "node:child_process";

/** How a command ended: its exit code and everything it printed. */
export interface ProcessResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `node <args>` in a fresh process with exactly the environment given, never rejecting. */
export function runNode(
  args: readonly string[],
  options: { readonly cwd: string; readonly env: Record<string, string>; readonly timeoutMs: number },
): Promise<ProcessResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, [...args], { cwd: options.cwd, env: options.env, timeout: options.timeoutMs }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
}
