/** A terraform command that failed; the message carries terraform's own error output. */
export class TerraformError extends Error {
  constructor(
    /** e.g. "terraform plan" */
    readonly command: string,
    /** Working directory it ran in. */
    readonly dir: string,
    readonly exitCode: number | null,
    /** Terraform's error output (stderr, or formatted diagnostics). */
    readonly output: string,
  ) {
    super(`${command} failed in ${dir} (exit ${exitCode ?? 'signal'}):\n${indent(tail(output.trim() || '(no output)'))}`);
    this.name = 'TerraformError';
  }
}

const MAX_OUTPUT = 6000;

function tail(text: string): string {
  return text.length <= MAX_OUTPUT ? text : `…(truncated)…\n${text.slice(-MAX_OUTPUT)}`;
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((l) => (l ? `  ${l}` : l))
    .join('\n');
}
