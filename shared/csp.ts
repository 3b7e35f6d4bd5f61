/**
 * The UI's content security policy, the same in a browser as in the desktop window: nothing but
 * the hub itself. Inline styles are allowed because the code editor sets them on its elements;
 * images may be data URLs because tool results carry images that way.
 */
export const UI_CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');
