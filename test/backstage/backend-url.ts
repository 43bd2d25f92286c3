import type { Server } from 'node:http';

/**
 * The base URL of a test backend's HTTP server, with idle connections kept longer than any pause
 * between two requests of a test file. Node closes an idle keep-alive socket after 5 s; when a slow
 * assertion (a whole render compared byte for byte on a loaded machine) makes the next request start
 * just as the server closes the socket fetch reused, it fails with "fetch failed" (seen in CI).
 */
export function backendUrl(server: Server): string {
  server.keepAliveTimeout = 10 * 60_000;
  const { port } = server.address() as { port: number };
  return `http://localhost:${port}`;
}
