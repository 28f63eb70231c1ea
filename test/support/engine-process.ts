import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('../../', import.meta.url));

export interface EngineProcess {
  child: ChildProcess;
  /** Every stdout line so far (pino JSON). */
  lines: string[];
  stderr: () => string;
  /** Resolves with the first log line matching, rejecting after `timeoutMs`. */
  waitForLog: (
    match: (entry: Record<string, unknown>) => boolean,
    timeoutMs?: number,
  ) => Promise<Record<string, unknown>>;
  /** Resolves with the exit code (or the signal name). */
  exited: Promise<number | string>;
}

/** Runs `faultline <args>` as a real process from the TypeScript sources. */
export function spawnEngine(args: string[], env: Record<string, string> = {}): EngineProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'cli/main.ts', ...args], {
    cwd: repo,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let stderr = '';
  let partial = '';
  const waiters: Array<() => void> = [];
  child.stdout?.on('data', (chunk: Buffer) => {
    partial += chunk.toString('utf8');
    const parts = partial.split('\n');
    partial = parts.pop() ?? '';
    lines.push(...parts.filter((l) => l.length > 0));
    for (const w of waiters.splice(0)) w();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  const exited = new Promise<number | string>((resolve) => {
    // 'close', not 'exit': by then stdout and stderr are fully read, so callers see all output
    child.once('close', (code, signal) => resolve(code ?? signal ?? -1));
  });

  const parsed = (): Array<Record<string, unknown>> =>
    lines.flatMap((l) => {
      try {
        return [JSON.parse(l) as Record<string, unknown>];
      } catch {
        return [];
      }
    });

  const waitForLog: EngineProcess['waitForLog'] = (match, timeoutMs = 30_000) =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(
          new Error(
            `log line not seen within ${timeoutMs} ms; stderr: ${stderr}; stdout: ${lines.join('\n')}`,
          ),
        );
      }, timeoutMs);
      const look = (): void => {
        const hit = parsed().find(match);
        if (hit) {
          clearTimeout(timer);
          resolve(hit);
          return;
        }
        if (child.exitCode !== null) {
          clearTimeout(timer);
          reject(new Error(`engine exited with ${child.exitCode}; stderr: ${stderr}`));
          return;
        }
        waiters.push(look);
      };
      look();
    });

  return { child, lines, stderr: () => stderr, waitForLog, exited };
}
