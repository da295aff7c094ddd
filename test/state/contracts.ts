/**
 * What every Store, Bus and EventLog must do, written once: the in-memory ones run these
 * cases here, and a shared implementation (Redis) runs the very same ones against a real
 * server. Each factory gives a fresh, empty instance; `settle` waits for delivery on a bus
 * that crosses processes.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import type { Bus, BusEvents } from "../../src/state/bus.ts";
import type { EventLog } from "../../src/state/event-log.ts";
import type { Store } from "../../src/state/store.ts";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const HOSTILE_KEYS = ["__proto__", "constructor", "toString", "a:b", "ünïcödé", "with space", "x".repeat(300)];

export function storeContract(name: string, make: () => Promise<Store> | Store): void {
  test(`${name}: get, set, overwrite, delete`, async () => {
    const store = await make();
    assert.equal(await store.get("missing"), undefined);
    await store.set("k", { a: 1, list: [1, "two", null], nested: { ok: true } });
    assert.deepEqual(await store.get("k"), { a: 1, list: [1, "two", null], nested: { ok: true } });
    await store.set("k", "replaced");
    assert.equal(await store.get("k"), "replaced");
    await store.delete("k");
    assert.equal(await store.get("k"), undefined);
    await store.delete("never-set");
  });

  test(`${name}: values expire after their ttl, others stay`, async () => {
    const store = await make();
    await store.set("short", 1, 40);
    await store.set("long", 2, 60_000);
    await store.set("forever", 3);
    assert.equal(await store.get("short"), 1);
    await sleep(80);
    assert.equal(await store.get("short"), undefined);
    assert.equal(await store.get("long"), 2);
    assert.equal(await store.get("forever"), 3);
  });

  test(`${name}: keys from the wire are only keys`, async () => {
    const store = await make();
    for (const key of HOSTILE_KEYS) assert.equal(await store.get(key), undefined, `${key} before set`);
    for (const [i, key] of HOSTILE_KEYS.entries()) await store.set(key, { i });
    for (const [i, key] of HOSTILE_KEYS.entries()) assert.deepEqual(await store.get(key), { i }, key);
  });

  test(`${name}: concurrent writes to distinct keys all land`, async () => {
    const store = await make();
    await Promise.all(Array.from({ length: 200 }, (_, i) => store.set(`k${i}`, i)));
    const values = await Promise.all(Array.from({ length: 200 }, (_, i) => store.get<number>(`k${i}`)));
    assert.deepEqual(
      values,
      Array.from({ length: 200 }, (_, i) => i),
    );
  });
}

export function busContract(name: string, make: () => Promise<Bus> | Bus, settle: () => Promise<void> = async () => {}): void {
  test(`${name}: subscribers of a topic hear its events, in order, and only theirs`, async () => {
    const bus = await make();
    const lists: Array<BusEvents["list-changed"]> = [];
    const updates: string[] = [];
    const second: string[] = [];
    bus.subscribe("list-changed", (event) => lists.push(event));
    bus.subscribe("resource-updated", ({ uri }) => updates.push(uri));
    bus.subscribe("resource-updated", ({ uri }) => second.push(uri));
    await settle();
    bus.publish("list-changed", { kind: "tools" });
    for (let i = 0; i < 20; i++) bus.publish("resource-updated", { uri: `file:///${i}` });
    await settle();
    assert.deepEqual(lists, [{ kind: "tools" }]);
    assert.deepEqual(
      updates,
      Array.from({ length: 20 }, (_, i) => `file:///${i}`),
    );
    assert.deepEqual(second, updates);
  });

  test(`${name}: unsubscribing stops delivery; a throwing listener does not stop the others`, async () => {
    const bus = await make();
    const heard: string[] = [];
    const stop = bus.subscribe("session-ended", ({ sessionId }) => heard.push(`a:${sessionId}`));
    bus.subscribe("session-ended", () => {
      throw new Error("broken listener");
    });
    bus.subscribe("session-ended", ({ sessionId }) => heard.push(`c:${sessionId}`));
    await settle();
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.message);
    process.on("warning", onWarning);
    try {
      bus.publish("session-ended", { sessionId: "s1" });
      await settle();
      stop();
      await settle();
      bus.publish("session-ended", { sessionId: "s2" });
      await settle();
      await sleep(10);
    } finally {
      process.off("warning", onWarning);
    }
    assert.deepEqual(heard, ["a:s1", "c:s1", "c:s2"]);
    assert.ok(
      warnings.some((w) => /broken listener/.test(w)),
      "the throw is reported as a warning",
    );
  });

  test(`${name}: events survive JSON, as a bus between processes needs`, async () => {
    const bus = await make();
    let heard: unknown;
    bus.subscribe("resource-updated", (event) => {
      heard = event;
    });
    await settle();
    const event = { uri: 'db://table/ünï\u2028cödé?q="x"' };
    bus.publish("resource-updated", event);
    await settle();
    assert.deepEqual(heard, JSON.parse(JSON.stringify(event)));
  });
}

export function eventLogContract(
  name: string,
  make: (limits: { ttlMs: number; maxPerStream: number }) => Promise<EventLog> | EventLog,
): void {
  const event = (seq: number) => ({ seq, message: { jsonrpc: "2.0", method: "notifications/message", params: { seq } } });

  test(`${name}: replays a stream after a position, oldest first; unknown streams are undefined`, async () => {
    const log = await make({ ttlMs: 60_000, maxPerStream: 100 });
    assert.equal(await log.replayAfter("s", 0), undefined);
    for (let seq = 0; seq < 5; seq++) await log.append("s", event(seq));
    assert.deepEqual(
      (await log.replayAfter("s", 1))?.map((e) => e.seq),
      [2, 3, 4],
    );
    assert.deepEqual(await log.replayAfter("s", -1), [0, 1, 2, 3, 4].map(event));
    assert.deepEqual(await log.replayAfter("s", 4), []);
    assert.deepEqual(await log.replayAfter("s", 99), []);
  });

  test(`${name}: streams are separate; delete forgets one`, async () => {
    const log = await make({ ttlMs: 60_000, maxPerStream: 100 });
    await log.append("session-a\nstream-1", event(0));
    await log.append("session-b\nstream-1", event(7));
    assert.deepEqual(
      (await log.replayAfter("session-a\nstream-1", -1))?.map((e) => e.seq),
      [0],
    );
    assert.deepEqual(
      (await log.replayAfter("session-b\nstream-1", -1))?.map((e) => e.seq),
      [7],
    );
    await log.delete("session-a\nstream-1");
    assert.equal(await log.replayAfter("session-a\nstream-1", -1), undefined);
    assert.equal((await log.replayAfter("session-b\nstream-1", -1))?.length, 1);
    assert.equal(await log.replayAfter("__proto__", -1), undefined);
  });

  test(`${name}: keeps the newest maxPerStream events`, async () => {
    const log = await make({ ttlMs: 60_000, maxPerStream: 3 });
    for (let seq = 0; seq < 10; seq++) await log.append("s", event(seq));
    assert.deepEqual(
      (await log.replayAfter("s", -1))?.map((e) => e.seq),
      [7, 8, 9],
    );
  });

  test(`${name}: concurrent appends to one stream all land, in the order they were made`, async () => {
    const log = await make({ ttlMs: 60_000, maxPerStream: 1000 });
    await Promise.all(Array.from({ length: 300 }, (_, seq) => log.append("busy", event(seq))));
    assert.deepEqual(
      (await log.replayAfter("busy", -1))?.map((e) => e.seq),
      Array.from({ length: 300 }, (_, i) => i),
    );
  });

  test(`${name}: a replay asked while appends are in flight sees them`, async () => {
    const log = await make({ ttlMs: 60_000, maxPerStream: 1000 });
    const appends = Array.from({ length: 50 }, (_, seq) => log.append("s", event(seq)));
    const replay = await log.replayAfter("s", 9);
    await Promise.all(appends);
    assert.deepEqual(
      replay?.map((e) => e.seq),
      Array.from({ length: 40 }, (_, i) => i + 10),
    );
  });

  test(`${name}: a stream nobody appends to expires`, async () => {
    const log = await make({ ttlMs: 40, maxPerStream: 10 });
    await log.append("s", event(0));
    await sleep(80);
    assert.equal(await log.replayAfter("s", -1), undefined);
  });
}
