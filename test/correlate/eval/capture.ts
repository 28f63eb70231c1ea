import { vi } from 'vitest';

/** Runs a CLI command with stdout captured: its exit code and everything it printed. */
export async function capture(run: () => Promise<number>): Promise<{ code: number; out: string }> {
  const chunks: string[] = [];
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    chunks.push(String(chunk));
    return true;
  });
  try {
    return { code: await run(), out: chunks.join('') };
  } finally {
    spy.mockRestore();
  }
}
