import { App } from 'cdktf';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { EnvironmentModel } from '../../config/model';
import { BackupEnvironmentStack } from '../../modules/estate/backup-environment-stack';
import { readManifest, type ManifestStack } from '../../tools/lib/terraform/manifest';

/** Synthesizes the given environments into a fresh temporary cdktf.out and returns its stacks. */
export function synthToDisk(models: readonly EnvironmentModel[], prefix = 'synth'): { outdir: string; stacks: ManifestStack[] } {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), `backup-${prefix}-`));
  const app = new App({ outdir });
  for (const model of models) new BackupEnvironmentStack(app, model);
  app.synth();
  return { outdir, stacks: readManifest(outdir) };
}
