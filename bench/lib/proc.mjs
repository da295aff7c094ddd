/** Spawning servers pinned to core 0, reading their RSS, and small process helpers. */
import { execFileSync, spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";

export const BENCH_DIR = fileURLToPath(new URL("..", import.meta.url));
// `--no-pin` (BENCH_NO_PIN=1) turns pinning off: on a machine busy with other work, pinned
// processes queue behind it on their one core.
const TASKSET =
  process.env.BENCH_NO_PIN === "1" || process.argv.includes("--no-pin")
    ? undefined
    : ["/usr/bin/taskset", "/bin/taskset"].find((p) => existsSync(p));
export const pinned = Boolean(TASKSET);

/** Moves this driver (and autocannon, which it spawns pinned too) to core 1. */
export function pinSelf() {
  if (!TASKSET) return;
  try {
    execFileSync(TASKSET, ["-cp", "1", String(process.pid)], { stdio: "ignore" });
  } catch {
    /* single core */
  }
}

/** `cmd args` wrapped in `taskset -c <core>` when available; taskset execs, so the pid is the command's. */
export function pinnedCommand(core, cmd, args) {
  return TASKSET ? [TASKSET, ["-c", String(core), cmd, ...args]] : [cmd, args];
}

/** Starts a bench server on core 0 with --expose-gc (so the driver can ask for a GC via SIGUSR2). */
export function spawnServer(file, env = {}, stdio = ["pipe", "pipe", "pipe"]) {
  // BENCH_NODE_ARGS adds node flags to every server, e.g. "--cpu-prof --cpu-prof-dir=prof" for profiling.
  const extra = process.env.BENCH_NODE_ARGS?.split(" ").filter(Boolean) ?? [];
  const [cmd, args] = pinnedCommand(0, process.execPath, ["--expose-gc", ...extra, file]);
  const child = spawn(cmd, args, { cwd: BENCH_DIR, env: { ...process.env, NODE_ENV: "production", ...env }, stdio });
  child.stderrText = "";
  child.stderr?.on("data", (c) => {
    if (child.stderrText.length < 20_000) child.stderrText += c;
  });
  // A server that dies mid-run must fail its figure, not the driver.
  child.stdin?.on("error", () => {});
  child.once("exit", (code, signal) => {
    child.exitedEarly = `exited (${signal ?? code})`;
  });
  return child;
}

export function rssKb(pid) {
  try {
    const m = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
}

export async function gcAndRss(child) {
  child.kill("SIGUSR2");
  await sleep(300);
  return rssKb(child.pid);
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export async function stop(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once("exit", r));
  child.stdin?.end();
  child.kill("SIGTERM");
  const t = setTimeout(() => child.kill("SIGKILL"), 2000);
  await exited;
  clearTimeout(t);
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** Spawns an HTTP bench server and waits for its READY line and a listening socket. */
export async function startHttpServer(file, env = {}) {
  const port = await freePort();
  const child = spawnServer(file, { PORT: String(port), ...env }, ["ignore", "pipe", "pipe"]);
  await new Promise((resolve, reject) => {
    let out = "";
    const t = setTimeout(() => reject(new Error(`${file} did not start: ${child.stderrText.slice(0, 500)}`)), 15_000);
    child.stdout.on("data", (c) => {
      out += c;
      if (out.includes("READY")) {
        clearTimeout(t);
        resolve();
      }
    });
    child.once("exit", (code) => {
      clearTimeout(t);
      reject(new Error(`${file} exited ${code}: ${child.stderrText.slice(0, 500)}`));
    });
  });
  child.stdout.resume();
  return { child, port, url: `http://127.0.0.1:${port}/mcp` };
}

export function median(values) {
  const v = values.filter((x) => typeof x === "number" && Number.isFinite(x)).sort((a, b) => a - b);
  if (!v.length) return undefined;
  const mid = v.length >> 1;
  return v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
}
