// Validates GitHub Actions workflow files with GitHub's own parser (@actions/workflow-parser: the schema and
// expression checks of the Actions language service). ESM-only, so jest runs this as a child process.
// Usage: node validate-workflows.mjs <file>...  -> prints [{ file, errors: [message...] }] as JSON.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { convertWorkflowTemplate, NoOperationTraceWriter, parseWorkflow } from '@actions/workflow-parser';

const results = [];
for (const file of process.argv.slice(2)) {
  const parsed = parseWorkflow({ name: basename(file), content: readFileSync(file, 'utf8') }, new NoOperationTraceWriter());
  const errors = parsed.context.errors.getErrors().map((e) => e.message);
  if (errors.length === 0 && parsed.value) {
    const template = await convertWorkflowTemplate(parsed.context, parsed.value);
    for (const e of template.errors ?? []) errors.push(e.Message ?? e.message ?? String(e));
  }
  results.push({ file, errors });
}
process.stdout.write(JSON.stringify(results));
