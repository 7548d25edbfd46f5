/**
 * Reading and rewriting HCL text where cdktf's HCL renderer (archived, so not fixable upstream)
 * falls short of what Terraform authors write. Every rewrite keeps the meaning.
 */

/** Index just past the `}` closing the template expression whose body starts at `start` (after `${`). */
function expressionEnd(text: string, start: number): number {
  let depth = 1;
  let i = start;
  while (i < text.length) {
    const c = text[i];
    if (c === '"') {
      i = quotedStringEnd(text, i);
      continue;
    }
    if (c === "{") depth += 1;
    if (c === "}" && --depth === 0) return i + 1;
    i += 1;
  }
  throw new Error(`unterminated template expression at offset ${start}`);
}

/** Index just past the `"` closing the quoted template that opens at `start`. */
function quotedStringEnd(text: string, start: number): number {
  let i = start + 1;
  while (i < text.length) {
    if (text[i] === "\\") i += 2;
    else if (text[i] === '"') return i + 1;
    else if (text.startsWith("$${", i) || text.startsWith("%%{", i)) i += 3;
    else if (text.startsWith("${", i) || text.startsWith("%{", i)) i = expressionEnd(text, i + 2);
    else i += 1;
  }
  throw new Error(`unterminated string at offset ${start}`);
}

/**
 * Escapes `"` and `\` in the literal parts of a string value that holds `${…}` references, leaving
 * the references as they are: the string as it must appear between quotes in HCL. (cdktf escapes
 * no such string, so a JSON document with a reference in it became invalid HCL.)
 */
export function escapeTemplateLiterals(value: string): string {
  let out = "";
  let i = 0;
  while (i < value.length) {
    if (value.startsWith("$${", i) || value.startsWith("%%{", i)) {
      out += value.slice(i, i + 3);
      i += 3;
    } else if (value.startsWith("${", i) || value.startsWith("%{", i)) {
      const end = expressionEnd(value, i + 2);
      out += value.slice(i, end);
      i = end;
    } else {
      out += value[i] === '"' || value[i] === "\\" ? `\\${value[i]}` : value[i];
      i += 1;
    }
  }
  return out;
}

/**
 * `"${aws_sns_topic.this.arn}"` becomes `aws_sns_topic.this.arn`. HCL defines a template that is a
 * single interpolation to yield the expression's own value, unconverted, so the two mean the same;
 * the bare form is what Terraform authors write. Object keys keep their quotes (a bare key is a
 * literal name); heredocs and comments are copied as they are.
 */
export function unwrapInterpolationOnly(hcl: string): string {
  // Copies unchanged text in slices, jumping from one character that may open a string, heredoc
  // or comment to the next: synth runs this over every stack, on its critical path.
  const parts: string[] = [];
  let copiedUpTo = 0;
  const interesting = /["#/<]/g;
  let match: RegExpExecArray | null;
  while ((match = interesting.exec(hcl)) !== null) {
    const i = match.index;
    const c = hcl[i];
    let end = i + 1;
    if (c === '"') {
      end = quotedStringEnd(hcl, i);
      const literal = hcl.slice(i, end);
      const isObjectKey = /^\s*(=(?!=)|:)/.test(hcl.slice(end, end + 40));
      if (literal.startsWith('"${') && !isObjectKey && expressionEnd(literal, 3) === literal.length - 1) {
        parts.push(hcl.slice(copiedUpTo, i), literal.slice(3, -2).trim());
        copiedUpTo = end;
      }
    } else if (c === "<") {
      const heredoc = /^<<-?([A-Za-z_][A-Za-z0-9_]*)\n/.exec(hcl.slice(i, i + 100));
      if (heredoc) {
        const closing = new RegExp(`\\n[ \\t]*${heredoc[1]}[ \\t]*(?=\\n|$)`, "g");
        closing.lastIndex = i + heredoc[0].length - 1;
        const found = closing.exec(hcl);
        if (!found) throw new Error(`unterminated heredoc ${heredoc[1]} at offset ${i}`);
        end = found.index + found[0].length;
      }
    } else if (c === "#" || hcl[i + 1] === "/") {
      const lineEnd = hcl.indexOf("\n", i);
      end = lineEnd === -1 ? hcl.length : lineEnd;
    }
    interesting.lastIndex = end;
  }
  parts.push(hcl.slice(copiedUpTo));
  return parts.join("");
}

// cdktf quotes the references in these lists, a form Terraform accepts with a "Quoted references
// are deprecated" warning on every plan. They only ever hold addresses, so unquoting is safe.
const REFERENCE_LIST = /\b(depends_on|ignore_changes)(\s*=\s*\[)([^\]]*)\]/g;

/** `depends_on = ["aws_iam_role.x"]` becomes `depends_on = [aws_iam_role.x]`. */
export function unquoteReferences(hcl: string): string {
  return hcl.replace(REFERENCE_LIST, (_, name, open, items: string) => `${name}${open}${items.replace(/"([A-Za-z_][\w.-]*)"/g, "$1")}]`);
}

/** cdktf's HCL as a Terraform author would write it (before `terraform fmt`). */
export function tidyCdktfHcl(hcl: string): string {
  return unwrapInterpolationOnly(unquoteReferences(hcl));
}
