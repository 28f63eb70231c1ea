import type { Silence } from './silence.js';
import { expiredAt, type SilenceStore } from './silence-store.js';

/** Silences of one process (the embedded default). */
export class MemorySilenceStore implements SilenceStore {
  private readonly byId = new Map<string, Silence>();

  async create(silence: Silence): Promise<void> {
    this.byId.set(silence.id, silence);
  }

  async list(): Promise<Silence[]> {
    return [...this.byId.values()];
  }

  async get(id: string): Promise<Silence | undefined> {
    return this.byId.get(id);
  }

  async expire(id: string, atMs: number): Promise<Silence | undefined> {
    const s = this.byId.get(id);
    if (s === undefined) return undefined;
    const ended = expiredAt(s, atMs);
    this.byId.set(id, ended);
    return ended;
  }

  async prune(beforeMs: number): Promise<void> {
    for (const [id, s] of this.byId) if (Date.parse(s.endsAt) < beforeMs) this.byId.delete(id);
  }
}
