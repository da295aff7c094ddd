/**
 * mcpkit/auth on every HTTP front door: the node handler mounted in Express, the fetch handler
 * in Hono and called directly. Each serves the metadata at both well-known paths, refuses a
 * missing token with the challenge, and serves a real token's calls on both eras.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import type { AddressInfo } from "node:net";
import express from "express";
import { Hono } from "hono";
import { serve } from "@hono/node-server";
import { bearerAuth, jwtVerifier } from "../../src/auth/index.ts";
import { Client, HttpClientTransport } from "../../src/client/index.ts";
import { McpServer } from "../../src/index.ts";
import { createFetchHandler, createNodeHandler } from "../../src/transports/http/index.ts";
import { startAuthorizationServer, type TestAuthorizationServer } from "../helpers/oidc.ts";
import { freePort } from "../helpers/free-port.ts";

let as: TestAuthorizationServer;
before(async () => {
  as = await startAuthorizationServer({ scopes: ["tools"] });
});
after(async () => {
  await as?.close();
});

function protectedServer(resource: string) {
  const mcp = new McpServer({ name: "front-door", version: "1" });
  mcp.tool("whoami", { scopes: ["tools"] }, (_args, ctx) => String(ctx.auth?.subject));
  const auth = bearerAuth({
    resource,
    authorizationServers: [as.issuer],
    scopesSupported: ["tools"],
    verify: jwtVerifier({ issuer: as.issuer, audience: resource }),
  });
  return { mcp, auth };
}

async function check(resource: string): Promise<void> {
  for (const path of ["/.well-known/oauth-protected-resource/mcp", "/.well-known/oauth-protected-resource"]) {
    const res = await fetch(new URL(path, resource));
    assert.equal(res.status, 200, path);
    assert.equal(((await res.json()) as { resource: string }).resource, resource, path);
  }
  const refused = await fetch(resource, { method: "POST", body: "{}", headers: { "content-type": "application/json" } });
  assert.equal(refused.status, 401);
  assert.match(
    refused.headers.get("www-authenticate") ?? "",
    /^Bearer scope="tools", resource_metadata="http:\/\/127\.0\.0\.1:\d+\/\.well-known\/oauth-protected-resource\/mcp"$/,
  );
  const token = await as.token({ resource, scope: "tools" });
  for (const era of ["modern", "legacy"] as const) {
    const client = new Client({ name: "front-door-test", version: "1" }, { era });
    await client.connect(new HttpClientTransport(resource, { headers: { authorization: `Bearer ${token}` } }));
    try {
      assert.equal(((await client.callTool("whoami")).content[0] as { text: string }).text, "mcp-service", era);
    } finally {
      await client.close();
    }
  }
}

test("Express: app.use(createNodeHandler(mcp, bearerAuth(...)))", async () => {
  const port = await freePort();
  const resource = `http://127.0.0.1:${port}/mcp`;
  const { mcp, auth } = protectedServer(resource);
  const handler = createNodeHandler(mcp, auth);
  const app = express();
  app.use(handler);
  const server = app.listen(port, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  try {
    await check(resource);
  } finally {
    await handler.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await mcp.close();
  }
});

test("Hono: the fetch handler on /mcp and the well-known paths", async () => {
  const port = await freePort();
  const resource = `http://127.0.0.1:${port}/mcp`;
  const { mcp, auth } = protectedServer(resource);
  const handler = createFetchHandler(mcp, auth);
  const app = new Hono();
  app.all("/mcp", (c) => handler(c.req.raw));
  app.get("/.well-known/oauth-protected-resource/*", (c) => handler(c.req.raw));
  app.get("/.well-known/oauth-protected-resource", (c) => handler(c.req.raw));
  const server = serve({ fetch: app.fetch, port, hostname: "127.0.0.1" });
  await new Promise((resolve) => server.once("listening", resolve));
  try {
    await check(resource);
    assert.equal((server.address() as AddressInfo).port, port);
  } finally {
    await new Promise((resolve) => server.close(resolve));
    await mcp.close();
  }
});
