import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { benchFunctions } from './functions';
import { BenchOptions, BenchPart, BenchSection, renderMarkdownTable, renderTextTable } from './section';
import { benchSynthesis } from './synthesis';
import { benchTerraform } from './terraform';
import { benchTransitions } from './transitions';
import { terraformVersion } from './machine';
import { parseCommandLine, runCommand, UsageError } from '../lib/command-line';

/*
 * npm run bench [-- --quick] [--only synthesis,terraform,functions,transitions] [--json <file>] [--write-docs]
 *
 * A benchmark, not a test: it measures and reports, and fails only when a measurement could not be taken.
 * Parts run one after another so they do not compete for the two cores. Tables go to stdout, progress to stderr,
 * the JSON report to .bench/results.json (or --json), and with --write-docs the results block of BENCHMARKS.md.
 */

const PARTS: Readonly<Record<string, BenchPart>> = {
  synthesis: benchSynthesis,
  terraform: benchTerraform,
  functions: benchFunctions,
  transitions: benchTransitions,
};
const ROOT = path.resolve(__dirname, '..', '..');
const DOC = path.join(ROOT, 'BENCHMARKS.md');
const START = '<!-- bench:results:start (npm run bench -- --write-docs) -->';
const END = '<!-- bench:results:end -->';
const USAGE = 'Usage: npm run bench [-- --quick] [--only synthesis,terraform,functions,transitions] [--json <file>] [--write-docs]';

function machine(): Record<string, string | number> {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    terraform: terraformVersion(),
    os: `${os.type()} ${os.release()}`,
  };
}

function sectionText(section: BenchSection): string {
  return [`== ${section.title}`, renderTextTable(section), ...section.notes.map((n) => `  ${n}`)].join('\n');
}

function sectionMarkdown(section: BenchSection): string {
  return [`### ${section.title}`, '', renderMarkdownTable(section), '', ...section.notes.map((n) => `- ${n}`)].join('\n');
}

function writeDocs(sections: readonly BenchSection[], host: Record<string, string | number>, when: string, quick: boolean): void {
  const doc = fs.readFileSync(DOC, 'utf8');
  const from = doc.indexOf(START);
  const to = doc.indexOf(END);
  if (from < 0 || to < from) throw new Error(`${path.relative(ROOT, DOC)}: the markers ${START} and ${END} are missing`);
  const hostLine = `Measured ${when}${quick ? ' (--quick)' : ''} on ${host.cores} × ${host.cpu}, ${host.memoryGiB} GiB, Node ${host.node}, Terraform ${host.terraform}.`;
  const block = [START, '', hostLine, '', ...sections.map(sectionMarkdown).join('\n\n').split('\n'), '', END].join('\n');
  fs.writeFileSync(DOC, doc.slice(0, from) + block + doc.slice(to + END.length));
}

async function main(argv: readonly string[]): Promise<number> {
  const { values } = parseCommandLine(argv, {
    quick: { type: 'boolean', default: false },
    only: { type: 'string' },
    json: { type: 'string' },
    'write-docs': { type: 'boolean', default: false },
  }, USAGE);
  const chosen = values.only ? values.only.split(',').map((s) => s.trim()).filter(Boolean) : Object.keys(PARTS);
  const unknown = chosen.filter((id) => !PARTS[id]);
  if (unknown.length > 0) throw new UsageError(`Unknown benchmark part: ${unknown.join(', ')}. Known: ${Object.keys(PARTS).join(', ')}.`);
  if (values['write-docs'] && chosen.length !== Object.keys(PARTS).length) throw new UsageError('--write-docs rewrites every result in BENCHMARKS.md: run it without --only.');
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'backup-bench-'));
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const options: BenchOptions = { quick: values.quick, root: ROOT, workDir, log };
  const host = machine();
  const when = new Date().toISOString().slice(0, 10);
  const sections: BenchSection[] = [];
  try {
    for (const id of chosen) {
      log(`[${sections.length + 1}/${chosen.length}] ${id} ...`);
      const started = Date.now();
      const section = await PARTS[id](options);
      log(`[${sections.length + 1}/${chosen.length}] ${id} done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      sections.push(section);
      process.stdout.write(`\n${sectionText(section)}\n`);
    }
  } finally {
    fs.rmSync(workDir, { recursive: true, force: true });
  }
  const jsonFile = path.resolve(values.json ?? path.join(ROOT, '.bench', 'results.json'));
  fs.mkdirSync(path.dirname(jsonFile), { recursive: true });
  fs.writeFileSync(jsonFile, `${JSON.stringify({ version: 1, date: when, quick: values.quick, machine: host, sections }, null, 2)}\n`);
  log(`\nJSON report: ${path.relative(process.cwd(), jsonFile) || jsonFile}`);
  if (values['write-docs']) {
    writeDocs(sections, host, when, values.quick);
    log(`Results written to ${path.relative(process.cwd(), DOC)}`);
  }
  return 0;
}

runCommand('bench', () => main(process.argv.slice(2)));
