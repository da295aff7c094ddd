#!/usr/bin/env node
// Runs the official MCP conformance suite against conformance/server.ts, on both protocol
// eras, and fails on any FAILURE (and, unless --allow-warnings, any WARNING).
//
//   node conformance/run.mjs [--allow-warnings] [--era 2026-07-28|2025-11-25] [--scenario NAME]
//
// Plain ESM on purpose: it runs on any Node. The suite itself needs Node >= 22, which is
// installed next to it in conformance/.work/ when the running Node is older.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync, createWriteStream } from "node:fs";
import { createServer } from "node:net";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const SUITE = "@modelcontextprotocol/conformance";
const SUITE_VERSION = "0.2.0-alpha.12";
const ERAS = ["2026-07-28", "2025-11-25"];
// Not scored by the suite but gating here; a requirements run includes them, and any that
// is missing from its results is run on its own.
const MUST_RUN = {
  "2026-07-28": ["json-schema-2020-12", "http-header-validation", "http-custom-header-server-validation"],
  "2025-11-25": ["json-schema-2020-12", "server-sse-polling", "server-session-lifecycle"],
};

// What `-o DIR` holds: server-<scenario>-<ISO timestamp with dashes>/checks.json
const RESULT_DIR = /^server-(.+)-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d-\d{3}Z$/;

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = dirname(HERE);
const WORK = join(HERE, ".work");
const rel = (path) => relative(process.cwd(), path) || ".";
// The client under test, as the suite starts it (it appends the server URL).
const CLIENT_COMMAND = [process.execPath, "--conditions=mcpkit-source", "--import", "tsx", "conformance/client.ts"]
  .map((part) => (/[\s"']/.test(part) ? JSON.stringify(part) : part))
  .join(" ");

const options = parseArgs(process.argv.slice(2));
mkdirSync(WORK, { recursive: true });

const suiteNode = ensureSuite();
const CLIENT = clientScenarios();
const side = options.side ?? (options.scenario === undefined ? "both" : CLIENT.has(options.scenario) ? "client" : "server");
const summary = {
  suite: `${SUITE}@${SUITE_VERSION}`,
  startedAt: new Date().toISOString(),
  allowWarnings: options.allowWarnings,
  eras: {},
  clients: {},
};
if (side !== "client") {
  const server = await startFixture();
  try {
    for (const era of options.eras) summary.eras[era] = runEra(server, era);
  } finally {
    server.stop();
  }
}
if (side !== "server") {
  for (const era of options.eras) summary.clients[era] = runClientEra(era);
  // Client scenarios no requirements run holds (the 2025-03-26 ones): each at its own revision.
  if (options.scenario === undefined && options.eras.length === ERAS.length) summary.clients.other = runOtherClientScenarios();
}

const results = [
  ...Object.entries(summary.eras).map(([era, result]) => [`server ${era}`, result]),
  ...Object.entries(summary.clients).map(([era, result]) => [`client ${era === "other" ? "(other revisions)" : era}`, result]),
];
summary.ok = results.length > 0 && results.every(([, result]) => result.ok);
writeFileSync(join(WORK, "summary.json"), `${JSON.stringify(summary, null, 2)}\n`);
for (const [label, result] of results) report(label, result);
console.log(`\nSummary written to ${rel(join(WORK, "summary.json"))}; server log in ${rel(join(WORK, "server.log"))}`);
console.log(summary.ok ? "\nConformance: PASS" : "\nConformance: FAIL");
process.exit(summary.ok ? 0 : 1);

function parseArgs(args) {
  const out = { allowWarnings: false, eras: ERAS, scenario: undefined, side: undefined };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === "--allow-warnings") out.allowWarnings = true;
    else if (arg === "--era" && ERAS.includes(args[i + 1])) out.eras = [args[++i]];
    else if (arg === "--scenario" && args[i + 1]) out.scenario = args[++i];
    else if (arg === "--server" || arg === "--client") out.side = arg.slice(2);
    else {
      console.error(
        `Unknown argument ${arg}\nUsage: node conformance/run.mjs [--allow-warnings] [--era ${ERAS.join("|")}] [--server|--client] [--scenario NAME]`,
      );
      process.exit(2);
    }
  }
  return out;
}

// --- The suite and a Node to run it --------------------------------------------------------

function nodeMajor(version) {
  return Number(String(version).replace(/^v/, "").split(".")[0]);
}

function ensureSuite() {
  const localNode = join(WORK, "node_modules", ".bin", process.platform === "win32" ? "node.cmd" : "node");
  const suitePackage = join(WORK, "node_modules", SUITE, "package.json");
  const readVersion = (file) => {
    try {
      return JSON.parse(readFileSync(file, "utf8")).version;
    } catch {
      return undefined;
    }
  };
  const localNodeVersion = () =>
    existsSync(localNode) ? spawnSync(localNode, ["--version"], { encoding: "utf8" }).stdout?.trim() : undefined;

  const missing = [];
  if (readVersion(suitePackage) !== SUITE_VERSION) missing.push(`${SUITE}@${SUITE_VERSION}`);
  const systemNodeOk = nodeMajor(process.version) >= 22;
  if (!systemNodeOk && !(nodeMajor(localNodeVersion() ?? "0") >= 22)) missing.push("node@22");
  if (missing.length) {
    const args = ["install", "--no-save", "--no-audit", "--no-fund", "--prefix", rel(WORK), ...missing];
    console.log(`Installing ${missing.join(" and ")} into ${rel(WORK)}:\n  npm ${args.join(" ")}`);
    const npm = spawnSync(process.platform === "win32" ? "npm.cmd" : "npm", args, {
      stdio: "inherit",
      shell: process.platform === "win32",
    });
    if (npm.status !== 0) fail(`npm install failed (exit ${npm.status})`);
  }
  const node = systemNodeOk ? process.execPath : localNode;
  const bin = JSON.parse(readFileSync(suitePackage, "utf8")).bin.conformance;
  const version = systemNodeOk ? process.version : localNodeVersion();
  console.log(
    `Suite ${SUITE}@${SUITE_VERSION} runs on Node ${version} (${systemNodeOk ? "this Node" : rel(node)}); the fixture on Node ${process.version}`,
  );
  return { node, bin: join(WORK, "node_modules", SUITE, bin) };
}

function conformance(args, stdio = "inherit") {
  return spawnSync(suiteNode.node, [suiteNode.bin, ...args], { cwd: ROOT, stdio, encoding: "utf8", maxBuffer: 64 << 20 });
}

// --- The fixture server ----------------------------------------------------------------------

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

async function startFixture() {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/mcp`;
  const log = createWriteStream(join(WORK, "server.log"));
  const args = ["--import", "tsx", "conformance/server.ts", "--transport", "http", "--host", "127.0.0.1", "--port", String(port)];
  console.log(`Starting the fixture: node ${args.join(" ")}`);
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  let exited;
  child.once("exit", (code, signal) => (exited = signal ?? `exit code ${code}`));
  // However this script ends, the fixture goes with it.
  process.once("exit", () => child.kill());
  for (const signal of ["SIGINT", "SIGTERM"]) process.once(signal, () => process.exit(130));

  const deadline = Date.now() + 30_000;
  while (!(await answers(url))) {
    if (exited) fail(`The fixture server stopped (${exited}) before it answered; see ${rel(join(WORK, "server.log"))}`);
    if (Date.now() > deadline) fail(`The fixture server did not answer at ${url} within 30 s`);
    await new Promise((r) => setTimeout(r, 150));
  }
  console.log(`Fixture answering at ${url}`);
  return { url, stop: () => child.kill() };
}

function timeout(ms) {
  const controller = new AbortController();
  setTimeout(() => controller.abort(), ms).unref();
  return controller.signal;
}

async function answers(url) {
  const meta = { "io.modelcontextprotocol/protocolVersion": "2026-07-28", "io.modelcontextprotocol/clientCapabilities": {} };
  try {
    const res = await fetch(url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        accept: "application/json, text/event-stream",
        "mcp-protocol-version": "2026-07-28",
        "mcp-method": "server/discover",
      },
      body: JSON.stringify({ jsonrpc: "2.0", id: 0, method: "server/discover", params: { _meta: meta } }),
      signal: timeout(2000),
    });
    await res.body?.cancel();
    return true;
  } catch {
    return false;
  }
}

// --- Running and reading the suite -----------------------------------------------------------

/** Which scenarios of `role` a requirements run holds, by category ("scored", "pending", "extension", ...). */
function requirementCategories(era, role = "server") {
  const listed = conformance(["list", `--${role}`, "--requirements", era], "pipe");
  if (listed.status !== 0) fail(`conformance list failed:\n${listed.stderr}`);
  const categories = new Map();
  let section;
  for (const line of listed.stdout.split("\n")) {
    if (/^Server scenarios/.test(line)) section = role === "server" ? "scored" : undefined;
    else if (/^Client scenarios/.test(line)) section = role === "client" ? "scored" : undefined;
    else if (/^Run and reported, but never scored/.test(line)) section = "unscored";
    else if (section?.startsWith("unscored") && /^\s+[\w-]+ \(\d+\):$/.test(line))
      section = `unscored:${line.trim().replace(/ \(\d+\):$/, "")}`;
    const item = /^\s+- (\S+)(?: \[(server|client)\])?$/.exec(line);
    if (!item || !section || section === "unscored") continue;
    if (section === "scored") categories.set(item[1], "scored");
    else if (item[2] === role) categories.set(item[1], section.slice("unscored:".length));
  }
  return categories;
}

/** Every client scenario the suite has, with its tags ("extension", or the revisions it applies to). */
function clientScenarios() {
  const listed = conformance(["list", "--client"], "pipe");
  if (listed.status !== 0) fail(`conformance list failed:\n${listed.stderr}`);
  const all = new Map();
  for (const line of listed.stdout.split("\n")) {
    const item = /^\s+- (\S+) \[([^\]]+)\]$/.exec(line);
    if (item) all.set(item[1], item[2].split(","));
  }
  return all;
}

function runEra(server, era) {
  const out = join(WORK, `results-${era}`);
  rmSync(out, { recursive: true, force: true });
  const categories = requirementCategories(era);
  const base = ["server", "--url", server.url, "-o", out];
  console.log(`\n=== ${era} ===`);
  let suiteExit;
  if (options.scenario) {
    suiteExit = conformance([...base, "--scenario", options.scenario, "--spec-version", era, "--force"]).status;
  } else {
    suiteExit = conformance([...base, "--requirements", era]).status;
    for (const name of MUST_RUN[era]) {
      if (readResults(out).has(name)) continue;
      console.log(`\n${name} is not part of the ${era} requirements run; running it on its own`);
      conformance([...base, "--scenario", name, "--spec-version", era, "--force"]);
    }
  }

  const results = readResults(out);
  const expected = options.scenario ? [options.scenario] : [...new Set([...categories.keys(), ...MUST_RUN[era]])];
  const scenarios = expected.map((name) => {
    const checks = results.get(name);
    const category = categories.get(name) ?? (MUST_RUN[era].includes(name) ? "pending" : "unlisted");
    const gating = category !== "extension" || options.scenario !== undefined; // a scenario asked for by name always counts
    if (!checks) {
      const missing = {
        id: "scenario-missing",
        status: "FAILURE",
        errorMessage: "No checks.json: the scenario did not run or the suite crashed",
      };
      return summarize(name, category, gating, [missing]);
    }
    return summarize(name, category, gating, checks);
  });
  const gated = scenarios.filter((s) => s.gating);
  const ok = gated.every((s) => s.counts.FAILURE === 0 && (options.allowWarnings || s.counts.WARNING === 0)) && scenarios.length > 0;
  return { ok, suiteExit, resultsDir: rel(out), scenarios };
}

// --- The client under test ------------------------------------------------------------------

function runClientEra(era) {
  const out = join(WORK, `results-client-${era}`);
  rmSync(out, { recursive: true, force: true });
  const categories = requirementCategories(era, "client");
  const base = ["client", "--command", CLIENT_COMMAND, "-o", out];
  console.log(`\n=== client ${era} ===`);
  let suiteExit;
  if (options.scenario) {
    suiteExit = conformance([...base, "--scenario", options.scenario, "--spec-version", era, "--force"]).status;
  } else {
    suiteExit = conformance([...base, "--requirements", era]).status;
  }
  const results = readClientResults(out);
  const expected = options.scenario ? [options.scenario] : [...categories.keys()];
  const scenarios = expected.map((name) => {
    const category = categories.get(name) ?? "unlisted";
    const gating = category !== "extension" || options.scenario !== undefined;
    return summarize(name, category, gating, results.get(name) ?? [missingChecks()]);
  });
  return verdict(scenarios, suiteExit, out);
}

function runOtherClientScenarios() {
  const out = join(WORK, "results-client-other");
  rmSync(out, { recursive: true, force: true });
  const covered = new Set(ERAS.flatMap((era) => [...requirementCategories(era, "client").keys()]));
  const others = [...CLIENT].filter(([name, tags]) => !covered.has(name) && !tags.includes("extension") && !name.startsWith("sep-2640-"));
  console.log(`\n=== client, other revisions: ${others.map(([name]) => name).join(", ") || "none"} ===`);
  let suiteExit = 0;
  for (const [name] of others) {
    suiteExit ||= conformance(["client", "--command", CLIENT_COMMAND, "-o", out, "--scenario", name]).status;
  }
  const results = readClientResults(out);
  const scenarios = others.map(([name, tags]) =>
    summarize(name, `revision ${tags.join(",")}`, true, results.get(name) ?? [missingChecks()]),
  );
  return verdict(scenarios, suiteExit, out);
}

function missingChecks() {
  return { id: "scenario-missing", status: "FAILURE", errorMessage: "No checks.json: the scenario did not run or the suite crashed" };
}

function verdict(scenarios, suiteExit, out) {
  const gated = scenarios.filter((s) => s.gating);
  const ok = gated.every((s) => s.counts.FAILURE === 0 && (options.allowWarnings || s.counts.WARNING === 0)) && scenarios.length > 0;
  return { ok, suiteExit, resultsDir: rel(out), scenarios };
}

/** scenario -> checks, from every `<scenario>-<timestamp>/checks.json` below `dir` (auth/... are folders). */
function readClientResults(dir, prefix = "", results = new Map()) {
  if (!existsSync(dir)) return results;
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (!entry.isDirectory()) continue;
    const path = join(dir, entry.name);
    const match = /^(.+)-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d-\d{3}Z$/.exec(entry.name);
    if (match && existsSync(join(path, "checks.json"))) {
      try {
        results.set(prefix + match[1], JSON.parse(readFileSync(join(path, "checks.json"), "utf8")));
      } catch (error) {
        results.set(prefix + match[1], [{ id: "checks-json-unreadable", status: "FAILURE", errorMessage: String(error) }]);
      }
    } else if (!match) {
      readClientResults(path, `${prefix}${entry.name}/`, results);
    }
  }
  return results;
}

/** scenario -> checks, from every `server-<scenario>-<timestamp>/checks.json` (the newest wins). */
function readResults(dir) {
  const results = new Map();
  if (!existsSync(dir)) return results;
  for (const entry of readdirSync(dir).sort()) {
    const match = RESULT_DIR.exec(entry);
    const file = join(dir, entry, "checks.json");
    if (!match || !existsSync(file)) continue;
    try {
      results.set(match[1], JSON.parse(readFileSync(file, "utf8")));
    } catch (error) {
      results.set(match[1], [{ id: "checks-json-unreadable", status: "FAILURE", errorMessage: String(error) }]);
    }
  }
  return results;
}

function summarize(name, category, gating, checks) {
  const counts = { SUCCESS: 0, FAILURE: 0, WARNING: 0, INFO: 0, SKIPPED: 0 };
  const problems = [];
  for (const check of checks) {
    counts[check.status] = (counts[check.status] ?? 0) + 1;
    if (check.status === "FAILURE" || check.status === "WARNING") {
      problems.push({ status: check.status, id: check.id, message: check.errorMessage ?? check.description ?? "" });
    }
  }
  return { name, category, gating, passed: counts.FAILURE === 0, counts, problems };
}

function report(label, result) {
  const gated = result.scenarios.filter((s) => s.gating);
  const ungated = result.scenarios.filter((s) => !s.gating);
  const sum = (list, status) => list.reduce((n, s) => n + s.counts[status], 0);
  const passed = (list) => `${list.filter((s) => s.passed).length}/${list.length}`;
  const scored = gated.filter((s) => s.category === "scored");
  const unscored = gated.filter((s) => s.category !== "scored");
  console.log(`\n=== ${label}: ${result.ok ? "PASS" : "FAIL"} ===`);
  console.log(
    `  scenarios passed: ${passed(scored)} scored, ${passed(unscored)} not scored (${[...new Set(unscored.map((s) => s.category))].join(", ") || "none"})`,
  );
  console.log(
    `  checks: ${sum(gated, "SUCCESS")} SUCCESS, ${sum(gated, "FAILURE")} FAILURE, ${sum(gated, "WARNING")} WARNING (${sum(gated, "INFO")} INFO, ${sum(gated, "SKIPPED")} SKIPPED)`,
  );
  for (const s of gated) {
    for (const p of s.problems) console.log(`  ${p.status.padEnd(7)} ${s.name} [${p.id}] ${oneLine(p.message)}`);
  }
  if (ungated.length) {
    console.log(
      `  extensions (reported, not gating; mcpkit does not implement them): ${passed(ungated)} scenarios passed, ` +
        `${sum(ungated, "FAILURE")} FAILURE, ${sum(ungated, "WARNING")} WARNING; details in summary.json`,
    );
  }
}

function oneLine(text) {
  const flat = String(text).replace(/\s+/g, " ").trim();
  return flat.length > 400 ? `${flat.slice(0, 400)}…` : flat;
}

function fail(message) {
  console.error(`conformance: ${message}`);
  process.exit(1);
}
