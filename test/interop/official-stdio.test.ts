/**
 * The official SDK clients (v2 `@modelcontextprotocol/client` on both eras, v1
 * `@modelcontextprotocol/sdk` on the legacy era) drive an mcpkit server over stdio.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { resolve } from "node:path";
import { Client as ClientV2 } from "@modelcontextprotocol/client";
import { StdioClientTransport as StdioV2 } from "@modelcontextprotocol/client/stdio";
import { Client as ClientV1 } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport as StdioV1 } from "@modelcontextprotocol/sdk/client/stdio.js";
import { CreateMessageRequestSchema, ElicitRequestSchema, ListRootsRequestSchema } from "@modelcontextprotocol/sdk/types.js";

const server = resolve(import.meta.dirname, "fixtures/interop-server.ts");
const command = {
  command: process.execPath,
  args: ["--import", "tsx", server],
  env: { ...process.env } as Record<string, string>,
  stderr: "inherit" as const,
};
const capabilities = { elicitation: { form: {} }, sampling: {}, roots: { listChanged: true } };

type AnyClient = {
  listTools(): Promise<{ tools: { name: string }[] }>;
  readResource(p: { uri: string }): Promise<{ contents: { uri: string; text?: string }[] }>;
  listResourceTemplates(): Promise<{ resourceTemplates: { uriTemplate: string }[] }>;
  getPrompt(p: { name: string; arguments?: Record<string, string> }): Promise<{ messages: { content: { type: string; text?: string } }[] }>;
  complete(p: object): Promise<{ completion: { values: string[] } }>;
};
type CallTool = (
  name: string,
  args?: object,
  onprogress?: (p: { progress: number; message?: string }) => void,
) => Promise<{ content: { type: string; text?: string }[]; structuredContent?: unknown; isError?: boolean }>;

async function exercise(client: AnyClient, callTool: CallTool) {
  const tools = await client.listTools();
  assert.ok(tools.tools.some((t) => t.name === "add"));
  assert.equal((await callTool("add", { a: 2, b: 3 })).content[0].text, "5");
  const stats = await callTool("stats", { values: [1, 2, 3] });
  assert.deepEqual(stats.structuredContent, { count: 3, sum: 6 });
  const picture = await callTool("picture");
  assert.deepEqual(
    picture.content.map((c) => c.type),
    ["image", "resource"],
  );
  const failed = await callTool("fail");
  assert.equal(failed.isError, true);
  const seen: number[] = [];
  await callTool("progress", {}, (p) => {
    if (p.message?.startsWith("step")) seen.push(p.progress);
  });
  assert.deepEqual(seen, [1, 2, 3]);
  assert.equal((await callTool("ask_name")).content[0].text, "Hello, Ada!");
  assert.equal((await callTool("ask_model")).content[0].text, "Model said: Paris");
  assert.equal((await callTool("list_roots")).content[0].text, "file:///tmp/r");
  const config = await client.readResource({ uri: "config://app" });
  assert.deepEqual(JSON.parse(config.contents[0].text!), { debug: true });
  const profile = await client.readResource({ uri: "users://7/profile" });
  assert.equal(profile.contents[0].text, "Profile of user 7");
  const templates = await client.listResourceTemplates();
  assert.equal(templates.resourceTemplates[0].uriTemplate, "users://{id}/profile");
  const prompt = await client.getPrompt({ name: "review", arguments: { code: "x = 1", language: "python" } });
  assert.equal(prompt.messages[0].content.text, "Review this python:\nx = 1");
  const completion = await client.complete({
    ref: { type: "ref/resource", uri: "users://{id}/profile" },
    argument: { name: "id", value: "1" },
  });
  assert.deepEqual(completion.completion.values, ["1", "10"]);
}

function answerV2(client: ClientV2) {
  client.setRequestHandler("elicitation/create", async () => ({ action: "accept", content: { name: "Ada" } }));
  client.setRequestHandler("sampling/createMessage", async () => ({
    model: "m",
    role: "assistant",
    content: { type: "text", text: "Paris" },
  }));
  client.setRequestHandler("roots/list", async () => ({ roots: [{ uri: "file:///tmp/r", name: "r" }] }));
}

for (const mode of [{ pin: "2026-07-28" }, "legacy"] as const) {
  const era = mode === "legacy" ? "legacy" : "modern";
  test(`official SDK v2 client over stdio, ${era} era`, { timeout: 60_000 }, async () => {
    const client = new ClientV2({ name: "v2", version: "1" }, { capabilities, versionNegotiation: { mode } } as never);
    answerV2(client);
    await client.connect(new StdioV2(command));
    try {
      assert.equal(client.getProtocolEra(), era);
      await exercise(
        client as unknown as AnyClient,
        (name, args = {}, onprogress) =>
          client.callTool({ name, arguments: args as Record<string, unknown> }, onprogress ? { onprogress } : undefined) as never,
      );
    } finally {
      await client.close();
    }
  });
}

test("official SDK v1 client over stdio (legacy era)", { timeout: 60_000 }, async () => {
  const client = new ClientV1({ name: "v1", version: "1" }, { capabilities });
  client.setRequestHandler(ElicitRequestSchema, async () => ({ action: "accept", content: { name: "Ada" } }));
  client.setRequestHandler(CreateMessageRequestSchema, async () => ({
    model: "m",
    role: "assistant",
    content: { type: "text", text: "Paris" },
  }));
  client.setRequestHandler(ListRootsRequestSchema, async () => ({ roots: [{ uri: "file:///tmp/r", name: "r" }] }));
  await client.connect(new StdioV1(command));
  try {
    assert.equal(client.getServerVersion()?.name, "interop");
    await exercise(
      client as unknown as AnyClient,
      (name, args = {}, onprogress) =>
        client.callTool({ name, arguments: args as Record<string, unknown> }, undefined, onprogress ? { onprogress } : undefined) as never,
    );
  } finally {
    await client.close();
  }
});
