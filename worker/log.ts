/**
 * The worker's logger: one namespace, errors only. A peer going away is not logged at all;
 * what reaches here is a real fault worth reading in `wrangler tail`. Invocation logs are off
 * (wrangler.jsonc `observability`), so these lines are the only ones the worker writes, and
 * nothing secret may reach them ([SIG-LOG-1]): every line goes through {@link redact}.
 */
const NAMESPACE = 'plume:signaling';

/** A signed signaling token: `<ts>.<43 base64url>.<86 base64url>` (src/lib/signalToken.ts). */
const TOKEN_RE = /\d{1,16}\.[A-Za-z0-9_-]{43}\.[A-Za-z0-9_-]{86}/g;
/** The value after `Bearer` (a TURN API token, or a signal token in an Authorization header). */
const BEARER_RE = /\b(Bearer)\s+\S+/gi;
/** A query string, in a URL or on its own: `?key=…&token=…`. */
const QUERY_RE = /\?[^\s"'<>]*/g;
/** `token=…` outside a query string (a form body, a quoted parameter). */
const TOKEN_PARAM_RE = /\b(token|credential|password|secret)=[^\s&"']*/gi;

/**
 * Remove anything that could be a secret from a log line: signal tokens, bearer values, query
 * strings and `token=` parameters. Pure, so it is tested on its own.
 */
export function redact(text: string): string {
  return text
    .replace(QUERY_RE, '?<query>')
    .replace(TOKEN_RE, '<token>')
    .replace(BEARER_RE, '$1 <redacted>')
    .replace(TOKEN_PARAM_RE, '$1=<redacted>');
}

/** Log an unexpected failure in `where`, never throwing. */
export function logError(where: string, err: unknown): void {
  const text = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  console.error(redact(`[${NAMESPACE}] ${where}: ${text}`));
}
