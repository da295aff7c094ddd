// Runs every test/**/*.test.ts file with node's test runner (Node 20 has no --test globs).
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { spawnSync } from "node:child_process";

function find(dir, out = []) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (name === "node_modules" || name === "fixtures") continue;
    if (statSync(path).isDirectory()) find(path, out);
    else if (name.endsWith(".test.ts")) out.push(path);
  }
  return out;
}

const only = process.argv.slice(2);
const roots = ["test", "examples"].filter((d) => { try { return statSync(d).isDirectory(); } catch { return false; } });
const files = roots.flatMap((d) => find(d)).filter((f) => only.length === 0 || only.some((o) => f.includes(o))).sort();
if (files.length === 0) { console.error("no test files found"); process.exit(1); }
const result = spawnSync(process.execPath, ["--import", "tsx", "--test", "--test-reporter=spec", ...files], { stdio: "inherit" });
process.exit(result.status ?? 1);
