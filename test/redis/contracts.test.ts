/**
 * mcpkit/redis against a real redis-server: the same Store, Bus and EventLog contracts the
 * in-memory ones pass (test/state/contracts.ts), then what only a shared backend shows: two
 * instances (two connections) seeing each other's writes, events and appends.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { connectRedis, type RedisState } from "../../src/redis/index.ts";
import { busContract, eventLogContract, storeContract } from "../state/contracts.ts";
import { redisMissing, startRedis, type TestRedis } from "../helpers/redis.ts";

const missing = redisMissing();
let redis: TestRedis | undefined;
const opened: RedisState[] = [];

/** A new instance's state on the shared server, in a namespace of its own unless `prefix` is given. */
async function instance(prefix = `t-${randomUUID()}:`, limits?: { ttlMs: number; maxPerStream: number }): Promise<RedisState> {
  const state = await connectRedis({ url: redis!.url, prefix, eventTtlMs: limits?.ttlMs, maxEventsPerStream: limits?.maxPerStream });
  opened.push(state);
  return state;
}

if (missing) {
  test("mcpkit/redis", { skip: missing }, () => {});
} else {
  before(async () => {
    redis = await startRedis();
  });
  after(async () => {
    await Promise.all(opened.map((state) => state.close()));
    await redis?.close();
  });

  storeContract("RedisStore", async () => (await instance()).store);
  let lastBus: RedisState["bus"] | undefined;
  busContract(
    "RedisBus",
    async () => (lastBus = (await instance()).bus),
    async () => {
      await lastBus?.ready();
      await new Promise((resolve) => setTimeout(resolve, 30));
    },
  );
  eventLogContract("RedisEventLog", async (limits) => (await instance(undefined, limits)).eventLog);

  test("two instances: a record written by one is read by the other, and deleted for both", async () => {
    const prefix = `shared-${randomUUID()}:`;
    const [a, b] = [await instance(prefix), await instance(prefix)];
    await a.store.set("session:abc", { protocolVersion: "2025-11-25", logLevel: "debug" }, 60_000);
    assert.deepEqual(await b.store.get("session:abc"), { protocolVersion: "2025-11-25", logLevel: "debug" });
    await b.store.delete("session:abc");
    assert.equal(await a.store.get("session:abc"), undefined);
  });

  test("two instances: an event published on one is heard once on each, in order", async () => {
    const prefix = `shared-${randomUUID()}:`;
    const [a, b] = [await instance(prefix), await instance(prefix)];
    const heardA: string[] = [];
    const heardB: string[] = [];
    a.bus.subscribe("resource-updated", ({ uri }) => heardA.push(uri));
    b.bus.subscribe("resource-updated", ({ uri }) => heardB.push(uri));
    await Promise.all([a.bus.ready(), b.bus.ready()]);
    for (let i = 0; i < 50; i++) a.bus.publish("resource-updated", { uri: `file:///${i}` });
    for (let i = 0; i < 100 && heardB.length < 50; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    const expected = Array.from({ length: 50 }, (_, i) => `file:///${i}`);
    assert.deepEqual(heardA, expected, "the publisher hears its own events once");
    assert.deepEqual(heardB, expected);
  });

  test("two instances append to one stream: every event kept once, in order, trimmed to the limit", async () => {
    const prefix = `shared-${randomUUID()}:`;
    const limits = { ttlMs: 60_000, maxPerStream: 30 };
    const [a, b] = [await instance(prefix, limits), await instance(prefix, limits)];
    for (let seq = 0; seq < 40; seq++) await (seq % 2 ? a : b).eventLog.append("session-1/get", { seq, message: { n: seq } });
    const replay = await a.eventLog.replayAfter("session-1/get", -1);
    assert.deepEqual(
      replay?.map((e) => e.seq),
      Array.from({ length: 30 }, (_, i) => i + 10),
    );
    assert.deepEqual(
      await b.eventLog.replayAfter("session-1/get", 37),
      [38, 39].map((seq) => ({ seq, message: { n: seq } })),
    );
  });

  test("a wrong URL fails with the address (password hidden), not a hang", async () => {
    await assert.rejects(
      connectRedis({ url: `redis://user:secret@127.0.0.1:1` }),
      (error: Error) => /cannot connect to redis:\/\/user:\*\*\*@127\.0\.0\.1:1/.test(error.message) && !error.message.includes("secret"),
    );
  });
}
