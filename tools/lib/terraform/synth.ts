import * as fs from 'fs';
import * as path from 'path';
import { typescriptCommand } from '../typescript-command';
import { runProcess } from './process';

/** Synthesis failed; the message holds the app's own error output (a config or security report), ready to print. */
export class SynthError extends Error {}

export interface SynthOptions {
  /** The project root (where main.ts is). */
  readonly root: string;
  /** cdktf output folder the app writes. */
  readonly outDir: string;
  /** Another folder of environment files, passed to the app as BACKUP_ENVIRONMENTS_DIR. @default environments */
  readonly environmentsDir?: string;
  /** Progress output. @default process.stderr */
  readonly progress?: NodeJS.WritableStream;
}

/**
 * Runs the app (main.ts, through tsx's loader: {@link typescriptCommand}) in a child process, as `cdktf synth` would,
 * and returns the seconds it took.
 * The previous manifest is removed first so a failed run is never mistaken for a fresh one.
 */
export async function synthesizeApp(options: SynthOptions): Promise<number> {
  const progress = options.progress ?? process.stderr;
  const env: NodeJS.ProcessEnv = { ...process.env, CDKTF_OUTDIR: options.outDir };
  if (options.environmentsDir !== undefined) env.BACKUP_ENVIRONMENTS_DIR = options.environmentsDir;
  const manifest = path.join(options.outDir, 'manifest.json');
  fs.rmSync(manifest, { force: true });
  // cdktf creates the output folder but not its parents: CDKTF_OUTDIR=/new/place/cdktf.out would fail with a trace.
  fs.mkdirSync(options.outDir, { recursive: true });
  const app = typescriptCommand(options.root, 'main.ts');
  const start = Date.now();
  progress.write('Synthesizing (main.ts)... ');
  const result = await runProcess(...app, { cwd: options.root, env });
  if (result.code !== 0) {
    progress.write('failed\n');
    const output = (result.stderr.trim() || result.stdout.trim() || `exit ${result.code ?? result.signal}`) + '\n';
    throw new SynthError(`Synthesis failed:\n${output}`);
  }
  const seconds = (Date.now() - start) / 1000;
  progress.write(`done (${seconds.toFixed(1)}s)\n`);
  if (result.stderr.trim()) progress.write(result.stderr);
  if (!fs.existsSync(manifest)) {
    throw new SynthError(`Synthesis succeeded but wrote no ${path.relative(options.root, manifest)} (does main.ts call app.synth()?).`);
  }
  return seconds;
}
