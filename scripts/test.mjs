// `npm test`: the official conformance suite on both eras, then every test/**/*.test.ts and
// examples/**/*.test.ts with node's test runner (Node 20 has no --test globs).
//   npm test                 everything
//   npm test -- --unit       unit tests only (no conformance suite)
//   npm test -- http client  only test files whose path contains one of the words
import { mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawnSync } from "node:child_process";

function find(dir, out = []) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (name === "node_modules" || name === "fixtures" || name.startsWith(".")) continue;
    if (statSync(path).isDirectory()) find(path, out);
    else if (name.endsWith(".test.ts")) out.push(path);
  }
  return out;
}

const args = process.argv.slice(2);
const unitOnly = args.includes("--unit") || args.some((a) => !a.startsWith("--"));
const only = args.filter((a) => !a.startsWith("--"));

let conformanceStatus = 0;
if (!unitOnly) {
  conformanceStatus = spawnSync(process.execPath, ["conformance/run.mjs"], { stdio: "inherit" }).status ?? 1;
}

const roots = ["test", "examples"].filter((d) => { try { return statSync(d).isDirectory(); } catch { return false; } });
const files = roots.flatMap((d) => find(d)).filter((f) => only.length === 0 || only.some((o) => f.includes(o))).sort();
if (files.length === 0) { console.error("no test files found"); process.exit(1); }
// Examples import "mcpkit" by name: the mcpkit-source condition maps it to src/ (no build needed).
const env = { ...process.env, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --conditions=mcpkit-source`.trim() };
// Tests that install the package as a user would share one packed tarball (packing builds it).
let packDir;
if (!env.MCPKIT_TARBALL && files.some((f) => /test[\\/](cli|package)[\\/]/.test(f))) {
  packDir = mkdtempSync(join(tmpdir(), "mcpkit-pack-"));
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  const packed = spawnSync(npm, ["pack", "--pack-destination", packDir, "--silent"], { stdio: ["ignore", "pipe", "inherit"], env: process.env });
  const tarball = readdirSync(packDir).find((f) => f.endsWith(".tgz"));
  if (packed.status !== 0 || !tarball) { console.error("npm pack failed"); process.exit(1); }
  env.MCPKIT_TARBALL = join(packDir, tarball);
}
const unit = spawnSync(process.execPath, ["--import", "tsx", "--test", "--test-reporter=spec", ...files], { stdio: "inherit", env });
if (packDir) rmSync(packDir, { recursive: true, force: true });
if (conformanceStatus !== 0) console.error("\nThe conformance suite failed: see its report above (npm run conformance).");
process.exit(conformanceStatus !== 0 ? conformanceStatus : (unit.status ?? 1));
