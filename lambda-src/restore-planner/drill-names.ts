import { createHash } from 'node:crypto';

/*
 * Names of restored resources. They start with "drill-", carry a readable part of the drill ID and end with a hash of
 * the whole drill ID, so two drills never collide even when truncation cuts their readable parts to the same text.
 */

export interface NameRules {
  readonly maxLength: number;
  /** Characters other than lower-case letters and digits that the service accepts; others become '-'. */
  readonly lowerCaseOnly: boolean;
  readonly extraAllowed: string;
}

/** 1-63 letters, digits, hyphens; starts with a letter; no double or trailing hyphen. */
export const RDS_IDENTIFIER: NameRules = { maxLength: 63, lowerCaseOnly: true, extraAllowed: '' };
/** 3-63 lower-case letters, digits, hyphens (dots avoided: they break virtual-hosted TLS). */
export const S3_BUCKET: NameRules = { maxLength: 63, lowerCaseOnly: true, extraAllowed: '' };
/** 3-255 of a-z A-Z 0-9 _ - . */
export const DYNAMODB_TABLE: NameRules = { maxLength: 255, lowerCaseOnly: false, extraAllowed: '_.' };
/** EFS CreationToken: 1-64 characters. */
export const EFS_CREATION_TOKEN: NameRules = { maxLength: 64, lowerCaseOnly: false, extraAllowed: '_.' };

const PREFIX = 'drill';
const HASH_LENGTH = 8;

export function drillResourceName(drillId: string, rules: NameRules): string {
  if (!drillId) throw new Error('drillId is required to name restored resources');
  const hash = createHash('sha256').update(drillId).digest('hex').slice(0, HASH_LENGTH);
  const escapedExtra = rules.extraAllowed.replace(/[-\\\]^]/g, '\\$&');
  const invalid = new RegExp(`[^a-z0-9${rules.lowerCaseOnly ? '' : 'A-Z'}${escapedExtra}]+`, 'g');
  const readableBudget = rules.maxLength - PREFIX.length - HASH_LENGTH - 2;
  const readable = (rules.lowerCaseOnly ? drillId.toLowerCase() : drillId)
    .replace(invalid, '-')
    .replace(/-{2,}/g, '-')
    .slice(0, Math.max(readableBudget, 0))
    .replace(/^[-_.]+|[-_.]+$/g, '');
  return readable ? `${PREFIX}-${readable}-${hash}` : `${PREFIX}-${hash}`;
}
