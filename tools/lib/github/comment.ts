/**
 * The one pull-request comment that shows every environment's plan: composed from the plan jobs' `--json`
 * reports, then created or, on later pushes, updated in place (found by a hidden marker), so a pull request never
 * collects a comment per push.
 */
import { renderPlanMarkdown, type PlanReport, type StackPlanReport } from '../plan-report';
import type { CiMatrixEntry, CiSkip } from './matrix';

/** Hidden first line that identifies our comment among the pull request's comments. */
export const COMMENT_MARKER = '<!-- cdktf-aws-backup:plan -->';

export interface CommentContext {
  /** Link to the workflow run, where the full plans are uploaded. */
  readonly runUrl?: string;
  /** The commit that was planned. */
  readonly sha?: string;
}

/**
 * The comment body. Every environment the matrix planned appears: one whose job wrote no report (it failed before
 * planning, e.g. while assuming its role) is shown as failed, never silently left out.
 */
export function composeComment(
  reports: readonly PlanReport[],
  expected: readonly CiMatrixEntry[],
  skipped: readonly CiSkip[],
  context: CommentContext = {},
): { readonly body: string; readonly failedEnvironments: readonly string[] } {
  const byName = new Map<string, StackPlanReport>();
  for (const report of reports) for (const stack of report.stacks) byName.set(stack.environment, stack);
  const names = [...new Set([...expected.map((e) => e.environment), ...byName.keys()])].sort();
  const stacks = names.map(
    (name): StackPlanReport =>
      byName.get(name) ?? { environment: name, status: 'failed', seconds: 0, error: 'The plan job wrote no report: it failed before planning (see the workflow run).' },
  );
  const footer: string[] = [];
  if (context.sha || context.runUrl) {
    const parts = [context.sha ? `commit ${context.sha.slice(0, 12)}` : undefined, context.runUrl ? `[workflow run](${context.runUrl})` : undefined];
    footer.push(`<sub>Planned ${parts.filter(Boolean).join(' · ')}; planned with each environment's read-only CI plan role.</sub>`);
  }
  const markdown = renderPlanMarkdown(stacks, {
    skipped,
    heading: '### Terraform plan',
    fullPlanLocation: context.runUrl ? `the plan artifacts of ${context.runUrl}` : 'the plan artifacts',
    footer,
    maxChars: 60000,
  });
  return {
    body: `${COMMENT_MARKER}\n${markdown}`,
    failedEnvironments: stacks.filter((s) => s.status === 'failed').map((s) => s.environment),
  };
}

/** The few GitHub REST calls the upsert needs (an Octokit instance satisfies it). */
export interface IssueCommentsApi {
  listComments(params: { owner: string; repo: string; issue_number: number; per_page: number; page: number }): Promise<{ data: { id: number; body?: string | null }[] }>;
  createComment(params: { owner: string; repo: string; issue_number: number; body: string }): Promise<{ data: { id: number; html_url: string } }>;
  updateComment(params: { owner: string; repo: string; comment_id: number; body: string }): Promise<{ data: { id: number; html_url: string } }>;
}

export interface UpsertResult {
  readonly action: 'created' | 'updated';
  readonly id: number;
  readonly url: string;
}

/** Updates our existing comment on the pull request, or creates it. */
export async function upsertComment(
  api: IssueCommentsApi,
  target: { readonly owner: string; readonly repo: string; readonly pullRequest: number },
  body: string,
): Promise<UpsertResult> {
  const base = { owner: target.owner, repo: target.repo };
  for (let page = 1; ; page++) {
    const { data } = await api.listComments({ ...base, issue_number: target.pullRequest, per_page: 100, page });
    const ours = data.find((c) => (c.body ?? '').startsWith(COMMENT_MARKER));
    if (ours) {
      const updated = await api.updateComment({ ...base, comment_id: ours.id, body });
      return { action: 'updated', id: updated.data.id, url: updated.data.html_url };
    }
    if (data.length < 100) break;
  }
  const created = await api.createComment({ ...base, issue_number: target.pullRequest, body });
  return { action: 'created', id: created.data.id, url: created.data.html_url };
}
