/**
 * The guide's web scraping server, made safe to hand to a model: `scrape_url` fetches a
 * page through a guarded fetch (see fetch-page.ts) and returns readable text or markdown
 * instead of raw HTML (see html-to-text.ts).
 */
import { pathToFileURL } from "node:url";
import { McpServer, ToolError, type Context } from "mcpkit";
import { z } from "zod";
import { FetchError, fetchPage, type FetchOptions } from "./fetch-page.ts";
import { htmlToText } from "./html-to-text.ts";

export type WebScraperOptions = Omit<FetchOptions, "signal">;

const HTML = /^(text\/html|application\/xhtml\+xml)\b/i;
const TEXT = /^(text\/|application\/(json|xml|javascript|ecmascript|ld\+json|rss\+xml|atom\+xml)\b|[^;]*\+(json|xml)\b)/i;

/** The body as a string, in the charset the server declared (UTF-8 when it did not, or named an unknown one). */
function decodeBody(body: Buffer, contentType: string): string {
  const charset = /charset=["']?([\w.:-]+)/i.exec(contentType)?.[1];
  try {
    return new TextDecoder(charset ?? "utf-8").decode(body);
  } catch {
    return new TextDecoder("utf-8").decode(body);
  }
}

/** Options from the environment: WEB_SCRAPER_ALLOW_PRIVATE=1 opens the address guard. */
export function optionsFromEnv(env: NodeJS.ProcessEnv = process.env): WebScraperOptions {
  return { allowPrivateNetworks: env.WEB_SCRAPER_ALLOW_PRIVATE === "1" || env.WEB_SCRAPER_ALLOW_PRIVATE === "true" };
}

/** Adds the guide's `web_scrape` and the fuller `scrape_url` to `mcp`. */
export function registerWebScraper<S>(mcp: McpServer<S>, options: WebScraperOptions = optionsFromEnv()): void {
  /** Fetches `url` through the guarded fetch and returns its readable content. */
  async function scrape(url: string, format: "text" | "markdown", maxChars: number, ctx: Context<S>): Promise<string> {
    let page;
    try {
      page = await fetchPage(url, { ...options, signal: ctx.signal });
    } catch (error) {
      if (error instanceof FetchError) throw new ToolError(error.message);
      throw error;
    }
    const type = page.contentType.split(";")[0].trim().toLowerCase();
    const raw = decodeBody(page.body, page.contentType);
    const isHtml = HTML.test(type) || (type === "" && /^\s*<(!doctype html|html)\b/i.test(raw));
    if (!isHtml && !TEXT.test(type) && type !== "") {
      throw new ToolError(`${page.url} is ${type}, not a web page or text; only text is returned`);
    }
    ctx.log.debug(`Fetched ${page.url} (${page.body.length} bytes, ${type || "no content type"})`);
    const converted = isHtml ? htmlToText(raw, { format, baseUrl: page.url }) : { title: undefined, content: raw.trim() };
    const header = [converted.title ? `Title: ${converted.title}` : "", `URL: ${page.url}`].filter(Boolean).join("\n");
    let content = converted.content;
    const notes: string[] = [];
    if (page.truncated) notes.push(`[The page was larger than ${page.body.length} bytes; only the start was read.]`);
    if (content.length > maxChars) {
      content = content.slice(0, maxChars);
      notes.push(`[Content cut at ${maxChars} characters.]`);
    }
    return [header, content || "(no readable text)", ...notes].join("\n\n");
  }

  const url = z.string().min(1).describe("The page to fetch; https:// is assumed when no scheme is given");

  // The guide's tool, under its name and with its one argument: the page's readable text.
  mcp.tool(
    "web_scrape",
    {
      description: "Fetch content from a URL and return it (as readable text; see scrape_url for markdown and a length limit).",
      input: { url: z.string().min(1).describe("The URL to scrape") },
      annotations: { readOnlyHint: true, openWorldHint: true },
    },
    ({ url }, ctx) => scrape(url, "text", 20_000, ctx),
  );

  mcp.tool(
    "scrape_url",
    {
      description: "Fetch a web page and return its readable content as plain text or markdown (scripts, styles and navigation removed).",
      input: {
        url,
        format: z.enum(["text", "markdown"]).default("text").describe("text, or markdown keeping headings, links and lists"),
        max_chars: z
          .number()
          .int()
          .min(100)
          .max(1_000_000)
          .optional()
          .describe("Cut the returned content to this many characters (default 20000)"),
      },
      annotations: { readOnlyHint: true, openWorldHint: true },
    },
    ({ url, format, max_chars = 20_000 }, ctx) => scrape(url, format, max_chars, ctx),
  );
}

export const mcp = new McpServer({ name: "web-scraper", version: "1.0.0" });
registerWebScraper(mcp);

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await mcp.run();
