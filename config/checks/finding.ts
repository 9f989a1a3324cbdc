import type { PathSegment } from '../problems';
import type { RuleId } from './catalog';

/** A rule violation inside one file; the loader adds the file name and line. */
export interface Finding {
  readonly path: readonly PathSegment[];
  readonly rule: RuleId;
  readonly message: string;
  readonly received?: unknown;
  /** A warning does not stop the run: AWS may refuse it, and the file cannot tell for sure. @default error */
  readonly severity?: 'warning';
}

/** Collects findings; rules call `report` for each problem and never stop at the first. */
export class Findings {
  readonly items: Finding[] = [];
  report(path: readonly PathSegment[], rule: RuleId, message: string, received?: unknown): void {
    this.items.push({ path, rule, message, received });
  }

  warn(path: readonly PathSegment[], rule: RuleId, message: string, received?: unknown): void {
    this.items.push({ path, rule, message, received, severity: 'warning' });
  }
}
