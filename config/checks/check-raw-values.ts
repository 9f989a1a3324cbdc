import type { PathSegment } from '../problems';
import { Findings, type Finding } from './finding';

/**
 * Terraform reads `${` (interpolation) and `%{` (directive) in every string of its JSON configuration, and the
 * configuration's strings reach the synthesized JSON verbatim (names, ARNs, OIDC subjects, state keys, restore
 * metadata, inside IAM policies too). Such a value would fail `terraform validate`, or worse, silently become a
 * reference or a template. Nothing this project configures needs them, so they are refused where they are written.
 */
const TERRAFORM_TEMPLATE = /[$%]\{/;
const TEMPLATE_MESSAGE = 'must not contain "${" or "%{": Terraform would read it as template syntax (an interpolation or a directive), not as text';

/**
 * Checks every key and string of a raw configuration value (as parsed from YAML, before the schema): no Terraform
 * template sequences, and no key named `__proto__` (a JavaScript object cannot hold it as a plain key: the schema
 * would silently drop it, e.g. a tag, and report something else).
 */
export function checkRawValues(raw: unknown): Finding[] {
  const out = new Findings();
  const seen = new Set<object>();
  const walk = (value: unknown, path: PathSegment[]): void => {
    if (typeof value === 'string') {
      if (TERRAFORM_TEMPLATE.test(value)) out.report(path, 'schema/invalid', TEMPLATE_MESSAGE, value);
      return;
    }
    if (value === null || typeof value !== 'object' || seen.has(value)) return;
    seen.add(value);
    if (Array.isArray(value)) {
      value.forEach((item, i) => walk(item, [...path, i]));
      return;
    }
    for (const [key, item] of Object.entries(value)) {
      if (key === '__proto__') {
        out.report([...path, key], 'schema/invalid', 'the key "__proto__" is reserved (JavaScript objects cannot hold it); use another name', item);
        continue;
      }
      if (TERRAFORM_TEMPLATE.test(key)) out.report([...path, key], 'schema/invalid', `key ${TEMPLATE_MESSAGE}`, key);
      walk(item, [...path, key]);
    }
  };
  walk(raw, []);
  return out.items;
}
