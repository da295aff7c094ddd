/** The part of every client command's help that explains targets and shared options. */
export const TARGET_HELP = `A target is one of:
  <file>                a server file (.ts, .js, .mjs), run with "mcpkit run" over stdio
  <url>                 an http(s) URL of a Streamable HTTP endpoint, e.g. http://127.0.0.1:8000/mcp
  -- <command> [args]   any command that serves MCP over stdio (put it last)

Options:
  --era <era>           modern, legacy or auto (default auto: modern when the server offers it)
  --json                print the raw result as JSON, for scripts
  --header <K=V>        an HTTP header to send to a URL target (repeatable)
  --verbose             show full error stacks, the server's stderr and masked tool errors
  -h, --help            show this help`;
