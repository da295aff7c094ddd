/**
 * `EventLog` on Redis lists: RPUSH appends atomically whichever instance writes, LTRIM keeps
 * the newest `maxPerStream`, and PEXPIRE forgets a stream nobody appends to. All three run
 * in one script, atomically, so a reader never sees an untrimmed or unexpiring list.
 */
import type { EventLog, EventLogLimits, LoggedEvent } from "../state/event-log.ts";
import { DEFAULT_PREFIX, type RedisCommands } from "./commands.ts";

export class RedisEventLog implements EventLog {
  constructor(
    private readonly redis: RedisCommands,
    private readonly limits: EventLogLimits,
    private readonly prefix = `${DEFAULT_PREFIX}events:`,
  ) {}

  async append(stream: string, event: LoggedEvent): Promise<void> {
    const key = this.prefix + stream;
    // One round trip, applied as a whole.
    const script =
      "redis.call('RPUSH', KEYS[1], ARGV[1]); redis.call('LTRIM', KEYS[1], -tonumber(ARGV[2]), -1); redis.call('PEXPIRE', KEYS[1], ARGV[3]); return 1";
    await this.redis.sendCommand([
      "EVAL",
      script,
      "1",
      key,
      JSON.stringify(event),
      String(this.limits.maxPerStream),
      String(Math.max(1, Math.ceil(this.limits.ttlMs))),
    ]);
  }

  async replayAfter(stream: string, afterSeq: number): Promise<LoggedEvent[] | undefined> {
    const items = await this.redis.sendCommand(["LRANGE", this.prefix + stream, "0", "-1"]);
    if (!Array.isArray(items) || items.length === 0) return undefined;
    const events: LoggedEvent[] = [];
    for (const item of items) {
      const event = JSON.parse(String(item)) as LoggedEvent;
      if (event.seq > afterSeq) events.push(event);
    }
    return events;
  }

  async delete(stream: string): Promise<void> {
    await this.redis.sendCommand(["DEL", this.prefix + stream]);
  }
}
