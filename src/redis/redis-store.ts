/** `Store` on Redis: one string key per entry, JSON, with PX expiry. */
import type { Store } from "../state/store.ts";
import { DEFAULT_PREFIX, type RedisCommands } from "./commands.ts";

export class RedisStore implements Store {
  constructor(
    private readonly redis: RedisCommands,
    private readonly prefix = `${DEFAULT_PREFIX}kv:`,
  ) {}

  async get<T>(key: string): Promise<T | undefined> {
    const text = await this.redis.sendCommand(["GET", this.prefix + key]);
    return typeof text === "string" ? (JSON.parse(text) as T) : undefined;
  }

  async set(key: string, value: unknown, ttlMs = Infinity): Promise<void> {
    const text = JSON.stringify(value);
    if (text === undefined) throw new TypeError(`RedisStore: the value for ${JSON.stringify(key)} is not JSON`);
    if (ttlMs <= 0) return this.delete(key);
    const expiry = Number.isFinite(ttlMs) ? ["PX", String(Math.max(1, Math.ceil(ttlMs)))] : [];
    await this.redis.sendCommand(["SET", this.prefix + key, text, ...expiry]);
  }

  async delete(key: string): Promise<void> {
    await this.redis.sendCommand(["DEL", this.prefix + key]);
  }
}
