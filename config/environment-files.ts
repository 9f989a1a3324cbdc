import { lstatSync, readdirSync, readFileSync, readlinkSync, statSync, type Stats } from 'node:fs';
import { basename, extname, join, relative } from 'node:path';
import { ConfigError, type Problem } from './problems';

/** The folder of environment files: `BACKUP_ENVIRONMENTS_DIR`, else environments (relative to the working directory). */
export function defaultEnvironmentsDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.BACKUP_ENVIRONMENTS_DIR || 'environments';
}

/** The environment a file defines: the file's name without its extension (rule environment/file-name). */
export function environmentNameOf(file: string): string {
  return basename(file, extname(file));
}

/** One environment file's name (as shown in messages) and text. */
export interface EnvironmentSource {
  readonly file: string;
  readonly text: string;
  /**
   * Why the file could not be read as text (a directory, a dangling link, not UTF-8...; `text` is then empty). It is
   * reported with every other file's problems. @default none
   */
  readonly readProblem?: Problem;
}

/**
 * Which entries of the environments folder are environment files, and their text. Everything a folder can hold
 * (editor leftovers, directories, links that lead nowhere, unreadable or non-UTF-8 files) ends as text, as a problem
 * reported with every other file's problems, or as a note that the entry was left out on purpose: never as an
 * exception from the file system.
 */

/** An entry of the environments folder left out on purpose, and why (printed as a note, not a problem). */
export interface IgnoredFile {
  readonly file: string;
  readonly reason: string;
}

export interface EnvironmentFiles {
  /** One per environment file, sorted by name; a file that cannot be read as text carries its `readProblem`. */
  readonly sources: readonly EnvironmentSource[];
  readonly ignored: readonly IgnoredFile[];
}

export interface ReadEnvironmentFilesOptions {
  /** Reads a file's bytes. Tests inject file-system errors through it. @default fs.readFileSync */
  readonly readFile?: (path: string) => Uint8Array;
}

/** `ignored environments/prod.yaml~: editor backup file`, as commands print it after `note: `. */
export const formatIgnored = ({ file, reason }: IgnoredFile): string => `ignored ${file}: ${reason}`;

/**
 * Names that are never environments, though they may hold one: editors and patch tools leave them beside the file
 * being edited. Checked in order; the first match gives the reason.
 */
const LEFT_OUT: readonly (readonly [RegExp, string])[] = [
  [/^\.#/, 'emacs lock file (hidden)'],
  [/^\..*\.sw[a-p]$/, 'vim swap file (hidden)'],
  [/^\..*\.ya?ml/i, 'hidden file'],
  [/~$/, 'editor backup file'],
  [/^#.*#$/, 'emacs auto-save file'],
  [/\.sw[a-p]$/, 'vim swap file'],
  [/\.bak$/, 'backup file'],
  [/\.orig$/, 'merge or patch leftover (.orig)'],
  [/\.rej$/, 'rejected patch hunk (.rej)'],
];

type NameKind =
  | { readonly kind: 'environment' }
  | { readonly kind: 'wrong-case'; readonly extension: string }
  | { readonly kind: 'ignored'; readonly reason: string }
  | { readonly kind: 'other' };

function kindOfName(name: string): NameKind {
  const leftOut = LEFT_OUT.find(([pattern]) => pattern.test(name));
  if (leftOut) return { kind: 'ignored', reason: leftOut[1] };
  if (/\.ya?ml$/.test(name)) return { kind: 'environment' };
  const extension = /\.ya?ml$/i.exec(name)?.[0];
  if (extension) return { kind: 'wrong-case', extension };
  // prod.yaml.disabled was set aside on purpose and deserves a note; README.md or the schema need none.
  if (/\.ya?ml/i.test(name)) return { kind: 'ignored', reason: 'not a .yaml/.yml file (only <name>.yaml and <name>.yml are environments)' };
  return { kind: 'other' };
}

/** Words for the error codes a read can end with; Node's own message gives them for any other code. */
const ERRNO_WORDS: Readonly<Record<string, string>> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EIO: 'input/output error',
  ENOENT: 'no such file or directory',
  ELOOP: 'too many levels of symbolic links',
  EMFILE: 'too many open files',
  ENOTDIR: 'not a directory',
  EISDIR: 'is a directory',
};

/** `permission denied (EACCES)`: the code in words, and the code to search for. */
function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as NodeJS.ErrnoException).code;
  if (typeof code !== 'string') return error.message.split('\n')[0];
  // Node writes `ESTALE: stale file handle, read` (libuv's words for every code).
  const fromNode = error.message.startsWith(`${code}: `) ? error.message.slice(code.length + 2).split(',')[0] : undefined;
  const words = ERRNO_WORDS[code] ?? fromNode ?? 'system error';
  return `${words} (${code})`;
}

const codeOf = (error: unknown): unknown => (error as NodeJS.ErrnoException | undefined)?.code;

function targetOf(path: string): string {
  try {
    return readlinkSync(path);
  } catch {
    return '(unreadable link)';
  }
}

function entryType(stats: Stats): string {
  if (stats.isFIFO()) return 'a named pipe (FIFO)';
  if (stats.isSocket()) return 'a socket';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  return 'not a regular file';
}

/**
 * The offset of the first byte that does not start a well-formed UTF-8 sequence (Unicode table 3-7: no overlong
 * forms, no surrogates, nothing past U+10FFFF), or -1. TextDecoder only says that there is one.
 */
function firstInvalidUtf8Byte(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i];
    if (lead < 0x80) {
      i += 1;
      continue;
    }
    let length: number;
    let low = 0x80;
    let high = 0xbf;
    if (lead >= 0xc2 && lead <= 0xdf) length = 2;
    else if (lead >= 0xe0 && lead <= 0xef) [length, low, high] = [3, lead === 0xe0 ? 0xa0 : 0x80, lead === 0xed ? 0x9f : 0xbf];
    else if (lead >= 0xf0 && lead <= 0xf4) [length, low, high] = [4, lead === 0xf0 ? 0x90 : 0x80, lead === 0xf4 ? 0x8f : 0xbf];
    else return i;
    for (let k = 1; k < length; k++) {
      const next = bytes[i + k];
      if (next === undefined || next < low || next > high) return i;
      [low, high] = [0x80, 0xbf];
    }
    i += length;
  }
  return -1;
}

/** 1-based line of a byte offset: the bytes before it are valid UTF-8, where a line break is the byte 0x0A. */
const lineAt = (bytes: Uint8Array, offset: number): number => bytes.subarray(0, offset).filter((b) => b === 0x0a).length + 1;

const hex = (byte: number): string => `0x${byte.toString(16).toUpperCase().padStart(2, '0')}`;

type Decoded = { readonly text: string } | { readonly problem: Omit<Problem, 'file' | 'path' | 'rule'> };

/** The bytes as UTF-8 text, or why they are not: YAML files here are UTF-8, and nothing is guessed. */
function decode(bytes: Uint8Array): Decoded {
  // Byte order marks of UTF-16: the YAML parser would read such a file as a few characters of noise.
  if ((bytes[0] === 0xfe && bytes[1] === 0xff) || (bytes[0] === 0xff && bytes[1] === 0xfe)) {
    const [order, mark] = bytes[0] === 0xfe ? ['big-endian', 'FE FF'] : ['little-endian', 'FF FE'];
    return { problem: { message: `the file is UTF-16 (${order}, byte order mark ${mark}): save it as UTF-8`, received: mark } };
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const offset = firstInvalidUtf8Byte(bytes);
    if (offset < 0) return { problem: { message: 'the file is not valid UTF-8: save it as UTF-8' } };
    const line = lineAt(bytes, offset);
    return {
      problem: { message: `the file is not valid UTF-8: byte ${hex(bytes[offset])} at offset ${offset} (line ${line}) is not part of a UTF-8 character; save the file as UTF-8`, received: hex(bytes[offset]), line },
    };
  }
  // A NUL is valid UTF-8 but never YAML: a binary file, or UTF-16 written without a byte order mark.
  const nul = bytes.indexOf(0);
  if (nul >= 0) {
    const line = lineAt(bytes, nul);
    return { problem: { message: `the file holds a NUL byte at offset ${nul} (line ${line}): a binary file, or UTF-16 without a byte order mark; save it as UTF-8 text`, received: '0x00', line } };
  }
  return { text };
}

/** One `*.yaml` / `*.yml` entry: its text, or the problem that keeps it from having one. */
function readSource(path: string, file: string, readFile: (path: string) => Uint8Array): EnvironmentSource {
  const fails = (message: string, extra: Omit<Problem, 'file' | 'path' | 'rule' | 'message'> = {}): EnvironmentSource => (
    { file, text: '', readProblem: { file, path: [], rule: 'environment/file', message, ...extra } }
  );
  let stats: Stats;
  try {
    const link = lstatSync(path);
    if (link.isSymbolicLink()) {
      const target = targetOf(path);
      try {
        stats = statSync(path);
      } catch (error) {
        if (codeOf(error) === 'ENOENT') return fails(`a symbolic link to "${target}", which does not exist (fix or remove the link)`, { received: target });
        if (codeOf(error) === 'ELOOP') return fails(`a symbolic link loop: it points to "${target}", which leads back to it (too many levels of symbolic links, ELOOP)`, { received: target });
        return fails(`a symbolic link to "${target}" that cannot be followed: ${describeError(error)}`, { received: target });
      }
    } else {
      stats = link;
    }
  } catch (error) {
    return fails(`the file cannot be read: ${describeError(error)}`, { received: codeOf(error) });
  }
  if (stats.isDirectory()) return fails('a directory named like an environment file: environments are YAML files (rename or move the directory)');
  // Reading a named pipe or a device would wait forever, or never end.
  if (!stats.isFile()) return fails(`${entryType(stats)}, not a file: environments are YAML files`);
  let bytes: Uint8Array;
  try {
    bytes = readFile(path);
  } catch (error) {
    return fails(`the file cannot be read: ${describeError(error)}`, { received: codeOf(error) });
  }
  const decoded = decode(bytes);
  if ('text' in decoded) return { file, text: decoded.text };
  const { message, ...extra } = decoded.problem;
  return fails(message, extra);
}

/**
 * The environment files of `directory`, sorted by name, and the entries left out on purpose. Throws a ConfigError
 * only when the folder itself is missing, unreadable or holds no environment file; a problem with one file is
 * carried by its source, so that it is reported with every other file's problems.
 */
export function readEnvironmentFiles(directory: string, options: ReadEnvironmentFilesOptions = {}): EnvironmentFiles {
  const readFile = options.readFile ?? ((path: string) => readFileSync(path));
  let names: string[];
  try {
    if (!statSync(directory).isDirectory()) throw new Error('not a directory');
    names = readdirSync(directory).sort();
  } catch {
    throw new ConfigError([{ file: directory, path: [], rule: 'schema/invalid', message: 'the environments directory does not exist or cannot be read' }]);
  }
  const cwd = process.cwd();
  const sources: EnvironmentSource[] = [];
  const ignored: IgnoredFile[] = [];
  for (const name of names) {
    const path = join(directory, name);
    const shown = relative(cwd, path);
    const file = shown.startsWith('..') ? path : shown;
    const kind = kindOfName(name);
    if (kind.kind === 'environment') sources.push(readSource(path, file, readFile));
    else if (kind.kind === 'ignored') ignored.push({ file, reason: kind.reason });
    else if (kind.kind === 'wrong-case') {
      // Skipping it would drop an environment its author meant to deploy, without a word.
      const renamed = `${name.slice(0, -kind.extension.length)}${kind.extension.toLowerCase()}`;
      sources.push({
        file,
        text: '',
        readProblem: {
          file, path: [], rule: 'environment/file-name', received: name,
          message: `the extension "${kind.extension}" must be lowercase: rename the file to ${renamed} (only *.yaml and *.yml files are environments)`,
        },
      });
    }
  }
  if (sources.length === 0) {
    const left = ignored.length === 0 ? '' : `; ignored: ${ignored.map((i) => `${i.file} (${i.reason})`).join(', ')}`;
    throw new ConfigError([{ file: directory, path: [], rule: 'schema/invalid', message: `no environment files (*.yaml) found${left}` }]);
  }
  return { sources, ignored };
}
