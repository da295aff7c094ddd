/**
 * Images: PNGs generated in memory, returned from tools through the `image()` helper and
 * served as binary `images://{name}` resources (base64 `blob` contents on the wire).
 */
import { pathToFileURL } from "node:url";
import { McpServer, ResourceNotFoundError, ToolError, image } from "mcpkit";
import { z } from "zod";
import { checkerboard, gradient, parseHex, rings, thumbnail } from "./drawing.ts";
import { encodePng, type Rgba } from "./png.ts";

/** The gallery the `images://{name}` resource serves, drawn on first use. */
const GALLERY: Record<string, { description: string; draw: () => Rgba }> = {
  sunset: { description: "A 320×200 diagonal gradient", draw: () => gradient(320, 200, [30, 58, 138], [249, 115, 22], "diagonal") },
  checkerboard: { description: "A 256×256 checkerboard", draw: () => checkerboard(256, 256, 32, [17, 24, 39], [243, 244, 246]) },
  rings: { description: "A 200×200 pattern of rings", draw: () => rings(200, 200, [16, 185, 129], [30, 41, 59]) },
};
const drawn = new Map<string, { rgba: Rgba; png: Uint8Array }>();

const unknown = (name: string) => `No image named "${name}"; try one of: ${Object.keys(GALLERY).join(", ")}`;

function galleryImage(name: string) {
  const entry = Object.hasOwn(GALLERY, name) ? GALLERY[name] : undefined;
  if (!entry) throw new ToolError(unknown(name));
  let cached = drawn.get(name);
  if (!cached) {
    const rgba = entry.draw();
    cached = { rgba, png: encodePng(rgba) };
    drawn.set(name, cached);
  }
  return cached;
}

const color = z.string().regex(/^#[0-9a-fA-F]{6}$/, "a colour like #ff8800");
const side = z.number().int().min(1).max(1024);

/** Adds `generate_gradient`, `create_thumbnail`, `images://{name}` and the guide's `image://{path}` to `mcp`. */
export function registerImages<S>(mcp: McpServer<S>): void {
  mcp.tool(
    "generate_gradient",
    {
      description: "Draw a colour gradient and return it as a PNG image.",
      input: {
        width: side.default(256).describe("Width in pixels (1-1024)"),
        height: side.default(128).describe("Height in pixels (1-1024)"),
        from: color.default("#1e3a8a").describe("Start colour, #rrggbb"),
        to: color.default("#f97316").describe("End colour, #rrggbb"),
        direction: z.enum(["horizontal", "vertical", "diagonal"]).default("horizontal"),
      },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    ({ width, height, from, to, direction }) => {
      const png = encodePng(gradient(width, height, parseHex(from), parseHex(to), direction));
      return [image(png, "image/png"), `${width}×${height} ${direction} gradient from ${from} to ${to}`];
    },
  );

  mcp.tool(
    "create_thumbnail",
    {
      description: "Shrink an image from the gallery (images://{name}) to fit a square of max_size pixels.",
      input: {
        name: z.string().describe(`Gallery image: ${Object.keys(GALLERY).join(", ")}`),
        max_size: z.number().int().min(1).max(512).default(64).describe("Longest side of the thumbnail in pixels"),
      },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    ({ name, max_size }) => image(encodePng(thumbnail(galleryImage(name).rgba, max_size)), "image/png"),
  );

  mcp.resource(
    "images://{name}",
    {
      description: "A generated PNG from the gallery",
      mimeType: "image/png",
      list: () =>
        Object.entries(GALLERY).map(([name, { description }]) => ({ uri: `images://${name}`, name, description, mimeType: "image/png" })),
      complete: { name: (value) => Object.keys(GALLERY).filter((n) => n.startsWith(value)) },
    },
    ({ name }, ctx) => {
      // A missing resource is a protocol error, with the code each era uses for it.
      if (!Object.hasOwn(GALLERY, name)) throw new ResourceNotFoundError(ctx.uri, unknown(name));
      return galleryImage(name).png;
    },
  );

  // The guide's get_image(path), whose format comes from the file extension. Here the path
  // names a gallery image ("sunset.png"), not a file on disk: a resource that opens any path
  // a client sends would read the whole filesystem (examples/files shows confined reading).
  mcp.resource(
    "image://{path}",
    {
      name: "get_image",
      description: `An image of the gallery by file name: ${Object.keys(GALLERY)
        .map((n) => `${n}.png`)
        .join(", ")}`,
      mimeType: "image/png",
      complete: {
        path: (value) =>
          Object.keys(GALLERY)
            .map((n) => `${n}.png`)
            .filter((n) => n.startsWith(value)),
      },
    },
    ({ path }, ctx) => {
      const dot = path.lastIndexOf(".");
      const [name, format] = dot === -1 ? [path, "png"] : [path.slice(0, dot), path.slice(dot + 1).toLowerCase()];
      if (!Object.hasOwn(GALLERY, name)) throw new ResourceNotFoundError(ctx.uri, unknown(name));
      if (format !== "png") throw new ResourceNotFoundError(ctx.uri, `The gallery has ${name}.png only, not .${format}`);
      return { blob: galleryImage(name).png, mimeType: "image/png" };
    },
  );
}

export const mcp = new McpServer({ name: "images", version: "1.0.0" });
registerImages(mcp);

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await mcp.run();
