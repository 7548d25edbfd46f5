/**
 * CloudWatch metric math, the part alarms here use, evaluated one period at a time: numbers, query
 * ids, + - * /, comparisons (1 or 0), AND / OR, and the functions IF and FILL. A value is a number
 * or missing (the period has no datapoint); arithmetic on a missing value, or a division by zero,
 * is missing, as CloudWatch drops such points. Anything else is refused by name, so an alarm using
 * a function this evaluator does not know fails the test instead of being misjudged.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/using-metric-math.html
 */
export type MathValue = number | undefined;

export class UnsupportedMetricMathError extends Error {}

type Node =
  | { readonly kind: "number"; readonly value: number }
  | { readonly kind: "id"; readonly name: string }
  | { readonly kind: "call"; readonly name: string; readonly args: readonly Node[] }
  | { readonly kind: "binary"; readonly operator: string; readonly left: Node; readonly right: Node }
  | { readonly kind: "negate"; readonly operand: Node };

const TOKEN = /\s*(?:(\d+(?:\.\d+)?)|([A-Za-z_][A-Za-z0-9_]*)|(>=|<=|==|!=|&&|\|\||[-+*/(),<>]))/y;

function tokenize(expression: string): string[] {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < expression.length) {
    if (/^\s*$/.test(expression.slice(TOKEN.lastIndex))) break;
    const start = TOKEN.lastIndex;
    const match = TOKEN.exec(expression);
    if (!match) throw new UnsupportedMetricMathError(`cannot read "${expression}" at position ${start}`);
    tokens.push(match[1] ?? match[2] ?? match[3]);
  }
  return tokens;
}

const COMPARISONS = new Set([">=", ">", "<=", "<", "==", "!="]);

/** Parses an expression into a tree, refusing what it does not know. */
export function parseMetricMath(expression: string): Node {
  const tokens = tokenize(expression);
  let position = 0;
  const peek = () => tokens[position];
  const take = (expected?: string) => {
    const token = tokens[position++];
    if (expected !== undefined && token !== expected) throw new UnsupportedMetricMathError(`expected "${expected}" in "${expression}", found "${token ?? "the end"}"`);
    return token;
  };
  const binaryLevel = (operators: Set<string>, next: () => Node) => (): Node => {
    let left = next();
    while (peek() !== undefined && operators.has(peek()!.toUpperCase())) {
      const operator = take().toUpperCase();
      left = { kind: "binary", operator, left, right: next() };
    }
    return left;
  };
  const primary = (): Node => {
    const token = take();
    if (token === undefined) throw new UnsupportedMetricMathError(`"${expression}" ends too soon`);
    if (token === "-") return { kind: "negate", operand: primary() };
    if (token === "(") {
      const inner = or();
      take(")");
      return inner;
    }
    if (/^\d/.test(token)) return { kind: "number", value: Number(token) };
    if (/^[A-Za-z_]/.test(token)) {
      if (peek() !== "(") return { kind: "id", name: token };
      take("(");
      const args: Node[] = [];
      if (peek() !== ")") {
        args.push(or());
        while (peek() === ",") {
          take(",");
          args.push(or());
        }
      }
      take(")");
      return { kind: "call", name: token.toUpperCase(), args };
    }
    throw new UnsupportedMetricMathError(`unexpected "${token}" in "${expression}"`);
  };
  const multiplicative = binaryLevel(new Set(["*", "/"]), primary);
  const additive = binaryLevel(new Set(["+", "-"]), multiplicative);
  const comparison = binaryLevel(COMPARISONS, additive);
  const and = binaryLevel(new Set(["AND", "&&"]), comparison);
  const or: () => Node = binaryLevel(new Set(["OR", "||"]), and);
  const tree = or();
  if (position !== tokens.length) throw new UnsupportedMetricMathError(`unexpected "${tokens[position]}" in "${expression}"`);
  return tree;
}

/** Evaluates a parsed expression for one period, reading the other queries' values by id. */
export function evaluateMetricMath(node: Node, valueOf: (id: string) => MathValue): MathValue {
  const evaluate = (inner: Node) => evaluateMetricMath(inner, valueOf);
  switch (node.kind) {
    case "number":
      return node.value;
    case "id":
      return valueOf(node.name);
    case "negate": {
      const value = evaluate(node.operand);
      return value === undefined ? undefined : -value;
    }
    case "binary":
      return binary(node.operator, evaluate(node.left), evaluate(node.right));
    case "call":
      return call(node.name, node.args, evaluate);
  }
}

function binary(operator: string, left: MathValue, right: MathValue): MathValue {
  if (left === undefined || right === undefined) return undefined;
  switch (operator) {
    case "+": return left + right;
    case "-": return left - right;
    case "*": return left * right;
    case "/": return right === 0 ? undefined : left / right;
    case ">=": return Number(left >= right);
    case ">": return Number(left > right);
    case "<=": return Number(left <= right);
    case "<": return Number(left < right);
    case "==": return Number(left === right);
    case "!=": return Number(left !== right);
    case "AND": case "&&": return Number(left !== 0 && right !== 0);
    case "OR": case "||": return Number(left !== 0 || right !== 0);
    default: throw new UnsupportedMetricMathError(`unsupported operator ${operator}`);
  }
}

function call(name: string, args: readonly Node[], evaluate: (node: Node) => MathValue): MathValue {
  const arity = (count: number) => {
    if (args.length !== count) throw new UnsupportedMetricMathError(`${name} takes ${count} arguments, got ${args.length}`);
  };
  switch (name) {
    case "IF": {
      arity(3);
      const condition = evaluate(args[0]);
      if (condition === undefined) return undefined;
      return condition !== 0 ? evaluate(args[1]) : evaluate(args[2]);
    }
    case "FILL": {
      arity(2);
      return evaluate(args[0]) ?? evaluate(args[1]);
    }
    default:
      throw new UnsupportedMetricMathError(`metric math function ${name} is not modelled by this evaluator`);
  }
}
