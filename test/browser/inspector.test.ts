/**
 * The Inspector that `mcpkit dev --inspector` opens, used in Debian's Chromium as a person
 * would: it connects, runs `hello` with an argument and shows the result, and lists the
 * resources by their names. Over Streamable HTTP under Node 20, 22 and 24, over stdio (the
 * Inspector starting the server) and over HTTP+SSE. The Inspector comes from npm through npx.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { delimiter, dirname, join, resolve } from "node:path";
import type { Browser } from "puppeteer-core";
import { nodeBinary, versionOf } from "../helpers/node-release.ts";
import { chromiumPath, InspectorPage, launchBrowser } from "./inspector-page.ts";
import { freePort } from "../helpers/free-port.ts";

const ROOT = resolve(import.meta.dirname, "../..");
const SERVER = join(ROOT, "examples", "hello-world", "server.ts");
const CLI = join(ROOT, "src", "cli", "main.ts");
// The first start downloads the Inspector (and Node 22 for an older Node) through npx.
const READY_MS = 240_000;

const chromium = chromiumPath();
if (!chromium) {
  const why = "Chromium is not installed (apt-get install -y chromium, or set MCPKIT_CHROMIUM); .ci/run installs it";
  if (process.env.CI) throw new Error(`test/browser/inspector.test.ts: ${why}`);
  console.error(`\n!!! SKIPPING the Inspector browser tests: ${why}\n`);
}

let browser: Browser | undefined;
before(async () => {
  if (chromium) browser = await launchBrowser(chromium);
});
after(async () => {
  await browser?.close();
});

interface Dev {
  child: ChildProcess;
  stderr(): string;
  /** The Inspector's page, with its token, once `mcpkit dev` says it is ready. */
  ready: Promise<string>;
  stop(): Promise<void>;
}

/** `mcpkit dev hello-world --inspector ...` from source under `node`, as a user on that Node runs it. */
async function startDev(node: string, args: string[]): Promise<Dev> {
  const env = {
    ...process.env,
    // The Node under test first on PATH, as it is for someone who has that Node installed.
    PATH: [dirname(node), process.env.PATH].join(delimiter),
    NODE_OPTIONS: "",
    NO_COLOR: "1",
    MCP_AUTO_OPEN_ENABLED: "false",
    CLIENT_PORT: String(await freePort()),
    MCP_SANDBOX_PORT: String(await freePort()),
  };
  const child = spawn(node, ["--conditions=mcpkit-source", "--import", "tsx", CLI, "dev", SERVER, "--inspector", ...args], {
    cwd: ROOT,
    env,
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  const ready = new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "ready" line from mcpkit dev in ${READY_MS / 1000} s:\n${stderr}`)), READY_MS);
    child.stderr!.on("data", (chunk: Buffer) => {
      stderr += chunk.toString("utf8");
      const match = /MCP Inspector \S+ is ready after [\d.]+ s: open (\S+)/.exec(stderr);
      if (match) {
        clearTimeout(timer);
        resolveUrl(match[1]);
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`mcpkit dev exited (${code}) before the Inspector was ready:\n${stderr}`));
    });
  });
  const exited = new Promise<void>((done) => child.once("exit", () => done()));
  return {
    child,
    ready,
    stderr: () => stderr,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Opens the Inspector through `mcpkit dev`, connects, runs a tool, lists resources; stops it all. */
async function exercise(label: string, node: string, devArgs: string[], era: RegExp): Promise<void> {
  const dev = await startDev(node, devArgs);
  let page: InspectorPage | undefined;
  let url: string | undefined;
  try {
    url = await dev.ready;
    assert.match(dev.stderr(), /starting MCP Inspector \d+\.\d+\.\d+/);
    page = await InspectorPage.open(browser!, url);
    assert.match(await page.connect(), era);
    await page.runTool("hello", "World", "Ada", /Hello, Ada!/);
    await page.resourcesListed(["config_app", "greeting_name"]);
  } catch (error) {
    if (page) console.error(`${label}: screenshot of the page at ${await page.screenshot(label)}`);
    (error as Error).message += `\n--- mcpkit dev's stderr ---\n${dev.stderr()}`;
    throw error;
  } finally {
    await page?.page.close();
    await dev.stop();
  }
  // Stopping dev stops the Inspector with it (npx and everything under it).
  await assert.rejects(fetch(url), TypeError, "the Inspector's page still answers after mcpkit dev stopped");
}

describe("the Inspector that mcpkit dev --inspector opens", { skip: !chromium && "no Chromium", timeout: 15 * 60_000 }, () => {
  for (const major of [20, 22, 24]) {
    test(
      `over Streamable HTTP under Node ${major}: connects on 2026-07-28, runs hello, lists the resources`,
      { timeout: 6 * 60_000 },
      async () => {
        const node = nodeBinary(major);
        assert.match(versionOf(node), new RegExp(`^v${major}\\.`));
        await exercise(`http-node-${major}`, node, ["--port", "0"], /MCP 2026-07-28/);
      },
    );
  }

  test("over stdio: the Inspector starts mcpkit run itself", { timeout: 6 * 60_000 }, async () => {
    await exercise("stdio", process.execPath, ["--transport", "stdio"], /MCP 2026-07-28/);
  });

  test(
    "over HTTP+SSE, the transport of 2024-11-05: connects on the revision the Inspector asks for, 2025-11-25",
    { timeout: 6 * 60_000 },
    async () => {
      await exercise("sse", process.execPath, ["--transport", "sse", "--port", "0"], /MCP 2025-11-25/);
    },
  );
});
