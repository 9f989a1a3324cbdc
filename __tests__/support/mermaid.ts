import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

/** What the parser made of a flowchart: its vertices (subgraphs that arrows attach to included), arrows, subgraphs. */
export interface ParsedFlowchart {
  readonly vertices: readonly { id: string; text: string }[];
  /** stroke: `normal`, `thick` or `dotted`. */
  readonly edges: readonly { from: string; to: string; stroke: string; text: string }[];
  readonly subgraphs: readonly { id: string; title: string; nodes: readonly string[] }[];
}

export type MermaidParseResult = { ok: true; type: string; flowchart?: ParsedFlowchart } | { ok: false; error: string };

const CHECKER = path.join(__dirname, 'mermaid-parse.mjs');

/** Parses each diagram with the real mermaid parser (in a child process: mermaid is ESM-only). */
export function parseMermaid(diagrams: readonly string[]): MermaidParseResult[] {
  const result = spawnSync(process.execPath, [CHECKER], {
    input: JSON.stringify(diagrams),
    encoding: 'utf8',
    timeout: 60_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status !== 0) throw new Error(`mermaid-parse.mjs exited ${result.status}: ${result.stderr || result.error}`);
  return JSON.parse(result.stdout) as MermaidParseResult[];
}
