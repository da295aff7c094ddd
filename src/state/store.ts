/**
 * Key-value seam (with expiry) for state that outlives one request: legacy sessions, the
 * resumability event log. In-memory here; Redis can stand behind it for several instances.
 */
export interface Store {
  get<T>(key: string): Promise<T | undefined>;
  set(key: string, value: unknown, ttlMs?: number): Promise<void>;
  delete(key: string): Promise<void>;
}

export class MemoryStore implements Store {
  private readonly entries = new Map<string, { value: unknown; expiresAt: number }>();
  private sweeps = 0;

  async get<T>(key: string): Promise<T | undefined> {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= Date.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value as T;
  }

  async set(key: string, value: unknown, ttlMs = Infinity): Promise<void> {
    this.entries.set(key, { value, expiresAt: Date.now() + ttlMs });
    // Expired entries nobody reads again are swept now and then, so memory stays bounded.
    if (++this.sweeps % 1024 === 0) this.sweep();
  }

  async delete(key: string): Promise<void> {
    this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }

  private sweep(): void {
    const now = Date.now();
    for (const [key, entry] of this.entries) if (entry.expiresAt <= now) this.entries.delete(key);
  }
}
