/**
 * The package as a user gets it: `npm pack` once per test process (or the tarball named by
 * MCPKIT_TARBALL), installed into a fresh temporary project. CLI and package tests run
 * commands there, with none of the repo's `mcpkit-source` wiring.
 */
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const root = resolve(import.meta.dirname, "../..");
const npm = process.platform === "win32" ? "npm.cmd" : "npm";
let tarball: string | undefined;
const cleanups: string[] = [];
process.on("exit", () => {
  for (const dir of cleanups) rmSync(dir, { recursive: true, force: true });
});

/** The packed tarball's path (built and packed on first use). */
export function packedTarball(): string {
  if (process.env.MCPKIT_TARBALL) return process.env.MCPKIT_TARBALL;
  if (tarball) return tarball;
  const dir = mkdtempSync(join(tmpdir(), "mcpkit-tarball-"));
  cleanups.push(dir);
  execFileSync(npm, ["pack", "--pack-destination", dir, "--silent"], { cwd: root, stdio: ["ignore", "pipe", "inherit"] });
  const name = readdirSync(dir).find((f) => f.endsWith(".tgz"));
  if (!name) throw new Error("npm pack produced no tarball");
  tarball = join(dir, name);
  return tarball;
}

export interface PackedProject {
  dir: string;
  /** Runs `node_modules/.bin/<bin>` (e.g. "mcpkit") in the project; never throws on a non-zero exit. */
  run(
    bin: string,
    args: string[],
    options?: { env?: Record<string, string>; input?: string; timeoutMs?: number },
  ): Promise<{ code: number | null; stdout: string; stderr: string }>;
  write(path: string, content: string): void;
  remove(): void;
}

/** A temporary project with mcpkit installed from the tarball, plus `extraDependencies` from the registry. */
export function packedProject(extraDependencies: string[] = []): PackedProject {
  const work = mkdtempSync(join(tmpdir(), "mcpkit-project-"));
  cleanups.push(work);
  writeFileSync(join(work, "package.json"), JSON.stringify({ name: "app", version: "1.0.0", type: "module", private: true }, null, 2));
  execFileSync(npm, ["install", "--no-audit", "--no-fund", "--prefer-offline", packedTarball(), ...extraDependencies], {
    cwd: work,
    stdio: ["ignore", "pipe", "inherit"],
  });
  const userEnv = (extra: Record<string, string> = {}) => ({ ...process.env, NODE_OPTIONS: "", NO_COLOR: "1", ...extra });
  return {
    dir: work,
    write(path, content) {
      mkdirSync(join(work, path, ".."), { recursive: true });
      writeFileSync(join(work, path), content);
    },
    run(bin, args, options = {}) {
      return new Promise((resolvePromise) => {
        const child = spawn(join(work, "node_modules", ".bin", bin), args, {
          cwd: work,
          env: userEnv(options.env),
          stdio: ["pipe", "pipe", "pipe"],
        });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (d) => (stdout += d));
        child.stderr.on("data", (d) => (stderr += d));
        const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 60_000);
        child.on("close", (code) => {
          clearTimeout(timer);
          resolvePromise({ code, stdout, stderr });
        });
        child.stdin.end(options.input ?? "");
      });
    },
    remove() {
      rmSync(work, { recursive: true, force: true });
    },
  };
}
