/**
 * The auth seam of the HTTP front door: `authenticate` refuses with a status and headers of
 * its own (401 with WWW-Authenticate, 403 insufficient_scope) on every kind of request, and
 * `routes` serves documents such as protected-resource metadata without authentication,
 * under the same Host, Origin and CORS rules, on the node and fetch front doors.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { HttpError } from "../../src/index.ts";
import { createFetchHandler, type HttpOptions } from "../../src/transports/http/index.ts";
import { makeServer, MODERN, modernHeaders, modernMeta, postJson, postModern, rawRequest, start } from "./helpers.ts";

const METADATA_PATH = "/.well-known/oauth-protected-resource/mcp";

function protectedOptions(): HttpOptions & { challenges: number } {
  const options = {
    challenges: 0,
    legacySse: true,
    routes: {
      [METADATA_PATH]: (request: { url: string }) => ({
        json: {
          resource: new URL("/mcp", request.url).href,
          authorization_servers: ["https://auth.example.com"],
          scopes_supported: ["tools"],
        },
      }),
      "/health": () => ({ text: "ok", headers: { "Cache-Control": "max-age=5" } }),
    },
    authenticate: (request: { url: string; headers: Record<string, unknown> }) => {
      const token = String(request.headers.authorization ?? "").replace(/^Bearer /, "");
      if (token === "") {
        options.challenges++;
        throw new HttpError(401, "Missing bearer token", {
          headers: { "WWW-Authenticate": `Bearer resource_metadata="${new URL(METADATA_PATH, request.url).href}", scope="tools"` },
        });
      }
      if (token === "reader")
        throw new HttpError(403, "Insufficient scope", {
          headers: { "WWW-Authenticate": 'Bearer error="insufficient_scope", scope="tools"' },
        });
      return { token, subject: "alice", scopes: ["tools"] };
    },
  };
  return options;
}

const initialize = {
  jsonrpc: "2.0",
  id: 1,
  method: "initialize",
  params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "t", version: "1" } },
};

test("authenticate refuses with its own status and WWW-Authenticate on every kind of request", async () => {
  const options = protectedOptions();
  const s = await start(options);
  try {
    const host = new URL(s.url).host;
    const challenge = `Bearer resource_metadata="http://${host}${METADATA_PATH}", scope="tools"`;
    const attempts: Array<[string, Promise<Response>]> = [
      ["modern POST", postModern(s.url, "tools/list")],
      ["legacy initialize", postJson(s.url, initialize)],
      ["legacy GET stream", fetch(s.url, { headers: { accept: "text/event-stream", "mcp-session-id": "x" } })],
      ["HTTP+SSE stream", fetch(new URL("/sse", s.url), { headers: { accept: "text/event-stream" } })],
    ];
    for (const [what, pending] of attempts) {
      const res = await pending;
      assert.equal(res.status, 401, what);
      assert.equal(res.headers.get("www-authenticate"), challenge, what);
      const body = (await res.json()) as { id?: unknown; error: { code: number; message: string } };
      assert.equal(body.error.code, -32001, what);
      assert.equal(body.error.message, "Missing bearer token", what);
      assert.equal("id" in body, false, `${what}: no id, the request was not read`);
    }
    const scoped = await postModern(s.url, "tools/list", {}, { authorization: "Bearer reader" });
    assert.equal(scoped.status, 403);
    assert.match(scoped.headers.get("www-authenticate") ?? "", /insufficient_scope/);
    const ok = await postModern(s.url, "tools/list", {}, { authorization: "Bearer good" });
    assert.equal(ok.status, 200);
    assert.ok(((await ok.json()) as { result: { tools: unknown[] } }).result.tools.length > 0);
  } finally {
    await s.close();
  }
});

test("routes: GET and HEAD without authentication, other methods 405, unknown and inherited paths 404", async () => {
  const options = protectedOptions();
  const s = await start(options);
  try {
    const base = new URL(s.url);
    const metadata = await fetch(new URL(METADATA_PATH, base));
    assert.equal(metadata.status, 200);
    assert.match(metadata.headers.get("content-type") ?? "", /^application\/json/);
    assert.deepEqual(await metadata.json(), {
      resource: `http://${base.host}/mcp`,
      authorization_servers: ["https://auth.example.com"],
      scopes_supported: ["tools"],
    });
    assert.equal(options.challenges, 0, "authenticate is not asked for a route");
    const health = await fetch(new URL("/health", base));
    assert.equal(await health.text(), "ok");
    assert.equal(health.headers.get("cache-control"), "max-age=5", "the route's own headers win");
    const head = await fetch(new URL(METADATA_PATH, base), { method: "HEAD" });
    assert.equal(head.status, 200);
    assert.equal(await head.text(), "");
    const post = await fetch(new URL(METADATA_PATH, base), { method: "POST", body: "{}" });
    assert.equal(post.status, 405);
    assert.equal(post.headers.get("allow"), "GET, HEAD, OPTIONS");
    for (const path of ["/.well-known/other", "/__proto__", "/constructor", "/toString"]) {
      assert.equal((await fetch(new URL(path, base))).status, 404, path);
    }
  } finally {
    await s.close();
  }
});

test("routes keep the Host and Origin checks, and CORS exposes WWW-Authenticate to browsers", async () => {
  const s = await start({ ...protectedOptions(), cors: true, allowedOrigins: ["https://app.example.com"] });
  try {
    const url = new URL(METADATA_PATH, s.url).href;
    const foreignHost = await rawRequest(url, { method: "GET", headers: { host: "evil.example.com" } });
    assert.equal(foreignHost.status, 403);
    const foreignOrigin = await rawRequest(url, {
      method: "GET",
      headers: { host: new URL(s.url).host, origin: "https://evil.example.com" },
    });
    assert.equal(foreignOrigin.status, 403);
    const refused = await postModern(s.url, "tools/list", {}, { origin: "https://app.example.com" });
    assert.equal(refused.status, 401);
    assert.equal(refused.headers.get("access-control-allow-origin"), "https://app.example.com");
    assert.match(refused.headers.get("access-control-expose-headers") ?? "", /WWW-Authenticate/);
  } finally {
    await s.close();
  }
});

test("the fetch front door answers the same way", async () => {
  const { mcp } = makeServer();
  const handler = createFetchHandler(mcp, protectedOptions());
  try {
    const metadata = await handler(new Request(`http://localhost${METADATA_PATH}`));
    assert.equal(metadata.status, 200);
    assert.equal(((await metadata.json()) as { resource: string }).resource, "http://localhost/mcp");
    const body = JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list", params: { _meta: modernMeta() } });
    const refused = await handler(
      new Request("http://localhost/mcp", {
        method: "POST",
        body,
        headers: {
          ...modernHeaders("tools/list"),
          "content-type": "application/json",
          accept: "application/json, text/event-stream",
          "mcp-protocol-version": MODERN,
        },
      }),
    );
    assert.equal(refused.status, 401);
    assert.match(refused.headers.get("www-authenticate") ?? "", /^Bearer resource_metadata="http:\/\/localhost\/\.well-known/);
  } finally {
    await mcp.close();
  }
});

test("routes are checked when the transport is built", () => {
  const { mcp } = makeServer();
  assert.throws(() => createFetchHandler(mcp, { routes: { "well-known": () => ({ json: {} }) } }), /must be a path starting with "\/"/);
  assert.throws(() => createFetchHandler(mcp, { routes: { "/mcp": () => ({ json: {} }) } }), /is the MCP endpoint itself/);
  assert.throws(() => new HttpError(200, "fine"), /4xx or 5xx/);
});
