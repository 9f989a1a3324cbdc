import { App } from 'cdktf';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadEnvironments } from '../../config/load';
import { BackupEnvironmentStack } from '../../modules/estate/backup-environment-stack';
import type { SecurityFinding, TerraformJson } from '../../modules/security/security-finding';
import { formatFinding, runSecurityRules, SECURITY_RULES } from '../../modules/security/security-rules';
import { parseCommandLine, runCommand } from '../lib/command-line';
import { defaultEnvironmentsDir } from '../../config/environment-files';

/**
 * `npm run check [-- --json]`: the security rule pack (modules/security/security-rules.ts) over every environment's stack,
 * as a report. Environments come from `BACKUP_ENVIRONMENTS_DIR` (default: environments), like main.ts. Stacks are
 * built in memory and read with `toTerraform()`: no aspect runs and nothing is written to cdktf.out. Prints per
 * stack and rule the findings, then a rules x stacks summary; `--json` prints the report as JSON instead.
 * Exits 1 when any error-severity finding exists (or the configuration is invalid), 2 on an unknown argument, 0 otherwise.
 */

export interface StackReport {
  readonly stack: string;
  readonly findings: readonly SecurityFinding[];
  /** Rule ID -> number of findings, for every rule (0 = pass). */
  readonly counts: Readonly<Record<string, number>>;
}

export interface CheckReport {
  readonly rules: readonly { id: string; severity: string; rationale: string }[];
  readonly stacks: readonly StackReport[];
  readonly errors: number;
  readonly warnings: number;
  /** true when there is no error-severity finding. */
  readonly ok: boolean;
}

/** Builds every environment's stack and runs the rule pack over each. */
export function checkEnvironments(directory: string): CheckReport {
  const environments = loadEnvironments(directory);
  // The App constructor creates its output folder; keep it out of the project.
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'security-check-'));
  try {
    const app = new App({ outdir, skipValidation: true });
    const stacks = environments.map((env) => new BackupEnvironmentStack(app, env));
    const reports = stacks.map((stack): StackReport => {
      const findings = runSecurityRules(stack.toTerraform() as TerraformJson).map((f) => ({ ...f, stack: stack.node.id }));
      const counts = Object.fromEntries(SECURITY_RULES.map((r) => [r.id, findings.filter((f) => f.rule === r.id).length]));
      return { stack: stack.node.id, findings, counts };
    });
    const all = reports.flatMap((r) => r.findings);
    const errors = all.filter((f) => f.severity === 'error').length;
    return {
      rules: SECURITY_RULES.map(({ id, severity, rationale }) => ({ id, severity, rationale })),
      stacks: reports,
      errors,
      warnings: all.length - errors,
      ok: errors === 0,
    };
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

const pad = (text: string, width: number) => text + ' '.repeat(Math.max(0, width - text.length));

/** The human-readable report. */
export function formatReport(report: CheckReport): string {
  const lines: string[] = [];
  for (const stack of report.stacks) {
    const errors = stack.findings.filter((f) => f.severity === 'error').length;
    lines.push(`== ${stack.stack}: ${errors} error${errors === 1 ? '' : 's'}, ${stack.findings.length - errors} warning${stack.findings.length - errors === 1 ? '' : 's'}`);
    for (const rule of report.rules) {
      const findings = stack.findings.filter((f) => f.rule === rule.id);
      if (findings.length === 0) continue;
      lines.push(`  ${rule.id} (${rule.severity}): ${findings.length} finding${findings.length === 1 ? '' : 's'}`);
      for (const finding of findings) lines.push(`    - ${formatFinding(finding)}`);
    }
  }
  const names = report.stacks.map((s) => s.stack);
  const cell = (rule: { id: string; severity: string }, stack: StackReport) => {
    const n = stack.counts[rule.id];
    return n === 0 ? 'pass' : `${rule.severity === 'error' ? 'FAIL' : 'warn'} ${n}`;
  };
  const header = ['rule', 'severity', ...names, 'stacks pass', 'stacks fail'];
  const rows = report.rules.map((rule) => {
    const failing = report.stacks.filter((s) => s.counts[rule.id] > 0).length;
    return [rule.id, rule.severity, ...report.stacks.map((s) => cell(rule, s)), String(report.stacks.length - failing), String(failing)];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  lines.push('', 'Summary', [header, ...rows].map((row) => row.map((c, i) => pad(c, widths[i])).join('  ').trimEnd()).join('\n'));
  const passing = report.rules.filter((rule) => report.stacks.every((s) => s.counts[rule.id] === 0)).length;
  lines.push('', `${report.rules.length} rules x ${report.stacks.length} stacks: ${passing} rules pass everywhere; ` +
    `${report.errors} error${report.errors === 1 ? '' : 's'}, ${report.warnings} warning${report.warnings === 1 ? '' : 's'}` +
    (report.ok ? '' : ' (failing: errors must be fixed)'));
  return lines.join('\n');
}

const USAGE = 'Usage: npm run check [-- --json]';

function main(argv: readonly string[]): number {
  const { values } = parseCommandLine(argv, { json: { type: 'boolean', default: false } }, USAGE);
  const report = checkEnvironments(defaultEnvironmentsDir());
  process.stdout.write(`${values.json ? JSON.stringify(report, null, 2) : formatReport(report)}\n`);
  return report.ok ? 0 : 1;
}

if (require.main === module) runCommand('check', () => main(process.argv.slice(2)));
