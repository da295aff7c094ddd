/** The Inspector's command line: a pinned release, under Node 22 from npm when this Node is too old. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { INSPECTOR_VERSION, inspectorCommand, runsInspector, shellLine } from "../../src/cli/inspector.ts";

const pinned = `@modelcontextprotocol/inspector@${INSPECTOR_VERSION}`;

test("Node 22.19 and newer run the pinned Inspector directly; older ones under node@^22.19.0", () => {
  for (const version of ["22.19.0", "22.23.3", "23.0.0", "24.11.1"]) assert.equal(runsInspector(version), true, version);
  for (const version of ["20.20.2", "v20.0.0", "22.18.9", "21.7.3"]) assert.equal(runsInspector(version), false, version);
  const url = "http://127.0.0.1:8000/mcp";
  assert.deepEqual(inspectorCommand({ transport: "http", url }, "24.0.0"), [
    "npx",
    "-y",
    pinned,
    url,
    "--transport",
    "http",
    "--protocol-era",
    "auto",
  ]);
  assert.deepEqual(inspectorCommand({ transport: "http", url }, "20.20.2"), [
    "npx",
    "-y",
    "-p",
    "node@^22.19.0",
    "-p",
    pinned,
    "mcp-inspector",
    url,
    "--transport",
    "http",
    "--protocol-era",
    "auto",
  ]);
  assert.deepEqual(inspectorCommand({ transport: "sse", url }, "24.0.0"), [
    "npx",
    "-y",
    pinned,
    "http://127.0.0.1:8000/sse",
    "--transport",
    "sse",
  ]);
});

test("over stdio the server's command follows --, so its own options are not the Inspector's", () => {
  const line = inspectorCommand(
    {
      transport: "stdio",
      command: "/usr/bin/node",
      args: ["--import", "tsx", "main.ts", "run", "server.ts", "--verbose"],
      cwd: "/srv/app",
    },
    "24.0.0",
  );
  assert.deepEqual(line, [
    "npx",
    "-y",
    pinned,
    "--cwd",
    "/srv/app",
    "--protocol-era",
    "auto",
    "--",
    "/usr/bin/node",
    "--import",
    "tsx",
    "main.ts",
    "run",
    "server.ts",
    "--verbose",
  ]);
});

test("printed command lines quote what a shell would change", () => {
  assert.equal(
    shellLine(["npx", "-p", "node@^22.19.0", "/my dir/server.ts", "it's"]),
    `npx -p 'node@^22.19.0' '/my dir/server.ts' 'it'\\''s'`,
  );
});

test("the docs name the Inspector release that mcpkit runs", () => {
  const docs = readFileSync(join(import.meta.dirname, "..", "..", "docs", "debugging.md"), "utf8");
  const named = [...docs.matchAll(/@modelcontextprotocol\/inspector@(\d+\.\d+\.\d+)|Inspector (\d+\.\d+\.\d+)/g)].map((m) => m[1] ?? m[2]);
  assert.ok(named.length >= 3, "docs/debugging.md names the release");
  assert.deepEqual([...new Set(named)], [INSPECTOR_VERSION]);
});
