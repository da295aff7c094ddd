// Property: a spawned HTTP server (mcp.run, transport "sse") survives any POST body on
// Streamable HTTP for both eras (legacy on an Mcp-Session-Id session) and on the 2024-11-05
// HTTP+SSE transport, and answers each request exactly once with valid JSON-RPC that leaks
// nothing. Errors found before an id is known may carry no id, as the transport spec says.
import { after, test } from "node:test";
import { HttpChild, LegacyHttpDriver, ModernHttpDriver, SseDriver } from "./http-drivers.ts";
import { hunt, runsFromEnv } from "./hunt.ts";

const child = new HttpChild();
const sse = new SseDriver(child);
after(async () => {
  await sse.close();
  await child.close();
});

test("Streamable HTTP (modern): any POST is answered exactly once, validly, without leaks", async () => {
  await hunt(new ModernHttpDriver(child), { era: "modern", maxFrames: 30, idlessErrors: true, ...runsFromEnv(20) });
});

test("Streamable HTTP (legacy session): any POST is answered exactly once, validly, without leaks", async () => {
  await hunt(new LegacyHttpDriver(child), { era: "legacy", maxFrames: 30, idlessErrors: true, ...runsFromEnv(20) });
});

test("HTTP+SSE (2024-11-05): any POST is answered exactly once on the stream, validly, without leaks", async () => {
  await hunt(sse, { era: "legacy", maxFrames: 30, idlessErrors: true, legacyOnly: true, ...runsFromEnv(20) });
});
