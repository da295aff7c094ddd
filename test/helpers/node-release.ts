/**
 * A Node.js binary of a given major version: this one when it matches, else the `node` package
 * from the npm registry, installed once under test/.work/node-<major> and reused.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";

const WORK = join(import.meta.dirname, "..", ".work");

export function nodeBinary(major: number): string {
  if (Number(process.versions.node.split(".")[0]) === major) return process.execPath;
  const prefix = join(WORK, `node-${major}`);
  const bin = join(prefix, "node_modules", ".bin", process.platform === "win32" ? "node.cmd" : "node");
  if (!existsSync(bin) || !versionOf(bin).startsWith(`v${major}.`)) {
    mkdirSync(prefix, { recursive: true });
    const npm = process.platform === "win32" ? "npm.cmd" : "npm";
    const installed = spawnSync(
      npm,
      ["install", "--prefix", prefix, "--no-save", "--no-audit", "--no-fund", "--loglevel=error", `node@${major}`],
      { stdio: ["ignore", "inherit", "inherit"] },
    );
    if (installed.status !== 0) throw new Error(`npm install node@${major} failed (exit ${installed.status})`);
  }
  return bin;
}

export function versionOf(node: string): string {
  try {
    return execFileSync(node, ["--version"], { encoding: "utf8" }).trim();
  } catch {
    return "";
  }
}
