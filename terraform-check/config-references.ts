/**
 * References in a synthesized stack (Terraform JSON) that need no evaluation beyond looking a value
 * up: `"${aws_iam_role.x.arn}"`, or a template of such references and text (`"${aws_sqs_queue.q.arn}:*"`).
 * Function calls, operators and for expressions are left to Terraform's own plans.
 */

/** A traversal of a resource or data source attribute: aws_x.name.attr[0].inner, data.aws_x.name.attr. */
const TRAVERSAL = /^(data\.)?([a-z][a-z0-9_]*)\.([a-zA-Z_][\w-]*)((?:\.[a-zA-Z_][\w-]*|\[\d+\])+)$/;

export interface Reference {
  readonly mode: "managed" | "data";
  readonly type: string;
  readonly name: string;
  /** Attribute names and list indexes after the resource. */
  readonly path: readonly (string | number)[];
}

/** A template's parts: text, and references; undefined when any interpolation is more than a reference. */
export function parseTemplate(template: string): Array<string | Reference> | undefined {
  const parts: Array<string | Reference> = [];
  let rest = template;
  while (rest.length > 0) {
    const start = rest.indexOf("${");
    if (start < 0) {
      parts.push(rest);
      break;
    }
    if (start > 0) parts.push(rest.slice(0, start));
    const end = rest.indexOf("}", start);
    if (end < 0) return undefined;
    const reference = parseReference(rest.slice(start + 2, end).trim());
    if (!reference) return undefined;
    parts.push(reference);
    rest = rest.slice(end + 1);
  }
  return parts.some((part) => typeof part !== "string") ? parts : undefined;
}

function parseReference(expression: string): Reference | undefined {
  const match = TRAVERSAL.exec(expression);
  if (!match) return undefined;
  const path = [...match[4].matchAll(/\.([a-zA-Z_][\w-]*)|\[(\d+)\]/g)].map((step) => (step[1] !== undefined ? step[1] : Number(step[2])));
  return { mode: match[1] ? "data" : "managed", type: match[2], name: match[3], path };
}

/**
 * A template's value, as Terraform gives it: a lone reference is the referenced value whatever its
 * type; text around references makes a string. Undefined when a referenced value is missing or
 * not text.
 */
export function evaluateTemplate(parts: Array<string | Reference>, lookup: (reference: Reference) => unknown): unknown {
  if (parts.length === 1 && typeof parts[0] !== "string") return lookup(parts[0]);
  let text = "";
  for (const part of parts) {
    if (typeof part === "string") {
      text += part;
      continue;
    }
    const value = lookup(part);
    if (typeof value === "string" || typeof value === "number") text += String(value);
    else return undefined;
  }
  return text;
}

/**
 * The configuration's expression at a value's path: Terraform JSON writes a block as an object or
 * a list of objects, so `dead_letter_config[0].target_arn` may be `dead_letter_config.target_arn`.
 */
export function configurationAt(body: unknown, path: readonly (string | number)[]): unknown {
  let current = body;
  for (const step of path) {
    if (current === null || typeof current !== "object") return undefined;
    if (typeof step === "number") {
      if (Array.isArray(current)) current = current[step];
      else if (step !== 0) return undefined;
    } else {
      if (Array.isArray(current)) {
        if (current.length !== 1) return undefined;
        current = current[0];
      }
      current = (current as Record<string, unknown>)[step];
    }
  }
  return current;
}

/**
 * An expression's value: templates evaluated, objects and lists element by element, other values
 * as written. Undefined when any part needs more than a lookup.
 */
export function evaluateExpression(expression: unknown, lookup: (reference: Reference) => unknown): unknown {
  if (typeof expression === "string") {
    if (!expression.includes("${")) return expression;
    if (expression.includes("$${")) return undefined;
    const parts = parseTemplate(expression);
    return parts ? evaluateTemplate(parts, lookup) : undefined;
  }
  if (Array.isArray(expression)) {
    const values = expression.map((element) => evaluateExpression(element, lookup));
    return values.includes(undefined) ? undefined : values;
  }
  if (expression !== null && typeof expression === "object") {
    const entries = Object.entries(expression).filter(([key]) => key !== "//");
    const values = entries.map(([key, value]) => [key, evaluateExpression(value, lookup)] as const);
    return values.some(([, value]) => value === undefined) ? undefined : Object.fromEntries(values);
  }
  return expression;
}
