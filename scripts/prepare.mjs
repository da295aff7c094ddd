// `prepare`: npm runs it after `npm install` in this folder, before `npm pack`/`publish`, and
// when another project installs mcpkit from a folder (`npm install ../mcpkit`) or from git.
// It builds dist/, which the package's exports and `mcpkit` bin point at.
//
// A folder dependency is the one case where npm runs this script without having installed
// our devDependencies (it links the folder as it is): a fresh clone has no esbuild or
// typescript to build with. Then they are installed here first, from package-lock.json, as
// npm itself does for a git dependency.
import { existsSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const npm = process.platform === "win32" ? "npm.cmd" : "npm";
const tools = ["esbuild", "typescript", "@types/node"];

function run(command, args, env = process.env) {
  const result = spawnSync(command, args, { cwd: root, stdio: "inherit", env, shell: process.platform === "win32" });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

if (!tools.every((name) => existsSync(join(root, "node_modules", name, "package.json")))) {
  console.error("mcpkit: installing its build tools (a fresh clone installed as a folder dependency)...");
  // The parent install's own settings (global, omit=dev, a workspace, its prefix...) must not
  // apply to this folder; its cache and registry settings still help.
  const keep =
    /^npm_config_(cache|registry|userconfig|globalconfig|offline|prefer_offline|prefer_online|proxy|https_proxy|noproxy|strict_ssl|cafile|ca|fetch_.*|@.*:registry|\/\/.*)$/i;
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key) || keep.test(key)));
  const lock = existsSync(join(root, "package-lock.json"));
  run(npm, [lock ? "ci" : "install", "--include=dev", "--ignore-scripts", "--no-audit", "--no-fund"], env);
}
run(process.execPath, [join(root, "scripts", "build.mjs")]);
