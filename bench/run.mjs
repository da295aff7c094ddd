#!/usr/bin/env node
/**
 * The issue-6 benchmark driver: runs mcpkit, its peers and the hand-written baselines on the
 * same workloads, one after another on this machine, and writes RESULTS.md.
 *
 *   node run.mjs                  full run (median of 3 per figure)
 *   node run.mjs --quick          short CI run: one run each, short windows, a subset
 *   node run.mjs --only stdio64   one workload (comma-separated list; see WORKLOADS)
 *   node run.mjs --peers mcpkit,raw,sdk-v2   restrict the frameworks
 *   node run.mjs --no-pin         no taskset (for a machine busy with other work)
 *   node run.mjs --only scaling --merge   rerun one workload into the existing RESULTS.md
 *   node run.mjs --runs 5 --out other.md --churn 60000
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { generatedServer, HELLO, TSC_PEERS, TSCONFIG } from "./lib/codegen.mjs";
import { httpLoad } from "./lib/http-load.mjs";
import { BENCH_RESOURCE, startJwtFixture } from "./lib/jwt-fixture.mjs";
import { startRedisServer } from "./lib/redis-server.mjs";
import { byId, PEERS } from "./lib/peers.mjs";
import { BENCH_DIR, median, pinned, pinSelf } from "./lib/proc.mjs";
import { renderResults } from "./lib/report.mjs";
import { churn, idleSessionCost } from "./lib/sessions.mjs";
import { startupOnce, stdioLoad } from "./lib/stdio-load.mjs";

const argv = process.argv.slice(2);
const KNOWN_FLAGS = ["--quick", "--only", "--peers", "--no-pin", "--merge", "--runs", "--out", "--churn", "--help", "-h"];
const unknown = argv.filter((a) => a.startsWith("-") && !KNOWN_FLAGS.includes(a));
if (argv.includes("--help") || argv.includes("-h") || unknown.length > 0) {
  if (unknown.length > 0) console.error(`run.mjs: unknown option ${unknown.join(", ")}`);
  const doc = readFileSync(new URL(import.meta.url), "utf8")
    .split("\n")
    .filter((l) => l.startsWith(" *   node run.mjs"));
  console.log(`Usage:\n${doc.map((l) => l.slice(3)).join("\n")}`);
  process.exit(unknown.length > 0 ? 2 : 0);
}
const flag = (name) => argv.includes(name);
const option = (name) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};

const quick = flag("--quick");
let runs = Number(option("--runs") ?? (quick ? 1 : 3));
const only = option("--only")?.split(",");
const peerFilter = option("--peers")?.split(",");
// A quick run only proves the harness works: it never replaces the recorded RESULTS.md.
const out = option("--out") ?? join(BENCH_DIR, quick ? ".work/RESULTS-quick.md" : "RESULTS.md");

const T = quick
  ? {
      warm: 300,
      dur: 1000,
      httpWarm: 1,
      httpDur: 1,
      scaleWarm: 200,
      scaleDur: 700,
      bigDur: 1500,
      startups: 3,
      sessions: 300,
      churnTotal: 0,
    }
  : {
      warm: 1000,
      dur: 5000,
      httpWarm: 2,
      httpDur: 5,
      scaleWarm: 500,
      scaleDur: 2000,
      bigDur: 3000,
      startups: 10,
      sessions: 2000,
      churnTotal: 24_000,
    };

if (option("--churn")) T.churnTotal = Number(option("--churn"));

const QUICK_PEERS = ["mcpkit", "raw", "sdk-v2", "tmcp"];
const chosen = PEERS.filter((p) => (peerFilter ? peerFilter.includes(p.id) : !quick || QUICK_PEERS.includes(p.id) || p.variant));
const peers = chosen.filter((p) => !p.variant);
const variants = chosen.filter((p) => p.variant);

/** results[workload][peer] = { value, runs, rssKb?, note? } | { na } */
const results = {};
const put = (w, peer, entry) => ((results[w] ??= {})[peer] = entry);
const log = (...a) => console.error(`[bench ${new Date().toISOString().slice(11, 19)}]`, ...a);

/**
 * Runs every peer's job once per round, `runs` rounds, so drift in the machine's load hits
 * all peers alike; each figure is the median of its rounds. A failure makes the figure n/a.
 */
async function measure(workload, jobs, key = "rps") {
  const state = jobs.map((job) => ({ w: workload, ...job, values: [], rss: [], rssGc: [], extra: {}, failed: undefined }));
  for (let i = 0; i < runs; i++) {
    for (const s of state) {
      if (s.failed) continue;
      try {
        const r = await s.fn();
        s.values.push(r[key]);
        if (r.rssKb) s.rss.push(r.rssKb);
        if (r.rssGcKb) s.rssGc.push(r.rssGcKb);
        s.extra = r;
      } catch (error) {
        log(`${s.w} ${s.peer}: ${error.message}`);
        s.failed = `failed: ${error.message.split("\n")[0].slice(0, 160)}`;
      }
    }
  }
  for (const s of state) {
    if (s.failed) {
      put(s.w, s.peer, { na: s.failed });
      continue;
    }
    const entry = {
      value: median(s.values),
      runs: s.values,
      rssKb: median(s.rss),
      rssGcKb: median(s.rssGc),
      contentType: s.extra.contentType,
      sessions: s.extra.sessions,
    };
    put(s.w, s.peer, entry);
    log(
      `${s.w} ${s.peer}: ${entry.value?.toFixed(1)} [${s.values.map((v) => v.toFixed(1)).join(", ")}]${entry.rssKb ? ` (RSS ${(entry.rssKb / 1024).toFixed(1)} MB)` : ""}`,
    );
  }
}

/** Jobs for the peers that can run a workload; the others get n/a with `reason(p)`. */
function jobs(w, can, reason, fn, list = peers) {
  const out = [];
  for (const p of list) {
    if (can(p)) out.push({ peer: p.id, fn: () => fn(p) });
    else put(w, p.id, { na: reason(p) });
  }
  return out;
}

const stdioFile = (p) => `servers/${p.id}-stdio.mjs`;
const httpFile = (p) => `servers/${p.id}-http.mjs`;
const checkEcho = (text) => (res) => {
  if (res.result?.content?.[0]?.text !== text) throw new Error(`unexpected answer: ${JSON.stringify(res).slice(0, 200)}`);
};
const checkList = (n) => (res) => {
  if (res.result?.tools?.length !== n) throw new Error(`tools/list gave ${res.result?.tools?.length} tools, expected ${n}`);
};

const WORKLOADS = {
  async stdio1() {
    await measure(
      "stdio1",
      jobs(
        "stdio1",
        (p) => p.stdio,
        (p) => p.noStdio,
        (p) =>
          stdioLoad({
            file: stdioFile(p),
            legacyVersion: p.legacyVersion,
            inflight: 1,
            warmupMs: T.warm,
            durationMs: T.dur,
            check: checkEcho("hello"),
          }),
      ),
    );
  },
  async stdio64() {
    await measure(
      "stdio64",
      jobs(
        "stdio64",
        (p) => p.stdio,
        (p) => p.noStdio,
        (p) =>
          stdioLoad({
            file: stdioFile(p),
            legacyVersion: p.legacyVersion,
            inflight: 64,
            warmupMs: T.warm,
            durationMs: T.dur,
            check: checkEcho("hello"),
          }),
      ),
    );
  },
  async httpModern() {
    await measure(
      "httpModern",
      jobs(
        "httpModern",
        (p) => p.modern,
        (p) => p.noModern,
        (p) => httpLoad({ file: httpFile(p), era: "modern", legacyVersion: p.legacyVersion, warmupS: T.httpWarm, durationS: T.httpDur }),
      ),
    );
  },
  async auth() {
    // Plain mcpkit and mcpkit behind a JWT check, in the same rounds, on both eras.
    const jwt = await startJwtFixture();
    try {
      const list = [...peers, ...variants].filter((p) => p.id === "mcpkit" || p.id === "mcpkit-jwt");
      for (const era of ["modern", "legacy"]) {
        const w = era === "modern" ? "authModern" : "authLegacy";
        await measure(
          w,
          jobs(
            w,
            () => true,
            () => "",
            (p) =>
              httpLoad({
                file: httpFile(p),
                era,
                legacyVersion: p.legacyVersion,
                warmupS: T.httpWarm,
                durationS: T.httpDur,
                ...(p.id === "mcpkit-jwt"
                  ? {
                      env: { ISSUER: jwt.issuer, JWKS_URI: jwt.jwksUri, RESOURCE: BENCH_RESOURCE },
                      headers: { authorization: `Bearer ${jwt.token}` },
                    }
                  : {}),
              }),
            list,
          ),
        );
      }
    } finally {
      await jwt.close();
    }
  },
  async sessionStore() {
    // One legacy session, in memory and in Redis, in the same rounds (issue 15).
    const redis = await startRedisServer();
    if (!redis) {
      log("sessionStore: redis-server is not installed (apt-get install -y redis-server); skipped");
      return;
    }
    try {
      const list = [...peers, ...variants].filter((p) => p.id === "mcpkit" || p.id === "mcpkit-redis");
      await measure(
        "sessionStore",
        jobs(
          "sessionStore",
          () => true,
          () => "",
          (p) =>
            httpLoad({
              file: httpFile(p),
              era: "legacy",
              legacyVersion: p.legacyVersion,
              warmupS: T.httpWarm,
              durationS: T.httpDur,
              session: true,
              env: p.id === "mcpkit-redis" ? { REDIS_URL: redis.url } : { SESSIONS: "1" },
            }),
          list,
        ),
      );
    } finally {
      await redis.close();
    }
  },
  async httpLegacy() {
    await measure(
      "httpLegacy",
      jobs(
        "httpLegacy",
        () => true,
        () => "",
        (p) => httpLoad({ file: httpFile(p), era: "legacy", legacyVersion: p.legacyVersion, warmupS: T.httpWarm, durationS: T.httpDur }),
      ),
    );
  },
  async scaling() {
    // All sizes of one method interleave in the same rounds, so the 700-tool figure is
    // compared with a one-tool figure taken under the same machine load.
    for (const method of ["tools/call", "tools/list"]) {
      const sizes = method === "tools/call" ? (quick ? [1, 700] : [1, 50, 200, 700]) : quick ? [700] : [50, 200, 700];
      const all = [];
      for (const n of sizes) {
        const w = `scale-${method === "tools/call" ? "call" : "list"}-${n}`;
        for (const job of jobs(
          w,
          (p) => p.stdio,
          (p) => p.noStdio,
          (p) =>
            stdioLoad({
              file: stdioFile(p),
              env: { TOOLS: String(n) },
              legacyVersion: p.legacyVersion,
              inflight: method === "tools/call" ? 64 : 4,
              warmupMs: T.scaleWarm,
              durationMs: T.scaleDur,
              method,
              check: method === "tools/call" ? checkEcho("hello") : checkList(n),
            }),
        ))
          all.push({ ...job, w });
      }
      await measure(undefined, all);
    }
  },
  async bigEcho() {
    const text = "x".repeat(1024 * 1024);
    await measure(
      "bigEcho",
      jobs(
        "bigEcho",
        (p) => p.stdio,
        (p) => p.noStdio,
        (p) =>
          stdioLoad({
            file: stdioFile(p),
            legacyVersion: p.legacyVersion,
            inflight: 1,
            warmupMs: T.warm,
            durationMs: T.bigDur,
            text,
            check: checkEcho(text),
          }),
      ),
    );
  },
  async startup() {
    // One spawn per peer per round, T.startups rounds: the median of ~10 per peer.
    const saved = runs;
    runs = T.startups;
    try {
      await measure(
        "startup",
        jobs(
          "startup",
          (p) => p.stdio,
          (p) => p.noStdio,
          async (p) => ({ ms: await startupOnce(stdioFile(p), {}, p.legacyVersion) }),
          [...peers, ...variants],
        ),
        "ms",
      );
    } finally {
      runs = saved;
    }
  },
  async sessions() {
    const why = (p) =>
      p.baseline ? "baseline has no sessions" : "not measured: no sessionful legacy wiring in this bench (createMcpHandler is stateless)";
    await measure(
      "sessions",
      jobs(
        "sessions",
        (p) => p.sessions,
        why,
        (p) => idleSessionCost({ file: httpFile(p), legacyVersion: p.legacyVersion, count: T.sessions }),
      ),
      "kbPerSession",
    );
  },
  async churn() {
    if (!T.churnTotal) return;
    for (const id of ["mcpkit", "sdk-v1", "tmcp"]) {
      const p = byId[id];
      if (!peers.includes(p)) continue;
      try {
        const r = await churn({ file: httpFile(p), legacyVersion: p.legacyVersion, total: T.churnTotal, step: T.churnTotal / 6 });
        put("churn", p.id, { value: r.samples.at(-1).rssKb, samples: r.samples, stopped: r.stopped });
        log(`churn ${p.id}: ${r.samples.map((s) => `${s.sessions}:${(s.rssKb / 1024).toFixed(0)}MB`).join(" ")}`);
      } catch (error) {
        put("churn", p.id, { na: `failed: ${error.message}` });
      }
    }
  },
  async tsc() {
    const root = join(BENCH_DIR, ".work", "tsc");
    const tscBin = join(BENCH_DIR, "node_modules/typescript/bin/tsc");
    for (const id of TSC_PEERS) {
      if (!peers.some((p) => p.id === id)) continue;
      const dir = join(root, id);
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, "server.ts"), generatedServer(id, 200));
      writeFileSync(join(dir, "tsconfig.json"), TSCONFIG);
      const times = [];
      try {
        for (let i = 0; i < runs; i++) {
          const t0 = process.hrtime.bigint();
          execFileSync(process.execPath, [tscBin, "-p", dir], { stdio: "pipe" });
          times.push(Number(process.hrtime.bigint() - t0) / 1e6);
        }
        put("tsc", id, { value: median(times), runs: times });
        log(`tsc ${id}: ${median(times).toFixed(0)} ms`);
      } catch (error) {
        const msg = `${error.stdout ?? ""}${error.message}`;
        put("tsc", id, { na: `type errors: ${msg.split("\n").find((l) => l.includes("error TS")) ?? msg.slice(0, 160)}` });
        log(`tsc ${id} failed:\n${msg.slice(0, 1500)}`);
      }
    }
    rmSync(root, { recursive: true, force: true });
  },
  async footprint() {
    const root = mkdtempSync(join(tmpdir(), "mcpkit-footprint-"));
    try {
      const tarball = execFileSync("npm", ["pack", "--ignore-scripts", "--silent", "--pack-destination", root], {
        cwd: join(BENCH_DIR, ".."),
        encoding: "utf8",
      })
        .trim()
        .split("\n")
        .at(-1);
      for (const [id, spec] of Object.entries(HELLO)) {
        if (!peers.some((p) => p.id === id)) continue;
        const dir = join(root, id);
        mkdirSync(dir);
        const deps = Object.fromEntries(spec.deps.map((d) => [d, d === "mcpkit" ? `file:${join(root, tarball)}` : "*"]));
        writeFileSync(
          join(dir, "package.json"),
          JSON.stringify({ name: `hello-${id}`, private: true, type: "module", dependencies: deps }),
        );
        try {
          execFileSync("npm", ["install", "--omit=dev", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"], {
            cwd: dir,
            stdio: "pipe",
            timeout: 300_000,
          });
          const lock = JSON.parse(readFileSync(join(dir, "node_modules/.package-lock.json"), "utf8"));
          const packages = Object.keys(lock.packages).filter((k) => k.startsWith("node_modules/")).length;
          const bytes = Number(execFileSync("du", ["-sb", join(dir, "node_modules")], { encoding: "utf8" }).split("\t")[0]);
          put("footprint", id, { value: bytes / 1e6, packages, note: `${spec.deps.join(" + ")}: ${spec.note}` });
          log(`footprint ${id}: ${packages} packages, ${(bytes / 1e6).toFixed(2)} MB`);
        } catch (error) {
          put("footprint", id, { na: `install failed: ${error.message.slice(0, 160)}` });
        }
      }
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  },
};

const selected =
  only ??
  (quick
    ? ["stdio1", "stdio64", "httpModern", "httpLegacy", "auth", "sessionStore", "scaling", "bigEcho", "startup", "sessions"]
    : Object.keys(WORKLOADS));
for (const w of selected) if (!WORKLOADS[w]) throw new Error(`unknown workload ${w}; known: ${Object.keys(WORKLOADS).join(", ")}`);

pinSelf();
const started = new Date();
const loadBefore = loadavg()
  .map((l) => l.toFixed(2))
  .join(" ");
log(
  `${quick ? "quick" : "full"} run, ${runs} run(s) per figure, workloads: ${selected.join(", ")}; peers: ${peers.map((p) => p.id).join(", ")}`,
);
for (const w of selected) {
  log(`-- ${w}`);
  await WORKLOADS[w]();
}

const version = (name) => {
  try {
    return JSON.parse(readFileSync(join(BENCH_DIR, "node_modules", name, "package.json"), "utf8")).version;
  } catch {
    return "?";
  }
};
const versions = [
  "mcpkit",
  "@modelcontextprotocol/server",
  "@modelcontextprotocol/sdk",
  "tmcp",
  "@tmcp/transport-http",
  "mcp-lite",
  "fastmcp",
  "zod",
  "autocannon",
]
  .map((n) => `${n} ${version(n)}`)
  .join(", ");
const machine = {
  versions,
  cpu: cpus()[0]?.model ?? "unknown",
  cores: cpus().length,
  node: process.version,
  pinned,
  date: started.toISOString(),
  loadBefore,
  loadAfter: loadavg()
    .map((l) => l.toFixed(2))
    .join(" "),
  seconds: Math.round((Date.now() - started.getTime()) / 1000),
};
// --merge: keep the other workloads of the previous RESULTS.json, replace the ones run now.
let merged = [];
const jsonOut = out.replace(/\.md$/, ".json");
if (flag("--merge")) {
  try {
    const previous = JSON.parse(readFileSync(jsonOut, "utf8"));
    const fresh = Object.keys(results);
    for (const [w, rows] of Object.entries(previous.results)) if (!(w in results)) results[w] = rows;
    merged = [...(previous.merged ?? []), { date: machine.date, workloads: fresh, pinned, loadBefore }];
    Object.assign(machine, {
      date: previous.machine.date,
      seconds: previous.machine.seconds,
      loadBefore: previous.machine.loadBefore,
      loadAfter: previous.machine.loadAfter,
    });
  } catch (error) {
    log(`--merge: no previous results (${error.message})`);
  }
}
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, renderResults({ results, machine, quick, runs, peers: [...peers, ...variants], T, selected, merged }));
writeFileSync(jsonOut, JSON.stringify({ machine, quick, runs, results, merged }, null, 2) + "\n");
log(`wrote ${out}`);
