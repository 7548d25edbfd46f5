/**
 * The log group a Lambda function writes to, by the function's name. The constructs create it under
 * this name (so retention and encryption apply from the first line), and a key policy made before
 * the function names it the same way.
 */
export function lambdaLogGroupName(functionName: string): string {
  return `/aws/lambda/${functionName}`;
}
