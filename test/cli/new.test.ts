import { test, describe, beforeEach, afterEach } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { Writable } from "node:stream";
import { Client, StdioClientTransport } from "mcpkit/client";
import type { CliIo } from "../../src/cli/command.ts";
import { CliError } from "../../src/cli/command.ts";
import { mcpkitDependency, newCommand, packageNameFrom } from "../../src/cli/new.ts";
import { installCommand } from "../../src/cli/install.ts";
import { packedTarball } from "../helpers/packed-project.ts";

type Json = Record<string, unknown>;
const ownPackage = JSON.parse(readFileSync(resolve(import.meta.dirname, "../../package.json"), "utf8")) as { version: string };
const npm = process.platform === "win32" ? "npm.cmd" : "npm";

let work: string;

function io(cwd = work, env: NodeJS.ProcessEnv = { HOME: work }) {
  let out = "";
  const sink = (append: (text: string) => void) =>
    new Writable({
      write(chunk: Buffer | string, _encoding, callback) {
        append(chunk.toString());
        callback();
      },
    });
  const value: CliIo = { stdout: sink((t) => (out += t)), stderr: sink(() => {}), color: false, verbose: false, cwd, env };
  return { io: value, out: () => out };
}

async function scaffold(...argv: string[]) {
  const fake = io();
  const code = await newCommand.run(argv, fake.io);
  return { code, out: fake.out() };
}

async function rejects(argv: string[], message: RegExp) {
  await assert.rejects(newCommand.run(argv, io().io), (error: unknown) => {
    assert.ok(error instanceof CliError, `expected a CliError, got ${String(error)}`);
    assert.match(error.message, message);
    return true;
  });
}

/**
 * Runs a command in `cwd` as a user's shell would: without the repo's mcpkit-source condition,
 * and without NODE_TEST_CONTEXT, which would make the scaffold's `node --test` skip its files.
 */
function sh(command: string, args: string[], cwd: string): Promise<{ code: number; output: string }> {
  const { NODE_TEST_CONTEXT: _context, ...env } = process.env;
  return new Promise((done) => {
    execFile(
      command,
      args,
      { cwd, env: { ...env, NODE_OPTIONS: "", NO_COLOR: "1" }, maxBuffer: 16 * 1024 * 1024, timeout: 300_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
        done({ code, output: `${stdout}${stderr}` });
      },
    );
  });
}

beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), "mcpkit-new-"));
});
afterEach(() => {
  rmSync(work, { recursive: true, force: true });
});

describe("mcpkit new", () => {
  test("scaffolds the guide's layout and prints next steps", async () => {
    const { code, out } = await scaffold("weather");
    assert.equal(code, 0);
    const root = join(work, "weather");
    const files = readdirSync(root, { recursive: true })
      .map(String)
      .map((f) => f.replaceAll("\\", "/"))
      .sort();
    assert.deepEqual(files, [
      ".gitignore",
      "README.md",
      "package.json",
      "src",
      "src/prompts",
      "src/prompts/review.ts",
      "src/resources",
      "src/resources/app.ts",
      "src/server.ts",
      "src/tools",
      "src/tools/calculator.ts",
      "src/tools/greeting.ts",
      "test",
      "test/server.test.ts",
      "tsconfig.json",
    ]);
    const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as Json & {
      scripts: Json;
      dependencies: Json;
      devDependencies: Json;
    };
    assert.equal(pkg.name, "weather");
    assert.equal(pkg.type, "module");
    assert.equal(pkg.scripts.start, "mcpkit run src/server.ts");
    assert.equal(pkg.scripts.dev, "mcpkit dev src/server.ts");
    assert.equal(pkg.scripts.test, "node --import tsx --test test/*.test.ts");
    // Run from this clone, the project depends on it by path (mcpkit is not in the registry yet).
    const dependency = String(pkg.dependencies.mcpkit);
    assert.match(dependency, /^file:/);
    assert.equal(resolve(root, dependency.slice("file:".length)), resolve(import.meta.dirname, "../.."));
    assert.ok(pkg.dependencies.zod);
    assert.deepEqual(Object.keys(pkg.devDependencies).sort(), ["@types/node", "tsx", "typescript"]);
    const tsconfig = JSON.parse(readFileSync(join(root, "tsconfig.json"), "utf8")) as { compilerOptions: Json };
    assert.equal(tsconfig.compilerOptions.strict, true);
    assert.equal(tsconfig.compilerOptions.module, "NodeNext");
    const server = readFileSync(join(root, "src", "server.ts"), "utf8");
    assert.ok(server.includes('export const mcp = new McpServer({\n  name: "weather"'), server);
    for (const module of ["tools/greeting", "tools/calculator", "resources/app", "prompts/review"]) {
      assert.match(server, new RegExp(`from "\\./${module}\\.ts"`));
      assert.match(readFileSync(join(root, "src", `${module}.ts`), "utf8"), /export function register\(mcp: McpServer\): void/);
    }
    assert.match(readFileSync(join(root, "test", "server.test.ts"), "utf8"), /import \{ connect \} from "mcpkit\/testing"/);
    assert.match(out, /Created weather in .*weather\n/);
    assert.ok(out.includes("Next steps:\n  cd weather\n  npm install\n"), out);
  });

  test("installed from the registry, the project depends on the registry range", () => {
    assert.equal(mcpkitDependency("/home/me/app", "/home/me/.npm/lib/node_modules/mcpkit"), `^${ownPackage.version}`);
    assert.equal(mcpkitDependency("/home/me/app", "/home/me/src/mcpkit"), "file:../src/mcpkit");
  });

  test("--name, names from directories, an existing empty directory", async () => {
    mkdirSync(join(work, "empty"));
    await scaffold("empty", "--name", "@me/forecast");
    assert.equal((JSON.parse(readFileSync(join(work, "empty", "package.json"), "utf8")) as Json).name, "@me/forecast");
    assert.equal(packageNameFrom("My Server!"), "my-server");
    assert.equal(packageNameFrom("..."), "mcp-server");
  });

  test("refuses a non-empty directory, a file, bad names and arguments", async () => {
    mkdirSync(join(work, "full"));
    writeFileSync(join(work, "full", "notes.txt"), "mine");
    await rejects(["full"], /full is not empty; choose a new directory/);
    assert.deepEqual(readdirSync(join(work, "full")), ["notes.txt"]);
    await rejects(["full/notes.txt"], /exists and is not a directory/);
    await rejects([], /which directory\? e\.g\. mcpkit new my-server/);
    await rejects(["a", "b"], /unexpected argument "b"/);
    await rejects(["a", "--name", "Bad Name"], /--name "Bad Name" is not a valid package name/);
    await rejects(["a", "--force"], /unknown option "--force"/);
  });

  test("--help", async () => {
    assert.match(newCommand.help, /^Usage: mcpkit new <dir>/);
    const fake = io();
    assert.equal(await newCommand.run(["-h"], fake.io), 0);
    assert.equal(fake.out().trim(), newCommand.help);
  });

  test(
    "the scaffold installs, type-checks and passes its own tests; its Claude Desktop entry starts with no PATH",
    { timeout: 600_000 },
    async () => {
      await scaffold("app");
      const root = join(work, "app");
      const installed = await sh(npm, ["install", "--no-audit", "--no-fund", "--prefer-offline", packedTarball()], root);
      assert.equal(installed.code, 0, installed.output);
      const tested = await sh(npm, ["test"], root);
      assert.equal(tested.code, 0, tested.output);
      assert.match(tested.output, /(#|ℹ) pass 2\b/);
      assert.match(tested.output, /(#|ℹ) fail 0\b/);
      const typed = await sh(npm, ["run", "typecheck"], root);
      assert.equal(typed.code, 0, typed.output);

      // The entry `install` writes, started the way Claude Desktop starts it: no PATH, cwd "/".
      const config = join(work, "claude_desktop_config.json");
      await installCommand.run(["claude-desktop", "src/server.ts", "--config", config], io(root).io);
      const entry = (JSON.parse(readFileSync(config, "utf8")) as { mcpServers: Record<string, { command: string; args: string[] }> })
        .mcpServers.app;
      assert.equal(entry.command, process.execPath);
      assert.equal(entry.args[0], join(root, "node_modules", "mcpkit", "dist", "cli", "main.js"));
      const client = new Client({ name: "desktop-like", version: "1.0.0" });
      await client.connect(
        new StdioClientTransport({
          command: entry.command,
          args: entry.args,
          cwd: resolve("/"),
          stderr: "inherit",
          env: { PATH: undefined, Path: undefined, NODE_OPTIONS: undefined },
        }),
      );
      try {
        assert.deepEqual((await client.listAllTools()).map((tool) => tool.name).sort(), ["add", "divide", "hello"]);
      } finally {
        await client.close();
      }
    },
  );
});
