import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import { postModern } from "./helpers.ts";

const FIXTURE = fileURLToPath(new URL("./fixtures/run-server.ts", import.meta.url));

function launch(env: Record<string, string> = {}): {
  child: ChildProcess;
  stderr: () => string;
  line: Promise<string>;
  exit: Promise<number | null>;
} {
  const child = spawn(process.execPath, ["--import", "tsx", FIXTURE], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  let resolveLine!: (line: string) => void;
  const line = new Promise<string>((resolve) => (resolveLine = resolve));
  child.stderr!.setEncoding("utf8");
  child.stderr!.on("data", (chunk: string) => {
    stderr += chunk;
    const first = stderr.split("\n").find((l) => l.startsWith("mcpkit:"));
    if (first) resolveLine(first);
  });
  const exit = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, stderr: () => stderr, line, exit };
}

test("mcp.run({ transport: 'http' }) prints its URL to stderr, serves, and drains on SIGTERM", async () => {
  const run = launch();
  try {
    const line = await run.line;
    const match = /^mcpkit: serving run-fixture on (http:\/\/127\.0\.0\.1:\d+\/mcp) \(Streamable HTTP, 2026-07-28 \+ 2025-11-25\)$/.exec(
      line,
    );
    assert.ok(match, line);
    const url = match[1];
    const hello = (await (await postModern(url, "tools/call", { name: "hello", arguments: {} })).json()) as {
      result: { content: { text: string }[] };
    };
    assert.equal(hello.result.content[0].text, "hello over http");
    // A request in flight when SIGTERM arrives still gets its answer.
    const slow = postModern(url, "tools/call", { name: "slow", arguments: {} }).then((r) => r.json());
    await new Promise((resolve) => setTimeout(resolve, 50));
    run.child.kill("SIGTERM");
    const answer = (await slow) as { result: { content: { text: string }[] } };
    assert.equal(answer.result.content[0].text, "slow done");
    assert.equal(await run.exit, 143);
  } finally {
    run.child.kill();
  }
});

test("transport 'sse' names both endpoints", async () => {
  const run = launch({ FIXTURE_TRANSPORT: "sse" });
  try {
    const line = await run.line;
    assert.match(line, /Streamable HTTP, 2026-07-28 \+ 2025-11-25; HTTP\+SSE \(2024-11-05\) at http:\/\/127\.0\.0\.1:\d+\/sse\)$/);
  } finally {
    run.child.kill("SIGTERM");
    await run.exit;
  }
});

test("a port in use is one clear line and exit code 1", async () => {
  const blocker = createServer();
  await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
  const port = (blocker.address() as { port: number }).port;
  try {
    const run = launch({ FIXTURE_PORT: String(port) });
    assert.equal(await run.exit, 1);
    assert.equal(run.stderr().trim(), `mcpkit: port ${port} on 127.0.0.1 is already in use; pick another with --port`);
  } finally {
    blocker.close();
  }
});
