/**
 * The package as a user gets it: packed, installed from the tarball into an empty
 * project, imported by its public entry points, and run as a stdio server.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync, rmSync } from "node:fs";
import { packedTarball } from "../helpers/packed-project.ts";
import { tmpdir } from "node:os";
import { join } from "node:path";

const npm = process.platform === "win32" ? "npm.cmd" : "npm";

test("the packed tarball installs into an empty project and serves over stdio", { timeout: 240_000 }, async () => {
  const work = mkdtempSync(join(tmpdir(), "mcpkit-pack-"));
  try {
    const tarball = packedTarball();
    const project = join(work, "app");
    execFileSync("mkdir", ["-p", project]);
    writeFileSync(join(project, "package.json"), JSON.stringify({ name: "app", version: "1.0.0", type: "module", private: true }));
    execFileSync(npm, ["install", "--no-audit", "--no-fund", "--prefer-offline", tarball], {
      cwd: project,
      stdio: ["ignore", "pipe", "inherit"],
    });

    writeFileSync(
      join(project, "server.mjs"),
      `
      import { McpServer } from "mcpkit";
      const mcp = new McpServer({ name: "packed", version: "1.0.0" });
      mcp.tool("echo", { input: { type: "object", properties: { text: { type: "string" } }, required: ["text"] } }, ({ text }) => "echo: " + text);
      await mcp.run();
    `,
    );
    writeFileSync(
      join(project, "client.mjs"),
      `
      import { Client, StdioClientTransport } from "mcpkit/client";
      import * as testing from "mcpkit/testing";
      import * as stdio from "mcpkit/stdio";
      if (!testing || !stdio.StdioServerTransport) throw new Error("subpath exports missing");
      for (const era of ["modern", "legacy"]) {
        const client = new Client({ name: "c", version: "1" }, { era });
        await client.connect(new StdioClientTransport({ command: process.execPath, args: ["server.mjs"] }));
        const result = await client.callTool("echo", { text: era });
        console.log(client.era + ":" + result.content[0].text);
        await client.close();
      }
    `,
    );
    const output = await new Promise<string>((resolvePromise, reject) => {
      // A user's project knows nothing of the mcpkit-source condition the repo's tests use.
      const env = { ...process.env, NODE_OPTIONS: "" };
      const child = spawn(process.execPath, ["client.mjs"], { cwd: project, env, stdio: ["ignore", "pipe", "inherit"] });
      let out = "";
      child.stdout.on("data", (d) => (out += d));
      child.on("exit", (code) => (code === 0 ? resolvePromise(out) : reject(new Error(`client exited ${code}: ${out}`))));
    });
    assert.equal(output.trim(), "modern:echo: modern\nlegacy:echo: legacy");
    // Only mcpkit/auth loads jose: no other entry point or shared chunk names it.
    const dist = join(project, "node_modules", "mcpkit", "dist");
    const scripts = readdirSync(dist, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".js") && !f.startsWith("auth"));
    assert.ok(scripts.length > 3);
    for (const file of scripts) assert.doesNotMatch(readFileSync(join(dist, file), "utf8"), /["']jose["']/, `${file} names jose`);
    assert.match(readFileSync(join(dist, "auth", "index.js"), "utf8"), /["']jose["']/);
    // What is marked @internal is not in the published types.
    const types = readFileSync(join(project, "node_modules", "mcpkit", "dist", "server", "mcp-server.d.ts"), "utf8");
    assert.match(types, /class McpServer/);
    for (const member of ["registry", "engine", "components", "addProvider", "track", "requestStateOptions"]) {
      assert.doesNotMatch(types, new RegExp(`^\\s+(readonly )?${member}\\b`, "m"), `${member} is internal`);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});
