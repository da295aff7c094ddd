import { test } from "node:test";
import assert from "node:assert/strict";
import { closeSseStream } from "../../src/transports/http/index.ts";
import { LEGACY, makeServer, openSession, postJson, sleep, SseReader, start } from "./helpers.ts";

function legacyServer() {
  const server = makeServer("legacy-test");
  server.mcp.tool("poll_me", { description: "Ends its SSE connection early, then answers" }, async (_args, ctx) => {
    closeSseStream(ctx);
    await sleep(100);
    return "after reconnect";
  });
  return server;
}

test("initialize opens a session; requests need it; unknown sessions are 404", async () => {
  const s = await start({}, legacyServer());
  try {
    const session = await openSession(s.url);
    assert.match(session.sessionId, /^[\x21-\x7E]{32}$/);
    assert.equal(session.initializeResult.protocolVersion, LEGACY);
    const list = await session.post("tools/list");
    assert.equal(list.status, 200);
    assert.ok(((await list.json()) as { result: { tools: unknown[] } }).result.tools.length > 0);
    const ping = (await (await session.post("ping")).json()) as { result: object };
    assert.deepEqual(ping.result, {});
    const missing = await postJson(s.url, { jsonrpc: "2.0", id: 1, method: "tools/list" });
    assert.equal(missing.status, 400);
    const unknown = await postJson(s.url, { jsonrpc: "2.0", id: 1, method: "tools/list" }, { "mcp-session-id": "nope" });
    assert.equal(unknown.status, 404);
  } finally {
    await s.close();
  }
});

test("DELETE ends the session; the id then answers 404", async () => {
  const s = await start({}, legacyServer());
  try {
    const session = await openSession(s.url);
    const res = await fetch(s.url, { method: "DELETE", headers: session.headers });
    assert.equal(res.status, 204);
    assert.equal((await session.post("tools/list")).status, 404);
    assert.equal((await fetch(s.url, { method: "DELETE", headers: session.headers })).status, 404);
  } finally {
    await s.close();
  }
});

test("the GET stream primes, then carries list changes", async () => {
  const s = await start({}, legacyServer());
  try {
    const session = await openSession(s.url);
    const res = await fetch(s.url, { headers: { ...session.headers, accept: "text/event-stream" } });
    assert.equal(res.status, 200);
    const reader = new SseReader(res);
    const priming = (await reader.next())!;
    assert.ok(priming.id && priming.data === "" && priming.retry === 1000, JSON.stringify(priming));
    const second = await fetch(s.url, { headers: { ...session.headers, accept: "text/event-stream" } });
    assert.equal(second.status, 409, "one GET stream per session");
    s.mcp.tool("late", { description: "late" }, () => "x");
    const change = (await reader.next())!;
    assert.equal(change.json!.method, "notifications/tools/list_changed");
    assert.ok(change.id);
    await reader.cancel();
  } finally {
    await s.close();
  }
});

test("elicitation: the request rides the POST stream, the answer is POSTed back (202)", async () => {
  const s = await start({}, legacyServer());
  try {
    const session = await openSession(s.url, { elicitation: {} });
    const res = await session.post("tools/call", { name: "ask_name", arguments: {} });
    assert.equal(res.headers.get("content-type"), "text/event-stream");
    const reader = new SseReader(res);
    const ask = (await reader.nextMessage())!;
    assert.equal(ask.method, "elicitation/create");
    const answer = await postJson(
      s.url,
      { jsonrpc: "2.0", id: ask.id, result: { action: "accept", content: { name: "Ada" } } },
      session.headers,
    );
    assert.equal(answer.status, 202);
    const result = (await reader.nextMessage())!;
    assert.equal((result.result as { content: { text: string }[] }).content[0].text, "Hello, Ada!");
    assert.equal(await reader.next(), undefined);
  } finally {
    await s.close();
  }
});

test("resumability: after a dropped connection, GET + Last-Event-ID replays the rest of that stream", async () => {
  const s = await start({}, legacyServer());
  try {
    const session = await openSession(s.url);
    const res = await session.post("tools/call", { name: "progress", arguments: {}, _meta: { progressToken: 7 } });
    const reader = new SseReader(res);
    const priming = (await reader.next())!;
    assert.equal(priming.data, "");
    const first = (await reader.next())!;
    assert.equal((first.json!.params as { progress: number }).progress, 0);
    await reader.cancel(); // drops the connection mid-stream
    await sleep(50);
    const resumed = await fetch(s.url, { headers: { ...session.headers, accept: "text/event-stream", "last-event-id": first.id! } });
    assert.equal(resumed.status, 200);
    const rest = await new SseReader(resumed).rest();
    const messages = rest.map((e) => e.json!);
    assert.deepEqual(
      messages.filter((m) => m.method).map((m) => (m.params as { progress: number }).progress),
      [50, 100],
    );
    assert.equal((messages.at(-1)!.result as { content: { text: string }[] }).content[0].text, "done");
    const garbage = await fetch(s.url, { headers: { ...session.headers, accept: "text/event-stream", "last-event-id": "garbage" } });
    assert.equal(garbage.status, 400);
  } finally {
    await s.close();
  }
});

test("SSE polling: a tool ends its stream early; the result arrives on the resumed GET", async () => {
  const s = await start({}, legacyServer());
  try {
    const session = await openSession(s.url);
    const res = await session.post("tools/call", { name: "poll_me", arguments: {} });
    const events = await new SseReader(res).rest();
    assert.equal(events.length, 1, "only the priming event, then the server closes");
    assert.ok(events[0].id && events[0].data === "" && events[0].retry! > 0);
    const resumed = await fetch(s.url, { headers: { ...session.headers, accept: "text/event-stream", "last-event-id": events[0].id! } });
    const result = (await new SseReader(resumed).nextMessage(2000))!;
    assert.equal((result.result as { content: { text: string }[] }).content[0].text, "after reconnect");
  } finally {
    await s.close();
  }
});

test("SSE polling by option: matching requests get a priming event and a closed stream", async () => {
  const s = await start({ pollingStreams: (request) => request.params?.name === "progress" }, legacyServer());
  try {
    const session = await openSession(s.url);
    const events = await new SseReader(await session.post("tools/call", { name: "progress", arguments: {} })).rest();
    assert.equal(events.length, 1);
    await sleep(50); // the tool finishes while nobody listens
    const resumed = await fetch(s.url, { headers: { ...session.headers, accept: "text/event-stream", "last-event-id": events[0].id! } });
    const rest = await new SseReader(resumed).rest();
    assert.equal((rest.at(-1)!.json!.result as { content: { text: string }[] }).content[0].text, "done");
    const other = await session.post("tools/call", { name: "echo", arguments: { text: "plain" } });
    assert.match(other.headers.get("content-type") ?? "", /application\/json/);
  } finally {
    await s.close();
  }
});

test("stateless mode: no initialize needed, no session ids, no GET stream", async () => {
  const s = await start({ stateless: true }, legacyServer());
  try {
    const init = await postJson(s.url, {
      jsonrpc: "2.0",
      id: 1,
      method: "initialize",
      params: { protocolVersion: LEGACY, capabilities: {}, clientInfo: { name: "x", version: "1" } },
    });
    assert.equal(init.headers.get("mcp-session-id"), null);
    assert.equal(((await init.json()) as { result: { protocolVersion: string } }).result.protocolVersion, LEGACY);
    const call = await postJson(
      s.url,
      { jsonrpc: "2.0", id: 2, method: "tools/call", params: { name: "echo", arguments: { text: "ok" } } },
      { "mcp-protocol-version": LEGACY },
    );
    assert.equal(((await call.json()) as { result: { content: { text: string }[] } }).result.content[0].text, "ok");
    const progress = await postJson(s.url, {
      jsonrpc: "2.0",
      id: 3,
      method: "tools/call",
      params: { name: "progress", arguments: {}, _meta: { progressToken: 1 } },
    });
    assert.equal(progress.headers.get("content-type"), "text/event-stream");
    const events = await new SseReader(progress).rest();
    assert.equal(events.length, 4);
    assert.ok(events.every((e) => e.id === undefined));
    assert.equal((await fetch(s.url, { headers: { accept: "text/event-stream" } })).status, 405);
    // One client's log level does not leak to the next request.
    await postJson(s.url, { jsonrpc: "2.0", id: 4, method: "logging/setLevel", params: { level: "error" } });
    const logs = await new SseReader(
      await postJson(s.url, { jsonrpc: "2.0", id: 5, method: "tools/call", params: { name: "log_twice", arguments: {} } }),
    ).rest();
    assert.equal(logs.filter((e) => e.json!.method === "notifications/message").length, 2);
  } finally {
    await s.close();
  }
});

test("JSON-response mode: never SSE; server messages go to the GET stream", async () => {
  const s = await start({ jsonResponse: true }, legacyServer());
  try {
    const session = await openSession(s.url, { elicitation: {} });
    const progress = await session.post("tools/call", { name: "progress", arguments: {}, _meta: { progressToken: 1 } });
    assert.match(progress.headers.get("content-type") ?? "", /application\/json/);
    // Without a GET stream a server request has nowhere to go: the call fails fast.
    const failed = (await (await session.post("tools/call", { name: "ask_name", arguments: {} })).json()) as {
      error?: { message: string };
    };
    assert.match(failed.error?.message ?? "", /GET stream/);
    const get = new SseReader(await fetch(s.url, { headers: { ...session.headers, accept: "text/event-stream" } }));
    await get.next(); // priming
    const call = session.post("tools/call", { name: "ask_name", arguments: {} });
    const ask = (await get.nextMessage())!;
    assert.equal(ask.method, "elicitation/create");
    await postJson(s.url, { jsonrpc: "2.0", id: ask.id, result: { action: "accept", content: { name: "Bo" } } }, session.headers);
    const result = (await (await call).json()) as { result: { content: { text: string }[] } };
    assert.equal(result.result.content[0].text, "Hello, Bo!");
    await get.cancel();
  } finally {
    await s.close();
  }
});

test("the session cap evicts the least recently used idle session, and answers 503 when all are busy", async () => {
  const s = await start({ sessions: { maxSessions: 2 } }, legacyServer());
  try {
    const a = await openSession(s.url);
    const b = await openSession(s.url);
    await a.post("tools/list"); // a is now more recent than b
    const c = await openSession(s.url);
    assert.equal((await b.post("tools/list")).status, 404, "b was evicted");
    assert.equal((await a.post("tools/list")).status, 200);
    const streams = [a, c].map(
      async (session) => new SseReader(await fetch(s.url, { headers: { ...session.headers, accept: "text/event-stream" } })),
    );
    const readers = await Promise.all(streams);
    const refused = await postJson(s.url, {
      jsonrpc: "2.0",
      id: 0,
      method: "initialize",
      params: { protocolVersion: LEGACY, capabilities: {}, clientInfo: { name: "x", version: "1" } },
    });
    assert.equal(refused.status, 503);
    assert.ok(refused.headers.get("retry-after"));
    await Promise.all(readers.map((r) => r.cancel()));
  } finally {
    await s.close();
  }
});

test("idle sessions expire", async () => {
  const s = await start({ sessions: { idleTimeoutMs: 60 } }, legacyServer());
  try {
    const session = await openSession(s.url);
    assert.equal((await session.post("tools/list")).status, 200);
    await sleep(250);
    assert.equal((await session.post("tools/list")).status, 404);
  } finally {
    await s.close();
  }
});

test("sessions are isolated: log levels, subscriptions and principals do not leak", async () => {
  const server = legacyServer();
  const s = await start(
    { authenticate: (r) => (r.headers.authorization ? { token: String(r.headers.authorization), scopes: [] } : undefined) },
    server,
  );
  try {
    const a = await openSession(s.url, {}, { authorization: "alice" });
    const b = await openSession(s.url, {}, { authorization: "bob" });
    await a.post("logging/setLevel", { level: "error" });
    const aLogs = (await (await a.post("tools/call", { name: "log_twice", arguments: {} })).json()) as { result: unknown };
    assert.ok(aLogs.result, "no logs pass error level: a plain JSON answer");
    const bEvents = await new SseReader(await b.post("tools/call", { name: "log_twice", arguments: {} })).rest();
    assert.equal(bEvents.filter((e) => e.json?.method === "notifications/message").length, 2);

    await a.post("resources/subscribe", { uri: "test://doc" });
    const aGet = new SseReader(await fetch(s.url, { headers: { ...a.headers, accept: "text/event-stream" } }));
    const bGet = new SseReader(await fetch(s.url, { headers: { ...b.headers, accept: "text/event-stream" } }));
    await aGet.next();
    await bGet.next();
    server.mcp.notifyResourceUpdated("test://doc");
    assert.equal((await aGet.nextMessage())!.method, "notifications/resources/updated");
    await assert.rejects(bGet.next(150), "b did not subscribe");
    await aGet.cancel();
    await bGet.cancel();

    const stolen = await postJson(s.url, { jsonrpc: "2.0", id: 9, method: "tools/list" }, { ...a.headers, authorization: "bob" });
    assert.equal(stolen.status, 404, "a session id is useless to another principal");
  } finally {
    await s.close();
  }
});

test("older clients (2025-03-26) get no priming events", async () => {
  const s = await start({}, legacyServer());
  try {
    const init = await postJson(s.url, {
      jsonrpc: "2.0",
      id: 0,
      method: "initialize",
      params: { protocolVersion: "2025-03-26", capabilities: {}, clientInfo: { name: "old", version: "1" } },
    });
    const sessionId = init.headers.get("mcp-session-id")!;
    const res = await postJson(
      s.url,
      { jsonrpc: "2.0", id: 1, method: "tools/call", params: { name: "progress", arguments: {}, _meta: { progressToken: 1 } } },
      { "mcp-session-id": sessionId },
    );
    const events = await new SseReader(res).rest();
    assert.ok(
      events.every((e) => e.json),
      "every event carries a message",
    );
    assert.ok(
      events.every((e) => e.id),
      "but events still carry ids for resumption",
    );
  } finally {
    await s.close();
  }
});
