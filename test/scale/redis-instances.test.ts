/**
 * Three instances of one server share a real redis-server; the client's requests go to them in
 * turn (no stickiness). Legacy sessions, server-to-client requests, resumable streams and
 * notifications must work whichever instance a request lands on; the stateless era needs
 * nothing shared for calls.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { Client, HttpClientTransport, type ServerNotification } from "../../src/client/index.ts";
import { redisMissing, startRedis, type TestRedis } from "../helpers/redis.ts";
import { roundRobin, startInstance, type Instance } from "./instances.ts";

const missing = redisMissing();
let redis: TestRedis;
let instances: Instance[] = [];
const info = { name: "scale-test", version: "1.0.0" };
const text = (result: { content: unknown[] }) => (result.content[0] as { text: string }).text;
const waitFor = async (check: () => boolean, what: string) => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 20));
  assert.ok(check(), what);
};

if (missing) {
  test("scale-out with Redis", { skip: missing }, () => {});
} else {
  before(async () => {
    redis = await startRedis();
    instances = await Promise.all(["a", "b", "c"].map((name) => startInstance(name, redis.url)));
  });
  after(async () => {
    await Promise.all(instances.map((i) => i.stop()));
    await redis?.close();
  });

  for (const era of ["legacy", "modern"] as const) {
    test(`${era}: calls are served by every instance, on one session`, async () => {
      const balancer = roundRobin(instances);
      const client = new Client(info, { era });
      await client.connect(new HttpClientTransport(instances[0].url, { fetch: balancer.fetch, getStream: false }));
      try {
        const answers = new Set<string>();
        for (let i = 0; i < 6; i++) answers.add(text(await client.callTool("whereami")));
        assert.deepEqual([...answers].sort(), ["a", "b", "c"]);
      } finally {
        await client.close();
      }
    });

    test(`${era}: a server-to-client request from one instance is answered through another`, async () => {
      const balancer = roundRobin(instances);
      const client = new Client(info, { era, onElicit: () => ({ action: "accept", content: { name: "Ada" } }) });
      await client.connect(new HttpClientTransport(instances[0].url, { fetch: balancer.fetch, getStream: false }));
      try {
        for (let i = 0; i < 3; i++) assert.match(text(await client.callTool("ask")), /^hello Ada \(asked from [abc]\)$/);
      } finally {
        await client.close();
      }
    });
  }

  test("legacy: a list change made on one instance reaches a session's GET stream on another", async () => {
    const heard: ServerNotification[] = [];
    const balancer = roundRobin(instances);
    const client = new Client(info, { era: "legacy", onNotification: (n) => heard.push(n) });
    await client.connect(new HttpClientTransport(instances[0].url, { fetch: balancer.fetch }));
    try {
      await new Promise((resolve) => setTimeout(resolve, 200)); // the GET stream opens
      for (let i = 0; i < 3; i++) await client.callTool("add_tool", { name: `extra_${Date.now()}_${i}` });
      await waitFor(() => heard.some((n) => n.method === "notifications/tools/list_changed"), "list_changed heard");
    } finally {
      await client.close();
    }
  });

  test("modern: a subscriptions/listen stream on one instance hears changes made on the others", async () => {
    const balancer = roundRobin(instances);
    const client = new Client(info, { era: "modern" });
    await client.connect(new HttpClientTransport(instances[0].url, { fetch: balancer.fetch }));
    try {
      const heard: ServerNotification[] = [];
      const listening = client.listen({ toolsListChanged: true, resourceSubscriptions: ["note://current"] }, (n) => heard.push(n));
      await listening.acknowledged;
      // The listen stream stays on one instance; the changes are made through all three.
      for (let i = 0; i < 3; i++) await client.callTool("add_tool", { name: `listen_${Date.now()}_${i}` });
      for (let i = 0; i < 3; i++) await client.callTool("touch");
      await waitFor(() => heard.some((n) => n.method === "notifications/tools/list_changed"), "list_changed on the listen stream");
      await waitFor(() => heard.some((n) => n.method === "notifications/resources/updated"), "resources/updated on the listen stream");
      await listening.close();
    } finally {
      await client.close();
    }
  });

  test("legacy: the GET stream of an instance killed with -9 resumes on another with Last-Event-ID and goes on", async () => {
    const doomed = await startInstance("d", redis.url);
    const [a] = instances;
    const gets: Array<{ to: string; lastEventId: string | null }> = [];
    let next = 0;
    const routed: typeof fetch = (input, init) => {
      const url = new URL(typeof input === "string" || input instanceof URL ? input : input.url);
      const alive = doomed.child.exitCode === null && doomed.child.signalCode === null;
      const target = init?.method === "GET" ? (alive ? doomed : a) : instances[next++ % instances.length];
      if (init?.method === "GET") gets.push({ to: target.name, lastEventId: new Headers(init.headers).get("last-event-id") });
      return fetch(new URL(url.pathname + url.search, target.url), init);
    };
    const heard: ServerNotification[] = [];
    const client = new Client(info, { era: "legacy", onNotification: (n) => heard.push(n) });
    await client.connect(new HttpClientTransport(a.url, { fetch: routed }));
    try {
      await waitFor(() => gets.length === 1, "the GET stream opened on the doomed instance");
      await new Promise((resolve) => setTimeout(resolve, 200));
      await client.callTool("add_tool", { name: `before_${Date.now()}` });
      await waitFor(() => heard.length === 1, "a list change through the doomed instance's stream");
      await doomed.stop("SIGKILL");
      await waitFor(
        () => gets.some((g) => g.to === "a" && g.lastEventId !== null),
        "the GET resumed on another instance with Last-Event-ID",
      );
      await new Promise((resolve) => setTimeout(resolve, 200));
      await client.callTool("add_tool", { name: `after_${Date.now()}` });
      await waitFor(() => heard.length >= 2, "a list change on the resumed stream");
    } finally {
      await client.close();
      await doomed.stop();
    }
  });
}
