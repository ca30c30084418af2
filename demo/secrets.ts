const HIDDEN = '<not shown>';
/** Fields that carry API tokens: `authorize` in requests and echoes, `token`/`tokens` in api_token and multi-account replies. */
const SECRET_FIELDS = new Set(['authorize', 'token', 'tokens']);

/**
 * A copy with every token replaced by `<not shown>`, for anything the page displays. The token
 * field is a password field whose value goes only to `client.authorize`, but a token typed into
 * the JSON box must not end up in the log or on a screenshot either; Deriv's server masks
 * `echo_req` the same way.
 */
export function withoutSecrets(value: unknown, field?: string): unknown {
  if (typeof value === 'string') return field !== undefined && SECRET_FIELDS.has(field) ? HIDDEN : value;
  if (Array.isArray(value)) return value.map((item) => withoutSecrets(item, field));
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, withoutSecrets(item, key)]));
}
