/**
 * RESULTS.md: one table per workload (median, runs, ratio mcpkit/peer from the same run),
 * then the issue-6 item-4 targets, each marked met, missed or not measured.
 */
import { byId } from "./peers.mjs";

const META = {
  stdio1: { title: "stdio tools/call, 1 in flight", unit: "req/s", higher: true },
  stdio64: { title: "stdio tools/call, 64 in flight", unit: "req/s", higher: true },
  httpModern: {
    title: "HTTP tools/call, modern era (2026-07-28 `_meta` envelope + Mcp-Method/Mcp-Name headers), 32 connections",
    unit: "req/s",
    higher: true,
  },
  httpLegacy: { title: "HTTP tools/call, legacy stateless (2025-era POST, no initialize), 32 connections", unit: "req/s", higher: true },
  authModern: {
    title: "HTTP tools/call behind a JWT check (mcpkit/auth, ES256, keys cached), modern era, 32 connections: plain mcpkit vs protected",
    unit: "req/s",
    higher: true,
  },
  authLegacy: {
    title:
      "HTTP tools/call behind a JWT check (mcpkit/auth, ES256, keys cached), legacy stateless, 32 connections: plain mcpkit vs protected",
    unit: "req/s",
    higher: true,
  },
  bigEcho: { title: "stdio tools/call echoing a 1 MB argument, 1 in flight", unit: "calls/s", higher: true },
  startup: { title: "Start-up: spawn to the first `initialize` answer over stdio", unit: "ms", higher: false },
  sessions: {
    title: "Idle legacy HTTP sessions: RSS per session (delta over N sessions after a forced GC)",
    unit: "KB/session",
    higher: false,
  },
  tsc: { title: "`tsc --noEmit` on a generated 200-tool server (strict, skipLibCheck)", unit: "ms", higher: false },
  footprint: { title: "Install footprint of a hello-world server (`npm install --omit=dev`)", unit: "MB", higher: false },
};
for (const n of [1, 50, 200, 700]) {
  META[`scale-call-${n}`] = {
    title: `stdio tools/call with ${n} tool${n > 1 ? "s" : ""} registered, 64 in flight (sizes interleaved)`,
    unit: "req/s",
    higher: true,
  };
  META[`scale-list-${n}`] = { title: `stdio tools/list with ${n} tools registered, 4 in flight`, unit: "req/s", higher: true };
}

const fmt = (v, unit) =>
  v === undefined
    ? "n/a"
    : unit === "MB" || unit === "KB/session"
      ? v.toFixed(2)
      : v >= 100
        ? Math.round(v).toLocaleString("en-US")
        : v.toFixed(1);
const mb = (kb) => (kb ? (kb / 1024).toFixed(1) : "");

/** "how many times better mcpkit is" oriented so >1 always means mcpkit wins. */
function ratio(mine, theirs, higher) {
  if (mine === undefined || theirs === undefined || !mine || !theirs) return undefined;
  return higher ? mine / theirs : theirs / mine;
}

function table(w, rows, peers) {
  const meta = META[w] ?? { title: w, unit: "", higher: true };
  const mine = rows.mcpkit?.value;
  const showRss = ["stdio64", "httpLegacy", "httpModern"].includes(w);
  const lines = [`### ${meta.title}`, ""];
  lines.push(
    `| framework | ${meta.unit} (median) | runs | mcpkit vs this (>1 = mcpkit better) |${showRss ? " RSS after load (MB) | RSS after load + GC (MB) |" : ""}${w === "httpLegacy" ? " mode |" : ""}${w === "footprint" ? " packages | what was installed |" : ""}`,
  );
  lines.push(`|---|---:|---|---:|${showRss ? "---:|---:|" : ""}${w === "httpLegacy" ? "---|" : ""}${w === "footprint" ? "---:|---|" : ""}`);
  for (const p of peers) {
    const r = rows[p.id];
    if (!r) continue;
    if (r.na) {
      lines.push(
        `| ${p.label} | n/a | ${r.na} | |${showRss ? " | |" : ""}${w === "httpLegacy" ? " |" : ""}${w === "footprint" ? " | |" : ""}`,
      );
      continue;
    }
    const rt = p.id === "mcpkit" ? "" : ratio(mine, r.value, meta.higher);
    const runs = (r.runs ?? []).map((v) => fmt(v, meta.unit)).join(", ");
    let line = `| ${p.label} | ${fmt(r.value, meta.unit)} | ${runs} | ${rt === "" ? "—" : rt === undefined ? "n/a" : `${rt.toFixed(2)}×`} |`;
    if (showRss) line += ` ${mb(r.rssKb)} | ${mb(r.rssGcKb)} |`;
    if (w === "sessions" && r.sessions) line = line.replace(/ \|$/, ` (${r.sessions} sessions) |`);
    if (w === "httpLegacy") line += ` ${p.legacyMode}${r.contentType ? ` (answer: ${r.contentType})` : ""} |`;
    if (w === "footprint") line += ` ${r.packages} | ${r.note} |`;
    lines.push(line);
  }
  return lines.join("\n") + "\n";
}

function churnSection(rows, peers) {
  const lines = [
    "### Session churn: clients open legacy sessions and never send DELETE",
    "",
    "RSS (MB, after a forced GC) as sessions accumulate. mcpkit caps live sessions (LRU, default 10,000) and expires idle ones (default 30 min).",
    "",
  ];
  const ps = peers.filter((p) => rows[p.id]);
  const samples = ps.map((p) => rows[p.id].samples ?? []);
  const steps = samples.reduce((a, s) => (s.length > a.length ? s : a), []).map((s) => s.sessions);
  lines.push(`| sessions opened | ${ps.map((p) => p.label).join(" | ")} |`, `|---:|${ps.map(() => "---:").join("|")}|`);
  steps.forEach((n, i) =>
    lines.push(
      `| ${n.toLocaleString("en-US")} | ${samples.map((s, j) => (rows[ps[j].id].na ? "n/a" : s[i] ? mb(s[i].rssKb) : (rows[ps[j].id].stopped ?? ""))).join(" | ")} |`,
    ),
  );
  return lines.join("\n") + "\n";
}

function targets(results) {
  const v = (w, p) => results[w]?.[p]?.value;
  const checks = [];
  const add = (name, ok, detail) => checks.push({ name, ok, detail });
  const r = (a, b) => (a !== undefined && b !== undefined ? a / b : undefined);
  const x = (n) => (n === undefined ? "n/a" : `${n.toFixed(2)}×`);
  const pct = (n) => (n === undefined ? "n/a" : `${(n * 100).toFixed(0)}%`);

  if (results.stdio64) {
    const sdk = r(v("stdio64", "mcpkit"), v("stdio64", "sdk-v2"));
    const raw = r(v("stdio64", "mcpkit"), v("stdio64", "raw"));
    add("stdio, 64 in flight: ≥ 2.5× SDK v2", sdk === undefined ? undefined : sdk >= 2.5, x(sdk));
    add("stdio, 64 in flight: ≥ 80% of the raw loop", raw === undefined ? undefined : raw >= 0.8, pct(raw));
  }
  if (results.stdio1) {
    const raw = r(v("stdio1", "mcpkit"), v("stdio1", "raw"));
    add("stdio, 1 in flight: ≥ 90% of the raw loop", raw === undefined ? undefined : raw >= 0.9, pct(raw));
  }
  for (const [w, era] of [
    ["httpModern", "modern"],
    ["httpLegacy", "legacy"],
  ]) {
    if (!results[w]) continue;
    for (const [peer, need, label] of [
      ["sdk-v2", 8, "SDK v2"],
      ["tmcp", 2.5, "tmcp"],
      ["mcp-lite", 1.5, "mcp-lite"],
    ]) {
      const q = r(v(w, "mcpkit"), v(w, peer));
      add(
        `HTTP ${era}: ≥ ${need}× ${label}`,
        q === undefined ? undefined : q >= need,
        q === undefined ? `n/a${results[w][peer]?.na ? ` (${results[w][peer].na})` : ""}` : x(q),
      );
    }
    const raw = r(v(w, "mcpkit"), v(w, "raw"));
    add(`HTTP ${era}: ≥ 60% of the raw echo`, raw === undefined ? undefined : raw >= 0.6, pct(raw));
  }
  for (const w of ["authModern", "authLegacy"]) {
    if (!results[w]) continue;
    const q = r(v(w, "mcpkit-jwt"), v(w, "mcpkit"));
    add(
      `${w === "authModern" ? "HTTP modern" : "HTTP legacy"}: a JWT-checked call keeps ≥ 80% of the plain throughput (issue 13)`,
      q === undefined ? undefined : q >= 0.8,
      pct(q),
    );
  }
  if (results.sessionStore) {
    const q = r(v("sessionStore", "mcpkit-redis"), v("sessionStore", "mcpkit"));
    add(
      "HTTP legacy session: sessions in Redis keep ≥ 50% of the in-memory throughput (issue 15)",
      q === undefined ? undefined : q >= 0.5,
      pct(q),
    );
  }
  if (results["scale-call-700"] && results["scale-call-1"]) {
    const q = r(v("scale-call-700", "mcpkit"), v("scale-call-1", "mcpkit"));
    add("700 tools: tools/call within 10% of the one-tool figure (64 in flight)", q === undefined ? undefined : q >= 0.9, pct(q));
  }
  if (results.startup) {
    const d =
      v("startup", "mcpkit") !== undefined && v("startup", "raw") !== undefined ? v("startup", "mcpkit") - v("startup", "raw") : undefined;
    add("start-up: within 40 ms of the raw loop", d === undefined ? undefined : d <= 40, d === undefined ? "n/a" : `+${d.toFixed(1)} ms`);
    const nz =
      v("startup", "mcpkit-nozod") !== undefined && v("startup", "raw") !== undefined
        ? v("startup", "mcpkit-nozod") - v("startup", "raw")
        : undefined;
    if (nz !== undefined) add("start-up without zod (JSON Schema input): within 40 ms of the raw loop", nz <= 40, `+${nz.toFixed(1)} ms`);
  }
  if (results.stdio64) {
    const q = r(results.stdio64.mcpkit?.rssKb, results.stdio64.raw?.rssKb);
    const g = r(results.stdio64.mcpkit?.rssGcKb, results.stdio64.raw?.rssGcKb);
    add(
      "memory after load (stdio 64): ≤ 1.5× the raw baseline",
      q === undefined ? undefined : q <= 1.5,
      `${x(q)}${g === undefined ? "" : ` (after a GC: ${x(g)})`}`,
    );
  }
  {
    for (const w of ["httpModern", "httpLegacy"]) {
      if (!results[w]) continue;
      const q = r(results[w].mcpkit?.rssKb, results[w].raw?.rssKb);
      const g = r(results[w].mcpkit?.rssGcKb, results[w].raw?.rssGcKb);
      add(
        `memory after load (HTTP ${w === "httpModern" ? "modern" : "legacy"}): ≤ 1.5× the raw baseline`,
        q === undefined ? undefined : q <= 1.5,
        `${x(q)}${g === undefined ? "" : ` (after a GC: ${x(g)})`}`,
      );
    }
  }
  if (results.sessions) {
    const kb = v("sessions", "mcpkit");
    add("idle legacy sessions: ≤ 20 KB each", kb === undefined ? undefined : kb <= 20, kb === undefined ? "n/a" : `${kb.toFixed(2)} KB`);
  }
  if (results.tsc) {
    const q = r(v("tsc", "mcpkit"), v("tsc", "sdk-v2"));
    add(
      "tsc: no slower than SDK v2 on the same server",
      q === undefined ? undefined : q <= 1,
      q === undefined ? "n/a" : `${x(q)} SDK v2's time`,
    );
  }
  if (results.footprint) {
    const m = results.footprint.mcpkit;
    const t = results.footprint.tmcp;
    const ok = m?.value !== undefined && t?.value !== undefined ? m.value <= t.value && m.packages <= t.packages : undefined;
    add(
      "install footprint: no larger than tmcp's",
      ok,
      m?.value !== undefined
        ? `mcpkit ${m.value.toFixed(2)} MB / ${m.packages} packages; tmcp ${t?.value?.toFixed(2) ?? "n/a"} MB / ${t?.packages ?? "n/a"} packages`
        : "n/a",
    );
  }
  const lines = ["## Targets (issue 6, item 4)", "", "| target | this run | met |", "|---|---:|:---:|"];
  for (const c of checks) lines.push(`| ${c.name} | ${c.detail} | ${c.ok === undefined ? "—" : c.ok ? "yes" : "**no**"} |`);
  return lines.join("\n") + "\n";
}

export function renderResults({ results, machine, quick, runs, peers, T, selected, merged = [] }) {
  const parts = [
    "# mcpkit benchmark results",
    "",
    `Generated by \`bench/run.mjs${quick ? " --quick" : ""}\` on ${machine.date.slice(0, 10)} (${machine.date}); the run took ${machine.seconds} s.`,
    "",
    `- Machine: ${machine.cpu}, ${machine.cores} cores; Node ${machine.node}`,
    `- Load average (1/5/15 min) at start: ${machine.loadBefore}; at end: ${machine.loadAfter}. Other processes on the machine skew absolute figures; ratios come from the same run.`,
    `- Pinning: ${machine.pinned ? "servers on core 0 (`taskset -c 0`), driver and autocannon on core 1" : "taskset not available: no pinning"}`,
    `- Each figure is the median of ${runs} run(s) (the runs are listed). Stdio windows: ${T.warm} ms warm-up then ${T.dur} ms counted; HTTP: autocannon ${T.httpWarm} s warm-up then ${T.httpDur} s, 32 connections, unique id per request.`,
    `- Versions: ${machine.versions}.`,
    `- Ratios are mcpkit against each framework from this same run, oriented so that above 1 means mcpkit is better (faster, smaller, quicker).`,
    quick ? "- **Quick run**: short windows and a subset of frameworks; not for publishing figures." : "",
    ...merged.map(
      (m) =>
        `- Merged in later (\`--merge\`): ${m.workloads.join(", ")} from a run on ${m.date} (load average at start ${m.loadBefore}${m.pinned ? "" : ", not pinned"}).`,
    ),
    "",
    targets(results),
    "## Figures",
    "",
  ];
  const order = [
    "stdio1",
    "stdio64",
    "httpModern",
    "httpLegacy",
    ...[1, 50, 200, 700].map((n) => `scale-call-${n}`),
    ...[50, 200, 700].map((n) => `scale-list-${n}`),
    "bigEcho",
    "startup",
    "sessions",
    "churn",
    "tsc",
    "footprint",
  ];
  const rank = (w) => (order.includes(w) ? order.indexOf(w) : order.length);
  for (const w of Object.keys(results).sort((a, b) => rank(a) - rank(b))) {
    if (w === "churn") parts.push(churnSection(results.churn, peers));
    else parts.push(table(w, results[w], peers));
  }
  const notes = peers
    .filter((p) => p.noModern || p.noStdio)
    .map((p) => `- ${p.label}: ${[p.noStdio, p.noModern].filter(Boolean).join("; ")}.`);
  parts.push(
    "## Notes",
    "",
    ...notes,
    "- Stdio runs speak the 2025 handshake (each peer's newest legacy revision: tmcp negotiates 2025-06-18 itself; mcp-lite is HTTP-only and speaks 2025-06-18).",
    "- Legacy HTTP: each peer's own stateless serving where it has one; the mode column says what was used and what content type the answer came in.",
    `- Workloads in this run: ${selected.join(", ")}.`,
    "",
  );
  void byId;
  return parts.join("\n");
}
