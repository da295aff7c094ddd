/**
 * mcpkit/redis: the shared state that lets several instances serve one MCP endpoint: legacy
 * session records, the resumability event log, and the bus that carries list changes,
 * resource updates and ended sessions between instances. Built on node-redis (`redis`, an
 * optional peer dependency); works with Redis 7 and Valkey.
 *
 *   const shared = await connectRedis("redis://127.0.0.1:6379");
 *   const mcp = new McpServer({ name: "notes", version: "1", bus: shared.bus });
 *   await serveHttp(mcp, { sessions: { store: shared.store }, resumability: { eventLog: shared.eventLog } });
 */
import { createClient } from "redis";
import { DEFAULT_IDLE_TIMEOUT_MS } from "../transports/http/options.ts";
import { RedisBus, type RedisSubscriber } from "./redis-bus.ts";
import { RedisEventLog } from "./redis-event-log.ts";
import { RedisStore } from "./redis-store.ts";
import { DEFAULT_PREFIX, type RedisCommands } from "./commands.ts";

export { RedisBus, RedisEventLog, RedisStore };
export type { RedisCommands, RedisSubscriber };

export interface RedisOptions {
  /** redis://, rediss:// or unix:// URL (default: $MCP_REDIS_URL, else redis://127.0.0.1:6379). */
  url?: string;
  /** Prefix of every key and channel (default "mcpkit:"): one Redis can serve several apps. */
  prefix?: string;
  /** Event log limits: how long an idle stream is kept (default 30 min) and how many events (default 1000). */
  eventTtlMs?: number;
  maxEventsPerStream?: number;
}

export interface RedisState {
  store: RedisStore;
  bus: RedisBus;
  eventLog: RedisEventLog;
  /**
   * A random secret every instance agrees on (the first to ask creates it), kept in Redis
   * under `name`: what instances sign `requestState` with when the options give no secret.
   */
  sharedSecret(name: string): Promise<string>;
  /** Closes both connections. */
  close(): Promise<void>;
}

/** Connects (a command connection and a subscriber) and builds the three seams on them. */
export async function connectRedis(options: RedisOptions | string = {}): Promise<RedisState> {
  const settings = typeof options === "string" ? { url: options } : options;
  const url = settings.url ?? process.env.MCP_REDIS_URL ?? "redis://127.0.0.1:6379";
  const prefix = settings.prefix ?? DEFAULT_PREFIX;
  let connected = false;
  const client = createClient({
    url,
    socket: {
      connectTimeout: 5000,
      // A first connection that fails is an error for the caller; a lost one is retried, backing off.
      reconnectStrategy: (retries: number, cause: Error) => (connected ? Math.min(100 * 2 ** retries, 3000) : cause),
    },
  });
  // Without a listener an error event would crash the process; the client reconnects by itself.
  client.on("error", (error: Error) => process.emitWarning(`mcpkit/redis: ${error.message}`));
  try {
    await client.connect();
  } catch (error) {
    throw new Error(`mcpkit/redis: cannot connect to ${redact(url)}: ${(error as Error)?.message ?? error}`, { cause: error });
  }
  const subscriber = client.duplicate();
  subscriber.on("error", (error: Error) => process.emitWarning(`mcpkit/redis (subscriber): ${error.message}`));
  await subscriber.connect();
  connected = true;
  const commands: RedisCommands = { sendCommand: (args) => client.sendCommand(args) as Promise<unknown> };
  const subscriptions: RedisSubscriber = {
    subscribe: (channel, listener) => subscriber.subscribe(channel, listener),
    unsubscribe: (channel) => subscriber.unsubscribe(channel),
  };
  return {
    store: new RedisStore(commands, `${prefix}kv:`),
    bus: new RedisBus(commands, subscriptions, `${prefix}bus:`),
    eventLog: new RedisEventLog(
      commands,
      { ttlMs: settings.eventTtlMs ?? DEFAULT_IDLE_TIMEOUT_MS, maxPerStream: settings.maxEventsPerStream ?? 1000 },
      `${prefix}events:`,
    ),
    sharedSecret: async (name) => {
      const key = `${prefix}secret:${name}`;
      const fresh = Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString("base64url");
      await commands.sendCommand(["SET", key, fresh, "NX"]);
      const agreed = await commands.sendCommand(["GET", key]);
      if (typeof agreed !== "string") throw new Error(`mcpkit/redis: the shared secret ${name} vanished`);
      return agreed;
    },
    close: async () => {
      await Promise.allSettled([subscriber.close(), client.close()]);
    },
  };
}

/** A URL with its password hidden, for messages. */
function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.href;
  } catch {
    return "the Redis URL";
  }
}
