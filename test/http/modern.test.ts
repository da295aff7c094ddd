import { test } from "node:test";
import assert from "node:assert/strict";
import { modernMeta, postJson, postModern, rawRequest, sleep, SseReader, start, MODERN } from "./helpers.ts";

test("modern tools/call answers one JSON body with Content-Length", async () => {
  const s = await start();
  try {
    const res = await postModern(s.url, "tools/call", { name: "echo", arguments: { text: "hi" } });
    assert.equal(res.status, 200);
    assert.match(res.headers.get("content-type") ?? "", /application\/json/);
    assert.ok(Number(res.headers.get("content-length")) > 0);
    const body = (await res.json()) as { result: { content: { text: string }[]; resultType: string } };
    assert.equal(body.result.content[0].text, "hi");
    assert.equal(body.result.resultType, "complete");
  } finally {
    await s.close();
  }
});

test("a notification before the result upgrades the answer to SSE (progress)", async () => {
  const s = await start();
  try {
    const res = await postModern(s.url, "tools/call", { name: "progress", arguments: {}, _meta: modernMeta({}, { progressToken: "p-1" }) });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("content-type"), "text/event-stream");
    assert.equal(res.headers.get("x-accel-buffering"), "no");
    const events = await new SseReader(res).rest();
    const messages = events.map((e) => e.json!);
    const progress = messages.filter((m) => m.method === "notifications/progress");
    assert.deepEqual(
      progress.map((m) => (m.params as { progress: number }).progress),
      [0, 50, 100],
    );
    assert.ok(progress.every((m) => (m.params as { progressToken: string }).progressToken === "p-1"));
    const last = messages.at(-1)!;
    assert.equal((last.result as { content: { text: string }[] }).content[0].text, "done");
    // One JSON message per data: line, and no event ids on the stateless era.
    assert.ok(events.every((e) => e.id === undefined && !e.data.includes("\n")));
  } finally {
    await s.close();
  }
});

test("without a progress token nothing precedes the result, so the answer stays JSON", async () => {
  const s = await start();
  try {
    const res = await postModern(s.url, "tools/call", { name: "progress", arguments: {} });
    assert.match(res.headers.get("content-type") ?? "", /application\/json/);
    // Logs flow only when the request's _meta asks for a level.
    const quiet = await postModern(s.url, "tools/call", { name: "log_twice", arguments: {} });
    assert.match(quiet.headers.get("content-type") ?? "", /application\/json/);
    const loud = await postModern(s.url, "tools/call", {
      name: "log_twice",
      arguments: {},
      _meta: modernMeta({}, { "io.modelcontextprotocol/logLevel": "info" }),
    });
    const messages = (await new SseReader(loud).rest()).map((e) => e.json!);
    assert.deepEqual(
      messages.filter((m) => m.method === "notifications/message").map((m) => (m.params as { level: string }).level),
      ["info"],
    );
  } finally {
    await s.close();
  }
});

test("envelope, version and header errors are HTTP 400 with the spec's codes, echoing the id", async () => {
  const s = await start();
  try {
    const post = (params: Record<string, unknown>, headers: Record<string, string> = {}) =>
      postJson(
        s.url,
        { jsonrpc: "2.0", id: 7, method: "server/discover", params },
        {
          "mcp-protocol-version": MODERN,
          "mcp-method": "server/discover",
          ...headers,
        },
      );
    const cases: [Record<string, unknown>, Record<string, string>, number][] = [
      [{}, {}, -32602],
      [{ _meta: { "io.modelcontextprotocol/clientCapabilities": {} } }, {}, -32602],
      [{ _meta: { "io.modelcontextprotocol/protocolVersion": MODERN } }, {}, -32602],
      [{ _meta: modernMeta({}, { "io.modelcontextprotocol/protocolVersion": "v999.0.0" }) }, {}, -32020],
      [
        { _meta: modernMeta({}, { "io.modelcontextprotocol/protocolVersion": "v999.0.0" }) },
        { "mcp-protocol-version": "v999.0.0" },
        -32022,
      ],
    ];
    for (const [params, headers, code] of cases) {
      const res = await post(params, headers);
      assert.equal(res.status, 400, JSON.stringify(params));
      const body = (await res.json()) as { id: number; error: { code: number; data?: { supported: string[]; requested: string } } };
      assert.equal(body.error.code, code);
      assert.equal(body.id, 7);
      if (code === -32022) assert.deepEqual(body.error.data, { supported: [MODERN], requested: "v999.0.0" });
    }
    // clientInfo is optional.
    const ok = await post({
      _meta: { "io.modelcontextprotocol/protocolVersion": MODERN, "io.modelcontextprotocol/clientCapabilities": {} },
    });
    assert.equal(ok.status, 200);
    assert.ok(((await ok.json()) as { result: { supportedVersions: string[] } }).result.supportedVersions.includes(MODERN));
  } finally {
    await s.close();
  }
});

test("removed and unknown methods are HTTP 404 with -32601; a missing capability is 400/-32021", async () => {
  const s = await start();
  try {
    for (const method of ["initialize", "ping", "logging/setLevel", "resources/subscribe", "resources/unsubscribe", "unknown/method"]) {
      const res = await postJson(
        s.url,
        { jsonrpc: "2.0", id: 500, method, params: { _meta: modernMeta() } },
        { "mcp-protocol-version": MODERN, "mcp-method": method },
      );
      assert.equal(res.status, 404, method);
      const body = (await res.json()) as { id: number; error: { code: number } };
      assert.equal(body.error.code, -32601, method);
      assert.equal(body.id, 500);
    }
    const res = await postModern(s.url, "tools/call", { name: "ask_name", arguments: {} });
    assert.equal(res.status, 400);
    assert.equal(((await res.json()) as { error: { code: number } }).error.code, -32021);
  } finally {
    await s.close();
  }
});

test("modern notifications get 202 with no body, even without Mcp-Method", async () => {
  const s = await start();
  try {
    const res = await postJson(
      s.url,
      { jsonrpc: "2.0", method: "notifications/cancelled", params: { requestId: 1, _meta: modernMeta() } },
      { "mcp-protocol-version": MODERN },
    );
    assert.equal(res.status, 202);
    assert.equal(await res.text(), "");
  } finally {
    await s.close();
  }
});

test("GET and DELETE are 405 when only the modern era is served (and for modern headers)", async () => {
  const s = await start({ legacy: false });
  try {
    for (const method of ["GET", "DELETE"]) {
      const res = await fetch(s.url, { method, headers: { accept: "text/event-stream" } });
      assert.equal(res.status, 405, method);
      assert.match(res.headers.get("allow") ?? "", /POST/);
    }
    // A legacy initialize on a modern-only server is a 400 naming what is missing.
    const init = await postJson(s.url, {
      jsonrpc: "2.0",
      id: 1,
      method: "initialize",
      params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "x", version: "1" } },
    });
    assert.equal(init.status, 400);
  } finally {
    await s.close();
  }
  const dual = await start();
  try {
    const res = await fetch(dual.url, { method: "GET", headers: { accept: "text/event-stream", "mcp-protocol-version": MODERN } });
    assert.equal(res.status, 405);
  } finally {
    await dual.close();
  }
});

test("body, media type and Accept are checked: 413, 415, 406, 400 for bad JSON", async () => {
  const s = await start({ maxBodyBytes: 1024 });
  try {
    const big = await postModern(s.url, "tools/call", { name: "echo", arguments: { text: "x".repeat(4096) } });
    assert.equal(big.status, 413);
    assert.equal(((await big.json()) as { error: { code: number } }).error.code, -32600);
    // Chunked (no Content-Length) bodies are capped while they stream in.
    const chunked = await rawRequest(s.url, {
      headers: { "content-type": "application/json", "transfer-encoding": "chunked" },
      body: "x".repeat(4096),
    });
    assert.equal(chunked.status, 413);
    const text = await fetch(s.url, { method: "POST", headers: { "content-type": "text/plain" }, body: "{}" });
    assert.equal(text.status, 415);
    const accept = await postModern(s.url, "tools/list", {}, { accept: "text/html" });
    assert.equal(accept.status, 406);
    const bad = await postJson(s.url, "{not json", { "mcp-protocol-version": MODERN });
    assert.equal(bad.status, 400);
    const parsed = (await bad.json()) as { id?: unknown; error: { code: number } };
    assert.equal(parsed.error.code, -32700);
    assert.equal("id" in parsed, false);
    const batch = await postJson(s.url, [{ jsonrpc: "2.0", id: 1, method: "tools/list" }]);
    assert.equal(batch.status, 400);
  } finally {
    await s.close();
  }
});

test("a client that aborts its request cancels the handler (ctx.signal)", async () => {
  const s = await start();
  try {
    const controller = new AbortController();
    const pending = postModern(s.url, "tools/call", { name: "slow", arguments: {} }, {}, { signal: controller.signal });
    for (let i = 0; i < 100 && s.seen.started === 0; i++) await sleep(10);
    assert.equal(s.seen.started, 1);
    controller.abort();
    await assert.rejects(pending);
    for (let i = 0; i < 100 && s.seen.cancelled === 0; i++) await sleep(10);
    assert.equal(s.seen.cancelled, 1);
  } finally {
    await s.close();
  }
});

test("three concurrent requests each get their own answer", async () => {
  const s = await start();
  try {
    const answers = await Promise.all(
      [1, 2, 3].map((n) => postModern(s.url, "tools/call", { name: "echo", arguments: { text: `n${n}` } }).then((r) => r.json())),
    );
    assert.deepEqual(
      answers.map((a) => (a as { result: { content: { text: string }[] } }).result.content[0].text),
      ["n1", "n2", "n3"],
    );
  } finally {
    await s.close();
  }
});

test("paths other than the endpoint are 404", async () => {
  const s = await start();
  try {
    const res = await fetch(new URL("/other", s.url), { method: "POST" });
    assert.equal(res.status, 404);
  } finally {
    await s.close();
  }
});
