/**
 * Component providers: a source added with `mcp.addProvider()` that answers later (as a proxy
 * or an OpenAPI source will) serves its tools, resources, templates and prompts next to the
 * server's own, on both eras and over HTTP; the server's own names win; adding, changing and
 * removing it is announced with list_changed.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { z } from "zod";
import { McpServer } from "../../src/index.ts";
import type { ComponentProvider, ListKind } from "../../src/server/providers.ts";
import type { Registry } from "../../src/server/registry.ts";
import { connect } from "../../src/testing/index.ts";
import { modernHeaders, postModern, start } from "../http/helpers.ts";

const eras = ["modern", "legacy"] as const;
const textOf = (result: { content?: unknown[] }) => (result.content?.[0] as { text?: string } | undefined)?.text;
const later = <T>(value: T) => new Promise<T>((resolve) => setTimeout(() => resolve(value), 2));

/** Another server's registry, every answer a promise, and counting how often it is asked. */
function remote(registry: Registry): ComponentProvider & { asked: number } {
  const provider = {
    asked: 0,
    offers: (kind: ListKind | "completions") => registry.offers(kind),
    listTools: () => {
      provider.asked++;
      return later(registry.listTools());
    },
    getTool: (name: string) => {
      provider.asked++;
      return later(registry.getTool(name));
    },
    listResources: () => later(registry.listResources()),
    getResource: (uri: string) => later(registry.getResource(uri)),
    listTemplates: () => later(registry.listTemplates()),
    getTemplate: (uriTemplate: string) => later(registry.getTemplate(uriTemplate)),
    matchTemplate: (uri: string) => later(registry.matchTemplate(uri)),
    listPrompts: () => later(registry.listPrompts()),
    getPrompt: (name: string) => later(registry.getPrompt(name)),
    watch: (listener: (kind: ListKind) => void) => registry.watch(listener),
  };
  return provider;
}

function upstream() {
  const other = new McpServer({ name: "upstream", version: "1" });
  other.tool("shout", { description: "Upper-cases", input: { text: z.string() } }, ({ text }) => text.toUpperCase());
  other.tool("hello", { description: "The upstream's hello (hidden by the local one)" }, () => "upstream hello");
  other.tool(
    "where",
    {
      description: "Mirrors a header",
      input: { type: "object", properties: { region: { type: "string", "x-mcp-header": "Region" } }, required: ["region"] },
    },
    (args) => `region=${String((args as { region: unknown }).region)}`,
  );
  other.resource("remote://status", { mimeType: "text/plain" }, () => "all good");
  other.resource(
    "remote://items/{id}",
    { complete: { id: (value: string) => ["1", "2", "10"].filter((v) => v.startsWith(value)) } },
    ({ id }) => `item ${id}`,
  );
  other.prompt("summarise", { args: { topic: z.string() } }, ({ topic }) => `Summarise ${topic}`);
  return other;
}

test("an asynchronous provider's components are listed after the server's own and work on both eras", async () => {
  const mcp = new McpServer({ name: "local", version: "1" });
  mcp.tool("hello", () => "local hello");
  const other = upstream();
  mcp.addProvider(remote(other.registry));
  for (const era of eras) {
    const client = await connect(mcp, { era });
    assert.deepEqual(
      (await client.listAllTools()).map((t) => t.name),
      ["hello", "shout", "where"],
      era,
    );
    assert.equal(textOf(await client.callTool("hello")), "local hello", "the server's own name wins");
    assert.equal(textOf(await client.callTool("shout", { text: "hi" })), "HI");
    assert.deepEqual(
      (await client.listAllResources()).map((r) => r.uri),
      ["remote://status"],
    );
    assert.deepEqual(
      (await client.listAllResourceTemplates()).map((t) => t.uriTemplate),
      ["remote://items/{id}"],
    );
    assert.equal(((await client.readResource("remote://status")).contents[0] as { text?: string }).text, "all good");
    assert.equal(((await client.readResource("remote://items/7")).contents[0] as { text?: string }).text, "item 7");
    assert.equal(((await client.getPrompt("summarise", { topic: "MCP" })).messages[0].content as { text: string }).text, "Summarise MCP");
    const completion = await client.complete({ type: "ref/resource", uri: "remote://items/{id}" }, { name: "id", value: "1" });
    assert.deepEqual(completion.completion.values, ["1", "10"]);
    await assert.rejects(client.callTool("nope"), /Unknown tool: nope/);
    await client.close();
  }
});

test("capabilities follow what providers offer; adding, changing and removing one sends list_changed", async () => {
  const mcp = new McpServer({ name: "empty", version: "1" });
  assert.equal(mcp.capabilities().tools, undefined);
  const changed: string[] = [];
  const client = await connect(mcp, {
    era: "legacy",
    onNotification: (n) => {
      if (n.method === "notifications/tools/list_changed") changed.push("tools");
    },
  });
  const other = upstream();
  const stop = mcp.addProvider(remote(other.registry));
  assert.deepEqual(mcp.capabilities().tools, { listChanged: true });
  assert.ok(mcp.capabilities().completions, "templates and prompts bring completions");
  other.tool("later", () => "added upstream");
  await new Promise((resolve) => setTimeout(resolve, 20));
  assert.ok(
    (await client.listAllTools()).some((t) => t.name === "later"),
    "a change upstream shows",
  );
  stop();
  await new Promise((resolve) => setTimeout(resolve, 20));
  assert.deepEqual(await client.listAllTools(), []);
  assert.ok(changed.length >= 3, `list_changed on add, change and removal (got ${changed.length})`);
  await client.close();
});

test("over Streamable HTTP the header checks find a provider's tool schema asynchronously", async () => {
  const s = await start();
  try {
    s.mcp.addProvider(remote(upstream().registry));
    const call = (region: string, header: string) =>
      postModern(
        s.url,
        "tools/call",
        { name: "where", arguments: { region } },
        { ...modernHeaders("tools/call", "where"), "Mcp-Param-Region": header },
      );
    const ok = await call("eu", "eu");
    assert.equal(ok.status, 200);
    assert.equal((await ok.json()).result.content[0].text, "region=eu");
    const mismatch = await call("eu", "us");
    assert.equal(mismatch.status, 400);
    assert.equal((await mismatch.json()).error.code, -32020);
  } finally {
    await s.close();
  }
});

test("the server's own tools are found without asking later providers", async () => {
  const mcp = new McpServer({ name: "local", version: "1" });
  mcp.tool("hello", () => "local hello");
  const provider = remote(upstream().registry);
  mcp.addProvider(provider);
  const client = await connect(mcp, { era: "modern" });
  const before = provider.asked;
  for (let i = 0; i < 5; i++) await client.callTool("hello");
  assert.equal(provider.asked, before, "a call to a local tool never waits for a remote provider");
  await client.close();
});
