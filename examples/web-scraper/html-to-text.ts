/**
 * HTML to readable text or markdown, without a DOM library: a forgiving tokenizer builds a
 * light tree, then a renderer walks it. Page chrome (scripts, styles, navigation, forms)
 * is dropped; headings, links, lists, quotes, code and tables keep their shape.
 */

export type TextFormat = "text" | "markdown";

export interface Converted {
  title: string | undefined;
  content: string;
}

interface Element {
  tag: string;
  attrs: Record<string, string>;
  children: Node[];
}
type Node = Element | string;

/** Elements whose content is never shown to a reader. */
const DROPPED = new Set([
  "script",
  "style",
  "noscript",
  "template",
  "svg",
  "math",
  "canvas",
  "iframe",
  "object",
  "embed",
  "nav",
  "footer",
  "aside",
  "form",
  "button",
  "select",
  "input",
  "textarea",
  "dialog",
  "head",
  "title",
]);
const VOID = new Set(["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"]);
/** Elements whose content is text up to the matching end tag. */
const RAW_TEXT = new Set(["script", "style", "textarea", "title", "noscript", "template"]);
const BLOCK = new Set([
  "address",
  "article",
  "blockquote",
  "body",
  "dd",
  "details",
  "div",
  "dl",
  "dt",
  "figcaption",
  "figure",
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "header",
  "hr",
  "html",
  "li",
  "main",
  "ol",
  "p",
  "pre",
  "section",
  "summary",
  "table",
  "tbody",
  "td",
  "tfoot",
  "th",
  "thead",
  "tr",
  "ul",
  "caption",
]);
/** An open element of this kind is closed by a new sibling of one of these kinds (`<li>a<li>b`). */
const IMPLIED_END: Record<string, string[]> = {
  li: ["li"],
  dt: ["dt", "dd"],
  dd: ["dt", "dd"],
  tr: ["tr"],
  td: ["td", "th", "tr"],
  th: ["td", "th", "tr"],
  p: [...BLOCK],
  option: ["option"],
};
/** For each start tag, the open elements it ends implicitly. */
const ENDED_BY = new Map<string, string[]>();
for (const [open, closers] of Object.entries(IMPLIED_END))
  for (const tag of closers) ENDED_BY.set(tag, [...(ENDED_BY.get(tag) ?? []), open]);
/** Where implied ends stop looking: a `<li>` inside a nested list does not close the outer one. */
const SCOPE = new Set(["ul", "ol", "dl", "table", "blockquote", "div", "section", "article", "main", "body", "html"]);

const NAMED_ENTITIES: Record<string, string> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  nbsp: " ",
  ensp: " ",
  emsp: " ",
  thinsp: " ",
  copy: "©",
  reg: "®",
  trade: "™",
  hellip: "…",
  mdash: "—",
  ndash: "–",
  minus: "−",
  lsquo: "‘",
  rsquo: "’",
  sbquo: "‚",
  ldquo: "“",
  rdquo: "”",
  bdquo: "„",
  laquo: "«",
  raquo: "»",
  lsaquo: "‹",
  rsaquo: "›",
  bull: "•",
  middot: "·",
  euro: "€",
  pound: "£",
  yen: "¥",
  cent: "¢",
  sect: "§",
  para: "¶",
  deg: "°",
  plusmn: "±",
  times: "×",
  divide: "÷",
  frac12: "½",
  frac14: "¼",
  frac34: "¾",
  shy: "",
  zwj: "",
  zwnj: "",
  larr: "←",
  rarr: "→",
  uarr: "↑",
  darr: "↓",
  harr: "↔",
  check: "✓",
  hearts: "♥",
  dagger: "†",
  Dagger: "‡",
  prime: "′",
  auml: "ä",
  ouml: "ö",
  uuml: "ü",
  Auml: "Ä",
  Ouml: "Ö",
  Uuml: "Ü",
  szlig: "ß",
  eacute: "é",
  egrave: "è",
  ecirc: "ê",
  aacute: "á",
  agrave: "à",
  acirc: "â",
  ccedil: "ç",
  ntilde: "ñ",
  oacute: "ó",
  iacute: "í",
  uacute: "ú",
};

/** Decodes character references: named ones from a common set, and every numeric one. */
export function decodeEntities(text: string): string {
  return text.replace(/&(#[xX][0-9a-fA-F]{1,6}|#[0-9]{1,7}|[a-zA-Z][a-zA-Z0-9]{1,31});?/g, (match, ref: string) => {
    if (ref[0] === "#") {
      const code = ref[1] === "x" || ref[1] === "X" ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      if (code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return "\uFFFD";
      return String.fromCodePoint(code);
    }
    return NAMED_ENTITIES[ref] ?? match;
  });
}

const ATTRIBUTE = /([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;
const TAG =
  /<!--[\s\S]*?(?:-->|$)|<![^>]*>|<\?[^>]*>|<(\/?)([a-zA-Z][a-zA-Z0-9:-]*)((?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*\/?>/g;

function parseAttributes(source: string): Record<string, string> {
  const attrs: Record<string, string> = {};
  for (const m of source.matchAll(ATTRIBUTE)) attrs[m[1].toLowerCase()] ??= decodeEntities(m[2] ?? m[3] ?? m[4] ?? "");
  return attrs;
}

/** Builds a tree the way a browser would for ordinary pages, without failing on broken ones. */
export function parseHtml(html: string): Element {
  const root: Element = { tag: "#root", attrs: {}, children: [] };
  const stack: Element[] = [root];
  const top = () => stack[stack.length - 1];
  const closeTo = (index: number) => {
    stack.length = Math.max(1, index);
  };
  const lower = html.toLowerCase();
  let at = 0;
  TAG.lastIndex = 0;
  for (let m = TAG.exec(html); m; m = TAG.exec(html)) {
    if (m.index > at) top().children.push(decodeEntities(html.slice(at, m.index)));
    at = TAG.lastIndex;
    const name = m[2]?.toLowerCase();
    if (!name) continue; // comment, doctype, processing instruction
    if (m[1]) {
      // An end tag closes the nearest open element of its name, and whatever is still open inside it.
      for (let i = stack.length - 1; i > 0; i--)
        if (stack[i].tag === name) {
          closeTo(i);
          break;
        }
      continue;
    }
    const implied = ENDED_BY.get(name);
    if (implied) {
      for (let i = stack.length - 1; i > 0 && !SCOPE.has(stack[i].tag); i--)
        if (implied.includes(stack[i].tag)) {
          closeTo(i);
          break;
        }
    }
    const element: Element = { tag: name, attrs: parseAttributes(m[3] ?? ""), children: [] };
    top().children.push(element);
    if (RAW_TEXT.has(name)) {
      const end = lower.indexOf(`</${name}`, at);
      const stop = end === -1 ? html.length : end;
      element.children.push(name === "title" || name === "textarea" ? decodeEntities(html.slice(at, stop)) : html.slice(at, stop));
      const close = end === -1 ? html.length : html.indexOf(">", end);
      at = TAG.lastIndex = close === -1 ? html.length : close + 1;
    } else if (!VOID.has(name) && !m[0].endsWith("/>")) {
      stack.push(element);
    }
  }
  if (at < html.length) top().children.push(decodeEntities(html.slice(at)));
  return root;
}

function find(node: Element, tag: string): Element | undefined {
  for (const child of node.children) {
    if (typeof child === "string") continue;
    if (child.tag === tag) return child;
    const inner = find(child, tag);
    if (inner) return inner;
  }
  return undefined;
}

const textContent = (node: Node): string => (typeof node === "string" ? node : node.children.map(textContent).join(""));
const collapse = (text: string) => text.replace(/[ \t\n\r\f\u00a0]+/g, " ");

class Renderer {
  constructor(
    private readonly markdown: boolean,
    private readonly baseUrl: string | undefined,
  ) {}

  /** A node's children as blocks (paragraph-level strings), inline runs merged into paragraphs. */
  blocks(children: Node[]): string[] {
    const out: string[] = [];
    let run = "";
    const flush = () => {
      // Adjacent text nodes each keep their edge spaces: squeeze them where they meet.
      const paragraph = run
        .split("\n")
        .map((line) => line.replace(/ {2,}/g, " ").trim())
        .join("\n")
        .trim();
      if (paragraph) out.push(paragraph);
      run = "";
    };
    for (const child of children) {
      if (typeof child !== "string" && DROPPED.has(child.tag)) continue;
      if (typeof child === "string" || !BLOCK.has(child.tag)) {
        run += this.inline(child);
        continue;
      }
      flush();
      out.push(...this.block(child));
    }
    flush();
    return out;
  }

  private block(el: Element): string[] {
    const md = this.markdown;
    switch (el.tag) {
      case "h1":
      case "h2":
      case "h3":
      case "h4":
      case "h5":
      case "h6": {
        const text = this.inlineText(el);
        return text ? [md ? `${"#".repeat(Number(el.tag[1]))} ${text}` : text] : [];
      }
      case "ul":
      case "ol":
        return this.list(el);
      case "blockquote": {
        const inner = this.blocks(el.children).join("\n\n");
        return inner
          ? [
              inner
                .split("\n")
                .map((line) => (md ? `> ${line}`.trimEnd() : `  ${line}`.trimEnd()))
                .join("\n"),
            ]
          : [];
      }
      case "pre": {
        const code = textContent(el).replace(/^\n/, "").replace(/\s+$/, "");
        if (!code) return [];
        const lang = /language-([\w+-]+)/.exec(find(el, "code")?.attrs.class ?? "")?.[1] ?? "";
        return [md ? `\`\`\`${lang}\n${code}\n\`\`\`` : code];
      }
      case "hr":
        return md ? ["---"] : [];
      case "table":
        return this.table(el);
      case "dt": {
        const term = this.inlineText(el);
        return term ? [md ? `**${term}**` : term] : [];
      }
      case "dd":
        return this.blocks(el.children).map((b) =>
          b
            .split("\n")
            .map((l) => `  ${l}`)
            .join("\n"),
        );
      default:
        return this.blocks(el.children);
    }
  }

  private list(el: Element): string[] {
    const items: string[] = [];
    let number = Number(el.attrs.start) || 1;
    for (const child of el.children) {
      if (typeof child === "string") {
        if (child.trim()) items.push(`- ${collapse(child).trim()}`);
        continue;
      }
      if (DROPPED.has(child.tag)) continue;
      const marker = el.tag === "ol" ? `${number++}. ` : "- ";
      const body = (child.tag === "li" ? this.blocks(child.children) : this.block(child)).join("\n");
      if (!body) continue;
      const indent = " ".repeat(marker.length);
      items.push(
        marker +
          body
            .split("\n")
            .map((line, i) => (i === 0 || !line ? line : indent + line))
            .join("\n"),
      );
    }
    return items.length ? [items.join("\n")] : [];
  }

  private table(el: Element): string[] {
    const rows: string[][] = [];
    const collect = (node: Element) => {
      for (const child of node.children) {
        if (typeof child === "string") continue;
        if (child.tag === "tr") {
          rows.push(
            child.children
              .filter((c): c is Element => typeof c !== "string" && (c.tag === "td" || c.tag === "th"))
              .map((cell) => this.inlineText(cell).replace(/\|/g, "\\|")),
          );
        } else if (child.tag !== "table") collect(child);
      }
    };
    collect(el);
    const filled = rows.filter((r) => r.some(Boolean));
    if (!filled.length) return [];
    if (!this.markdown) return [filled.map((r) => r.join(" | ")).join("\n")];
    const width = Math.max(...filled.map((r) => r.length));
    const line = (r: string[]) => `| ${[...r, ...Array(width - r.length).fill("")].join(" | ")} |`;
    return [[line(filled[0]), line(Array(width).fill("---")), ...filled.slice(1).map(line)].join("\n")];
  }

  /** All of an element as one line of inline text. */
  private inlineText(el: Element): string {
    return collapse(
      el.children
        .map((c) => this.inline(c))
        .join(" ")
        .replace(/\n/g, " "),
    ).trim();
  }

  private inline(node: Node): string {
    if (typeof node === "string") return collapse(node);
    if (DROPPED.has(node.tag)) return "";
    const md = this.markdown;
    const inner = () => node.children.map((c) => this.inline(c)).join("");
    // Emphasis markers must hug their text: "** bold **" is not bold in markdown.
    const wrap = (mark: string) => {
      const text = inner();
      const core = text.trim();
      return core ? `${text.startsWith(" ") ? " " : ""}${mark}${core}${mark}${text.endsWith(" ") ? " " : ""}` : text;
    };
    switch (node.tag) {
      case "br":
        return "\n";
      case "a": {
        const text = collapse(inner());
        const href = this.resolve(node.attrs.href);
        if (!md || !href || !text.trim() || href.startsWith("#")) return text;
        return `${text.startsWith(" ") ? " " : ""}[${text.trim()}](${href})${text.endsWith(" ") ? " " : ""}`;
      }
      case "img": {
        const alt = collapse(node.attrs.alt ?? "").trim();
        const src = this.resolve(node.attrs.src);
        return md && src && alt ? `![${alt}](${src})` : alt;
      }
      case "strong":
      case "b":
        return md ? wrap("**") : inner();
      case "em":
      case "i":
        return md ? wrap("*") : inner();
      case "code":
      case "kbd":
      case "samp": {
        const code = collapse(textContent(node));
        return md && code.trim() ? `\`${code}\`` : code;
      }
      case "del":
      case "s":
        return md ? wrap("~~") : inner();
      default:
        // A block inside an inline (a <div> in an <a>) still reads as a separate phrase.
        return BLOCK.has(node.tag) ? ` ${inner()} ` : inner();
    }
  }

  private resolve(href: string | undefined): string | undefined {
    if (!href) return undefined;
    const trimmed = href.trim();
    if (/^(javascript|data|vbscript):/i.test(trimmed)) return undefined;
    if (trimmed.startsWith("#") || !this.baseUrl) return trimmed;
    try {
      return new URL(trimmed, this.baseUrl).href;
    } catch {
      return trimmed;
    }
  }
}

/** Converts an HTML page to text or markdown; links and images resolve against `baseUrl`. */
export function htmlToText(html: string, options: { format?: TextFormat; baseUrl?: string } = {}): Converted {
  const root = parseHtml(html);
  const titleNode = find(root, "title");
  const title = titleNode ? collapse(textContent(titleNode)).trim() || undefined : undefined;
  const base = find(root, "base")?.attrs.href;
  const baseUrl = base && options.baseUrl ? new URL(base, options.baseUrl).href : options.baseUrl;
  const renderer = new Renderer(options.format === "markdown", baseUrl);
  const content = renderer
    .blocks(root.children)
    .join("\n\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
  return { title, content };
}
