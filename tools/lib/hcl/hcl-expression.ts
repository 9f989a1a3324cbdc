/**
 * Terraform JSON values -> HCL native syntax expressions.
 *
 * In Terraform's JSON syntax every string is a template (`${...}` interpolations, `%{...}` directives); in native
 * syntax a quoted string is a template with the same meaning, so only the literal parts need escaping. cdktf's own
 * HCL output gets this wrong (a JSON policy with a reference comes out with unescaped quotes), which is why we
 * convert the JSON it synthesizes instead.
 */

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** Index just past the `}` closing the template sequence that opens at `start` (`${` or `%{`). */
function sequenceEnd(text: string, start: number): number {
  let depth = 0;
  let quote = false;
  for (let i = start + 1; i < text.length; i++) {
    const char = text[i];
    if (quote) {
      if (char === '\\') i++;
      else if (char === '"') quote = false;
      continue;
    }
    if (char === '"') quote = true;
    else if (char === '{') depth++;
    else if (char === '}' && --depth === 0) return i + 1;
  }
  throw new Error(`unterminated template sequence in ${JSON.stringify(text)}`);
}

function escapeLiteral(char: string): string {
  switch (char) {
    case '\\': return '\\\\';
    case '"': return '\\"';
    case '\n': return '\\n';
    case '\r': return '\\r';
    case '\t': return '\\t';
    default: {
      const code = char.charCodeAt(0);
      return code < 0x20 ? `\\u${code.toString(16).padStart(4, '0')}` : char;
    }
  }
}

/** A quoted HCL template with the same meaning as `text` had as a Terraform JSON string. */
export function quotedTemplate(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    // `$${` and `%%{` are the escapes for a literal `${` / `%{` in both syntaxes.
    if ((text.startsWith('$${', i) || text.startsWith('%%{', i))) {
      out += text.slice(i, i + 3);
      i += 3;
    } else if (text.startsWith('${', i) || text.startsWith('%{', i)) {
      const end = sequenceEnd(text, i);
      out += text.slice(i, end);
      i = end;
    } else {
      out += escapeLiteral(text[i]);
      i++;
    }
  }
  return `"${out}"`;
}

/** The expression inside `text` when `text` is exactly one interpolation (`"${x}"` means `x`). */
export function soleInterpolation(text: string): string | undefined {
  if (!text.startsWith('${') || text.startsWith('$${')) return undefined;
  return sequenceEnd(text, 0) === text.length ? text.slice(2, -1).trim() : undefined;
}

/** A string value: a bare expression when it is one interpolation, otherwise a quoted template. */
export function stringExpression(text: string): string {
  return soleInterpolation(text) ?? quotedTemplate(text);
}

/** An object key: bare when it is an identifier, otherwise quoted. */
export function objectKey(key: string): string {
  return IDENTIFIER.test(key) ? key : quotedTemplate(key);
}

/** Any JSON value as an HCL expression, indented for nesting at `indent`. */
export function expression(value: JsonValue, indent = ''): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return stringExpression(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    if (value.every((v) => v === null || typeof v !== 'object')) {
      const flat = `[${value.map((v) => expression(v)).join(', ')}]`;
      if (flat.length + indent.length <= 100) return flat;
    }
    return `[\n${value.map((v) => `${inner}${expression(v, inner)},`).join('\n')}\n${indent}]`;
  }
  const entries = Object.entries(value);
  if (entries.length === 0) return '{}';
  return `{\n${entries.map(([k, v]) => `${inner}${objectKey(k)} = ${expression(v, inner)}`).join('\n')}\n${indent}}`;
}

/**
 * A reference written as a JSON string (`"aws_kms_key.x"`, `"${aws_kms_key.x}"`, `"aws.eu-west-1"`) as the bare
 * traversal that native syntax needs in `provider`, `depends_on` and `lifecycle.ignore_changes`.
 */
export function traversal(text: string): string {
  const bare = soleInterpolation(text) ?? text;
  // Map keys are quoted indexes and may hold spaces: resource_type_opt_in_preference["Redshift Serverless"].
  if (!/^[A-Za-z_][A-Za-z0-9_-]*(\.[A-Za-z0-9_*-]+|\[(\d+|\*|"[^"\\]*")\])*$/.test(bare)) throw new Error(`not a reference: ${JSON.stringify(text)}`);
  return bare;
}
