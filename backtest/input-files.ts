import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { BacktestError, BacktestErrorCode } from './errors.js';

/**
 * Files a directory walk leaves out: `faultline sim run --out files` writes its fault record
 * beside the telemetry, and `backtest --input <that dir>` must read the directory as it is.
 */
const NOT_TELEMETRY = new Set(['ground-truth.json']);

/**
 * The files the inputs name: files as given, directories walked recursively with their
 * entries in name order (hidden entries, starting with `.`, and the simulator's
 * `ground-truth.json` skipped). Each file once, in
 * that order. Throws FL_BACKTEST_INPUT for a path that cannot be read or when no file is left.
 */
export async function listInputFiles(inputs: readonly string[]): Promise<string[]> {
  const seen = new Set<string>();
  const files: string[] = [];
  const add = (file: string) => {
    if (!seen.has(file)) {
      seen.add(file);
      files.push(file);
    }
  };
  for (const input of inputs) {
    const kind = await kindOf(input);
    if (kind === 'file') add(input);
    else for (const file of await walk(input)) add(file);
  }
  if (files.length === 0) {
    throw new BacktestError(BacktestErrorCode.Input, `no input files in ${inputs.join(', ')}`, {
      inputs: [...inputs],
    });
  }
  return files;
}

async function walk(dir: string): Promise<string[]> {
  let entries: Array<{ name: string; isDirectory(): boolean; isFile(): boolean }>;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (err) {
    throw unreadable(dir, err);
  }
  const out: string[] = [];
  for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    if (e.name.startsWith('.') || NOT_TELEMETRY.has(e.name)) continue;
    const path = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await walk(path)));
    else if (e.isFile() || (await kindOf(path)) === 'file') out.push(path);
  }
  return out;
}

async function kindOf(path: string): Promise<'file' | 'dir'> {
  try {
    const s = await stat(path);
    if (s.isDirectory()) return 'dir';
    if (s.isFile()) return 'file';
  } catch (err) {
    throw unreadable(path, err);
  }
  throw new BacktestError(BacktestErrorCode.Input, `${path}: not a file or directory`, { file: path });
}

function unreadable(path: string, err: unknown): BacktestError {
  const code = (err as NodeJS.ErrnoException).code ?? 'read failed';
  const what = code === 'ENOENT' ? 'no such file or directory' : `cannot read (${code})`;
  return new BacktestError(BacktestErrorCode.Input, `${path}: ${what}`, { file: path }, { cause: err });
}
