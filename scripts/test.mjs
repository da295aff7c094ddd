// `npm test`: the official conformance suite on both eras, then every test/**/*.test.ts and
// examples/**/*.test.ts with node's test runner (Node 20 has no --test globs).
//   npm test                 everything
//   npm test -- --unit       unit tests only (no conformance suite)
//   npm test -- http client  only test files whose path contains one of the words
//   npm test -- --spec       every test's name as it runs (default: a dot per test)
// It ends with a short summary: how many tests passed, failed and were skipped, and which failed.
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
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

const started = Date.now();
let conformanceStatus = 0;
if (!unitOnly) {
  conformanceStatus = spawnSync(process.execPath, ["conformance/run.mjs"], { stdio: "inherit" }).status ?? 1;
}

const roots = ["test", "examples"].filter((d) => {
  try {
    return statSync(d).isDirectory();
  } catch {
    return false;
  }
});
const files = roots
  .flatMap((d) => find(d))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();
if (files.length === 0) {
  console.error("no test files found");
  process.exit(1);
}
// Examples import "mcpkit" by name: the mcpkit-source condition maps it to src/ (no build needed).
const env = { ...process.env, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --conditions=mcpkit-source`.trim() };
// Tests that install the package as a user would share one packed tarball (packing builds it).
let packDir;
if (!env.MCPKIT_TARBALL && files.some((f) => /test[\\/](cli|package)[\\/]/.test(f))) {
  packDir = mkdtempSync(join(tmpdir(), "mcpkit-pack-"));
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  const packed = spawnSync(npm, ["pack", "--pack-destination", packDir, "--silent"], {
    stdio: ["ignore", "pipe", "inherit"],
    env: process.env,
  });
  const tarball = readdirSync(packDir).find((f) => f.endsWith(".tgz"));
  if (packed.status !== 0 || !tarball) {
    console.error("npm pack failed");
    process.exit(1);
  }
  env.MCPKIT_TARBALL = join(packDir, tarball);
}
const summaryDir = mkdtempSync(join(tmpdir(), "mcpkit-summary-"));
const summaryFile = join(summaryDir, "summary.json");
const reporters = [
  `--test-reporter=${args.includes("--spec") ? "spec" : "dot"}`,
  "--test-reporter-destination=stdout",
  `--test-reporter=${new URL("./test-summary-reporter.mjs", import.meta.url).href}`,
  `--test-reporter-destination=${summaryFile}`,
];
const unit = spawnSync(process.execPath, ["--import", "tsx", "--test", ...reporters, ...files], { stdio: "inherit", env });
if (packDir) rmSync(packDir, { recursive: true, force: true });
printSummary();
rmSync(summaryDir, { recursive: true, force: true });
process.exit(conformanceStatus !== 0 ? conformanceStatus : (unit.status ?? 1));

function printSummary() {
  const seconds = Math.round((Date.now() - started) / 1000);
  const conformance = unitOnly
    ? ""
    : conformanceStatus === 0
      ? "; the conformance suite passed"
      : "; the conformance suite FAILED (npm run conformance shows its report)";
  if (!existsSync(summaryFile)) {
    console.log(`\nSummary: the test runner stopped before reporting (exit ${unit.status ?? unit.signal})${conformance}`);
    return;
  }
  const summary = JSON.parse(readFileSync(summaryFile, "utf8") || "{}");
  const counts = [`${summary.passed ?? 0} passed`, `${summary.failed ?? 0} failed`];
  if (summary.skipped) counts.push(`${summary.skipped} skipped`);
  if (summary.todo) counts.push(`${summary.todo} todo`);
  console.log(`\nSummary: ${counts.join(", ")} in ${files.length} file${files.length === 1 ? "" : "s"}, ${seconds} s${conformance}`);
  for (const failure of summary.failures ?? []) {
    const file = failure.file ? relative(process.cwd(), failure.file.replace(/^file:\/\//, "")) : "?";
    console.log(`  ✖ ${file}: ${failure.name}\n      ${failure.message}`);
  }
}
