// Where the query service forwards what it does not serve itself (distributed mode): the
// console sends commands, sign-in and audit reads to its own origin. CRM_COMMAND_SERVICE_URL and
// CRM_AUDIT_SERVICE_URL are checked at start-up; unset means no forwarding to that service.
import { ConfigError } from './config-error';
import { integer, type Env } from './env-values';

export interface ForwardingConfig {
  /** Commands, sign-in and API keys (CRM_COMMAND_SERVICE_URL); null: not forwarded. */
  commandService: URL | null;
  /** Audit history, verification, export and the access log (CRM_AUDIT_SERVICE_URL); null: not forwarded. */
  auditService: URL | null;
  /**
   * How long a forwarded request may wait for the upstream's answer (and between two chunks of
   * it), CRM_FORWARD_TIMEOUT_MS: past it the caller gets a 504 instead of a hanging request.
   */
  timeoutMs: number;
  /** How long connecting may take: a host that swallows packets answers 503 well before timeoutMs. */
  connectTimeoutMs: number;
}

export function loadForwardingConfig(env: Env): ForwardingConfig {
  const timeoutMs = integer(env, 'CRM_FORWARD_TIMEOUT_MS', 30_000, 100, 600_000);
  return {
    commandService: serviceUrl(env, 'CRM_COMMAND_SERVICE_URL'),
    auditService: serviceUrl(env, 'CRM_AUDIT_SERVICE_URL'),
    timeoutMs,
    connectTimeoutMs: Math.min(timeoutMs, 5_000),
  };
}

/** An http(s) origin, optionally with a path prefix; no query, fragment or credentials. */
function serviceUrl(env: Env, name: string): URL | null {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return null;
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new ConfigError(name, `must be an absolute http(s) URL such as http://command-service:3000, got '${raw}'`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError(name, `must use http or https, got '${url.protocol}' in '${raw}'`);
  }
  if (url.search || url.hash) throw new ConfigError(name, `must not have a query or fragment, got '${raw}'`);
  // Credentials in the URL would be sent to the upstream with every request and printed in logs.
  if (url.username || url.password) throw new ConfigError(name, 'must not hold a user name or password');
  return url;
}
