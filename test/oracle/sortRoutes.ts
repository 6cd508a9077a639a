/** The order both sides are compared in: method, path, version, host, controller, handler. */
export interface RouteKeyed {
  httpMethod: string;
  path: string;
  version: string | null;
  host: string | string[] | null;
  controller: string;
  handler: string;
}

export function routeKey(r: RouteKeyed): string {
  const host = r.host === null ? '' : Array.isArray(r.host) ? r.host.join('|') : r.host;
  return [r.httpMethod, r.path, r.version ?? '', host, r.controller, r.handler].join(' ');
}

export function sortRoutes<T extends RouteKeyed>(routes: T[]): T[] {
  return [...routes].sort((a, b) => (routeKey(a) < routeKey(b) ? -1 : routeKey(a) > routeKey(b) ? 1 : 0));
}
