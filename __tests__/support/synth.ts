import { App, TerraformStack, Testing } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import * as path from 'node:path';
import { loadEnvironments } from '../../config/load';
import type { EnvironmentModel } from '../../config/model';
import { BackupEnvironmentStack } from '../../modules/estate/backup-environment-stack';
import { tempDirMaker } from './temp-dirs';

/**
 * The tests' own copy of the example estate. environments/ belongs to the user (who fills it with their accounts),
 * so no test reads it unless it says so: `npm run schema` keeps the schema copy here current.
 */
export const EXAMPLES_DIR = path.join(__dirname, '..', 'fixtures', 'environments');

/** Synthesized Terraform JSON of a stack. */
export type SynthesizedStack = {
  resource: Record<string, Record<string, Record<string, unknown>>>;
  provider: { aws: Record<string, unknown>[] };
  terraform: Record<string, unknown>;
  [key: string]: unknown;
};

/** Output folders of the test file's testing apps, removed when it has run (this module is imported at its top level). */
const appOutdir = tempDirMaker();

/** cdktf's Testing.app, with an output folder that is removed afterwards (Testing.app's own is never removed). */
export function testingApp(): App {
  return Testing.app({ outdir: appOutdir('cdktf.outdir.') });
}

export function exampleModels(): EnvironmentModel[] {
  return loadEnvironments(EXAMPLES_DIR);
}

export function exampleModel(name: string): EnvironmentModel {
  const model = exampleModels().find((m) => m.name === name);
  if (!model) throw new Error(`no example environment ${name}`);
  return model;
}

export function synthEnvironment(model: EnvironmentModel): SynthesizedStack {
  const app = testingApp();
  return JSON.parse(Testing.synth(new BackupEnvironmentStack(app, model))) as SynthesizedStack;
}

/** Every resource of a type, as [logical id, body]. */
export function resourcesOf(stack: SynthesizedStack, type: string): [string, Record<string, any>][] {
  return Object.entries(stack.resource[type] ?? {});
}

/** A bare stack with one provider, for testing a single construct. */
export function constructTestStack(region = 'eu-west-1'): { app: App; stack: TerraformStack; provider: AwsProvider } {
  const app = testingApp();
  const stack = new TerraformStack(app, 'test');
  const provider = new AwsProvider(stack, 'aws', { region, alias: region });
  return { app, stack, provider };
}

export function synthJson(stack: TerraformStack): SynthesizedStack {
  return JSON.parse(Testing.synth(stack)) as SynthesizedStack;
}

export function parsePolicy(json: unknown): { Statement: Record<string, any>[] } {
  return JSON.parse(json as string);
}
