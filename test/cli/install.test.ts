import { test, describe, beforeEach, afterEach } from "node:test";
import assert from "node:assert/strict";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import type { CliIo } from "../../src/cli/command.ts";
import { CliError } from "../../src/cli/command.ts";
import { installCommand, parseEnv } from "../../src/cli/install.ts";
import { clientConfig } from "../../src/cli/client-configs.ts";

type Json = Record<string, unknown>;

let home: string;
let project: string;
let serverFile: string;

function io(cwd = project, env: NodeJS.ProcessEnv = { HOME: home }) {
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

async function install(...argv: string[]) {
  const fake = io();
  const code = await installCommand.run(argv, fake.io);
  return { code, out: fake.out() };
}

const readJson = (path: string) => JSON.parse(readFileSync(path, "utf8")) as Json;
const servers = (config: Json, key = "mcpServers") => config[key] as Record<string, Json>;

async function rejects(argv: string[], message: RegExp) {
  await assert.rejects(installCommand.run(argv, io().io), (error: unknown) => {
    assert.ok(error instanceof CliError, `expected a CliError, got ${String(error)}`);
    assert.match(error.message, message);
    assert.ok(!error.message.includes("\n"), "one line");
    return true;
  });
}

beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), "mcpkit-install-home-"));
  project = mkdtempSync(join(tmpdir(), "mcpkit-install-project-"));
  mkdirSync(join(project, "src"));
  serverFile = join(project, "src", "weather.ts");
  writeFileSync(serverFile, "export {};\n");
});

afterEach(() => {
  rmSync(home, { recursive: true, force: true });
  rmSync(project, { recursive: true, force: true });
});

describe("mcpkit install: each client's real location", () => {
  test("claude-desktop writes ~/.config/Claude/claude_desktop_config.json (Linux)", { skip: process.platform !== "linux" }, async () => {
    const { code, out } = await install("claude-desktop", "src/weather.ts");
    assert.equal(code, 0);
    const path = join(home, ".config", "Claude", "claude_desktop_config.json");
    const entry = servers(readJson(path)).weather;
    assert.deepEqual(Object.keys(entry), ["command", "args"]);
    assert.deepEqual((entry.args as string[]).slice(-2), ["run", serverFile]);
    assert.match(out, /Added server "weather" in the Claude Desktop configuration/);
    assert.ok(out.includes(path));
  });

  test("claude-code writes the user mcpServers of ~/.claude.json with type stdio", async () => {
    await install("claude-code", serverFile);
    const entry = servers(readJson(join(home, ".claude.json"))).weather;
    assert.equal(entry.type, "stdio");
    assert.deepEqual((entry.args as string[]).slice(-2), ["run", serverFile]);
  });

  test("claude-code --scope project writes ./.mcp.json, --scope local this directory's entry in ~/.claude.json", async () => {
    await install("claude-code", serverFile, "--scope", "project");
    assert.equal(servers(readJson(join(project, ".mcp.json"))).weather.type, "stdio");
    await install("claude-code", serverFile, "--scope", "local", "--name", "mine");
    const config = readJson(join(home, ".claude.json"));
    const projects = config.projects as Record<string, Json>;
    assert.equal(servers(projects[project]).mine.type, "stdio");
    assert.equal(config.mcpServers, undefined);
  });

  test("cursor writes ~/.cursor/mcp.json, or .cursor/mcp.json with --scope project", async () => {
    await install("cursor", serverFile);
    assert.deepEqual((servers(readJson(join(home, ".cursor", "mcp.json"))).weather.args as string[]).slice(-1), [serverFile]);
    await install("cursor", serverFile, "--scope", "project");
    assert.ok(servers(readJson(join(project, ".cursor", "mcp.json"))).weather);
  });

  test(
    "vscode writes the profile's mcp.json under key servers with type stdio (Linux), or .vscode/mcp.json",
    { skip: process.platform !== "linux" },
    async () => {
      await install("vscode", serverFile);
      const config = readJson(join(home, ".config", "Code", "User", "mcp.json"));
      assert.equal(config.mcpServers, undefined);
      assert.equal(servers(config, "servers").weather.type, "stdio");
      await install("vscode", serverFile, "--scope", "project");
      assert.equal(servers(readJson(join(project, ".vscode", "mcp.json")), "servers").weather.type, "stdio");
    },
  );

  test("paths on macOS and Windows", () => {
    const mac = { platform: "darwin" as const, env: { HOME: "/Users/ada" }, cwd: "/Users/ada/app" };
    assert.equal(
      clientConfig("claude-desktop", "user", mac).path,
      "/Users/ada/Library/Application Support/Claude/claude_desktop_config.json",
    );
    assert.equal(clientConfig("vscode", "user", mac).path, "/Users/ada/Library/Application Support/Code/User/mcp.json");
    assert.equal(clientConfig("cursor", "user", mac).path, "/Users/ada/.cursor/mcp.json");
    assert.equal(clientConfig("claude-code", "user", mac).path, "/Users/ada/.claude.json");
    const win = {
      platform: "win32" as const,
      env: { USERPROFILE: "C:\\Users\\ada", APPDATA: "C:\\Users\\ada\\AppData\\Roaming" },
      cwd: "C:\\work\\app",
    };
    assert.equal(clientConfig("claude-desktop", "user", win).path, "C:\\Users\\ada\\AppData\\Roaming\\Claude\\claude_desktop_config.json");
    assert.equal(clientConfig("vscode", "user", win).path, "C:\\Users\\ada\\AppData\\Roaming\\Code\\User\\mcp.json");
    assert.equal(clientConfig("cursor", "user", win).path, "C:\\Users\\ada\\.cursor\\mcp.json");
    assert.equal(clientConfig("vscode", "project", win).path, "C:\\work\\app\\.vscode\\mcp.json");
    const linux = { platform: "linux" as const, env: { HOME: "/home/ada", XDG_CONFIG_HOME: "/home/ada/cfg" }, cwd: "/home/ada/app" };
    assert.equal(clientConfig("claude-desktop", "user", linux).path, "/home/ada/cfg/Claude/claude_desktop_config.json");
    assert.throws(() => clientConfig("claude-desktop", "project", linux), /claude-desktop has no "project" configuration/);
  });
});

describe("mcpkit install: merging", () => {
  test("keeps other servers and top-level keys, replaces an entry with the same name, keeps the file's mode", async () => {
    const path = join(home, ".cursor", "mcp.json");
    mkdirSync(join(home, ".cursor"));
    const before = {
      theme: { dark: true },
      mcpServers: { other: { command: "uvx", args: ["other-server"] }, weather: { command: "old" } },
    };
    writeFileSync(path, JSON.stringify(before));
    chmodSync(path, 0o600);
    const { out } = await install("cursor", serverFile, "--env", "API_KEY=abc");
    const after = readJson(path);
    assert.deepEqual(after.theme, { dark: true });
    assert.deepEqual(servers(after).other, before.mcpServers.other);
    assert.notEqual(servers(after).weather.command, "old");
    assert.deepEqual(servers(after).weather.env, { API_KEY: "abc" });
    assert.match(out, /Replaced server "weather"/);
    assert.equal(statSync(path).mode & 0o777, 0o600);
    assert.deepEqual(readdirSync(join(home, ".cursor")), ["mcp.json"], "no temporary file left behind");
  });

  test("--name, --env (values may hold '='), --config PATH", async () => {
    const path = join(project, "custom", "clients.json");
    const { out } = await install(
      "claude-desktop",
      serverFile,
      "--name",
      "forecast",
      "--env",
      "A=1",
      "--env",
      "URL=http://x/?a=b",
      "--config",
      "custom/clients.json",
    );
    assert.ok(out.includes(path));
    const entry = servers(readJson(path)).forecast;
    assert.deepEqual(entry.env, { A: "1", URL: "http://x/?a=b" });
    assert.equal(existsSync(join(home, ".config")), false, "the default location is untouched");
  });

  test("--dry-run prints the path and the resulting JSON and writes nothing", async () => {
    const path = join(home, ".claude.json");
    writeFileSync(path, JSON.stringify({ numStartups: 3 }));
    const { code, out } = await install("claude-code", serverFile, "--dry-run");
    assert.equal(code, 0);
    const [first, ...rest] = out.split("\n");
    assert.equal(first, `Would write ${path}:`);
    const printed = JSON.parse(rest.join("\n")) as Json;
    assert.equal(printed.numStartups, 3);
    assert.equal(servers(printed).weather.type, "stdio");
    assert.deepEqual(readJson(path), { numStartups: 3 });
    await install("cursor", serverFile, "--dry-run");
    assert.equal(existsSync(join(home, ".cursor")), false);
  });

  test("a file that is not valid JSON is refused and left alone", async () => {
    const path = join(home, ".claude.json");
    writeFileSync(path, '{ "mcpServers": { ,');
    await rejects(["claude-code", serverFile], /\.claude\.json is not valid JSON .*nothing was written/);
    assert.equal(readFileSync(path, "utf8"), '{ "mcpServers": { ,');
    writeFileSync(path, "[1, 2]");
    await rejects(["claude-code", serverFile], /does not hold a JSON object/);
    writeFileSync(path, JSON.stringify({ mcpServers: ["x"] }));
    await rejects(["claude-code", serverFile], /"mcpServers" is not an object/);
    assert.equal(readFileSync(path, "utf8"), JSON.stringify({ mcpServers: ["x"] }));
  });

  test("an empty existing file counts as an empty configuration", async () => {
    const path = join(home, ".claude.json");
    writeFileSync(path, "");
    await install("claude-code", serverFile);
    assert.ok(servers(readJson(path)).weather);
  });
});

describe("mcpkit install: the command it writes", () => {
  test("uses this node and the mcpkit bin installed in the server's project (absolute paths)", async () => {
    const pkg = join(project, "node_modules", "mcpkit");
    mkdirSync(join(pkg, "dist", "cli"), { recursive: true });
    writeFileSync(
      join(pkg, "package.json"),
      JSON.stringify({
        name: "mcpkit",
        version: "9.9.9",
        bin: { mcpkit: "./dist/cli/main.js" },
        exports: { "./package.json": "./package.json" },
      }),
    );
    writeFileSync(join(pkg, "dist", "cli", "main.js"), "");
    await install("cursor", serverFile);
    const entry = servers(readJson(join(home, ".cursor", "mcp.json"))).weather;
    assert.equal(entry.command, process.execPath);
    assert.deepEqual(entry.args, [join(pkg, "dist", "cli", "main.js"), "run", serverFile]);
  });
});

describe("mcpkit install: bad input", () => {
  test("--env errors", async () => {
    await rejects(["cursor", serverFile, "--env", "NOVALUE"], /--env needs KEY=VALUE, not "NOVALUE"/);
    await rejects(["cursor", serverFile, "--env", "1X=2"], /"1X" is not a valid variable name/);
    await rejects(["cursor", serverFile, "--env", "=2"], /"" is not a valid variable name/);
    await rejects(["cursor", serverFile, "--env"], /--env needs a value/);
    assert.deepEqual(parseEnv(["A=", "B=x=y", "A=2"]), { A: "2", B: "x=y" });
  });

  test("clients, files, options", async () => {
    await rejects([], /which client\? mcpkit install claude-desktop\|claude-code\|cursor\|vscode <file>/);
    await rejects(["zed", serverFile], /unknown client "zed"; expected one of claude-desktop, claude-code, cursor, vscode/);
    await rejects(["cursor"], /which server file\? mcpkit install/);
    await rejects(["cursor", "nope.ts"], /no such file: .*nope\.ts/);
    await rejects(["cursor", "src"], /not a file/);
    await rejects(["cursor", serverFile, "extra"], /unexpected argument "extra"/);
    await rejects(["cursor", serverFile, "--scope", "team"], /--scope must be user, project or local/);
    await rejects(["cursor", serverFile, "--scope", "local"], /cursor has no "local" configuration/);
    await rejects(["cursor", serverFile, "--port", "1"], /unknown option "--port"/);
    await rejects(["cursor", serverFile, "--name", ""], /--name must not be empty/);
  });

  test("no home directory", async () => {
    await assert.rejects(installCommand.run(["cursor", serverFile], io(project, {}).io), /cannot find your home directory/);
  });
});

test("--help", async () => {
  assert.match(installCommand.help, /^Usage: mcpkit install <client> <file>/);
  for (const word of ["claude-desktop", "claude-code", "cursor", "vscode", "--env", "--dry-run", "--config", "--name"])
    assert.ok(installCommand.help.includes(word), word);
  const fake = io();
  assert.equal(await installCommand.run(["--help"], fake.io), 0);
  assert.equal(fake.out().trim(), installCommand.help);
});
