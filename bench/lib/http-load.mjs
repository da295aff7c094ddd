/**
 * HTTP load from a separate autocannon process pinned to core 1, 32 connections, every
 * request with a unique id (autocannon's [<id>] replacement). One verified request first.
 */
import { execFile } from "node:child_process";
import { join } from "node:path";
import { BENCH_DIR, gcAndRss, pinnedCommand, rssKb, startHttpServer, stop } from "./proc.mjs";

export const MODERN = "2026-07-28";

export function requestFor(era, legacyVersion, text = "hello") {
  const headers = { "content-type": "application/json", accept: "application/json, text/event-stream" };
  if (era === "modern") {
    headers["mcp-protocol-version"] = MODERN;
    headers["mcp-method"] = "tools/call";
    headers["mcp-name"] = "echo";
    const meta = {
      "io.modelcontextprotocol/protocolVersion": MODERN,
      "io.modelcontextprotocol/clientCapabilities": {},
      "io.modelcontextprotocol/clientInfo": { name: "bench", version: "1.0.0" },
    };
    return {
      headers,
      body: JSON.stringify({
        jsonrpc: "2.0",
        id: "[<id>]",
        method: "tools/call",
        params: { name: "echo", arguments: { text }, _meta: meta },
      }),
    };
  }
  headers["mcp-protocol-version"] = legacyVersion;
  return {
    headers,
    body: JSON.stringify({ jsonrpc: "2.0", id: "[<id>]", method: "tools/call", params: { name: "echo", arguments: { text } } }),
  };
}

/** Sends one request and checks the echo came back (JSON or SSE body). */
export async function verify(url, { headers, body }, text = "hello") {
  const res = await fetch(url, { method: "POST", headers, body: body.replace('"[<id>]"', '"verify-1"') });
  const raw = await res.text();
  if (res.status !== 200 || !raw.includes(`"text":${JSON.stringify(text)}`) || !raw.includes("verify-1")) {
    throw new Error(`verification failed: HTTP ${res.status} ${raw.slice(0, 300)}`);
  }
  return res.headers.get("content-type")?.split(";")[0];
}

function autocannon(url, { headers, body }, connections, seconds) {
  const args = [
    join(BENCH_DIR, "node_modules/autocannon/autocannon.js"),
    "-j",
    "-I",
    "-c",
    String(connections),
    "-d",
    String(seconds),
    "-m",
    "POST",
    "-b",
    body,
  ];
  for (const [k, v] of Object.entries(headers)) args.push("-H", `${k}=${v}`);
  args.push(url);
  const [cmd, cargs] = pinnedCommand(1, process.execPath, args);
  return new Promise((resolve, reject) => {
    execFile(cmd, cargs, { maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
      if (err) return reject(new Error(`autocannon failed: ${stderr.slice(0, 400)}`));
      resolve(JSON.parse(stdout));
    });
  });
}

/** One HTTP run: returns { rps, rssKb, contentType }. */
export async function httpLoad({
  file,
  env = {},
  era,
  legacyVersion,
  connections = 32,
  warmupS,
  durationS,
  headers = {},
  session = false,
}) {
  const { child, url } = await startHttpServer(file, env);
  try {
    const request = requestFor(era, legacyVersion);
    Object.assign(request.headers, headers);
    // Legacy with a session: every call of the run goes to one session the server must look up.
    if (session) request.headers["mcp-session-id"] = await openSession(url, legacyVersion);
    const contentType = await verify(url, request);
    if (warmupS > 0) await autocannon(url, request, connections, warmupS);
    const r = await autocannon(url, request, connections, durationS);
    const bad = (r.non2xx ?? 0) + (r.errors ?? 0) + (r.timeouts ?? 0);
    if (bad > r.requests.total * 0.01) throw new Error(`${bad} failed requests of ${r.requests.total}`);
    const rss = rssKb(child.pid);
    return { rps: r.requests.total / r.duration, rssKb: rss, rssGcKb: await gcAndRss(child), contentType };
  } finally {
    await stop(child);
  }
}

/** initialize + notifications/initialized; returns the session id. */
async function openSession(url, version) {
  const headers = { "content-type": "application/json", accept: "application/json, text/event-stream", "mcp-protocol-version": version };
  const init = await fetch(url, {
    method: "POST",
    headers,
    body: JSON.stringify({
      jsonrpc: "2.0",
      id: 0,
      method: "initialize",
      params: { protocolVersion: version, capabilities: {}, clientInfo: { name: "bench", version: "1.0.0" } },
    }),
  });
  await init.text();
  const sid = init.headers.get("mcp-session-id");
  if (!init.ok || !sid) throw new Error(`initialize gave HTTP ${init.status} without a session id`);
  const ack = await fetch(url, {
    method: "POST",
    headers: { ...headers, "mcp-session-id": sid },
    body: JSON.stringify({ jsonrpc: "2.0", method: "notifications/initialized" }),
  });
  await ack.text();
  return sid;
}
