/** The part of every client command's help that explains targets and shared options. */
export const TARGET_HELP = `A target is one of:
  <file>                a server file (.ts, .js, .mjs), run with "mcpkit run" over stdio
  <url>                 an http(s) URL of a Streamable HTTP endpoint, e.g. http://127.0.0.1:8000/mcp
  -- <command> [args]   any command that serves MCP over stdio (put it last)

Options:
  --era <era>           modern, legacy or auto (default auto: modern when the server offers it)
  --json                print the raw result as JSON, for scripts
  --header <K=V>        an HTTP header to send to a URL target (repeatable); an
                        Authorization header is sent as is, with no sign-in
  --no-browser          print the sign-in URL of a protected server instead of opening it
  --callback-port <n>   the 127.0.0.1 port the sign-in comes back to (default 33418)
  --client-id <id>      a client registered with the authorization server (else it
                        registers itself); --client-secret <s> for a confidential one
  --scope <scopes>      scopes to ask for when the server does not say
  --verbose             show full error stacks, the server's stderr and masked tool errors
  -h, --help            show this help`;
