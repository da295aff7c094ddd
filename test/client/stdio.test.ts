// The client spawning the fixture server over stdio, on both eras, and the stdio transport's own duties.
import { test } from "node:test";
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { Client, McpError, StdioClientTransport } from "../../src/client/index.ts";
import type { ClientOptions } from "../../src/client/index.ts";
import { clientSuite, type Era } from "./suite.ts";

const fixture = fileURLToPath(new URL("./fixtures/stdio-server.ts", import.meta.url));
const spawnFixture = () => new StdioClientTransport({ command: process.execPath, args: ["--import", "tsx", fixture], stderr: "pipe" });

async function connect(options: ClientOptions) {
  const client = new Client({ name: "stdio-test", version: "1.0.0" }, options);
  await client.connect(spawnFixture());
  return { client, close: () => client.close() };
}

for (const era of ["modern", "legacy"] as Era[]) clientSuite("stdio", era, connect, { concurrency: 4 });

test("a command that cannot start rejects connect() clearly", async () => {
  const client = new Client({ name: "t", version: "1" });
  await assert.rejects(
    client.connect(new StdioClientTransport({ command: "/nonexistent/mcp-server" })),
    /Could not start MCP server "\/nonexistent\/mcp-server"/,
  );
});

test("the server exiting closes the client and rejects pending calls", async () => {
  const transport = spawnFixture();
  const client = new Client({ name: "t", version: "1" });
  await client.connect(transport);
  const call = client.callTool("wait_for_cancel");
  await new Promise((resolve) => setTimeout(resolve, 20));
  process.kill(transport.pid!, "SIGKILL");
  await assert.rejects(call, (error: unknown) => error instanceof McpError && error.code === -32000);
  await client.closed;
});

test("close() ends stdin, then terminates a server that keeps running", async () => {
  // Ignores end of input and SIGTERM; only SIGKILL stops it.
  const stubborn =
    "process.on('SIGTERM', () => {}); process.stdin.resume(); process.stdin.on('end', () => {}); setInterval(() => {}, 1000);" +
    "console.log(JSON.stringify({ jsonrpc: '2.0', method: 'ready' }));";
  const transport = new StdioClientTransport({ command: process.execPath, args: ["-e", stubborn], closeGraceMs: 100 });
  let closed = false;
  const ready = new Promise<void>((resolve) =>
    transport.start({
      onMessage: () => resolve(),
      onClose: () => {
        closed = true;
      },
    }),
  );
  await ready;
  const pid = transport.pid!;
  const started = Date.now();
  await transport.close();
  assert.ok(closed);
  assert.ok(Date.now() - started >= 200, "waited a grace period after stdin and after SIGTERM");
  assert.throws(() => process.kill(pid, 0), /ESRCH/);
});

test("stderr: pipe exposes the server's stderr", async () => {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: ["-e", "console.error('hello from stderr')"],
    stderr: "pipe",
  });
  const chunks: Buffer[] = [];
  await transport.start({ onMessage: () => {}, onClose: () => {} });
  transport.stderr!.on("data", (c: Buffer) => chunks.push(c));
  await new Promise((resolve) => transport.stderr!.once("end", resolve));
  assert.match(Buffer.concat(chunks).toString(), /hello from stderr/);
  await transport.close();
});
