/** Graceful stdio shutdown: SIGTERM, SIGINT and stdin closing let requests in flight answer. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { resolve } from "node:path";

const fixture = resolve(import.meta.dirname, "fixtures/drain-server.ts");
const meta = { "io.modelcontextprotocol/protocolVersion": "2026-07-28", "io.modelcontextprotocol/clientCapabilities": {} };

interface Server {
  child: ChildProcessWithoutNullStreams;
  messages: () => Array<{
    id?: unknown;
    result?: { content: Array<{ text: string }>; isError?: boolean };
    error?: { code: number; message: string };
  }>;
  stderr: () => string;
  until: (what: string, check: () => boolean) => Promise<void>;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function start(drainMs: number): Server {
  const child = spawn(process.execPath, ["--conditions=mcpkit-source", "--import", "tsx", fixture], {
    stdio: ["pipe", "pipe", "pipe"],
    env: { ...process.env, DRAIN_MS: String(drainMs) },
  });
  let out = "";
  let err = "";
  child.stdout.on("data", (d) => (out += d));
  child.stderr.on("data", (d) => (err += d));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) =>
    child.on("exit", (code, signal) => r({ code, signal })),
  );
  const until = async (what: string, check: () => boolean) => {
    for (let i = 0; i < 1000 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
    assert.ok(check(), `timed out waiting for ${what}; stderr:\n${err}`);
  };
  return {
    child,
    messages: () =>
      out
        .split("\n")
        .filter(Boolean)
        .map((l) => JSON.parse(l)),
    stderr: () => err,
    until,
    exit,
  };
}

const call = (id: number | string, name: string, args: Record<string, unknown> = {}) =>
  JSON.stringify({ jsonrpc: "2.0", id, method: "tools/call", params: { name, arguments: args, _meta: meta } }) + "\n";
const count = (text: string, word: string) => text.split(word).length - 1;

async function fiftyInFlight(server: Server): Promise<void> {
  let batch = "";
  for (let i = 1; i <= 50; i++) batch += call(i, "slow", { n: i });
  server.child.stdin.write(batch);
  await server.until("50 handlers to start", () => count(server.stderr(), "slow: started") === 50);
}

function assertFiftyAnswered(server: Server): void {
  const byId = new Map(server.messages().map((m) => [m.id, m]));
  for (let i = 1; i <= 50; i++) {
    const answer = byId.get(i);
    assert.ok(answer, `request ${i} got no answer`);
    assert.equal(answer.result?.content[0].text, `done ${i} aborted=false`);
  }
}

for (const [signal, code] of [
  ["SIGTERM", 143],
  ["SIGINT", 130],
] as const) {
  test(`${signal}: 50 requests in flight all answer, then the lifespan closes and the process exits`, { timeout: 30_000 }, async () => {
    const server = start(10_000);
    await fiftyInFlight(server);
    server.child.kill(signal);
    const exit = await server.exit;
    assert.deepEqual(exit, { code, signal: null }, "exits by itself, with the signal's conventional code");
    assertFiftyAnswered(server);
    assert.equal(server.messages().length, 50);
    assert.match(server.stderr(), /lifespan: closed/);
  });

  test(
    `${signal}: new requests are refused while draining; a handler past the drain timeout is aborted and answered`,
    { timeout: 30_000 },
    async () => {
      const server = start(1500);
      server.child.stdin.write(call("stuck", "stuck") + call("deaf", "deaf"));
      await server.until("both handlers to start", () => /stuck: started/.test(server.stderr()) && /deaf: started/.test(server.stderr()));
      server.child.kill(signal);
      await server.until("the fixture to see the signal", () => server.stderr().includes(`fixture: ${signal}`));
      server.child.stdin.write(call("late", "slow", { n: 0 }));
      await server.until("the late request's answer", () => server.messages().some((m) => m.id === "late"));
      const exit = await server.exit;
      assert.deepEqual(exit, { code, signal: null });
      const byId = new Map(server.messages().map((m) => [m.id, m]));
      assert.equal(byId.get("late")?.error?.code, -32000);
      assert.match(byId.get("late")?.error?.message ?? "", /shutting down/);
      assert.doesNotMatch(server.stderr(), /slow: started 0/, "the late request never ran");
      for (const id of ["stuck", "deaf"]) {
        assert.equal(byId.get(id)?.error?.code, -32603, `${id} is answered when the drain times out`);
        assert.match(byId.get(id)?.error?.message ?? "", /shut down before the request finished/);
      }
      assert.match(server.stderr(), /stuck: aborted/, "the cut handler's signal was aborted");
      assert.match(server.stderr(), /lifespan: closed/);
    },
  );
}

test("stdin closing with 50 requests in flight: every answer is written before the process exits", { timeout: 30_000 }, async () => {
  const server = start(10_000);
  await fiftyInFlight(server);
  server.child.stdin.end();
  const exit = await server.exit;
  assert.deepEqual(exit, { code: 0, signal: null });
  assertFiftyAnswered(server);
  assert.match(server.stderr(), /lifespan: closed/);
});
