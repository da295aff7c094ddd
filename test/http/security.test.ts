import { test } from "node:test";
import assert from "node:assert/strict";
import { MODERN, modernMeta, rawRequest, start } from "./helpers.ts";

const discover = JSON.stringify({ jsonrpc: "2.0", id: 1, method: "server/discover", params: { _meta: modernMeta() } });
const headers = (extra: Record<string, string>) => ({
  "content-type": "application/json",
  accept: "application/json, text/event-stream",
  "mcp-protocol-version": MODERN,
  "mcp-method": "server/discover",
  ...extra,
});

test("DNS rebinding: a foreign Host or Origin is 403, the real host and loopback origins pass", async () => {
  const s = await start();
  try {
    const host = new URL(s.url).host;
    const evil = await rawRequest(s.url, {
      headers: headers({ host: "evil.example.com", origin: "http://evil.example.com" }),
      body: discover,
    });
    assert.equal(evil.status, 403);
    assert.equal(JSON.parse(evil.body).error.code, -32000);
    const evilOrigin = await rawRequest(s.url, { headers: headers({ host, origin: "http://evil.example.com" }), body: discover });
    assert.equal(evilOrigin.status, 403);
    const wrongPort = await rawRequest(s.url, { headers: headers({ host: "localhost:1" }), body: discover });
    assert.equal(wrongPort.status, 403);
    const ok = await rawRequest(s.url, { headers: headers({ host, origin: `http://${host}` }), body: discover });
    assert.equal(ok.status, 200);
    const localhost = await rawRequest(s.url, {
      headers: headers({ host: `localhost:${s.handle.port}`, origin: "http://localhost:6274" }),
      body: discover,
    });
    assert.equal(localhost.status, 200, "any loopback origin (an inspector on another port) is fine");
    const nullOrigin = await rawRequest(s.url, { headers: headers({ host, origin: "null" }), body: discover });
    assert.equal(nullOrigin.status, 403);
  } finally {
    await s.close();
  }
});

test("allowedHosts and allowedOrigins extend what is accepted", async () => {
  const s = await start({ allowedHosts: ["mcp.example.com"], allowedOrigins: ["https://app.example.com"] });
  try {
    const ok = await rawRequest(s.url, {
      headers: headers({ host: "mcp.example.com", origin: "https://app.example.com" }),
      body: discover,
    });
    assert.equal(ok.status, 200);
    const otherOrigin = await rawRequest(s.url, {
      headers: headers({ host: "mcp.example.com", origin: "https://other.example.com" }),
      body: discover,
    });
    assert.equal(otherOrigin.status, 403);
    const loopback = await rawRequest(s.url, { headers: headers({ host: "127.0.0.1" }), body: discover });
    assert.equal(loopback.status, 403, "an explicit list replaces the loopback default");
  } finally {
    await s.close();
  }
});

test("dnsRebindingProtection: false turns the checks off", async () => {
  const s = await start({ dnsRebindingProtection: false });
  try {
    const res = await rawRequest(s.url, {
      headers: headers({ host: "evil.example.com", origin: "http://evil.example.com" }),
      body: discover,
    });
    assert.equal(res.status, 200);
  } finally {
    await s.close();
  }
});

test("CORS: preflight answered, MCP headers allowed and exposed", async () => {
  const s = await start({ cors: { origins: ["https://app.example.com"] } });
  try {
    const host = new URL(s.url).host;
    const preflight = await rawRequest(s.url, {
      method: "OPTIONS",
      headers: {
        host,
        origin: "https://app.example.com",
        "access-control-request-method": "POST",
        "access-control-request-headers": "content-type, mcp-method, mcp-param-region",
      },
    });
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers["access-control-allow-origin"], "https://app.example.com");
    const allowed = String(preflight.headers["access-control-allow-headers"]);
    for (const h of [
      "mcp-method",
      "mcp-name",
      "mcp-session-id",
      "mcp-protocol-version",
      "last-event-id",
      "authorization",
      "mcp-param-region",
    ])
      assert.ok(allowed.includes(h), h);
    assert.match(String(preflight.headers["access-control-allow-methods"]), /POST/);
    const res = await rawRequest(s.url, { headers: headers({ host, origin: "https://app.example.com" }), body: discover });
    assert.equal(res.status, 200);
    assert.equal(res.headers["access-control-allow-origin"], "https://app.example.com");
    assert.match(String(res.headers["access-control-expose-headers"]), /Mcp-Session-Id/);
    assert.match(String(res.headers["access-control-expose-headers"]), /MCP-Protocol-Version/);
    const denied = await rawRequest(s.url, {
      method: "OPTIONS",
      headers: { host, origin: "https://evil.example.com", "access-control-request-method": "POST" },
    });
    assert.equal(denied.status, 403);
  } finally {
    await s.close();
  }
});

test("authenticate: its result reaches ctx.auth, and ctx.request carries the HTTP request", async () => {
  const { McpServer } = await import("../../src/index.ts");
  const mcp = new McpServer({ name: "auth", version: "1" });
  mcp.tool("whoami", { description: "who" }, (_args, ctx) =>
    JSON.stringify({
      subject: ctx.auth?.subject,
      header: ctx.request?.headers["x-test"],
      method: ctx.request?.method,
      url: ctx.request?.url,
    }),
  );
  const s = await start(
    {
      authenticate: (request) => {
        const token = String(request.headers.authorization ?? "").replace(/^Bearer /, "");
        return token ? { token, scopes: [], subject: `user-${token}` } : undefined;
      },
    },
    { mcp, seen: { cancelled: 0, started: 0 } },
  );
  try {
    const res = await fetch(s.url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        accept: "application/json",
        "mcp-protocol-version": MODERN,
        "mcp-method": "tools/call",
        "mcp-name": "whoami",
        authorization: "Bearer abc",
        "x-test": "yes",
      },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/call", params: { name: "whoami", _meta: modernMeta() } }),
    });
    const body = (await res.json()) as { result: { content: { text: string }[] } };
    const seen = JSON.parse(body.result.content[0].text);
    assert.deepEqual(seen, { subject: "user-abc", header: "yes", method: "POST", url: s.url });
  } finally {
    await s.close();
  }
});
