/** The stdio transport as a process: framing, stdout discipline, shutdown. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { resolve } from "node:path";

const fixture = resolve(import.meta.dirname, "fixtures/stdio-server.ts");
const meta = { "io.modelcontextprotocol/protocolVersion": "2026-07-28", "io.modelcontextprotocol/clientCapabilities": {} };

function start(): {
  child: ChildProcessWithoutNullStreams;
  lines: () => string[];
  stderr: () => string;
  next: (n: number) => Promise<string[]>;
} {
  const child = spawn(process.execPath, ["--import", "tsx", fixture], { stdio: ["pipe", "pipe", "pipe"] });
  let out = "";
  let err = "";
  child.stdout.on("data", (d) => (out += d));
  child.stderr.on("data", (d) => (err += d));
  const lines = () => out.split("\n").filter(Boolean);
  const next = async (n: number) => {
    for (let i = 0; i < 500 && lines().length < n; i++) await new Promise((r) => setTimeout(r, 20));
    return lines();
  };
  return { child, lines, stderr: () => err, next };
}

const exited = (child: ChildProcessWithoutNullStreams) => new Promise<number | null>((r) => child.on("exit", (code) => r(code)));

test("frames split across writes and a 5 MB line are read whole; stdout carries only protocol", { timeout: 30_000 }, async () => {
  const { child, next, stderr } = start();
  const call = (id: number, text: string) =>
    JSON.stringify({ jsonrpc: "2.0", id, method: "tools/call", params: { name: "echo", arguments: { text }, _meta: meta } }) + "\n";
  const first = call(1, "héllo wörld");
  const bytes = Buffer.from(first);
  // Split inside a multi-byte character, across three writes.
  child.stdin.write(bytes.subarray(0, 60));
  await new Promise((r) => setTimeout(r, 30));
  child.stdin.write(bytes.subarray(60, 61));
  await new Promise((r) => setTimeout(r, 30));
  child.stdin.write(Buffer.concat([bytes.subarray(61), Buffer.from(call(2, "x".repeat(5 * 1024 * 1024)))]));
  child.stdin.write("\n\n   \n"); // blank lines are ignored
  child.stdin.write("{oops\n");
  const lines = await next(3);
  const messages = lines.map((l) => JSON.parse(l)); // every stdout line is JSON-RPC
  const byId = new Map(messages.map((m) => [m.id, m]));
  assert.equal(byId.get(1).result.content[0].text, "11:héllo");
  assert.equal(byId.get(2).result.content[0].text, `${5 * 1024 * 1024}:xxxxx`);
  assert.equal(byId.get(null).error.code, -32700);
  assert.match(stderr(), /stray output from a handler/);
  assert.match(stderr(), /more stray output/);
  child.stdin.end();
  assert.equal(await exited(child), 0, "exits when stdin closes");
  assert.match(stderr(), /lifespan: closed/);
});

for (const signal of ["SIGTERM", "SIGINT"] as const) {
  test(`${signal} closes the lifespan and exits`, { timeout: 30_000 }, async () => {
    const { child, next, stderr } = start();
    child.stdin.write(JSON.stringify({ jsonrpc: "2.0", id: 1, method: "server/discover", params: { _meta: meta } }) + "\n");
    await next(1);
    child.kill(signal);
    const code = await exited(child);
    assert.equal(code, signal === "SIGTERM" ? 143 : 130);
    assert.match(stderr(), /lifespan: closed/);
  });
}
