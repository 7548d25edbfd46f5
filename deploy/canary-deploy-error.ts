/** A deployment that could not start, rolled back, or did not finish in time. */
export class CanaryDeployError extends Error {
  override readonly name = "CanaryDeployError";
}
