/**
 * The docs' snippet rule: every fenced code block in docs/*.md is preceded by a marker
 *   <!-- snippet: docs/snippets/tools/basic.ts -->          the whole file
 *   <!-- snippet: docs/snippets/tools/basic.ts#define -->   the lines between `// #region define` and `// #endregion`
 *   <!-- snippet: shell -->                                 a shell command (sh/bash blocks only), not checked
 * and its body equals that text (region marker lines removed, common indentation stripped).
 *
 * Run it directly to see every failing block, or to rewrite blocks from their files:
 *   node --import tsx test/docs/snippet-check.ts           report problems (exit 1 if any)
 *   node --import tsx test/docs/snippet-check.ts --write   copy each file/region into its block
 */
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

export interface Block {
  doc: string;
  /** 1-based line of the opening fence. */
  line: number;
  lang: string;
  /** The marker's target ("docs/snippets/x.ts#region", "shell"), undefined without a marker. */
  marker: string | undefined;
  body: string;
  /** 0-based line indexes of the body within the doc (start inclusive, end exclusive), and the fence's indentation. */
  bodyStart: number;
  bodyEnd: number;
  indent: string;
}

export interface Problem {
  doc: string;
  line: number;
  message: string;
}

const MARKER = /^\s*<!--\s*snippet:\s*(\S+)\s*-->\s*$/;
const FENCE = /^(\s*)(`{3,}|~{3,})\s*([^\s`]*)/;
const REGION_START = /^\s*(?:\/\/|#)\s*#region\s+(\S+)\s*$/;
const REGION_END = /^\s*(?:\/\/|#)\s*#endregion\b/;
const SHELL_LANGS = new Set(["sh", "bash", "shell", "console"]);

/** The fenced blocks of one markdown text, with the marker that precedes each. */
export function parseBlocks(doc: string, markdown: string): Block[] {
  const lines = markdown.split("\n");
  const blocks: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE.exec(lines[i]);
    if (!open) continue;
    const [, indent, fence, lang] = open;
    let end = i + 1;
    while (end < lines.length && !(lines[end].trim().startsWith(fence) && lines[end].trim().replace(/[`~]/g, "") === "")) end++;
    let prev = i - 1;
    while (prev >= 0 && lines[prev].trim() === "") prev--;
    const marker = prev >= 0 ? MARKER.exec(lines[prev])?.[1] : undefined;
    const body = lines.slice(i + 1, end).map((l) => (l.startsWith(indent) ? l.slice(indent.length) : l.trimStart())).join("\n");
    blocks.push({ doc, line: i + 1, lang, marker, body, bodyStart: i + 1, bodyEnd: end, indent });
    i = end;
  }
  return blocks;
}

/** A file's text with region marker lines removed, or one region of it; undefined if the region is missing. */
export function extract(source: string, region: string | undefined): string | undefined {
  const lines = source.replace(/\r\n/g, "\n").split("\n");
  let from = 0;
  let to = lines.length;
  if (region !== undefined) {
    const start = lines.findIndex((l) => REGION_START.exec(l)?.[1] === region);
    if (start < 0) return undefined;
    let depth = 1;
    let end = start + 1;
    for (; end < lines.length; end++) {
      if (REGION_START.test(lines[end])) depth++;
      else if (REGION_END.test(lines[end]) && --depth === 0) break;
    }
    if (depth !== 0) return undefined;
    from = start + 1;
    to = end;
  }
  const kept = lines.slice(from, to).filter((l) => !REGION_START.test(l) && !REGION_END.test(l));
  while (kept.length && kept[kept.length - 1].trim() === "") kept.pop();
  while (kept.length && kept[0].trim() === "") kept.shift();
  const indents = kept.filter((l) => l.trim() !== "").map((l) => /^\s*/.exec(l)![0].length);
  const common = indents.length ? Math.min(...indents) : 0;
  return kept.map((l) => l.slice(common).trimEnd()).join("\n");
}

const normalize = (text: string) => text.split("\n").map((l) => l.trimEnd()).join("\n").replace(/^\n+|\n+$/g, "");

/** What the block must contain, or a problem. `read` returns a file's text or undefined when it does not exist. */
export function expected(block: Block, read: (path: string) => string | undefined): { text: string } | { problem: string } | undefined {
  if (block.marker === undefined) {
    return { problem: `code block has no <!-- snippet: docs/snippets/... --> marker on the line before it` };
  }
  if (block.marker === "shell") {
    return SHELL_LANGS.has(block.lang) ? undefined : { problem: `only sh/bash blocks may be marked "shell" (this one is "${block.lang || "plain"}")` };
  }
  const [path, region] = block.marker.split("#", 2) as [string, string | undefined];
  if (!path.startsWith("docs/snippets/")) return { problem: `snippet ${block.marker} must live under docs/snippets/` };
  const source = read(path);
  if (source === undefined) return { problem: `snippet file ${path} does not exist` };
  const text = extract(source, region);
  if (text === undefined) return { problem: `snippet ${path} has no region "${region}" (// #region ${region} ... // #endregion)` };
  return { text };
}

/** Every problem of one doc. */
export function checkDoc(doc: string, markdown: string, read: (path: string) => string | undefined): Problem[] {
  const problems: Problem[] = [];
  for (const block of parseBlocks(doc, markdown)) {
    const want = expected(block, read);
    if (want === undefined) continue;
    if ("problem" in want) {
      problems.push({ doc, line: block.line, message: want.problem });
    } else if (normalize(want.text) !== normalize(block.body)) {
      problems.push({ doc, line: block.line, message: `block differs from ${block.marker}: ${firstDifference(want.text, block.body)}` });
    }
  }
  return problems;
}

function firstDifference(want: string, got: string): string {
  const a = normalize(want).split("\n");
  const b = normalize(got).split("\n");
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i] !== b[i]) {
      return `body line ${i + 1} is ${JSON.stringify(b[i] ?? "(missing)")}, the snippet has ${JSON.stringify(a[i] ?? "(nothing more)")}` +
        " (run: node --import tsx test/docs/snippet-check.ts --write)";
    }
  }
  return "whitespace differs";
}

export const repoRoot = fileURLToPath(new URL("../../", import.meta.url));

export const readRepoFile = (path: string): string | undefined => {
  try {
    return readFileSync(join(repoRoot, path), "utf8");
  } catch {
    return undefined;
  }
};

/** The markdown files the rule covers: the README and docs/*.md. */
export function docFiles(): string[] {
  return ["README.md", ...readdirSync(join(repoRoot, "docs")).filter((f) => f.endsWith(".md")).sort().map((f) => `docs/${f}`)];
}

/** Every snippet file under docs/snippets, relative to the repository root. */
export function snippetFiles(dir = join(repoRoot, "docs", "snippets")): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...snippetFiles(path));
    else out.push(relative(repoRoot, path).split("\\").join("/"));
  }
  return out.sort();
}

export function checkAll(): Problem[] {
  return docFiles().flatMap((doc) => checkDoc(doc, readRepoFile(doc) ?? "", readRepoFile));
}

/** Rewrites every marked block from its file/region; leaves unmarked or broken blocks for the report. */
export function writeAll(): string[] {
  const changed: string[] = [];
  for (const doc of docFiles()) {
    const markdown = readRepoFile(doc) ?? "";
    const lines = markdown.split("\n");
    // Bottom-up, so earlier line indexes stay valid.
    for (const block of parseBlocks(doc, markdown).reverse()) {
      const want = expected(block, readRepoFile);
      if (!want || "problem" in want || normalize(want.text) === normalize(block.body)) continue;
      const body = want.text.split("\n").map((l) => (l === "" ? "" : block.indent + l));
      lines.splice(block.bodyStart, block.bodyEnd - block.bodyStart, ...body);
      changed.push(`${doc}:${block.line}`);
    }
    if (changed.some((c) => c.startsWith(`${doc}:`))) writeFileSync(join(repoRoot, doc), lines.join("\n"));
  }
  return changed;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  if (process.argv.includes("--write")) {
    for (const where of writeAll()) console.log(`rewrote the block at ${where}`);
  }
  const problems = checkAll();
  for (const p of problems) console.log(`${p.doc}:${p.line}: ${p.message}`);
  if (problems.length) process.exitCode = 1;
  else console.log(`ok: every code block in ${docFiles().length} docs matches its snippet`);
}
