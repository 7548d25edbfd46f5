import type { ShadowMismatch, ShadowMismatchKind } from "../../../contracts/shadow-read";

/** One side's answer, as the caller got it (or would have). */
export interface ComparedAnswer {
  readonly statusCode: number;
  readonly body: string;
}

/** A JSON value's shape: its type, an array's merged element shape, an object's fields. */
type Shape =
  | { readonly type: "null" | "boolean" | "number" | "string" }
  /** Elements whose shapes disagree among themselves (a number and a string): compared no further. */
  | { readonly type: "mixed" }
  /** `element` is undefined for an empty array. */
  | { readonly type: "array"; readonly element?: Shape }
  | { readonly type: "object"; readonly fields: ReadonlyMap<string, Field> };

interface Field {
  readonly shape: Shape;
  /** Present in some of an array's elements only: its absence on the other side is no mismatch. */
  readonly optional: boolean;
}

/**
 * Fields that page a listing, by name: the read API's `nextCursor`, and the usual names of other
 * APIs' cursors, tokens and counts. A difference there is a `pagination` mismatch.
 */
const PAGINATION_FIELD = /^(next|prev|previous)([A-Z_]|$)|cursor|^(page|pageSize|pageNumber|offset|limit|total|totalCount|hasMore|has_more|hasNextPage)$/i;
const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/**
 * Compares the contract of the candidate's answer with the control's, never their values (the
 * control serves mock data):
 * - a different status is one `status` mismatch, and the bodies are not compared (a 404's body has
 *   nothing in common with a 200's);
 * - a body that is JSON on one side only is `unreadable`; two bodies that are not JSON agree;
 * - then field names and JSON types, recursively: a field one side lacks is `missing-field` (the
 *   candidate lacks it) or `extra-field` (the candidate adds it), another type is `field-type`;
 * - arrays are compared by the merged shape of their elements, so their lengths never matter and an
 *   empty array is compatible with any array;
 * - `null` is compatible with every type: optional values (`unsubscribedAt`, a relation that may be
 *   missing) are null in real data where the mock has a value, and the other way round;
 * - differences at a pagination field (`nextCursor`, see PAGINATION_FIELD), or a page object
 *   answered as a bare array, are `pagination`;
 * - in a 4xx answer, every difference is `error-format`: the error body's shape is the contract
 *   callers parse (`{ error: { code, message } }`).
 */
export function compareContract(control: ComparedAnswer, candidate: ComparedAnswer): ShadowMismatch[] {
  if (control.statusCode !== candidate.statusCode) {
    return [{ kind: "status", path: "$", control: String(control.statusCode), candidate: String(candidate.statusCode) }];
  }
  const controlBody = parseJson(control.body);
  const candidateBody = parseJson(candidate.body);
  if (!controlBody.ok || !candidateBody.ok) {
    if (controlBody.ok === candidateBody.ok) return [];
    return [{ kind: "unreadable", path: "$", control: jsonText(controlBody.ok), candidate: jsonText(candidateBody.ok) }];
  }
  const isError = control.statusCode >= 400 && control.statusCode < 500;
  const mismatches: ShadowMismatch[] = [];
  compareShapes(shapeOf(controlBody.value), shapeOf(candidateBody.value), { path: "$", isError }, mismatches);
  return mismatches;
}

function parseJson(body: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(body) };
  } catch {
    return { ok: false };
  }
}

const jsonText = (ok: boolean) => (ok ? "JSON" : "not JSON");

function shapeOf(value: unknown): Shape {
  if (value === null) return { type: "null" };
  if (Array.isArray(value)) return { type: "array", element: value.map(shapeOf).reduce<Shape | undefined>(merge, undefined) };
  if (typeof value === "object") {
    return { type: "object", fields: new Map(Object.entries(value as object).map(([name, field]) => [name, { shape: shapeOf(field), optional: false }])) };
  }
  return { type: typeof value as "boolean" | "number" | "string" };
}

/** The shape of an array's elements, one element at a time: null gives way to any type, fields are united. */
function merge(left: Shape | undefined, right: Shape): Shape {
  if (!left || left.type === "null") return right;
  if (right.type === "null") return left;
  if (left.type === "array" && right.type === "array") {
    return { type: "array", element: right.element ? merge(left.element, right.element) : left.element };
  }
  if (left.type === "object" && right.type === "object") {
    const fields = new Map<string, Field>();
    for (const name of new Set([...left.fields.keys(), ...right.fields.keys()])) {
      const [a, b] = [left.fields.get(name), right.fields.get(name)];
      fields.set(name, a && b ? { shape: merge(a.shape, b.shape), optional: a.optional || b.optional } : { shape: (a ?? b)!.shape, optional: true });
    }
    return { type: "object", fields };
  }
  return left.type === right.type ? left : { type: "mixed" };
}

/** Where two shapes are compared: the path, the field's name (none for the body and array elements), the answer's kind. */
interface Place {
  readonly path: string;
  readonly name?: string;
  readonly isError: boolean;
}

function compareShapes(control: Shape | undefined, candidate: Shape | undefined, place: Place, found: ShadowMismatch[]): void {
  if (!control || !candidate) return; // an empty array's elements
  if (control.type === "null" || candidate.type === "null" || control.type === "mixed" || candidate.type === "mixed") return;
  const { path, isError } = place;
  if (control.type !== candidate.type) {
    const paging = (place.name !== undefined && PAGINATION_FIELD.test(place.name)) || isPageAnsweredAsArray(control, candidate);
    found.push({ kind: isError ? "error-format" : paging ? "pagination" : "field-type", path, control: control.type, candidate: candidate.type });
    return;
  }
  if (control.type === "array" && candidate.type === "array") {
    compareShapes(control.element, candidate.element, { path: `${path}[]`, isError }, found);
    return;
  }
  if (control.type !== "object" || candidate.type !== "object") return;
  for (const [name, field] of control.fields) {
    const other = candidate.fields.get(name);
    const fieldPath = childPath(path, name);
    if (other) compareShapes(field.shape, other.shape, { path: fieldPath, name, isError }, found);
    else if (!field.optional) found.push({ kind: absenceKind("missing-field", name, isError), path: fieldPath, control: field.shape.type, candidate: "absent" });
  }
  for (const [name, field] of candidate.fields) {
    if (control.fields.has(name) || field.optional) continue;
    found.push({ kind: absenceKind("extra-field", name, isError), path: childPath(path, name), control: "absent", candidate: field.shape.type });
  }
}

function absenceKind(kind: "missing-field" | "extra-field", name: string, isError: boolean): ShadowMismatchKind {
  if (isError) return "error-format";
  return PAGINATION_FIELD.test(name) ? "pagination" : kind;
}

/** A page (an object with a pagination field) on one side, a bare array on the other. */
function isPageAnsweredAsArray(control: Shape, candidate: Shape): boolean {
  const isPage = (shape: Shape) => shape.type === "object" && [...shape.fields.keys()].some((name) => PAGINATION_FIELD.test(name));
  return (isPage(control) && candidate.type === "array") || (control.type === "array" && isPage(candidate));
}

function childPath(path: string, name: string): string {
  return IDENTIFIER.test(name) ? `${path}.${name}` : `${path}[${JSON.stringify(name)}]`;
}
