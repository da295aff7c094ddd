/// <reference lib="dom" />
/**
 * The MCP Inspector's web page (2.x) as a person uses it, in Debian's Chromium through
 * puppeteer-core: the Connect switch, the Tools tab, "Execute Tool", the Resources tab.
 */
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import puppeteer, { type Browser, type Page } from "puppeteer-core";

/** Where Chromium is: MCPKIT_CHROMIUM, else Debian's package. */
export function chromiumPath(): string | undefined {
  const path = process.env.MCPKIT_CHROMIUM ?? "/usr/bin/chromium";
  return existsSync(path) ? path : undefined;
}

export async function launchBrowser(executablePath: string): Promise<Browser> {
  return puppeteer.launch({
    executablePath,
    headless: true,
    // No sandbox as root in CI; no background traffic, which this machine's closed network refuses.
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-dev-shm-usage",
    ],
  });
}

const STEP_MS = 30_000;

export class InspectorPage {
  constructor(readonly page: Page) {}

  static async open(browser: Browser, url: string): Promise<InspectorPage> {
    const page = await browser.newPage();
    await page.setViewport({ width: 1400, height: 900 });
    await page.goto(url, { waitUntil: "networkidle2", timeout: STEP_MS });
    return new InspectorPage(page);
  }

  text(): Promise<string> {
    return this.page.evaluate(() => document.body.innerText);
  }

  async waitForText(pattern: RegExp, what: string): Promise<string> {
    try {
      await this.page.waitForFunction(
        (source, flags) => new RegExp(source, flags).test(document.body.innerText),
        { timeout: STEP_MS },
        pattern.source,
        pattern.flags,
      );
    } catch {
      throw new Error(`the Inspector's page never showed ${what} (${pattern}); it shows:\n${(await this.text()).slice(0, 2000)}`);
    }
    return pattern.exec(await this.text())![0];
  }

  /** Flips the server card's Connect switch and waits for "Connected"; returns "MCP <revision>". */
  async connect(): Promise<string> {
    const toggle = await this.page.waitForSelector('input[role="switch"][aria-label^="Connect or disconnect"]', { timeout: STEP_MS });
    await toggle!.evaluate((e) => (e as HTMLInputElement).click());
    await this.waitForText(/\bConnected\b/, "Connected");
    return this.waitForText(/MCP \d{4}-\d\d-\d\d/, "the negotiated revision");
  }

  /** Clicks the first element of `selector` whose own text is exactly `text`. */
  async click(selector: string, text: string): Promise<void> {
    try {
      await this.page.waitForFunction(
        (sel, t) => [...document.querySelectorAll(sel)].some((e) => (e as HTMLElement).innerText.trim() === t),
        { timeout: STEP_MS },
        selector,
        text,
      );
    } catch {
      throw new Error(`no ${selector} reading "${text}" on the Inspector's page; it shows:\n${(await this.text()).slice(0, 2000)}`);
    }
    await this.page.$$eval(
      selector,
      (elements, t) => {
        (elements.find((e) => (e as HTMLElement).innerText.trim() === t) as HTMLElement).click();
      },
      text,
    );
  }

  /** Opens a tool, replaces the text of the field now holding `current`, runs it; returns the page text after. */
  async runTool(tool: string, current: string, value: string, expected: RegExp): Promise<string> {
    await this.click("label", "Tools");
    await this.click("button", tool);
    const field = await this.page.waitForFunction(
      (v) => [...document.querySelectorAll("input, textarea")].find((e) => (e as HTMLInputElement).value === v),
      { timeout: STEP_MS },
      current,
    );
    const input = field.asElement() as import("puppeteer-core").ElementHandle<HTMLInputElement>;
    await input.click({ count: 3 });
    await this.page.keyboard.type(value);
    await this.click("button", "Execute Tool");
    return this.waitForText(expected, `the tool's result`);
  }

  /** Opens the Resources tab and waits until every name is listed. */
  async resourcesListed(names: string[]): Promise<void> {
    await this.click("label", "Resources");
    for (const name of names) await this.waitForText(new RegExp(`\\b${name}\\b`), `the resource "${name}"`);
  }

  /** A screenshot for a failed test, under test/.work/screenshots; returns its path. */
  async screenshot(label: string): Promise<string> {
    const dir = join(import.meta.dirname, "..", ".work", "screenshots");
    mkdirSync(dir, { recursive: true });
    const path = join(dir, `${label.replace(/[^\w.-]+/g, "-")}.png`);
    await this.page.screenshot({ path });
    return path;
  }
}
