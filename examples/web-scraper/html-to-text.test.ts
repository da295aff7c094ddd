import { test } from "node:test";
import assert from "node:assert/strict";
import { decodeEntities, htmlToText } from "./html-to-text.ts";

const PAGE = `<!doctype html><html><head><title>My &amp; Page</title>
<style>body { color: red }</style><script>document.write("<p>never</p>")</script></head>
<body><nav><a href="/">Home</a> <a href="/about">About</a></nav>
<h1>Hello&nbsp;World</h1>
<p>Some <b>bold</b> and <em>emphasised</em> text with a <a href="/docs?a=1&amp;b=2">link</a>.<br>Next line &#8212; &#x263A;</p>
<ul><li>One<li>Two <ul><li>Nested</ul><li>Three</ul>
<h2>Steps</h2>
<ol start="3"><li>first</li><li>second</li></ol>
<blockquote><p>Quoted</p></blockquote>
<pre><code class="language-js">let x = 1;
  x++;</code></pre>
<table><tr><th>A</th><th>B</th></tr><tr><td>1</td><td>2</td></tr></table>
<img src="img/pic.png" alt="A picture"><a href="javascript:alert(1)">click</a>
<form><input name="q"><button>Search</button></form>
<footer>Copyright</footer><!-- a comment -->
</body></html>`;

test("markdown keeps headings, links, lists, quotes, code and tables", () => {
  const { title, content } = htmlToText(PAGE, { format: "markdown", baseUrl: "https://example.com/guide/" });
  assert.equal(title, "My & Page");
  assert.equal(
    content,
    [
      "# Hello World",
      "Some **bold** and *emphasised* text with a [link](https://example.com/docs?a=1&b=2).\nNext line — ☺",
      "- One\n- Two\n  - Nested\n- Three",
      "## Steps",
      "3. first\n4. second",
      "> Quoted",
      "```js\nlet x = 1;\n  x++;\n```",
      "| A | B |\n| --- | --- |\n| 1 | 2 |",
      "![A picture](https://example.com/guide/img/pic.png)click",
    ].join("\n\n"),
  );
});

test("text drops the markup but keeps the structure readable", () => {
  const { content } = htmlToText(PAGE, { format: "text" });
  assert.equal(
    content,
    [
      "Hello World",
      "Some bold and emphasised text with a link.\nNext line — ☺",
      "- One\n- Two\n  - Nested\n- Three",
      "Steps",
      "3. first\n4. second",
      "  Quoted",
      "let x = 1;\n  x++;",
      "A | B\n1 | 2",
      "A pictureclick",
    ].join("\n\n"),
  );
  for (const gone of ["never", "color", "Home", "Search", "Copyright", "comment"]) assert.ok(!content.includes(gone), gone);
});

test("entities: named, decimal, hex, unknown and out of range", () => {
  assert.equal(decodeEntities("a &lt;b&gt; &amp;amp; &quot;c&quot; &#39;d&#39; &#x1F600; &eacute;"), "a <b> &amp; \"c\" 'd' 😀 é");
  assert.equal(decodeEntities("&unknown; &#0; &#x110000; AT&T"), "&unknown; \uFFFD \uFFFD AT&T");
});

test("broken and unusual markup still reads sensibly", () => {
  assert.equal(htmlToText("<p>one<p>two<div>three</span></div>four").content, "one\n\ntwo\n\nthree\n\nfour");
  assert.equal(htmlToText("just   text\n\n  here").content, "just text here");
  assert.equal(htmlToText("<p>unclosed <b>bold").content, "unclosed bold");
  assert.equal(htmlToText("<p>a <!-- x > y --> b</p>").content, "a b");
  assert.equal(htmlToText("<script>if (a < b) { x = '</p>' }</script><p>after</p>").content, "after");
  assert.equal(
    htmlToText("<P CLASS='x'>Upper <A HREF=\"/x\">case</A></P>", { format: "markdown", baseUrl: "http://h/" }).content,
    "Upper [case](http://h/x)",
  );
  assert.equal(htmlToText("<title>only a title</title>").content, "");
  assert.equal(
    htmlToText("<ul><li><a href='/a'>A</a></li><li><p>B</p><ul><li>b1</li></ul></li></ul>", { format: "markdown" }).content,
    "- [A](/a)\n- B\n  - b1",
  );
});

test("links: fragments and script URLs lose their target; <base> is honoured", () => {
  const md = (html: string) => htmlToText(html, { format: "markdown", baseUrl: "https://site.test/a/b.html" }).content;
  assert.equal(md('<a href="#top">Top</a>'), "Top");
  assert.equal(md('<a href="javascript:void(0)">Run</a>'), "Run");
  assert.equal(md('<a href="c.html">C</a>'), "[C](https://site.test/a/c.html)");
  assert.equal(md('<head><base href="/docs/"></head><a href="c.html">C</a>'), "[C](https://site.test/docs/c.html)");
  assert.equal(md("<p><strong> spaced </strong>word</p>"), "**spaced** word");
});
