/**
 * A new user's first hour, as getting-started tells it, on a machine where mcpkit is not in
 * the registry: clone; install the unbuilt clone into an empty project as a folder; then
 * `npm install` in the clone, `mcpkit new` from it, and the new project's
 * `npm install && npm test`; then two typical mistakes, each of which must give
 * its one helpful line and a non-zero exit. Everything runs for real in a temporary folder
 * (npm reaches the registry for the project's own dependencies, the cache helps).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const repo = resolve(import.meta.dirname, "../..");
const npm = process.platform === "win32" ? "npm.cmd" : "npm";
const isCheckout = spawnSync("git", ["-C", repo, "rev-parse", "--is-inside-work-tree"], { encoding: "utf8" }).stdout?.trim() === "true";

/** Runs a command as the user would type it; npm's own variables from `npm test` are left out. */
function sh(cwd: string, command: string, args: string[]) {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !/^npm_(?!config_(cache|registry|prefer_offline|offline)$)/i.test(key)),
  );
  const result = spawnSync(command, args, { cwd, env, encoding: "utf8", timeout: 600_000 });
  return { status: result.status, out: `${result.stdout ?? ""}${result.stderr ?? ""}` };
}

function ok(step: string, result: { status: number | null; out: string }) {
  assert.equal(result.status, 0, `${step} failed:\n${result.out.slice(-3000)}`);
}

test(
  "from a fresh clone: install, mcpkit new, the project's npm install && npm test, and mistakes that speak",
  { timeout: 1_500_000, skip: isCheckout ? false : "SKIPPED: not a git checkout, nothing to clone" },
  () => {
    const home = mkdtempSync(join(tmpdir(), "mcpkit-first-hour-"));
    try {
      const clone = join(home, "mcpkit");
      ok("git clone", sh(home, "git", ["clone", "-q", repo, clone]));

      // The manual way, straight onto the unbuilt clone: its prepare script builds it.
      const plain = join(home, "plain");
      mkdirSync(plain);
      ok("npm init", sh(plain, npm, ["init", "-y"]));
      ok("npm pkg set", sh(plain, npm, ["pkg", "set", "type=module"]));
      ok("npm install <clone> zod tsx", sh(plain, npm, ["install", "--no-audit", "--no-fund", "--prefer-offline", clone, "zod", "tsx"]));
      writeFileSync(join(plain, "server.ts"), readFileSync(join(repo, "docs/snippets/readme/hello.ts"), "utf8"));
      const listed = sh(plain, join(plain, "node_modules/.bin/mcpkit"), ["list", "server.ts"]);
      ok("mcpkit list in a project that installed the clone as a folder", listed);
      assert.match(listed.out, /hello\s+Say hello to a name/);

      // The scaffolded way, as getting-started shows it.
      ok("npm install in the clone", sh(clone, npm, ["install", "--no-audit", "--no-fund", "--prefer-offline"]));

      ok("mcpkit new", sh(home, process.execPath, [join(clone, "dist/cli/main.js"), "new", "my-server"]));
      const project = join(home, "my-server");
      const pkg = JSON.parse(readFileSync(join(project, "package.json"), "utf8")) as { dependencies: Record<string, string> };
      assert.equal(pkg.dependencies.mcpkit, "file:../mcpkit", "the project depends on the clone it was made from");

      ok("the project's npm install", sh(project, npm, ["install", "--no-audit", "--no-fund", "--prefer-offline"]));
      const tested = sh(project, npm, ["test"]);
      ok("the project's npm test", tested);

      const mcpkit = join(project, "node_modules/.bin/mcpkit");
      const called = sh(project, mcpkit, ["call", "src/server.ts", "add", "a=2", "b=3"]);
      ok("mcpkit call", called);
      assert.match(called.out, /\b5\b/);

      const option = sh(project, mcpkit, ["run", "src/server.ts", "--prot", "8000"]);
      assert.notEqual(option.status, 0, option.out);
      assert.match(option.out, /unknown option "--prot"; did you mean "--port"\?/);
      assert.doesNotMatch(option.out, /after --|TypeError|ERR_PARSE_ARGS/);

      const argument = sh(project, mcpkit, ["call", "src/server.ts", "hello", "nmae=Ada"]);
      assert.notEqual(argument.status, 0, argument.out);
      assert.match(argument.out, /nmae.*did you mean "name"\?/);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  },
);
