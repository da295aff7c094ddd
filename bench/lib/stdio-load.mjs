/**
 * Stdio load: spawn a server, do the 2025 handshake, then keep `inflight` requests pipelined
 * (unique ids) and count answers over a fixed window after a warm-up. Server-to-client
 * requests (pings, roots) get an empty result so no peer stalls on the driver.
 */
import { gcAndRss, rssKb, spawnServer, stop } from "./proc.mjs";

const enc = (m) => JSON.stringify(m) + "\n";

/** A line-oriented JSON-RPC client over a child's stdio that counts responses cheaply. */
class StdioPeer {
  constructor(child) {
    this.child = child;
    this.buffer = "";
    this.onResponse = () => {};
    this.onFirstLine = undefined;
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (chunk) => this.data(chunk));
  }

  data(chunk) {
    if (this.onFirstLine) {
      const f = this.onFirstLine;
      this.onFirstLine = undefined;
      f();
    }
    this.buffer += chunk;
    let start = 0;
    let nl;
    let responses = 0;
    let last;
    while ((nl = this.buffer.indexOf("\n", start)) >= 0) {
      const line = this.buffer.slice(start, nl);
      start = nl + 1;
      // Notifications and requests from the server are short and name a method; results
      // of our echo/list calls never contain `"method":"` in this bench.
      if (line.length < 4096 && line.includes('"method":"')) {
        const msg = JSON.parse(line);
        if (msg.id !== undefined && msg.id !== null) this.child.stdin.write(enc({ jsonrpc: "2.0", id: msg.id, result: {} }));
        continue;
      }
      if (line.trim()) {
        responses++;
        last = line;
      }
    }
    this.buffer = this.buffer.slice(start);
    if (responses) this.onResponse(responses, last);
  }

  /** One request, answered before the next (used for the handshake and verification). */
  request(msg) {
    return new Promise((resolve, reject) => {
      const fail = () =>
        reject(
          new Error(
            `no answer to ${msg.method}${this.child.exitedEarly ? `: server ${this.child.exitedEarly}` : ""}: ${this.child.stderrText.trim().split("\n").slice(-3).join(" ").slice(0, 300)}`,
          ),
        );
      const t = setTimeout(fail, 20_000);
      this.child.once("exit", () =>
        setTimeout(() => {
          clearTimeout(t);
          fail();
        }, 50),
      );
      this.onResponse = (_n, last) => {
        clearTimeout(t);
        this.onResponse = () => {};
        resolve(JSON.parse(last));
      };
      this.child.stdin.write(enc(msg));
    });
  }
}

export async function openStdio(file, env, legacyVersion) {
  const child = spawnServer(file, env);
  const peer = new StdioPeer(child);
  const init = await peer.request({
    jsonrpc: "2.0",
    id: 0,
    method: "initialize",
    params: { protocolVersion: legacyVersion, capabilities: {}, clientInfo: { name: "bench", version: "1.0.0" } },
  });
  if (!init.result) throw new Error(`initialize failed: ${JSON.stringify(init).slice(0, 300)}`);
  child.stdin.write(enc({ jsonrpc: "2.0", method: "notifications/initialized" }));
  return peer;
}

export function callMessage(id, text = "hello") {
  return { jsonrpc: "2.0", id, method: "tools/call", params: { name: "echo", arguments: { text } } };
}

/**
 * Runs one stdio load: returns { rps, rssKb }. `method` is "tools/call" or "tools/list";
 * `check` validates the first answer so a peer cannot win by failing fast.
 */
export async function stdioLoad({
  file,
  env = {},
  legacyVersion,
  inflight,
  warmupMs,
  durationMs,
  method = "tools/call",
  text = "hello",
  check,
}) {
  const peer = await openStdio(file, env, legacyVersion);
  try {
    let id = 1;
    const make =
      method === "tools/list"
        ? () => enc({ jsonrpc: "2.0", id: id++, method: "tools/list", params: {} })
        : () => enc(callMessage(id++, text));
    // Verify one answer first.
    const first = await peer.request(JSON.parse(make()));
    if (check) check(first);
    // Encode the payload once for big bodies; ids are spliced in.
    let counting = false;
    let counted = 0;
    let stopped = false;
    const stdin = peer.child.stdin;
    peer.onResponse = (n) => {
      if (counting) counted += n;
      if (stopped) return;
      let batch = "";
      for (let i = 0; i < n; i++) batch += make();
      stdin.write(batch);
    };
    let batch = "";
    for (let i = 0; i < inflight; i++) batch += make();
    stdin.write(batch);
    await new Promise((r) => setTimeout(r, warmupMs));
    counting = true;
    const t0 = process.hrtime.bigint();
    await new Promise((r) => setTimeout(r, durationMs));
    counting = false;
    const elapsed = Number(process.hrtime.bigint() - t0) / 1e9;
    stopped = true;
    if (peer.child.exitedEarly) throw new Error(`server ${peer.child.exitedEarly} during the run: ${peer.child.stderrText.slice(-300)}`);
    const rss = rssKb(peer.child.pid);
    // Let the answers still in flight drain before the GC reading.
    await new Promise((r) => setTimeout(r, 200));
    return { rps: counted / elapsed, rssKb: rss, rssGcKb: await gcAndRss(peer.child) };
  } finally {
    await stop(peer.child);
  }
}

/** Spawn to the first initialize answer, in ms. */
export async function startupOnce(file, env, legacyVersion) {
  const t0 = process.hrtime.bigint();
  const child = spawnServer(file, env);
  const peer = new StdioPeer(child);
  try {
    const init = await peer.request({
      jsonrpc: "2.0",
      id: 0,
      method: "initialize",
      params: { protocolVersion: legacyVersion, capabilities: {}, clientInfo: { name: "bench", version: "1.0.0" } },
    });
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (!init.result) throw new Error("initialize failed");
    return ms;
  } finally {
    await stop(child);
  }
}
