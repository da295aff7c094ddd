import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { McpServer } from "mcpkit";
import { connect } from "mcpkit/testing";
import { registerFiles } from "./server.ts";

// base/root/sub is a real directory that a second process keeps swapping with a symlink
// to base/outside. Whatever the timing, nothing of base/outside may come back.
let base: string;
let root: string;

before(() => {
  base = realpathSync(mkdtempSync(join(tmpdir(), "mcpkit-files-race-")));
  root = join(base, "root");
  mkdirSync(join(root, "sub"), { recursive: true });
  mkdirSync(join(base, "outside"));
  writeFileSync(join(root, "sub", "note.txt"), "inside");
  writeFileSync(join(base, "outside", "note.txt"), "OUTSIDE");
  writeFileSync(join(base, "outside", "only-outside.txt"), "OUTSIDE");
});

after(() => rmSync(base, { recursive: true, force: true }));

/**
 * A process that swaps root/sub for a symlink to outside and back, as fast as it can, until
 * killed; it also stops by itself after 20 s, so a test runner that dies cannot leave it spinning.
 */
function startSwapper(): ChildProcess {
  const script = `
    const { renameSync, symlinkSync, unlinkSync } = require("node:fs");
    const [sub, hold, outside] = process.argv.slice(1);
    const deadline = Date.now() + 20000;
    while (Date.now() < deadline) {
      renameSync(sub, hold);
      symlinkSync(outside, sub);
      unlinkSync(sub);
      renameSync(hold, sub);
    }`;
  return spawn(process.execPath, ["-e", script, join(root, "sub"), join(root, ".sub-held"), join(base, "outside")], { stdio: "ignore" });
}

test("a directory swapped for a symlink while the tools run never leads outside the root", { timeout: 60_000 }, async () => {
  const mcp = new McpServer({ name: "files-race", version: "0.0.0" });
  registerFiles(mcp, { root });
  const client = await connect(mcp);
  const swapper = startSwapper();
  const calls = { total: 0, outside: 0, inside: 0 };
  const saw = (text: string) => {
    calls.total++;
    if (text.includes("OUTSIDE") || text.includes("only-outside")) calls.outside++;
    if (text.includes("inside") || text.includes("note.txt")) calls.inside++;
  };
  const textOf = (result: { content: { type: string }[] }) => result.content.map((b) => (b as { text?: string }).text ?? "").join("");
  const operations = [
    async () => saw(textOf(await client.callTool("read_file", { path: "sub/note.txt" }))),
    async () => saw(textOf(await client.callTool("list_files", { path: "sub" }))),
    async () => saw(textOf(await client.callTool("list_files", { path: ".", recursive: true }))),
    async () => saw(textOf(await client.callTool("search_files", { pattern: "note" }))),
    async () =>
      saw(JSON.stringify((await client.readResource(`${pathToFileURL(root).href}/sub/note.txt`)).contents).replace(/"uri":"[^"]*"/g, "")),
    async () => saw(JSON.stringify((await client.readResource(`${pathToFileURL(root).href}/sub`)).contents).replace(/"uri":"[^"]*"/g, "")),
    async () => saw(JSON.stringify((await client.readResource("file://sub%2Fnote.txt")).contents).replace(/"uri":"[^"]*"/g, "")),
  ];
  try {
    // Bounded by time, a few seconds: 16 calls in flight at once, each a different operation.
    const end = Date.now() + 4000;
    await Promise.all(
      Array.from({ length: 16 }, async (_, lane) => {
        for (let i = lane; Date.now() < end; i++) {
          // A call that fails (the directory was missing at that instant) is fine; a leak is not.
          await operations[i % operations.length]().catch(() => {
            calls.total++;
          });
        }
      }),
    );
  } finally {
    swapper.kill("SIGKILL");
    await client.close();
  }
  console.log(`files race: ${calls.total} calls, ${calls.inside} saw the inside, ${calls.outside} saw outside`);
  assert.ok(calls.inside > 0, "the calls did reach the directory");
  assert.equal(calls.outside, 0, `${calls.outside} of ${calls.total} calls returned something from outside the root`);
});
