/**
 * `mcpkit run --workers 2`: one port served by two processes (node:cluster). Without Redis the
 * workers share sessions through the primary, so a legacy session opened on one worker goes on
 * on the other, server-to-client requests included; SIGTERM drains and stops them all.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { request } from "node:http";
import { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { Client, HttpClientTransport } from "../../src/client/index.ts";
import { freePort } from "../helpers/free-port.ts";

const MAIN = fileURLToPath(new URL("../../src/cli/main.ts", import.meta.url));
const SERVER = fileURLToPath(new URL("./fixtures/server.ts", import.meta.url));
const text = (result: { content: unknown[] }) => (result.content[0] as { text: string }).text;

/** A fetch that opens a new connection for every request, so the cluster deals them to both workers. */
const freshConnections: typeof fetch = (input, init) =>
  new Promise((resolve, reject) => {
    const url = new URL(typeof input === "string" || input instanceof URL ? input : input.url);
    const req = request(url, { method: init?.method ?? "GET", headers: init?.headers as Record<string, string>, agent: false }, (res) => {
      const headers = new Headers();
      for (const [name, value] of Object.entries(res.headers)) if (typeof value === "string") headers.set(name, value);
      const empty = res.statusCode === 202 || res.statusCode === 204;
      resolve(new Response(empty ? null : (Readable.toWeb(res) as ReadableStream), { status: res.statusCode, headers }));
    });
    req.on("error", reject);
    init?.signal?.addEventListener("abort", () => req.destroy(new Error("aborted")), { once: true });
    req.end(init?.body as string | undefined);
  });

test("--workers 2: one port, two processes, one legacy session across them; SIGTERM stops all", { timeout: 90_000 }, async () => {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    ["--conditions=mcpkit-source", "--import", "tsx", MAIN, "run", SERVER, "--transport", "http", "--port", String(port), "--workers", "2"],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  let output = "";
  child.stderr.on("data", (chunk: Buffer) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  try {
    for (let i = 0; i < 300 && (output.match(/serving scale on/g) ?? []).length < 2; i++) await new Promise((r) => setTimeout(r, 50));
    assert.equal((output.match(/serving scale on/g) ?? []).length, 2, output);
    assert.match(output, /2 workers serving one port/);

    const client = new Client(
      { name: "workers-test", version: "1" },
      { era: "legacy", onElicit: () => ({ action: "accept", content: { name: "Ada" } }) },
    );
    await client.connect(new HttpClientTransport(`http://127.0.0.1:${port}/mcp`, { fetch: freshConnections, getStream: false }));
    try {
      const pids = new Set<string>();
      for (let i = 0; i < 16; i++) pids.add(text(await client.callTool("pid")));
      assert.equal(pids.size, 2, `answered by ${[...pids]}`);
      for (let i = 0; i < 4; i++) assert.match(text(await client.callTool("ask")), /^hello Ada/);
    } finally {
      await client.close();
    }
  } finally {
    child.kill("SIGTERM");
  }
  assert.equal(await exited, 143, output);
});
