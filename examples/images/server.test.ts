import { test } from "node:test";
import assert from "node:assert/strict";
import { crc32 as zlibCrc32, inflateSync } from "node:zlib";
import { connect } from "mcpkit/testing";
import { mcp } from "./server.ts";
import { crc32, encodePng } from "./png.ts";

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Reads a PNG the way a viewer would: signature, chunk CRCs, IHDR, and the RGBA pixels (filter 0 rows). */
function readPng(bytes: Buffer) {
  assert.deepEqual([...bytes.subarray(0, 8)], SIGNATURE, "PNG signature");
  const chunks: { type: string; data: Buffer }[] = [];
  for (let at = 8; at < bytes.length;) {
    const length = bytes.readUInt32BE(at);
    const type = bytes.toString("latin1", at + 4, at + 8);
    const data = bytes.subarray(at + 8, at + 8 + length);
    assert.equal(bytes.readUInt32BE(at + 8 + length), zlibCrc32(bytes.subarray(at + 4, at + 8 + length)), `CRC of ${type}`);
    chunks.push({ type, data });
    at += 12 + length;
  }
  assert.deepEqual(
    chunks.map((c) => c.type),
    ["IHDR", "IDAT", "IEND"],
  );
  const ihdr = chunks[0].data;
  const width = ihdr.readUInt32BE(0),
    height = ihdr.readUInt32BE(4);
  assert.deepEqual([...ihdr.subarray(8)], [8, 6, 0, 0, 0], "8-bit RGBA, no interlace");
  const raw = inflateSync(chunks[1].data);
  assert.equal(raw.length, (width * 4 + 1) * height);
  const pixel = (x: number, y: number) => {
    const row = y * (width * 4 + 1);
    assert.equal(raw[row], 0, "filter type None");
    return [...raw.subarray(row + 1 + x * 4, row + 1 + x * 4 + 4)];
  };
  return { width, height, pixel };
}

test("crc32 matches zlib's, and the encoder checks its input", () => {
  for (const sample of ["", "IEND", "The quick brown fox jumps over the lazy dog"]) {
    const bytes = new TextEncoder().encode(sample);
    assert.equal((crc32(bytes) ^ 0xffffffff) >>> 0, zlibCrc32(bytes));
  }
  assert.throws(() => encodePng({ width: 2, height: 2, pixels: new Uint8Array(15) }), RangeError);
  const one = readPng(Buffer.from(encodePng({ width: 1, height: 1, pixels: Uint8Array.of(1, 2, 3, 4) })));
  assert.deepEqual(one.pixel(0, 0), [1, 2, 3, 4]);
});

for (const era of ["modern", "legacy"] as const) {
  test(`images: generate_gradient returns a real PNG image (${era})`, async () => {
    const client = await connect(mcp, { era });
    try {
      const result = await client.callTool("generate_gradient", { width: 40, height: 10, from: "#000000", to: "#ff0080" });
      assert.equal(result.isError, undefined);
      const [block, caption] = result.content;
      assert.equal(block.type, "image");
      const { data, mimeType } = block as { data: string; mimeType: string };
      assert.equal(mimeType, "image/png");
      const png = readPng(Buffer.from(data, "base64"));
      assert.deepEqual([png.width, png.height], [40, 10]);
      assert.deepEqual(png.pixel(0, 0), [0, 0, 0, 255]);
      assert.deepEqual(png.pixel(39, 9), [255, 0, 128, 255]);
      assert.equal((caption as { text: string }).text, "40×10 horizontal gradient from #000000 to #ff0080");

      const defaults = await client.callTool("generate_gradient", {});
      const fromDefaults = readPng(Buffer.from((defaults.content[0] as { data: string }).data, "base64"));
      assert.deepEqual([fromDefaults.width, fromDefaults.height], [256, 128]);

      for (const bad of [{ width: 0 }, { width: 5000 }, { from: "red" }, { direction: "spiral" }]) {
        assert.equal((await client.callTool("generate_gradient", bad)).isError, true, JSON.stringify(bad));
      }
    } finally {
      await client.close();
    }
  });

  test(`images: create_thumbnail shrinks a gallery image, keeping its aspect ratio (${era})`, async () => {
    const client = await connect(mcp, { era });
    try {
      const thumb = await client.callTool("create_thumbnail", { name: "sunset", max_size: 32 });
      const block = thumb.content[0] as { type: string; data: string; mimeType: string };
      assert.equal(block.type, "image");
      assert.equal(block.mimeType, "image/png");
      const png = readPng(Buffer.from(block.data, "base64"));
      assert.deepEqual([png.width, png.height], [32, 20]);

      // The checkerboard's 32-pixel cells average to grey once 256 px become 4 px.
      const small = await client.callTool("create_thumbnail", { name: "checkerboard", max_size: 4 });
      const grey = readPng(Buffer.from((small.content[0] as { data: string }).data, "base64"));
      assert.deepEqual([grey.width, grey.height], [4, 4]);
      assert.deepEqual(grey.pixel(0, 0), [130, 134, 143, 255]);

      const missing = await client.callTool("create_thumbnail", { name: "nope" });
      assert.equal(missing.isError, true);
      assert.match((missing.content[0] as { text: string }).text, /No image named "nope"; try one of: sunset, checkerboard, rings/);
    } finally {
      await client.close();
    }
  });

  test(`images: images://{name} is a listed, completable binary resource (${era})`, async () => {
    const client = await connect(mcp, { era });
    try {
      const listed = await client.listAllResources();
      assert.deepEqual(
        listed.map((r) => [r.uri, r.mimeType]),
        [
          ["images://sunset", "image/png"],
          ["images://checkerboard", "image/png"],
          ["images://rings", "image/png"],
        ],
      );
      const read = await client.readResource("images://rings");
      const contents = read.contents[0] as { uri: string; mimeType?: string; blob?: string; text?: string };
      assert.equal(contents.uri, "images://rings");
      assert.equal(contents.mimeType, "image/png");
      assert.equal(contents.text, undefined);
      const png = readPng(Buffer.from(contents.blob ?? "", "base64"));
      assert.deepEqual([png.width, png.height], [200, 200]);

      const completion = await client.complete({ type: "ref/resource", uri: "images://{name}" }, { name: "name", value: "s" });
      assert.deepEqual(completion.completion.values, ["sunset"]);

      await assert.rejects(client.readResource("images://nope"), (error: Error & { code?: number }) => {
        assert.equal(error.code, era === "modern" ? -32602 : -32002);
        assert.match(error.message, /No image named "nope"/);
        return true;
      });

      // The guide's get_image: image://{path}, the format from the extension.
      const paths = await client.complete({ type: "ref/resource", uri: "image://{path}" }, { name: "path", value: "r" });
      assert.deepEqual(paths.completion.values, ["rings.png"]);
      for (const uri of ["image://rings.png", "image://rings"]) {
        const byPath = (await client.readResource(uri)).contents[0] as { uri: string; mimeType?: string; blob?: string };
        assert.deepEqual([byPath.uri, byPath.mimeType, byPath.blob], [uri, "image/png", contents.blob]);
      }
      for (const [uri, message] of [
        ["image://rings.jpg", /rings\.png only, not \.jpg/],
        ["image://..%2F..%2Fetc%2Fpasswd", /No image named/],
      ] as const) {
        await assert.rejects(client.readResource(uri), (error: Error & { code?: number }) => {
          assert.equal(error.code, era === "modern" ? -32602 : -32002);
          assert.match(error.message, message);
          return true;
        });
      }
    } finally {
      await client.close();
    }
  });
}
