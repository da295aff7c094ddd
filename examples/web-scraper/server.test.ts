import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { gzipSync } from "node:zlib";
import { McpServer } from "mcpkit";
import { Client, StdioClientTransport } from "mcpkit/client";
import { connect } from "mcpkit/testing";
import { registerWebScraper, type WebScraperOptions } from "./server.ts";

const PAGE = `<!doctype html><html><head><title>Test page</title><script>alert("x")</script></head>
<body><nav><a href="/">Home</a></nav><h1>Welcome</h1><p>Read the <a href="/docs">docs</a> &amp; enjoy.</p>
<ul><li>alpha</li><li>beta</li></ul></body></html>`;

let site: Server;
let origin: string;
let port: number;
/** Resolves when the endless response's connection closes (the scraper stopped reading). */
let endlessClosed: Promise<void>;
let onEndlessClosed: () => void;

const html = (res: ServerResponse, body: string | Buffer, headers: Record<string, string> = {}) => {
  res.writeHead(200, { "content-type": "text/html; charset=utf-8", ...headers });
  res.end(body);
};

before(async () => {
  endlessClosed = new Promise((resolve) => {
    onEndlessClosed = resolve;
  });
  site = createServer((req, res) => {
    const path = req.url ?? "/";
    const hop = /^\/hop\/(\d+)$/.exec(path);
    if (hop) {
      const n = Number(hop[1]);
      res.writeHead(302, { location: n > 1 ? `/hop/${n - 1}` : "/page" }).end();
      return;
    }
    switch (path) {
      case "/page":
        return html(res, PAGE);
      case "/gzip":
        return html(res, gzipSync(PAGE), { "content-encoding": "gzip" });
      case "/latin1":
        return html(res, Buffer.from("<p>caf\xe9</p>", "latin1"), { "content-type": "text/html; charset=iso-8859-1" });
      case "/json":
        res.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}');
        return;
      case "/png":
        res.writeHead(200, { "content-type": "image/png" }).end(Buffer.from([0x89, 0x50, 0x4e, 0x47]));
        return;
      case "/missing":
        res.writeHead(404, { "content-type": "text/html" }).end("<h1>Not here</h1>");
        return;
      case "/to-ftp":
        res.writeHead(301, { location: "ftp://example.com/file" }).end();
        return;
      case "/to-other-loopback":
        res.writeHead(302, { location: `http://127.0.0.2:${port}/page` }).end();
        return;
      case "/to-ipv6-loopback":
        res.writeHead(302, { location: `http://[::1]:${port}/page` }).end();
        return;
      case "/long":
        return html(res, `<p>${"lorem ipsum ".repeat(100)}</p>`);
      case "/slow":
        return; // never answers
      case "/endless": {
        res.writeHead(200, { "content-type": "text/plain" });
        const chunk = Buffer.alloc(16 * 1024, "a");
        const pump = () => {
          while (!res.destroyed && res.write(chunk));
        };
        res.on("drain", pump);
        res.on("close", () => onEndlessClosed());
        pump();
        return;
      }
      default:
        res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => site.listen(0, "127.0.0.1", resolve));
  port = (site.address() as AddressInfo).port;
  origin = `http://127.0.0.1:${port}`;
});

after(async () => {
  site.closeAllConnections();
  await new Promise((resolve) => site.close(resolve));
});

function scraper(options: WebScraperOptions) {
  const mcp = new McpServer({ name: "web-scraper-test", version: "0.0.0" });
  registerWebScraper(mcp, options);
  return mcp;
}
const open: WebScraperOptions = { allowPrivateNetworks: true, maxRedirects: 3, timeoutMs: 5000, maxBytes: 64 * 1024 };
const textOf = (result: { content: object[] }) => (result.content[0] as { text?: string }).text ?? "";

for (const era of ["modern", "legacy"] as const) {
  test(`web-scraper: pages come back as text or markdown (${era})`, async () => {
    const client = await connect(scraper(open), { era });
    try {
      const asText = await client.callTool("scrape_url", { url: `${origin}/page` });
      assert.equal(asText.isError, undefined);
      assert.equal(textOf(asText), `Title: Test page\nURL: ${origin}/page\n\nWelcome\n\nRead the docs & enjoy.\n\n- alpha\n- beta`);
      const asMarkdown = await client.callTool("scrape_url", { url: `${origin}/page`, format: "markdown" });
      assert.equal(
        textOf(asMarkdown),
        `Title: Test page\nURL: ${origin}/page\n\n# Welcome\n\nRead the [docs](${origin}/docs) & enjoy.\n\n- alpha\n- beta`,
      );
      // Without a scheme, https:// is assumed (this local server speaks only http, so the TLS handshake fails).
      const noScheme = await client.callTool("scrape_url", { url: `127.0.0.1:${port}/page` });
      assert.equal(noScheme.isError, true);
      assert.match(textOf(noScheme), new RegExp(`^Could not fetch https://127\\.0\\.0\\.1:${port}/page: `));
      const cut = await client.callTool("scrape_url", { url: `${origin}/long`, max_chars: 100 });
      assert.equal(textOf(cut), `URL: ${origin}/long\n\n${"lorem ipsum ".repeat(8)}lore\n\n[Content cut at 100 characters.]`);
      // The guide's web_scrape(url): the same text, through the same guard.
      const guide = await client.callTool("web_scrape", { url: `${origin}/page` });
      assert.equal(textOf(guide), textOf(asText));
    } finally {
      await client.close();
    }
  });

  test(`web-scraper: encodings and content types (${era})`, async () => {
    const client = await connect(scraper(open), { era });
    try {
      assert.match(textOf(await client.callTool("scrape_url", { url: `${origin}/gzip` })), /Welcome\n\nRead the docs & enjoy\./);
      assert.match(textOf(await client.callTool("scrape_url", { url: `${origin}/latin1` })), /\n\ncafé$/);
      assert.equal(textOf(await client.callTool("scrape_url", { url: `${origin}/json` })), `URL: ${origin}/json\n\n{"ok":true}`);
      const png = await client.callTool("scrape_url", { url: `${origin}/png` });
      assert.equal(png.isError, true);
      assert.equal(textOf(png), `${origin}/png is image/png, not a web page or text; only text is returned`);
      const missing = await client.callTool("scrape_url", { url: `${origin}/missing` });
      assert.equal(missing.isError, true);
      assert.equal(textOf(missing), `HTTP 404 Not Found from ${origin}/missing`);
    } finally {
      await client.close();
    }
  });

  test(`web-scraper: redirects are followed up to the limit, http(s) only (${era})`, async () => {
    const client = await connect(scraper(open), { era });
    try {
      const three = await client.callTool("scrape_url", { url: `${origin}/hop/3` });
      assert.match(textOf(three), new RegExp(`^Title: Test page\\nURL: ${origin}/page\\n`));
      const four = await client.callTool("scrape_url", { url: `${origin}/hop/4` });
      assert.equal(four.isError, true);
      assert.equal(textOf(four), `Too many redirects (more than 3) starting from ${origin}/hop/4`);
      const ftp = await client.callTool("scrape_url", { url: `${origin}/to-ftp` });
      assert.equal(textOf(ftp), `${origin}/to-ftp redirected to a ftp URL; only http and https are followed`);
      for (const url of ["ftp://example.com/x", "file:///etc/passwd", "mailto:someone@example.com", "http://"]) {
        const refused = await client.callTool("scrape_url", { url });
        assert.equal(refused.isError, true, url);
        assert.match(textOf(refused), /Only http and https|not a valid URL/, url);
      }
    } finally {
      await client.close();
    }
  });

  test(`web-scraper: timeouts and the body size cap (${era})`, async () => {
    const client = await connect(scraper({ ...open, timeoutMs: 300 }), { era });
    try {
      const slow = await client.callTool("scrape_url", { url: `${origin}/slow` });
      assert.equal(slow.isError, true);
      assert.equal(textOf(slow), `Timed out after 300 ms fetching ${origin}/slow`);
    } finally {
      await client.close();
    }
    // An endless body: the scraper must stop reading at the cap (else this would time out).
    const capped = await connect(scraper({ ...open, maxBytes: 100_000, timeoutMs: 30_000 }), { era });
    try {
      const endless = await capped.callTool("scrape_url", { url: `${origin}/endless`, max_chars: 1_000_000 });
      assert.equal(endless.isError, undefined);
      const text = textOf(endless);
      assert.match(text, /\n\n\[The page was larger than 100000 bytes; only the start was read\.\]$/);
      assert.equal(text.split("\n\n")[1].length, 100_000);
      await endlessClosed;
    } finally {
      await capped.close();
    }
  });

  test(`web-scraper: with the guard closed, loopback and private addresses are refused (${era})`, async () => {
    const client = await connect(scraper({ timeoutMs: 5000 }), { era });
    try {
      for (const [url, address] of [
        [`${origin}/page`, "127.0.0.1"],
        [`http://[::1]:${port}/page`, "::1"],
        [`http://2130706433:${port}/page`, "127.0.0.1"], // the URL parser turns this into 127.0.0.1
        [`http://[::ffff:127.0.0.1]:${port}/`, "::ffff:7f00:1"],
        ["http://169.254.169.254/latest/meta-data/", "169.254.169.254"],
        ["http://10.0.0.1/", "10.0.0.1"],
        ["http://192.168.1.1/", "192.168.1.1"],
        ["http://100.64.0.1/", "100.64.0.1"],
        ["http://[fd00:ec2::254]/", "fd00:ec2::254"],
        ["http://[fe80::1]/", "fe80::1"],
        ["http://[::ffff:0:7f00:1]/", "::ffff:0:7f00:1"],
        ["http://[64:ff9b:1::a00:1]/", "64:ff9b:1::a00:1"],
        ["http://192.175.48.1/", "192.175.48.1"],
      ]) {
        const refused = await client.callTool(url.includes("[fe80") ? "web_scrape" : "scrape_url", { url });
        assert.equal(refused.isError, true, url);
        assert.match(textOf(refused), new RegExp(`^Refusing to fetch .*: it is a private, loopback or otherwise non-public address$`), url);
        assert.ok(textOf(refused).includes(address), `${url}: ${textOf(refused)}`);
      }
      // A name is checked on every address it resolves to.
      const named = await client.callTool("scrape_url", { url: `http://localhost:${port}/page` });
      assert.equal(named.isError, true);
      assert.match(textOf(named), /^Refusing to fetch localhost: it resolves to (127\.0\.0\.1|::1), which is a private/);
    } finally {
      await client.close();
    }
  });

  test(`web-scraper: every redirect hop passes the guard again (${era})`, async () => {
    // Only this one address is let through; the redirect targets are other loopback addresses.
    const client = await connect(scraper({ allowAddresses: ["127.0.0.1"], timeoutMs: 5000 }), { era });
    try {
      assert.match(textOf(await client.callTool("scrape_url", { url: `${origin}/hop/1` })), /^Title: Test page/);
      const other = await client.callTool("scrape_url", { url: `${origin}/to-other-loopback` });
      assert.equal(other.isError, true, textOf(other));
      assert.equal(textOf(other), "Refusing to fetch 127.0.0.2: it is a private, loopback or otherwise non-public address");
      const v6 = await client.callTool("scrape_url", { url: `${origin}/to-ipv6-loopback` });
      assert.equal(v6.isError, true);
      assert.match(textOf(v6), /^Refusing to fetch ::1: it is a private/);
    } finally {
      await client.close();
    }
  });
}

async function stdioClient(env: Record<string, string>) {
  const client = new Client({ name: "web-scraper-test", version: "0.0.0" });
  await client.connect(
    new StdioClientTransport({
      command: process.execPath,
      args: ["--conditions=mcpkit-source", "--import", "tsx", "examples/web-scraper/server.ts"],
      env,
    }),
  );
  return client;
}

test("web-scraper over stdio: WEB_SCRAPER_ALLOW_PRIVATE=1 opens the guard", async () => {
  const client = await stdioClient({ WEB_SCRAPER_ALLOW_PRIVATE: "1" });
  try {
    const result = await client.callTool("scrape_url", { url: `${origin}/page`, format: "markdown" });
    assert.match(textOf(result), /# Welcome\n\nRead the \[docs\]/);
  } finally {
    await client.close();
  }
});

test("web-scraper over stdio: the guard is closed by default", async () => {
  const client = await stdioClient({ WEB_SCRAPER_ALLOW_PRIVATE: "" });
  try {
    const result = await client.callTool("scrape_url", { url: `${origin}/page` });
    assert.equal(result.isError, true);
    assert.match(textOf(result), /^Refusing to fetch 127\.0\.0\.1/);
  } finally {
    await client.close();
  }
});
