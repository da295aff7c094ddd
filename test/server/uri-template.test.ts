import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { UriTemplate, type UriTemplateValue } from "../../src/server/uri-template.ts";

type Vars = Record<string, UriTemplateValue>;

/** Checks every [template, expected] pair of a table against `variables`. */
function expands(variables: Vars, cases: [string, string][]): void {
  for (const [template, expected] of cases) {
    assert.equal(new UriTemplate(template).expand(variables), expected, template);
  }
}

// RFC 6570 section 3.2: the variables shared by all of section 3's examples.
const SECTION_3: Vars = {
  count: ["one", "two", "three"],
  dom: ["example", "com"],
  dub: "me/too",
  hello: "Hello World!",
  half: "50%",
  var: "value",
  who: "fred",
  base: "http://example.com/home/",
  path: "/foo/bar",
  list: ["red", "green", "blue"],
  keys: { semi: ";", dot: ".", comma: "," },
  v: "6",
  x: "1024",
  y: "768",
  empty: "",
  empty_keys: {},
  undef: null,
};

describe("expand: RFC 6570 section 1.2 levels", () => {
  test("level 1: simple string expansion", () => {
    expands({ var: "value", hello: "Hello World!" }, [
      ["{var}", "value"],
      ["{hello}", "Hello%20World%21"],
    ]);
  });

  test("level 2: reserved and fragment expansion", () => {
    expands({ var: "value", hello: "Hello World!", path: "/foo/bar" }, [
      ["{+var}", "value"],
      ["{+hello}", "Hello%20World!"],
      ["{+path}/here", "/foo/bar/here"],
      ["here?ref={+path}", "here?ref=/foo/bar"],
      ["X{#var}", "X#value"],
      ["X{#hello}", "X#Hello%20World!"],
    ]);
  });

  test("level 3: multiple variables and every operator", () => {
    expands({ var: "value", hello: "Hello World!", empty: "", path: "/foo/bar", x: "1024", y: "768" }, [
      ["map?{x,y}", "map?1024,768"],
      ["{x,hello,y}", "1024,Hello%20World%21,768"],
      ["{+x,hello,y}", "1024,Hello%20World!,768"],
      ["{+path,x}/here", "/foo/bar,1024/here"],
      ["{#x,hello,y}", "#1024,Hello%20World!,768"],
      ["{#path,x}/here", "#/foo/bar,1024/here"],
      ["X{.var}", "X.value"],
      ["X{.x,y}", "X.1024.768"],
      ["{/var}", "/value"],
      ["{/var,x}/here", "/value/1024/here"],
      ["{;x,y}", ";x=1024;y=768"],
      ["{;x,y,empty}", ";x=1024;y=768;empty"],
      ["{?x,y}", "?x=1024&y=768"],
      ["{?x,y,empty}", "?x=1024&y=768&empty="],
      ["?fixed=yes{&x}", "?fixed=yes&x=1024"],
      ["{&x,y,empty}", "&x=1024&y=768&empty="],
    ]);
  });

  test("level 4: prefixes, lists and associative arrays", () => {
    expands(
      { var: "value", hello: "Hello World!", path: "/foo/bar", list: ["red", "green", "blue"], keys: { semi: ";", dot: ".", comma: "," } },
      [
        ["{var:3}", "val"],
        ["{var:30}", "value"],
        ["{list}", "red,green,blue"],
        ["{list*}", "red,green,blue"],
        ["{keys}", "semi,%3B,dot,.,comma,%2C"],
        ["{keys*}", "semi=%3B,dot=.,comma=%2C"],
        ["{+path:6}/here", "/foo/b/here"],
        ["{+list}", "red,green,blue"],
        ["{+list*}", "red,green,blue"],
        ["{+keys}", "semi,;,dot,.,comma,,"],
        ["{+keys*}", "semi=;,dot=.,comma=,"],
        ["{#path:6}/here", "#/foo/b/here"],
        ["{#list}", "#red,green,blue"],
        ["{#list*}", "#red,green,blue"],
        ["{#keys}", "#semi,;,dot,.,comma,,"],
        ["{#keys*}", "#semi=;,dot=.,comma=,"],
        ["X{.var:3}", "X.val"],
        ["X{.list}", "X.red,green,blue"],
        ["X{.list*}", "X.red.green.blue"],
        ["X{.keys}", "X.semi,%3B,dot,.,comma,%2C"],
        ["X{.keys*}", "X.semi=%3B.dot=..comma=%2C"],
        ["{/var:1,var}", "/v/value"],
        ["{/list}", "/red,green,blue"],
        ["{/list*}", "/red/green/blue"],
        ["{/list*,path:4}", "/red/green/blue/%2Ffoo"],
        ["{/keys}", "/semi,%3B,dot,.,comma,%2C"],
        ["{/keys*}", "/semi=%3B/dot=./comma=%2C"],
        ["{;hello:5}", ";hello=Hello"],
        ["{;list}", ";list=red,green,blue"],
        ["{;list*}", ";list=red;list=green;list=blue"],
        ["{;keys}", ";keys=semi,%3B,dot,.,comma,%2C"],
        ["{;keys*}", ";semi=%3B;dot=.;comma=%2C"],
        ["{?var:3}", "?var=val"],
        ["{?list}", "?list=red,green,blue"],
        ["{?list*}", "?list=red&list=green&list=blue"],
        ["{?keys}", "?keys=semi,%3B,dot,.,comma,%2C"],
        ["{?keys*}", "?semi=%3B&dot=.&comma=%2C"],
        ["{&var:3}", "&var=val"],
        ["{&list}", "&list=red,green,blue"],
        ["{&list*}", "&list=red&list=green&list=blue"],
        ["{&keys}", "&keys=semi,%3B,dot,.,comma,%2C"],
        ["{&keys*}", "&semi=%3B&dot=.&comma=%2C"],
      ],
    );
  });
});

describe("expand: RFC 6570 section 3.2 examples", () => {
  test("3.2.1 variable expansion", () => {
    expands(SECTION_3, [
      ["{count}", "one,two,three"],
      ["{count*}", "one,two,three"],
      ["{/count}", "/one,two,three"],
      ["{/count*}", "/one/two/three"],
      ["{;count}", ";count=one,two,three"],
      ["{;count*}", ";count=one;count=two;count=three"],
      ["{?count}", "?count=one,two,three"],
      ["{?count*}", "?count=one&count=two&count=three"],
      ["{&count*}", "&count=one&count=two&count=three"],
    ]);
  });

  test("3.2.2 simple string expansion", () => {
    expands(SECTION_3, [
      ["{var}", "value"],
      ["{hello}", "Hello%20World%21"],
      ["{half}", "50%25"],
      ["O{empty}X", "OX"],
      ["O{undef}X", "OX"],
      ["{x,y}", "1024,768"],
      ["{x,hello,y}", "1024,Hello%20World%21,768"],
      ["?{x,empty}", "?1024,"],
      ["?{x,undef}", "?1024"],
      ["?{undef,y}", "?768"],
      ["{var:3}", "val"],
      ["{var:30}", "value"],
      ["{list}", "red,green,blue"],
      ["{list*}", "red,green,blue"],
      ["{keys}", "semi,%3B,dot,.,comma,%2C"],
      ["{keys*}", "semi=%3B,dot=.,comma=%2C"],
    ]);
  });

  test("3.2.3 reserved expansion", () => {
    expands(SECTION_3, [
      ["{+var}", "value"],
      ["{+hello}", "Hello%20World!"],
      ["{+half}", "50%25"],
      ["{base}index", "http%3A%2F%2Fexample.com%2Fhome%2Findex"],
      ["{+base}index", "http://example.com/home/index"],
      ["O{+empty}X", "OX"],
      ["O{+undef}X", "OX"],
      ["{+path}/here", "/foo/bar/here"],
      ["here?ref={+path}", "here?ref=/foo/bar"],
      ["up{+path}{var}/here", "up/foo/barvalue/here"],
      ["{+x,hello,y}", "1024,Hello%20World!,768"],
      ["{+path,x}/here", "/foo/bar,1024/here"],
      ["{+path:6}/here", "/foo/b/here"],
      ["{+list}", "red,green,blue"],
      ["{+list*}", "red,green,blue"],
      ["{+keys}", "semi,;,dot,.,comma,,"],
      ["{+keys*}", "semi=;,dot=.,comma=,"],
    ]);
  });

  test("3.2.4 fragment expansion", () => {
    expands(SECTION_3, [
      ["{#var}", "#value"],
      ["{#hello}", "#Hello%20World!"],
      ["{#half}", "#50%25"],
      ["foo{#empty}", "foo#"],
      ["foo{#undef}", "foo"],
      ["{#x,hello,y}", "#1024,Hello%20World!,768"],
      ["{#path,x}/here", "#/foo/bar,1024/here"],
      ["{#path:6}/here", "#/foo/b/here"],
      ["{#list}", "#red,green,blue"],
      ["{#list*}", "#red,green,blue"],
      ["{#keys}", "#semi,;,dot,.,comma,,"],
      ["{#keys*}", "#semi=;,dot=.,comma=,"],
    ]);
  });

  test("3.2.5 label expansion with dot-prefix", () => {
    expands(SECTION_3, [
      ["{.who}", ".fred"],
      ["{.who,who}", ".fred.fred"],
      ["{.half,who}", ".50%25.fred"],
      ["www{.dom*}", "www.example.com"],
      ["X{.var}", "X.value"],
      ["X{.empty}", "X."],
      ["X{.undef}", "X"],
      ["X{.var:3}", "X.val"],
      ["X{.list}", "X.red,green,blue"],
      ["X{.list*}", "X.red.green.blue"],
      ["X{.keys}", "X.semi,%3B,dot,.,comma,%2C"],
      ["X{.keys*}", "X.semi=%3B.dot=..comma=%2C"],
      ["X{.empty_keys}", "X"],
      ["X{.empty_keys*}", "X"],
    ]);
  });

  test("3.2.6 path segment expansion", () => {
    expands(SECTION_3, [
      ["{/who}", "/fred"],
      ["{/who,who}", "/fred/fred"],
      ["{/half,who}", "/50%25/fred"],
      ["{/who,dub}", "/fred/me%2Ftoo"],
      ["{/var}", "/value"],
      ["{/var,empty}", "/value/"],
      ["{/var,undef}", "/value"],
      ["{/var,x}/here", "/value/1024/here"],
      ["{/var:1,var}", "/v/value"],
      ["{/list}", "/red,green,blue"],
      ["{/list*}", "/red/green/blue"],
      ["{/list*,path:4}", "/red/green/blue/%2Ffoo"],
      ["{/keys}", "/semi,%3B,dot,.,comma,%2C"],
      ["{/keys*}", "/semi=%3B/dot=./comma=%2C"],
    ]);
  });

  test("3.2.7 path-style parameter expansion", () => {
    expands(SECTION_3, [
      ["{;who}", ";who=fred"],
      ["{;half}", ";half=50%25"],
      ["{;empty}", ";empty"],
      ["{;v,empty,who}", ";v=6;empty;who=fred"],
      ["{;v,bar,who}", ";v=6;who=fred"],
      ["{;x,y}", ";x=1024;y=768"],
      ["{;x,y,empty}", ";x=1024;y=768;empty"],
      ["{;x,y,undef}", ";x=1024;y=768"],
      ["{;hello:5}", ";hello=Hello"],
      ["{;list}", ";list=red,green,blue"],
      ["{;list*}", ";list=red;list=green;list=blue"],
      ["{;keys}", ";keys=semi,%3B,dot,.,comma,%2C"],
      ["{;keys*}", ";semi=%3B;dot=.;comma=%2C"],
    ]);
  });

  test("3.2.8 form-style query expansion", () => {
    expands(SECTION_3, [
      ["{?who}", "?who=fred"],
      ["{?half}", "?half=50%25"],
      ["{?x,y}", "?x=1024&y=768"],
      ["{?x,y,empty}", "?x=1024&y=768&empty="],
      ["{?x,y,undef}", "?x=1024&y=768"],
      ["{?var:3}", "?var=val"],
      ["{?list}", "?list=red,green,blue"],
      ["{?list*}", "?list=red&list=green&list=blue"],
      ["{?keys}", "?keys=semi,%3B,dot,.,comma,%2C"],
      ["{?keys*}", "?semi=%3B&dot=.&comma=%2C"],
    ]);
  });

  test("3.2.9 form-style query continuation", () => {
    expands(SECTION_3, [
      ["{&who}", "&who=fred"],
      ["{&half}", "&half=50%25"],
      ["?fixed=yes{&x}", "?fixed=yes&x=1024"],
      ["{&x,y,empty}", "&x=1024&y=768&empty="],
      ["{&var:3}", "&var=val"],
      ["{&list}", "&list=red,green,blue"],
      ["{&list*}", "&list=red&list=green&list=blue"],
      ["{&keys}", "&keys=semi,%3B,dot,.,comma,%2C"],
      ["{&keys*}", "&semi=%3B&dot=.&comma=%2C"],
    ]);
  });
});

describe("expand: values and encoding", () => {
  test("numbers and booleans are stringified; missing and null variables are undefined", () => {
    expands({ n: 42, f: 1.5, t: true, no: false, nothing: null }, [
      ["x://{n}/{f}", "x://42/1.5"],
      ["x://{?t,no,nothing,missing}", "x://?t=true&no=false"],
      ["x://{/missing}{nothing}", "x://"],
    ]);
  });

  test("only own properties count as variables", () => {
    assert.equal(new UriTemplate("x://{constructor}{?toString}").expand({}), "x://");
  });

  test("non-ASCII text is UTF-8 percent-encoded, and prefixes count code points", () => {
    expands({ word: "café", emoji: "😀ab", pct: "%41" }, [
      ["{word}", "caf%C3%A9"],
      ["{+word}", "caf%C3%A9"],
      ["{emoji:2}", "%F0%9F%98%80a"],
      // Reserved expansion keeps an existing %XX and counts it as one character.
      ["{+pct}", "%41"],
      ["{pct}", "%2541"],
      ["{+pct:1}", "%41"],
    ]);
  });

  test("a lone surrogate is encoded as U+FFFD rather than throwing", () => {
    assert.equal(new UriTemplate("{s}").expand({ s: "a\uD800b" }), "a%EF%BF%BDb");
  });

  test("reserved expansion encodes a '%' that starts no triplet, and all that isn't a URI character", () => {
    expands({ v: "100% <sure> ^_^" }, [["{+v}", "100%25%20%3Csure%3E%20%5E_%5E"]]);
  });

  test("literal text outside the URI character set is percent-encoded", () => {
    expands({ id: "1" }, [
      ["x://my docs/{id}", "x://my%20docs/1"],
      ["x://ü/{id}", "x://%C3%BC/1"],
    ]);
  });

  test("undefined list members are skipped; an all-undefined list counts as undefined", () => {
    expands({ a: ["x", undefined as unknown as string, "y"], none: [], holes: [null as unknown as string] }, [
      ["{a}", "x,y"],
      ["X{.none}{/holes*}", "X"],
    ]);
  });

  test("a prefix on a list or map is an error (RFC 6570 section 2.4.1)", () => {
    assert.throws(() => new UriTemplate("{list:1}").expand({ list: ["a"] }), /prefix modifier/);
    assert.throws(() => new UriTemplate("{+keys:1}").expand({ keys: { a: "b" } }), /prefix modifier/);
  });

  test("expand() ignores variables the template doesn't use", () => {
    assert.equal(new UriTemplate("db://{table}").expand({ table: "t", other: "x" }), "db://t");
  });
});

describe("template metadata", () => {
  test("variableNames lists each name once, in order of appearance", () => {
    assert.deepEqual(new UriTemplate("x://{b}/{a,b}{?c,a}{&d*}{/e:3}").variableNames, ["b", "a", "c", "d", "e"]);
    assert.deepEqual(new UriTemplate("x://static").variableNames, []);
    assert.deepEqual(new UriTemplate("{last.name}{%41b}").variableNames, ["last.name", "%41b"]);
  });

  test("template keeps the source string", () => {
    assert.equal(new UriTemplate("db://{table}").template, "db://{table}");
  });

  test("isTemplate() needs at least one {expression}", () => {
    assert.equal(UriTemplate.isTemplate("db://{table}"), true);
    assert.equal(UriTemplate.isTemplate("search://x{?q}"), true);
    assert.equal(UriTemplate.isTemplate("file:///a/b.txt"), false);
    assert.equal(UriTemplate.isTemplate("x://{}"), false);
    assert.equal(UriTemplate.isTemplate("x://{open"), false);
    assert.equal(UriTemplate.isTemplate("x://close}"), false);
  });
});

describe("match", () => {
  const matches = (template: string, uri: string) => new UriTemplate(template).match(uri);

  test("simple variables each match one segment", () => {
    assert.deepEqual(matches("database://{table}/{id}", "database://users/42"), { table: "users", id: "42" });
    assert.deepEqual(matches("test://template/{id}/data", "test://template/abc/data"), { id: "abc" });
    assert.deepEqual(matches("weather://{city}/current", "weather://London/current"), { city: "London" });
    assert.deepEqual(matches("users://{id}/profile", "users://10/profile"), { id: "10" });
  });

  test("simple variables don't cross '/', '?' or '#', and aren't empty", () => {
    assert.equal(matches("database://{table}/{id}", "database://users/42/extra"), undefined);
    assert.equal(matches("database://{table}/{id}", "database://users/"), undefined);
    assert.equal(matches("database://{table}/{id}", "database:///42"), undefined);
    assert.equal(matches("test://template/{id}/data", "test://template/a/b/data"), undefined);
    assert.equal(matches("x://{id}", "x://a?b"), undefined);
    assert.equal(matches("x://{id}", "x://a#b"), undefined);
  });

  test("matching is anchored at both ends", () => {
    assert.equal(matches("database://{table}/{id}", "xdatabase://users/42"), undefined);
    assert.equal(matches("weather://{city}/current", "weather://London/current/x"), undefined);
    assert.equal(matches("weather://{city}/current", "other://weather://London/current"), undefined);
  });

  test("values are percent-decoded; a malformed escape is no match, never a throw", () => {
    assert.deepEqual(matches("weather://{city}/current", "weather://New%20York/current"), { city: "New York" });
    assert.deepEqual(matches("x://{name}", "x://caf%C3%A9"), { name: "café" });
    assert.equal(matches("weather://{city}/current", "weather://bad%ZZ/current"), undefined);
    assert.equal(matches("x://{name}", "x://%E0%A4%A"), undefined);
    assert.equal(matches("x://{name}", "x://%C3"), undefined);
  });

  test("regex syntax in the literal parts is matched literally", () => {
    const t = new UriTemplate("a.b+c://x/{id}");
    assert.deepEqual(t.match("a.b+c://x/1"), { id: "1" });
    assert.equal(t.match("aXb+c://x/1"), undefined);
    assert.equal(t.match("a.bbc://x/1"), undefined);
    assert.deepEqual(matches("x://(a)|[b]^$*?/{id}", "x://(a)%7C[b]%5E$*?/7"), { id: "7" });
    assert.deepEqual(matches("x://\\d+/{id}", "x://%5Cd+/7"), { id: "7" });
  });

  test("{+path} matches across '/'", () => {
    assert.deepEqual(matches("file:///{+path}", "file:///a/b/c.txt"), { path: "a/b/c.txt" });
    assert.deepEqual(matches("file:///{+path}", "file:///c.txt"), { path: "c.txt" });
    assert.deepEqual(matches("file:///{+path}", "file:///a%20b/c"), { path: "a b/c" });
    assert.equal(matches("file:///{+path}", "file:///"), undefined);
    assert.equal(matches("file:///{+path}", "http:///a"), undefined);
  });

  test("{+path} followed by more template gives back what the rest needs", () => {
    assert.deepEqual(matches("x://{+dir}/{file}", "x://a/b/c.txt"), { dir: "a/b", file: "c.txt" });
    assert.deepEqual(matches("x://{+dir}/meta.json", "x://a/b/meta.json"), { dir: "a/b" });
    assert.deepEqual(matches("x://{+base}/files/{+rest}", "x://h/files/a/files/b/c"), { base: "h/files/a", rest: "b/c" });
    assert.deepEqual(matches("x://{+path}{?rev}", "x://a/b?rev=3"), { path: "a/b", rev: "3" });
    assert.deepEqual(matches("x://{host}{+path}", "x://h/a/b"), { host: "h", path: "/a/b" });
  });

  test("{#frag} matches everything after '#', optionally", () => {
    assert.deepEqual(matches("doc://{id}{#section}", "doc://7#intro/part-2"), { id: "7", section: "intro/part-2" });
    assert.deepEqual(matches("doc://{id}{#section}", "doc://7#"), { id: "7", section: "" });
    assert.deepEqual(matches("doc://{id}{#section}", "doc://7"), { id: "7" });
  });

  test("{/seg} matches one optional path segment", () => {
    assert.deepEqual(matches("x://root{/seg}", "x://root/a"), { seg: "a" });
    assert.deepEqual(matches("x://root{/seg}", "x://root"), {});
    assert.equal(matches("x://root{/seg}", "x://root/a/b"), undefined);
    assert.deepEqual(matches("x://root{/a,b}", "x://root/1/2"), { a: "1", b: "2" });
    assert.deepEqual(matches("x://root{/a,b}", "x://root/1"), { a: "1" });
    assert.deepEqual(matches("x://root{/a}{/b}", "x://root/1/2"), { a: "1", b: "2" });
  });

  test("{/seg*} matches any number of segments as an array", () => {
    const t = new UriTemplate("repo://{owner}/{repo}/files{/path*}");
    assert.deepEqual(t.match("repo://acme/kit/files/src/server/index.ts"), {
      owner: "acme",
      repo: "kit",
      path: ["src", "server", "index.ts"],
    });
    assert.deepEqual(t.match("repo://acme/kit/files/README.md"), { owner: "acme", repo: "kit", path: ["README.md"] });
    assert.deepEqual(t.match("repo://acme/kit/files"), { owner: "acme", repo: "kit" });
    assert.deepEqual(t.match("repo://acme/kit/files/a%2Fb/c"), { owner: "acme", repo: "kit", path: ["a/b", "c"] });
    assert.equal(t.match("repo://acme/kit/filesx"), undefined);
    assert.deepEqual(matches("x://{/path*}/raw", "x:///a/b/raw"), { path: ["a", "b"] });
  });

  test("{.ext} matches a dot-prefixed label, and the variable before it stops at '.'", () => {
    assert.deepEqual(matches("file://{name}{.ext}", "file://report.pdf"), { name: "report", ext: "pdf" });
    assert.deepEqual(matches("file://{name}{.ext}", "file://archive.tar.gz"), { name: "archive", ext: "tar.gz" });
    assert.deepEqual(matches("file://{name}{.ext}", "file://README"), { name: "README" });
    assert.deepEqual(matches("x://www{.dom*}", "x://www.example.com"), { dom: ["example", "com"] });
    assert.deepEqual(matches("x://X{.a,b}", "x://X.1.2"), { a: "1", b: "2" });
  });

  test("{?a,b} matches query parameters in any order, each optional", () => {
    const t = new UriTemplate("search://items{?q,limit}");
    assert.deepEqual(t.match("search://items?limit=5&q=x"), { q: "x", limit: "5" });
    assert.deepEqual(t.match("search://items?q=hello%20world&limit=5"), { q: "hello world", limit: "5" });
    assert.deepEqual(t.match("search://items?q=x"), { q: "x" });
    assert.deepEqual(t.match("search://items?q="), { q: "" });
    assert.deepEqual(t.match("search://items?q"), { q: "" });
    assert.deepEqual(t.match("search://items"), {});
    assert.deepEqual(t.match("search://items?q=a/b"), { q: "a/b" });
  });

  test("query parameters the template doesn't name, or named twice, are no match", () => {
    const t = new UriTemplate("search://items{?q,limit}");
    assert.equal(t.match("search://items?q=x&page=2"), undefined);
    assert.equal(t.match("search://items?q=x&q=y"), undefined);
    assert.equal(t.match("search://itemsq=x"), undefined);
    assert.equal(t.match("search://items?q=%zz"), undefined);
  });

  test("{&c} continues a query, alone or merged with {?...}", () => {
    assert.deepEqual(matches("x://y?fixed=yes{&x}", "x://y?fixed=yes&x=1024"), { x: "1024" });
    assert.deepEqual(matches("x://y?fixed=yes{&x}", "x://y?fixed=yes"), {});
    assert.equal(matches("x://y?fixed=yes{&x}", "x://y?fixed=no&x=1"), undefined);
    assert.deepEqual(matches("x://y{?a}{&b,c}", "x://y?c=3&a=1&b=2"), { a: "1", b: "2", c: "3" });
  });

  test("exploded query variables collect repeats, and an exploded map takes the other parameters", () => {
    assert.deepEqual(matches("x://y{?list*}", "x://y?list=red&list=green"), { list: ["red", "green"] });
    assert.deepEqual(matches("x://y{?list}", "x://y?list=red,green"), { list: "red,green" });
    assert.deepEqual(matches("x://y{?id,opts*}", "x://y?a=1&id=7&b=%3B"), { id: "7", opts: ["a=1", "b=;"] });
  });

  test("{;p} matches path-style parameters", () => {
    const t = new UriTemplate("map://tiles{;x,y,zoom}/img");
    assert.deepEqual(t.match("map://tiles;x=1024;y=768/img"), { x: "1024", y: "768" });
    assert.deepEqual(t.match("map://tiles;y=768;x=1024;zoom/img"), { x: "1024", y: "768", zoom: "" });
    assert.deepEqual(t.match("map://tiles/img"), {});
    assert.equal(t.match("map://tiles;w=1/img"), undefined);
    assert.deepEqual(matches("x://a{;list*}", "x://a;list=1;list=2"), { list: ["1", "2"] });
  });

  test("an exploded simple or reserved variable is an array split on ','", () => {
    assert.deepEqual(matches("tags://{tags*}", "tags://a,b%2Cc,d"), { tags: ["a", "b,c", "d"] });
    assert.deepEqual(matches("tags://{tags*}", "tags://solo"), { tags: ["solo"] });
    assert.deepEqual(matches("x://{+paths*}", "x://a/b,c/d"), { paths: ["a/b", "c/d"] });
    assert.deepEqual(matches("tags://{tags}", "tags://a,b"), { tags: "a,b" });
  });

  test("several variables in one expression are read in order", () => {
    assert.deepEqual(matches("size://{w,h}", "size://1024,768"), { w: "1024", h: "768" });
    assert.deepEqual(matches("size://{w,h}", "size://1024"), { w: "1024" });
    assert.deepEqual(matches("x://{+a,b}/here", "x:///foo/bar,1024/here"), { a: "/foo/bar", b: "1024" });
  });

  test("a prefix {var:n} limits the matched length", () => {
    const t = new UriTemplate("x://{code:3}");
    assert.deepEqual(t.match("x://abc"), { code: "abc" });
    assert.equal(t.match("x://abcd"), undefined);
    assert.deepEqual(matches("x://{/var:1,var}", "x:///v/value"), { var: "value" });
    assert.equal(matches("x://{/var:1,var}", "x:///w/value"), undefined);
    assert.deepEqual(matches("x://{a:2}/{a:4}", "x://ab/abcd"), { a: "abcd" });
  });

  test("a variable used twice must match the same value twice", () => {
    const t = new UriTemplate("x://{id}/copy/{id}");
    assert.deepEqual(t.match("x://7/copy/7"), { id: "7" });
    assert.equal(t.match("x://7/copy/8"), undefined);
  });

  test("variable names that are Object.prototype keys come back as own properties", () => {
    const vars = new UriTemplate("x://{__proto__}/{constructor}").match("x://a/b");
    assert.ok(vars);
    assert.equal(Object.getPrototypeOf(vars), Object.prototype);
    assert.deepEqual(Object.entries(vars), [
      ["__proto__", "a"],
      ["constructor", "b"],
    ]);
  });

  test("ambiguous splits are resolved predictably (documented limits)", () => {
    // A variable stops at the first character of the text after it.
    assert.deepEqual(matches("x://{a}-{b}", "x://a-b-c"), { a: "a", b: "b-c" });
    // Only one multi-segment group may give characters back; a later one becomes one segment.
    assert.deepEqual(matches("x://{+a}/{+b}/end", "x://p/q/r/end"), { a: "p/q", b: "r" });
    // Adjacent expressions with nothing between them: the first takes everything it can.
    assert.equal(matches("x://{a}{b}", "x://ab"), undefined);
    assert.equal(matches("x://up{+path}{var}/here", "x://up/foo/barvalue/here"), undefined);
  });

  test("a template without expressions matches only itself", () => {
    const t = new UriTemplate("config://app.json");
    assert.deepEqual(t.match("config://app.json"), {});
    assert.equal(t.match("config://appxjson"), undefined);
  });

  test("literal text is matched in the encoded form expand() produces", () => {
    const t = new UriTemplate("x://my docs/{id}");
    assert.deepEqual(t.match("x://my%20docs/1"), { id: "1" });
    assert.equal(t.match(t.expand({ id: "é" })) !== undefined, true);
  });
});

describe("round trips: match(expand(vars)) gives vars back", () => {
  const cases: [string, Record<string, string | string[]>][] = [
    ["database://{table}/{id}", { table: "users", id: "42" }],
    ["database://{table}/{id}", { table: "a b&c", id: "ü/?#%" }],
    ["file:///{+path}", { path: "dir/sub dir/file.txt" }],
    ["x://{+dir}/{file}", { dir: "a/b/c", file: "d.e" }],
    ["test://template/{id}/data", { id: "x:y@z" }],
    ["weather://{city}/current", { city: "São Paulo" }],
    ["repo://{owner}/{repo}/files{/path*}", { owner: "o", repo: "r", path: ["src", "a b", "c/d"] }],
    ["search://items{?q,limit}", { q: "a&b=c", limit: "10" }],
    ["search://items{?q,limit}", { limit: "1" }],
    ["x://y{?a}{&b,c}", { a: "1", c: "3" }],
    ["x://y{?tag*}", { tag: ["a", "b", "c"] }],
    ["map://tiles{;x,y}/img", { x: "1", y: "" }],
    ["file://{name}{.ext}", { name: "report", ext: "tar.gz" }],
    ["doc://{id}{#section}", { id: "1", section: "a/b,c" }],
    ["tags://{tags*}", { tags: ["x", "y,z"] }],
    ["x://{a}-{b}", { a: "left", b: "right-most" }],
    ["x://root{/a,b}", { a: "1", b: "2" }],
  ];
  for (const [template, vars] of cases) {
    test(`${template} with ${JSON.stringify(vars)}`, () => {
      const t = new UriTemplate(template);
      const uri = t.expand(vars);
      assert.deepEqual(t.match(uri), vars, uri);
    });
  }
});

describe("malformed templates", () => {
  const malformed: [string, RegExp][] = [
    ["x://{id", /unclosed "\{" at position 4/],
    ["x://id}", /unmatched "\}" at position 6/],
    ["x://{a{b}}", /"\{" inside the expression at position 4/],
    ["x://{}", /empty expression at position 4/],
    ["x://{+}", /empty variable name/],
    ["x://{a,}", /empty variable name/],
    ["x://{,a}", /operator "," .* reserved/],
    ["x://{=a}", /operator "=" .* reserved/],
    ["x://{!a}", /operator "!" .* reserved/],
    ["x://{|a}", /operator "\|" .* reserved/],
    ["x://{@a}", /operator "@" .* reserved/],
    ["x://{a b}", /"a b" is not a valid variable name/],
    ["x://{a-b}", /"a-b" is not a valid variable name/],
    ["x://{a..b}", /not a valid variable name/],
    ["x://{.a.}", /not a valid variable name/],
    ["x://{a%2}", /not a valid variable name/],
    ["x://{a:0}", /prefix length .* 1 to 9999/],
    ["x://{a:10000}", /prefix length/],
    ["x://{a:}", /prefix length/],
    ["x://{a:x}", /prefix length/],
    ["x://{a:3*}", /both a prefix and an explode/],
    ["x://{a**}", /not a valid variable name/],
  ];
  for (const [template, message] of malformed) {
    test(JSON.stringify(template), () => {
      assert.throws(
        () => new UriTemplate(template),
        (error: unknown) => {
          assert.ok(error instanceof Error);
          assert.match(error.message, /^Invalid URI template "/);
          assert.match(error.message, message);
          return true;
        },
      );
    });
  }

  test("valid edge cases parse", () => {
    for (const template of ["{a.b}", "{a_b1}", "{%41}", "{a:9999}", "{a:1}", "{?a*,b:2}", "x://{+a}{#b}", ""]) {
      assert.doesNotThrow(() => new UriTemplate(template), template);
    }
  });
});

describe("limits", () => {
  test("templates over 2000 characters are rejected", () => {
    const prefix = "x://{id}/";
    assert.doesNotThrow(() => new UriTemplate(prefix + "a".repeat(2000 - prefix.length)));
    assert.throws(() => new UriTemplate(prefix + "a".repeat(2001 - prefix.length)), /longer than 2000 characters/);
  });

  test("templates with more than 50 expressions are rejected", () => {
    const names = (n: number) => Array.from({ length: n }, (_, i) => `{v${i}}`).join("/");
    assert.equal(new UriTemplate(`x://${names(50)}`).variableNames.length, 50);
    assert.throws(() => new UriTemplate(`x://${names(51)}`), /more than 50 expressions/);
  });

  test("URIs over 16 KB never match", () => {
    const t = new UriTemplate("file:///{+path}");
    const fits = "file:///" + "a".repeat(16 * 1024 - "file:///".length);
    assert.deepEqual(t.match(fits), { path: fits.slice(8) });
    assert.equal(t.match(fits + "a"), undefined);
  });

  test("adversarial URIs are answered quickly", () => {
    // Each template has groups that could split the same text many ways; a backtracking
    // matcher would take seconds to minutes on these near-misses.
    const hostile: [string, string][] = [
      ["x://{+a}/{+b}/{+c}/end", "/"],
      ["x://{+dir}/{file}", "/"],
      ["x://{+a}-{b}", "-"],
      ["x://{+a}/x/{+b}/y", "/x/"],
      ["x://{a}{b}{c}", "a"],
      ["x://{a}-{b}-{c}-{d}", "-a"],
      ["x://{/a*}{/b*}/end", "/a"],
      ["x://{/p*}{.e}{;m}{.f}&", "x"],
      ["x://{#a}{#b}{#c}!", "#"],
      ["x://{+base}/files/{+path}{?q}", "/files/?"],
      ["x://{/a,b,c,d,e,f,g,h}/end", "/"],
      ["x://{.a}{.b}{.c}{.d}{.e}{.f}.end", "."],
      ["x://{?a,b}{&c}", "?a=&c=&"],
      ["x://{;a,b}{;c}/x", ";a;c"],
      ["x://{a,b,c,d}", ","],
      ["repo://{owner}/{repo}/files{/path*}", "/a"],
      ["search://items{?q,limit}", "&q="],
    ];
    for (const [template, unit] of hostile) {
      const t = new UriTemplate(template);
      for (const tail of ["!", "/", "?", "#", "%"]) {
        const uri = "x://" + unit.repeat(Math.floor((16 * 1024 - 10) / unit.length)) + tail;
        const started = performance.now();
        t.match(uri);
        const elapsed = performance.now() - started;
        assert.ok(elapsed < 250, `${template} on ${JSON.stringify(unit)}*n + ${JSON.stringify(tail)} took ${elapsed.toFixed(0)} ms`);
      }
    }
  });
});
