import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';
import type { HubService } from '../service/service.js';

const STYLE = `body{font:16px/1.5 system-ui,sans-serif;margin:0;display:grid;place-items:center;min-height:100vh;background:#f6f7f9;color:#1d2026}
main{max-width:34rem;padding:2rem 2.5rem;background:#fff;border-radius:10px;box-shadow:0 1px 4px #0002}
h1{font-size:1.4rem;margin:0 0 .75rem}.ok h1{color:#17773a}.failed h1{color:#b42318}
code{background:#eef0f3;padding:.1rem .3rem;border-radius:4px}
@media (prefers-color-scheme:dark){body{background:#15171b;color:#e6e8eb}main{background:#1f2227}code{background:#2b2f36}}`;

/**
 * Nothing runs on this page and nothing is loaded: its one inline style is allowed by hash. It must
 * not be framed, and its address (which held the code) must not be sent anywhere as a referrer.
 */
export const CALLBACK_CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  `style-src 'sha256-${createHash('sha256').update(STYLE).digest('base64')}'`,
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * `GET /api/oauth/callback`, where the authorization server sends the browser back after a login.
 * It needs no API token (a browser redirect cannot carry one), so all it does is hand its address
 * to the `completeLogin` operation, which acts only on a state the hub issued; the page says what
 * happened.
 */
export function oauthCallbackRoute(service: HubService) {
  return async (req: Request, res: Response): Promise<void> => {
    const reply = await service.dispatch('completeLogin', { url: new URL(req.originalUrl, 'http://callback').href });
    let page: { status: number; html: string };
    if (reply.ok) {
      page = { status: 200, html: render('ok', `Logged in to ${reply.result.server_name}`, reply.result.message, 'You can close this tab.') };
    } else {
      const { code, status, message, data } = reply.error;
      const server = typeof data['server'] === 'string' ? data['server'] : undefined;
      const title = server ? `Login to ${server} failed` : 'Login failed';
      const unexpected = code === 'SERVER_ERROR';
      const next = `${unexpected ? '' : 'Nothing was stored. '}To try again, start the login again from MCP Hub.`;
      page = { status, html: render('failed', title, unexpected ? `Something went wrong: ${message}` : message, next) };
    }
    res
      .status(page.status)
      .set({
        'Content-Type': 'text/html; charset=utf-8',
        'Content-Security-Policy': CALLBACK_CONTENT_SECURITY_POLICY,
        'Cache-Control': 'no-store',
        'Referrer-Policy': 'no-referrer',
        'X-Content-Type-Options': 'nosniff',
      })
      .send(page.html);
  };
}

function render(outcome: 'ok' | 'failed', title: string, message: string, next: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · MCP Hub</title>
<style>${STYLE}</style>
</head>
<body class="${outcome}">
<main>
<h1>${escapeHtml(title)}</h1>
<p>${escapeHtml(message)}</p>
<p>${escapeHtml(next)}</p>
</main>
</body>
</html>
`;
}

/** Text into HTML element content or a quoted attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
