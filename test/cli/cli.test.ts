/**
 * The `mcpkit` command as a user meets it: the packed package installed in a temporary
 * project (with tsx and zod), every command run through node_modules/.bin/mcpkit.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync, renameSync } from "node:fs";
import { join, resolve } from "node:path";
import { packedProject, type PackedProject } from "../helpers/packed-project.ts";

const SERVER = `import { McpServer, ToolError } from "mcpkit";
import { z } from "zod";

export const mcp = new McpServer({ name: "cli-test", version: "1.0.0" });
mcp.tool("add", { description: "Add two numbers.", input: { a: z.number(), b: z.number() } }, ({ a, b }) => String(a + b));
mcp.tool("echo", { description: "Echo some text.", input: { text: z.string() } }, ({ text }) => \`echo: \${text}\`);
mcp.tool("fail", { description: "Always fails." }, () => { throw new ToolError("it broke"); });
mcp.resource("config://app", { description: "App config", mimeType: "application/json" }, () => ({ debug: true }));
mcp.resource("greeting://{name}", { description: "A greeting" }, ({ name }) => \`Hello, \${name}!\`);
mcp.prompt("review", { description: "Review code.", args: { code: z.string() } }, ({ code }) => \`Review this:\\n\${code}\`);
`;

const SELF_RUN = `import { McpServer } from "mcpkit";
const mcp = new McpServer({ name: "self-run", version: "1.0.0" });
mcp.tool("ping", { description: "Answers pong." }, () => "pong");
await mcp.run();
`;

const PLAIN_JS = `import { McpServer } from "mcpkit";
const server = new McpServer({ name: "plain-js", version: "1.0.0" });
server.tool("ping", { description: "Answers pong." }, () => "pong from js");
export default server;
`;

const COMMANDS = ["run", "dev", "list", "call", "read", "prompt", "install", "new"];

let project: PackedProject;
const children = new Set<ChildProcess>();

before(() => {
  project = packedProject(["tsx", "zod"]);
  project.write("server.ts", SERVER);
  project.write("self-run.ts", SELF_RUN);
  project.write("plain.mjs", PLAIN_JS);
  project.write("nothing.ts", "export const answer = 42;\n");
  project.write("broken.ts", 'import { nope } from "./missing-module.ts";\nexport default nope;\n');
});

after(() => {
  for (const child of children) child.kill("SIGKILL");
  project?.remove();
});

const mcpkit = (...args: string[]) => project.run("mcpkit", args);

/** A failure as the brief wants it: non-zero, one `mcpkit: ` line on stderr, no stack. */
function assertOneLineError(result: { code: number | null; stderr: string }, pattern: RegExp): void {
  assert.notEqual(result.code, 0, "exit code");
  const lines = result.stderr.trim().split("\n");
  assert.equal(lines.length, 1, `one line on stderr, got:\n${result.stderr}`);
  assert.match(lines[0], /^mcpkit: /);
  assert.match(lines[0], pattern);
  assert.doesNotMatch(result.stderr, /\n\s+at /);
}

/** Starts a long-running mcpkit (run --transport http, dev) and waits for a stderr line. */
function startBackground(args: string[]): {
  child: ChildProcess;
  stderr: () => string;
  waitFor(pattern: RegExp, from?: number): Promise<RegExpExecArray>;
} {
  const child = spawn(join(project.dir, "node_modules", ".bin", "mcpkit"), args, {
    cwd: project.dir,
    env: { ...process.env, NODE_OPTIONS: "", NO_COLOR: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.add(child);
  child.on("exit", () => children.delete(child));
  let stderr = "";
  const waiters = new Set<() => void>();
  child.stderr!.on("data", (chunk: Buffer) => {
    stderr += chunk.toString("utf8");
    for (const wake of waiters) wake();
  });
  child.stdout!.resume();
  return {
    child,
    stderr: () => stderr,
    waitFor(pattern, from = 0) {
      return new Promise((resolvePromise, reject) => {
        const check = () => {
          const match = pattern.exec(stderr.slice(from));
          if (match) {
            waiters.delete(check);
            resolvePromise(match);
          }
        };
        waiters.add(check);
        child.once("exit", (code) => {
          if (waiters.delete(check)) reject(new Error(`mcpkit ${args.join(" ")} exited (${code}) before ${pattern}:\n${stderr}`));
        });
        check();
      });
    },
  };
}

function stop(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolvePromise) => {
    child.once("exit", (code) => resolvePromise(code));
    child.kill("SIGTERM");
  });
}

describe("help and version", () => {
  test("mcpkit --help lists every command; --version prints the package version", async () => {
    const help = await mcpkit("--help");
    assert.equal(help.code, 0);
    for (const name of COMMANDS) assert.match(help.stdout, new RegExp(`^  ${name}\\s`, "m"));
    const version = await mcpkit("--version");
    const pkg = JSON.parse(readFileSync(resolve(import.meta.dirname, "../../package.json"), "utf8")) as { version: string };
    assert.equal(version.stdout.trim(), pkg.version);
  });

  test("every command has its own --help", async () => {
    const results = await Promise.all(COMMANDS.map((name) => mcpkit(name, "--help")));
    results.forEach((result, i) => {
      assert.equal(result.code, 0, `${COMMANDS[i]} --help exit code`);
      assert.match(result.stdout, new RegExp(`Usage: mcpkit ${COMMANDS[i]}`), `${COMMANDS[i]} --help`);
      assert.equal(result.stderr, "");
    });
  });

  test("one voice: every help has the same sections, <placeholders> and the same --verbose line", async () => {
    const overview = (await mcpkit("--help")).stdout;
    const verboseLine = /^ {2}--verbose +(show full error stacks, the server's stderr and masked tool errors)$/m;
    const wording = verboseLine.exec(overview)?.[1];
    assert.ok(wording, "the overview lists --verbose");
    for (const name of COMMANDS) {
      const help = (await mcpkit(name, "--help")).stdout;
      for (const section of ["Usage: mcpkit ", "\nOptions:\n", "\nExamples:\n"])
        assert.match(help, new RegExp(section), `${name}: ${section}`);
      assert.equal(verboseLine.exec(help)?.[1], wording, `${name}: --verbose worded as everywhere`);
      assert.match(help, /^ {2}-h, --help +show this help$/m, `${name}: -h, --help`);
      for (const line of help.split("\n").filter((l) => /^ {2}--[a-z-]+ \S/.test(l))) {
        assert.match(line, /^ {2}--[a-z-]+ <[^>]+> /, `${name}: an option's value is a <placeholder>: ${line}`);
      }
    }
  });
});

describe("a .ts server file as the target", () => {
  test("list prints tools, resources, templates and prompts readably", async () => {
    const result = await mcpkit("list", "server.ts");
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^Tools \(3\)$/m);
    assert.match(result.stdout, /add {2}Add two numbers\./);
    assert.match(result.stdout, /a: number/);
    assert.match(result.stdout, /config:\/\/app \[application\/json\]/);
    assert.match(result.stdout, /greeting:\/\/\{name\}/);
    assert.match(result.stdout, /review {2}Review code\./);
    assert.equal(result.stdout.includes("\x1b["), false, "no colour when stdout is not a terminal");
  });

  test("list --json parses, for each era", async () => {
    for (const era of ["modern", "legacy"] as const) {
      const result = await mcpkit("list", "server.ts", "--json", "--era", era);
      assert.equal(result.code, 0, result.stderr);
      const listed = JSON.parse(result.stdout) as {
        era: string;
        tools: Array<{ name: string }>;
        resourceTemplates: Array<{ uriTemplate: string }>;
      };
      assert.equal(listed.era, era);
      assert.deepEqual(
        listed.tools.map((t) => t.name),
        ["add", "echo", "fail"],
      );
      assert.equal(listed.resourceTemplates[0].uriTemplate, "greeting://{name}");
    }
    const tools = JSON.parse((await mcpkit("list", "server.ts", "tools", "--json")).stdout) as Array<{ name: string }>;
    assert.equal(tools.length, 3);
  });

  test("call with key=value, coerced by the schema; with --json input; with --json output", async () => {
    const sum = await mcpkit("call", "server.ts", "add", "a=2", "b=40");
    assert.equal(sum.code, 0, sum.stderr);
    assert.equal(sum.stdout, "42\n");
    const text = await mcpkit("call", "server.ts", "echo", "text=123");
    assert.equal(text.stdout, "echo: 123\n", "a string argument keeps 123 as text");
    const fromJson = await mcpkit("call", "server.ts", "add", "--json", '{"a": 1.5, "b": 2}');
    assert.equal(fromJson.stdout, "3.5\n");
    const raw = await mcpkit("call", "server.ts", "add", "a=1", "b=1", "--json", "--era", "legacy");
    const result = JSON.parse(raw.stdout) as { content: Array<{ type: string; text: string }> };
    assert.deepEqual(result.content, [{ type: "text", text: "2" }]);
  });

  test("a tool error is printed on stderr with exit code 1", async () => {
    const result = await mcpkit("call", "server.ts", "fail");
    assert.equal(result.code, 1);
    assert.equal(result.stderr, "it broke\n");
    assert.equal(result.stdout, "");
  });

  test("read a resource and a template, on both eras", async () => {
    for (const era of ["modern", "legacy"]) {
      const config = await mcpkit("read", "server.ts", "config://app", "--era", era);
      assert.equal(config.code, 0, config.stderr);
      assert.deepEqual(JSON.parse(config.stdout), { debug: true });
      const greeting = await mcpkit("read", "server.ts", "greeting://Ada", "--era", era);
      assert.equal(greeting.stdout, "Hello, Ada!\n");
    }
    const json = JSON.parse((await mcpkit("read", "server.ts", "greeting://Bo", "--json")).stdout) as {
      contents: Array<{ uri: string; text: string }>;
    };
    assert.equal(json.contents[0].uri, "greeting://Bo");
  });

  test("prompt renders messages; --json gives the raw result", async () => {
    const result = await mcpkit("prompt", "server.ts", "review", "code=x = 1");
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, "user:\n  Review this:\n  x = 1\n");
    const json = await mcpkit("prompt", "server.ts", "review", "--json", '{"code": "y"}', "--json", "--era", "legacy");
    const parsed = JSON.parse(json.stdout) as { messages: Array<{ role: string; content: { text: string } }> };
    assert.equal(parsed.messages[0].content.text, "Review this:\ny");
  });

  test("a module that calls mcp.run() itself, and a plain .mjs default export", async () => {
    const self = await mcpkit("call", "self-run.ts", "ping");
    assert.equal(self.code, 0, self.stderr);
    assert.equal(self.stdout, "pong\n");
    const plain = await mcpkit("call", "plain.mjs", "ping", "--era", "legacy");
    assert.equal(plain.stdout, "pong from js\n");
  });

  test("a command after -- is a target too: mcpkit run over stdio", async () => {
    for (const era of ["modern", "legacy"]) {
      const result = await mcpkit("list", "tools", "--json", "--era", era, "--", "node_modules/.bin/mcpkit", "run", "server.ts");
      assert.equal(result.code, 0, result.stderr);
      assert.deepEqual(
        (JSON.parse(result.stdout) as Array<{ name: string }>).map((t) => t.name),
        ["add", "echo", "fail"],
      );
    }
    const called = await mcpkit("call", "add", "a=3", "b=4", "--", "node_modules/.bin/mcpkit", "run", "server.ts");
    assert.equal(called.stdout, "7\n");
  });
});

describe("bad input gives one line and a non-zero exit", () => {
  test("missing file, no server, a module that fails to load", async () => {
    assertOneLineError(await mcpkit("list", "missing.ts"), /no such file: missing\.ts/);
    assertOneLineError(await mcpkit("run", "missing.ts"), /no such file: missing\.ts/);
    assertOneLineError(await mcpkit("list", "nothing.ts"), /nothing\.ts has no McpServer: export it/);
    assertOneLineError(await mcpkit("run", "nothing.ts"), /nothing\.ts has no McpServer/);
    assertOneLineError(await mcpkit("list", "broken.ts"), /cannot load broken\.ts: .*missing-module/);
  });

  test("unknown tool names close matches; unknown prompt too", async () => {
    assertOneLineError(
      await mcpkit("call", "server.ts", "ad", "a=1"),
      /^mcpkit: call: unknown tool "ad" \(the server has: add, echo, fail\); did you mean "add"\?$/,
    );
    assertOneLineError(
      await mcpkit("prompt", "server.ts", "reveiw"),
      /unknown prompt "reveiw" \(the server has: review\); did you mean "review"\?/,
    );
  });

  test("malformed arguments", async () => {
    assertOneLineError(await mcpkit("call", "server.ts", "add", "--json", "{a: 1}"), /--json is not valid JSON/);
    assertOneLineError(await mcpkit("call", "server.ts", "add", "a"), /must be key=value, not "a"/);
    assertOneLineError(await mcpkit("list", "server.ts", "--era", "ancient"), /--era must be modern, legacy or auto/);
    assertOneLineError(await mcpkit("list", "server.ts", "--bogus"), /unknown option "--bogus" Usage: mcpkit list <target>/);
    assertOneLineError(await mcpkit("frobnicate"), /unknown command "frobnicate"/);
    assertOneLineError(await mcpkit("run", "server.ts", "--transport", "carrier-pigeon"), /--transport must be one of stdio, http, sse/);
  });

  test("every error line names its command once: mcpkit: <command>: ...", async () => {
    const mistakes: string[][] = [
      ["run", "missing.ts"],
      ["run", "server.ts", "--port", "abc"],
      ["list", "server.ts", "--era", "ancient"],
      ["call", "server.ts"],
      ["call", "server.ts", "add", "c=1"],
      ["read", "server.ts", "nothing://here"],
      ["prompt", "server.ts", "nope"],
      ["install", "nowhere", "server.ts"],
      ["new"],
      ["dev", "server.ts", "--prot", "1"],
    ];
    for (const args of mistakes) {
      const result = await mcpkit(...args);
      assertOneLineError(result, new RegExp(`^mcpkit: ${args[0]}: (?!${args[0]}: )\\S`));
    }
  });

  test("a server-side error (unknown resource) is one line too; --verbose adds the stack", async () => {
    assertOneLineError(await mcpkit("read", "server.ts", "nothing://here"), /nothing:\/\/here/);
    const verbose = await mcpkit("list", "nothing.ts", "--verbose");
    assert.notEqual(verbose.code, 0);
    assert.match(verbose.stderr, /\n\s+at /);
  });

  test("a .ts file without tsx installed says how to fix it", async () => {
    const tsx = join(project.dir, "node_modules", "tsx");
    renameSync(tsx, `${tsx}.away`);
    try {
      assertOneLineError(await mcpkit("run", "server.ts"), /^mcpkit: run: running a \.ts file needs tsx: npm install -D tsx$/);
    } finally {
      renameSync(`${tsx}.away`, tsx);
    }
  });
});

describe("over HTTP", () => {
  test("run --transport http on a free port; list and call the URL on both eras; the port in use is one line", async () => {
    const server = startBackground(["run", "server.ts", "--transport", "http", "--port", "0"]);
    try {
      const [, url] = await server.waitFor(/serving cli-test on (http:\/\/\S+)/);
      for (const era of ["modern", "legacy"]) {
        const listed = await mcpkit("list", url, "tools", "--json", "--era", era);
        assert.equal(listed.code, 0, listed.stderr);
        assert.equal((JSON.parse(listed.stdout) as unknown[]).length, 3);
        const called = await mcpkit("call", url, "add", "a=20", "b=22", "--era", era, "--header", "X-Test=1");
        assert.equal(called.stdout, "42\n");
      }
      const port = new URL(url).port;
      assertOneLineError(
        await mcpkit("run", "server.ts", "--transport", "http", "--port", port),
        new RegExp(`port ${port} on 127\\.0\\.0\\.1 is already in use`),
      );
    } finally {
      assert.equal(await stop(server.child), 143);
    }
    assertOneLineError(await mcpkit("list", "http://127.0.0.1:1/mcp"), /127\.0\.0\.1:1/);
  });
});

describe("dev", () => {
  test("--inspector --dry-run prints the server, URL and inspector commands", async () => {
    const result = await mcpkit("dev", "server.ts", "--port", "3999", "--inspector", "--dry-run");
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^server: .*run .*server\.ts --transport http --host 127\.0\.0\.1 --port 3999 --path \/mcp$/m);
    assert.match(result.stdout, /^url: http:\/\/127\.0\.0\.1:3999\/mcp$/m);
    assert.match(
      result.stdout,
      /^inspector: npx -y (-p 'node@\^22\.19\.0' -p )?@modelcontextprotocol\/inspector@\d+\.\d+\.\d+ (mcp-inspector )?http:\/\/127\.0\.0\.1:3999\/mcp --transport http --protocol-era auto$/m,
    );
  });

  test("--transport stdio needs --inspector; with it the Inspector is to start mcpkit run over stdio", async () => {
    assertOneLineError(await mcpkit("dev", "server.ts", "--transport", "stdio"), /^mcpkit: dev: --transport stdio needs --inspector/);
    const result = await mcpkit("dev", "server.ts", "--transport", "stdio", "--inspector", "--dry-run");
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^server: \(started by the Inspector\) .*run .*server\.ts$/m);
    assert.doesNotMatch(result.stdout, /^url:/m);
    assert.match(
      result.stdout,
      /^inspector: npx -y .*@modelcontextprotocol\/inspector@\S+ (mcp-inspector )?--cwd \S+ --protocol-era auto -- \S*node\S* .*run .*server\.ts$/m,
    );
  });

  test("serves over HTTP, prints how to connect, and restarts when the file changes", async () => {
    project.write("watched/server.ts", SERVER);
    const dev = startBackground(["dev", "watched/server.ts", "--port", "0"]);
    try {
      const [, url] = await dev.waitFor(/is running at (http:\/\/\S+)/);
      await dev.waitFor(/Try it: +npx mcpkit list http/);
      const before = JSON.parse((await mcpkit("list", url, "tools", "--json")).stdout) as Array<{ name: string }>;
      assert.equal(
        before.some((t) => t.name === "sub"),
        false,
      );
      const mark = dev.stderr().length;
      project.write(
        "watched/server.ts",
        `${SERVER}mcp.tool("sub", { input: { a: z.number(), b: z.number() } }, ({ a, b }) => String(a - b));\n`,
      );
      await dev.waitFor(/changed, restarting[\s\S]*serving cli-test on http/, mark);
      const called = await mcpkit("call", url, "sub", "a=5", "b=3");
      assert.equal(called.stdout, "2\n", called.stderr);
    } finally {
      await stop(dev.child);
    }
  });
});
