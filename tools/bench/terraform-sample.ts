import * as fs from 'fs';
import * as path from 'path';
import { Writable } from 'stream';
import { readManifest, type ManifestStack } from '../lib/terraform/manifest';
import { synthesizeApp } from '../lib/terraform/synth';
import { memberName, writeOrganization } from './organization';
import type { BenchOptions } from './section';

/*
 * The stacks the Terraform benchmark plans: the four example environments as users see them, and one generated member
 * account of a 10-member organization (three regions, the largest stack shape the generator makes).
 */

/** A synthesized stack to measure, with the label the table shows. */
export interface SampleStack extends ManifestStack {
  readonly label: string;
  /** A member of the generated organization rather than an example environment. */
  readonly generated: boolean;
}

const GENERATED_ORGANIZATION_MEMBERS = 10;

/** Progress written by synthesizeApp (a stream) as lines through the benchmark's log. */
function lineLog(log: (line: string) => void, prefix: string): Writable {
  let pending = '';
  return new Writable({
    write(chunk: Buffer, _encoding, done) {
      pending += chunk.toString('utf8');
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) if (line.trim()) log(`${prefix}${line}`);
      done();
    },
    final(done) {
      if (pending.trim()) log(`${prefix}${pending}`);
      done();
    },
  });
}

async function synthesize(options: BenchOptions, environmentsDir: string, outDir: string, what: string): Promise<ManifestStack[]> {
  // cdktf's App creates the output folder but not its parents.
  fs.mkdirSync(path.dirname(outDir), { recursive: true });
  const progress = lineLog(options.log, `  terraform: ${what}: `);
  await synthesizeApp({ root: options.root, outDir, environmentsDir, progress });
  progress.end();
  return readManifest(outDir);
}

/** Synthesizes the examples and the generated organization into the scratch folder; returns the stacks to measure. */
export async function synthesizeSampleStacks(options: BenchOptions): Promise<SampleStack[]> {
  const dir = path.join(options.workDir, 'terraform');
  const examples = await synthesize(options, path.join(options.root, 'environments'), path.join(dir, 'examples', 'cdktf.out'), 'example environments');
  const organizationDir = path.join(dir, `organization-${GENERATED_ORGANIZATION_MEMBERS}`);
  writeOrganization(path.join(organizationDir, 'environments'), GENERATED_ORGANIZATION_MEMBERS);
  const generated = await synthesize(options, path.join(organizationDir, 'environments'), path.join(organizationDir, 'cdktf.out'), `${GENERATED_ORGANIZATION_MEMBERS}-member organization`);
  const member = generated.find((s) => s.name === memberName(1, GENERATED_ORGANIZATION_MEMBERS));
  if (!member) throw new Error(`the generated organization has no stack ${memberName(1, GENERATED_ORGANIZATION_MEMBERS)} (it has ${generated.map((s) => s.name).join(', ')})`);
  return [
    ...examples.map((s) => ({ ...s, label: s.name, generated: false })),
    { ...member, label: `${member.name} (generated, ${GENERATED_ORGANIZATION_MEMBERS}-member org)`, generated: true },
  ];
}
