import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Router } from 'express';

/**
 * The public API's description: GET /api/openapi.json (OpenAPI 3.1, generated from @shopfast/contracts'
 * schemas by ../openapi/document.ts) and GET /api/docs, Swagger UI rendering it. Swagger UI's files are
 * served from the swagger-ui-dist package (pinned in package.json), never from a CDN: the docs work on a
 * machine without Internet access, and no third-party script runs on the shop's origin.
 */
export function docsRoutes(document: object): Router {
  const router = Router();
  const json = JSON.stringify(document);
  const swaggerDist = dirname(require.resolve('swagger-ui-dist/package.json'));
  // Only the two files the page loads, read once; nothing else in the package is reachable.
  const assets: Record<string, { type: string; body: Buffer }> = {
    'swagger-ui.css': { type: 'text/css; charset=utf-8', body: readFileSync(join(swaggerDist, 'swagger-ui.css')) },
    'swagger-ui-bundle.js': { type: 'text/javascript; charset=utf-8', body: readFileSync(join(swaggerDist, 'swagger-ui-bundle.js')) },
    // Our own start-up script: a file rather than an inline <script>, so a strict CSP can forbid inline code.
    'init.js': {
      type: 'text/javascript; charset=utf-8',
      body: Buffer.from("window.ui = SwaggerUIBundle({ url: '/api/openapi.json', dom_id: '#swagger-ui', deepLinking: true });\n"),
    },
  };

  router.get('/api/openapi.json', (_req, res) => {
    res.type('application/json').setHeader('cache-control', 'no-cache');
    res.send(json);
  });
  router.get('/api/docs', (_req, res) => {
    res.type('text/html; charset=utf-8').setHeader('cache-control', 'no-cache');
    res.setHeader('content-security-policy', "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'");
    res.send(DOCS_PAGE);
  });
  router.get('/api/docs/:file', (req, res, next) => {
    const asset = Object.hasOwn(assets, req.params.file) ? assets[req.params.file] : undefined;
    if (!asset) return next();
    res.type(asset.type).setHeader('cache-control', 'public, max-age=3600');
    res.send(asset.body);
  });
  return router;
}

const DOCS_PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>ShopFast API</title>
    <link rel="stylesheet" href="/api/docs/swagger-ui.css" />
  </head>
  <body>
    <div id="swagger-ui"></div>
    <script src="/api/docs/swagger-ui-bundle.js"></script>
    <script src="/api/docs/init.js"></script>
  </body>
</html>
`;
