/**
 * Legacy HTTP sessions: open them with initialize (+ notifications/initialized), never
 * DELETE, and read the server's RSS after a forced GC. Used for the idle-session cost and
 * the churn run.
 */
import { Agent, request } from "node:http";
import { gcAndRss, startHttpServer, stop } from "./proc.mjs";

function post(agent, url, headers, body) {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: "POST", agent, headers: { "content-type": "application/json", accept: "application/json, text/event-stream", ...headers } },
      (res) => {
        const chunks = [];
        res.on("data", (c) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString() }));
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

/** Opens one session; returns its id. */
async function openSession(agent, url, version, n) {
  const init = {
    jsonrpc: "2.0",
    id: 1,
    method: "initialize",
    params: { protocolVersion: version, capabilities: {}, clientInfo: { name: `bench-${n}`, version: "1.0.0" } },
  };
  const r = await post(agent, url, { "mcp-protocol-version": version }, JSON.stringify(init));
  const sid = r.headers["mcp-session-id"];
  if (r.status !== 200 || typeof sid !== "string")
    throw new Error(`initialize gave HTTP ${r.status} without a session id: ${r.body.slice(0, 200)}`);
  const ack = await post(
    agent,
    url,
    { "mcp-protocol-version": version, "mcp-session-id": sid },
    JSON.stringify({ jsonrpc: "2.0", method: "notifications/initialized" }),
  );
  if (ack.status >= 300) throw new Error(`notifications/initialized gave HTTP ${ack.status}`);
  return sid;
}

/** Opens up to `count` sessions, stopping early at `deadline` (epoch ms); returns how many. */
async function openMany(agent, url, version, count, from, concurrency = 8, deadline = Infinity) {
  let next = 0;
  const workers = Array.from({ length: concurrency }, async () => {
    while (next < count && Date.now() < deadline) {
      const n = from + next++;
      await openSession(agent, url, version, n);
    }
  });
  await Promise.all(workers);
  return next;
}

/** KB per idle session, from the RSS delta over `count` sessions opened after a warm-up. */
export async function idleSessionCost({ file, legacyVersion, count, budgetMs = 30_000 }) {
  const { child, url } = await startHttpServer(file, { SESSIONS: "1" });
  const agent = new Agent({ keepAlive: true, maxSockets: 8 });
  try {
    await openMany(agent, url, legacyVersion, 200, 0);
    const before = await gcAndRss(child);
    // Slow peers get a time budget; the figure is per session either way.
    const opened = await openMany(agent, url, legacyVersion, count, 200, 8, Date.now() + budgetMs);
    const after = await gcAndRss(child);
    return { kbPerSession: (after - before) / opened, sessions: opened, rssBeforeKb: before, rssAfterKb: after };
  } finally {
    agent.destroy();
    await stop(child);
  }
}

/** Opens `total` sessions in steps; returns RSS (after GC) at each step. */
export async function churn({ file, legacyVersion, total, step, limitKb = 700 * 1024 }) {
  const { child, url } = await startHttpServer(file, { SESSIONS: "1" });
  const agent = new Agent({ keepAlive: true, maxSockets: 16 });
  const samples = [];
  try {
    samples.push({ sessions: 0, rssKb: await gcAndRss(child) });
    for (let opened = 0; opened < total; opened += step) {
      await openMany(agent, url, legacyVersion, step, opened, 16);
      const rssKb = await gcAndRss(child);
      samples.push({ sessions: opened + step, rssKb });
      // An unbounded peer would take the shared machine down with it.
      if (rssKb > limitKb) return { samples, stopped: `stopped at ${Math.round(rssKb / 1024)} MB` };
    }
    return { samples };
  } finally {
    agent.destroy();
    await stop(child);
  }
}
