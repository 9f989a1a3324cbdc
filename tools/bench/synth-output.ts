import * as fs from 'fs';
import * as path from 'path';
import { readManifest } from '../lib/terraform/manifest';

/** What a synthesis wrote: stacks, resources and bytes (all of it, and the cdk.tf.json files alone). */
export interface SynthOutput {
  readonly stacks: number;
  readonly resources: number;
  /** Resources per stack name. */
  readonly resourcesByStack: Readonly<Record<string, number>>;
  readonly stackJsonBytes: number;
  /** Every file under the output folder: the stacks, their assets (function zips), the manifest. */
  readonly totalBytes: number;
}

function bytesUnder(dir: string): number {
  let total = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) total += bytesUnder(full);
    else if (entry.isFile()) total += fs.statSync(full).size;
  }
  return total;
}

/** Resource blocks of a synthesized stack (`resource.<type>.<name>`); data sources are not resources. */
export function countResources(stackJson: { resource?: Record<string, Record<string, unknown>> }): number {
  return Object.values(stackJson.resource ?? {}).reduce((sum, byName) => sum + Object.keys(byName).length, 0);
}

/** Measures the output folder of one synthesis, from its manifest. */
export function measureSynthOutput(outDir: string): SynthOutput {
  const resourcesByStack: Record<string, number> = {};
  let stackJsonBytes = 0;
  const stacks = readManifest(outDir);
  for (const stack of stacks) {
    const text = fs.readFileSync(stack.stackFile, 'utf8');
    stackJsonBytes += Buffer.byteLength(text);
    resourcesByStack[stack.name] = countResources(JSON.parse(text));
  }
  const resources = Object.values(resourcesByStack).reduce((a, b) => a + b, 0);
  return { stacks: stacks.length, resources, resourcesByStack, stackJsonBytes, totalBytes: bytesUnder(outDir) };
}
