/**
 * The human-readable plan, from what `terraform plan -no-color -out=<file>` prints, instead of running
 * `terraform show -no-color <file>` afterwards: `show` starts terraform and loads the AWS provider's schema once more
 * (about 4 CPU-seconds a stack; a pull request planning a thousand accounts pays it a thousand times), to print the
 * same text. What `plan` prints besides it is cut here, as terraform 1.11 writes it (internal/command/views):
 * - before the plan, the progress of reading the real objects: `<address>: Refreshing state... [id=…]`, and for data
 *   sources `Reading...`, `Still reading... [10s elapsed]`, `Read complete after 0s [id=…]` (the blank line after them
 *   is where `show` starts too);
 * - after it (and after any warnings, which are kept: a reviewer should see them), unless TF_IN_AUTOMATION is set
 *   (as this project's commands set it), a horizontal rule and the note on the saved file: `Saved the plan to: <file>`
 *   and `To perform exactly these actions, run…`.
 * The test plans with terraform's built-in terraform_data and compares the result with `terraform show -no-color`.
 */

const PROGRESS_LINE = /: (Refreshing state\.\.\.|Reading\.\.\.|Still reading\.\.\.|Read complete after \S+)( \[.*\])?$/;
const SAVED_PLAN_NOTE = /\n+─+\n+Saved the plan to: [\s\S]*$/;

/** The plan text of `terraform plan -no-color -out=<file>`'s stdout, as `terraform show -no-color <file>` prints it (warnings kept). */
export function planTextOf(planStdout: string): string {
  const lines = planStdout.split('\n');
  let start = 0;
  while (start < lines.length && PROGRESS_LINE.test(lines[start])) start++;
  return lines.slice(start).join('\n').replace(SAVED_PLAN_NOTE, '\n');
}
