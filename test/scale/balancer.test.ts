/**
 * The deployment docs/scaling.md describes, for real: three `mcpkit run --redis` instances
 * behind nginx in round robin (not sticky), one redis-server, driven by the official SDK
 * clients (v1 on 2025-11-25, v2 on both eras). Every call may land anywhere; server-to-client
 * requests, list changes and resource updates cross instances; and `kill -9` of an instance in
 * the middle of a session loses nothing the client was told had happened.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { Client as ClientV2, StreamableHTTPClientTransport as HttpV2 } from "@modelcontextprotocol/client";
import { Client as ClientV1 } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport as HttpV1 } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import {
  ElicitRequestSchema,
  ResourceUpdatedNotificationSchema,
  ToolListChangedNotificationSchema,
} from "@modelcontextprotocol/sdk/types.js";
import { nginxMissing, startBalancer, type TestBalancer } from "../helpers/nginx.ts";
import { redisMissing, startRedis, type TestRedis } from "../helpers/redis.ts";
import { startInstance, type Instance } from "./instances.ts";
import { freePort } from "../helpers/free-port.ts";

const missing = redisMissing() ?? nginxMissing();
const capabilities = { elicitation: { form: {} } };
let redis: TestRedis;
let instances: Instance[] = [];
let balancer: TestBalancer;
const text = (result: unknown) => (result as { content: Array<{ text: string }> }).content[0].text;
const waitFor = async (check: () => boolean, what: string, ms = 5000) => {
  for (let waited = 0; waited < ms && !check(); waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
  assert.ok(check(), what);
};

interface Official {
  name: string;
  connect(): Promise<{
    call(name: string, args?: Record<string, unknown>): Promise<unknown>;
    onListChanged(listener: () => void): void;
    onResourceUpdated(listener: (uri: string) => void): void;
    subscribe(uri: string): Promise<unknown>;
    close(): Promise<void>;
  }>;
}

const v1: Official = {
  name: "SDK v1 (2025-11-25)",
  async connect() {
    const client = new ClientV1({ name: "v1", version: "1" }, { capabilities });
    client.setRequestHandler(ElicitRequestSchema, async () => ({ action: "accept", content: { name: "Ada" } }));
    await client.connect(new HttpV1(new URL(`${balancer.url}/mcp`)));
    return {
      call: (name, args = {}) => client.callTool({ name, arguments: args }),
      onListChanged: (listener) => client.setNotificationHandler(ToolListChangedNotificationSchema, async () => listener()),
      onResourceUpdated: (listener) =>
        client.setNotificationHandler(ResourceUpdatedNotificationSchema, async (n) => listener(n.params.uri)),
      subscribe: (uri) => client.subscribeResource({ uri }),
      close: () => client.close(),
    };
  },
};

const v2 = (mode: { pin: string } | "legacy"): Official => ({
  name: `SDK v2 (${mode === "legacy" ? "2025-11-25" : mode.pin})`,
  async connect() {
    const client = new ClientV2({ name: "v2", version: "1" }, { capabilities, versionNegotiation: { mode } } as never);
    client.setRequestHandler("elicitation/create", async () => ({ action: "accept", content: { name: "Ada" } }));
    await client.connect(new HttpV2(new URL(`${balancer.url}/mcp`)));
    return {
      call: (name, args = {}) => client.callTool({ name, arguments: args }),
      onListChanged: (listener) => client.setNotificationHandler("notifications/tools/list_changed", async () => listener()),
      onResourceUpdated: (listener) =>
        client.setNotificationHandler("notifications/resources/updated", async (n: { params: { uri: string } }) => listener(n.params.uri)),
      subscribe: (uri) => client.subscribeResource({ uri }),
      close: () => client.close(),
    };
  },
});

if (missing) {
  test("scale-out behind nginx", { skip: missing }, () => {});
} else {
  before(async () => {
    redis = await startRedis();
    const port = await freePort();
    // The instances see the Host clients use, the balancer's, as they would behind a public name.
    instances = await Promise.all(["a", "b", "c"].map((name) => startInstance(name, redis.url, ["--allowed-hosts", `127.0.0.1:${port}`])));
    balancer = await startBalancer(
      instances.map((i) => i.url),
      port,
    );
  });
  after(async () => {
    await balancer?.close();
    await Promise.all(instances.map((i) => i.stop()));
    await redis?.close();
  });

  for (const sdk of [v1, v2("legacy"), v2({ pin: "2026-07-28" })]) {
    test(`${sdk.name}: calls land on every instance; elicitation from one is answered through another`, async () => {
      const client = await sdk.connect();
      try {
        const seen = new Set<string>();
        for (let i = 0; i < 6; i++) seen.add(text(await client.call("whereami")));
        assert.deepEqual([...seen].sort(), ["a", "b", "c"]);
        for (let i = 0; i < 3; i++) assert.match(text(await client.call("ask")), /^hello Ada \(asked from [abc]\)$/);
      } finally {
        await client.close();
      }
    });
  }

  for (const sdk of [v1, v2("legacy")]) {
    test(`${sdk.name}: list changes and resource updates made on any instance reach the session`, async () => {
      const client = await sdk.connect();
      try {
        let changed = 0;
        const updated: string[] = [];
        client.onListChanged(() => changed++);
        client.onResourceUpdated((uri) => updated.push(uri));
        await client.subscribe("note://current");
        await new Promise((resolve) => setTimeout(resolve, 300)); // the GET stream opens, on some instance
        for (let i = 0; i < 3; i++) await client.call("add_tool", { name: `t_${Date.now()}_${i}` });
        for (let i = 0; i < 3; i++) await client.call("touch");
        await waitFor(() => changed >= 1, "a tools/list_changed notification");
        await waitFor(() => updated.includes("note://current"), "a resources/updated notification");
      } finally {
        await client.close();
      }
    });
  }

  test("kill -9 of an instance mid-session: the next requests are served by the others, on the same session", async () => {
    const client = await v1.connect();
    try {
      const before = new Set<string>();
      for (let i = 0; i < 3; i++) before.add(text(await client.call("whereami")));
      const victim = instances[1];
      await victim.stop("SIGKILL");
      const after = new Set<string>();
      // nginx takes the dead upstream out after its first failure; no acknowledged state was on it alone.
      for (let i = 0; i < 6; i++) after.add(text(await client.call("whereami")));
      assert.ok(!after.has(victim.name), `served by the dead instance: ${[...after]}`);
      assert.ok(after.size >= 1);
      assert.match(text(await client.call("ask")), /^hello Ada/);
    } finally {
      await client.close();
    }
  });
}
