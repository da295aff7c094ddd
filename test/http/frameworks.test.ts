/**
 * Mounting mcpkit in the web frameworks users already run: Express (the node:http
 * handler as middleware) and Hono (the fetch handler), each served on 127.0.0.1 and
 * driven by the official SDK v2 client on both eras.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import type { AddressInfo } from "node:net";
import express from "express";
import { Hono } from "hono";
import { serve } from "@hono/node-server";
import { z } from "zod";
import { McpServer } from "../../src/index.ts";
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { createFetchHandler, createNodeHandler } from "../../src/transports/http/index.ts";

function makeServer() {
  const mcp = new McpServer({ name: "mounted", version: "1.0.0" });
  mcp.tool("add", { input: { a: z.number(), b: z.number() } }, ({ a, b }) => String(a + b));
  return mcp;
}

async function exercise(url: string) {
  for (const mode of [{ pin: "2026-07-28" }, "legacy"] as const) {
    const client = new Client({ name: "framework-test", version: "1" }, { versionNegotiation: { mode } } as never);
    await client.connect(new StreamableHTTPClientTransport(new URL(url)));
    assert.equal(client.getProtocolEra(), mode === "legacy" ? "legacy" : "modern");
    const result = await client.callTool({ name: "add", arguments: { a: 2, b: 3 } });
    assert.equal((result.content[0] as { text: string }).text, "5");
    await client.close();
  }
}

test("Express: app.use(createNodeHandler(mcp)) serves /mcp beside the app's own routes", async () => {
  const mcp = makeServer();
  const app = express();
  app.get("/health", (_req, res) => {
    res.json({ ok: true });
  });
  const handler = createNodeHandler(mcp);
  app.use(handler);
  const server = app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  const { port } = server.address() as AddressInfo;
  try {
    assert.deepEqual(await (await fetch(`http://127.0.0.1:${port}/health`)).json(), { ok: true });
    await exercise(`http://127.0.0.1:${port}/mcp`);
  } finally {
    await handler.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await mcp.close();
  }
});

test("Hono: app.all('/mcp', (c) => handler(c.req.raw)) on @hono/node-server", async () => {
  const mcp = makeServer();
  const handler = createFetchHandler(mcp);
  const app = new Hono();
  app.get("/health", (c) => c.json({ ok: true }));
  app.all("/mcp", (c) => handler(c.req.raw));
  const { port, server } = await new Promise<{ port: number; server: ReturnType<typeof serve> }>((resolve) => {
    const server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, (info) => resolve({ port: info.port, server }));
  });
  try {
    assert.deepEqual(await (await fetch(`http://127.0.0.1:${port}/health`)).json(), { ok: true });
    await exercise(`http://127.0.0.1:${port}/mcp`);
  } finally {
    await new Promise((resolve) => server.close(resolve));
    await mcp.close();
  }
});
