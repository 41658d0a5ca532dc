/**
 * Maps an HTTP method + path to a catalogue entry. The routes are the op registry's endpoints, so
 * the emulator can never drift from what the client sends, and every route belongs to an op.
 */
import { ENDPOINT_DEFS, type EndpointName } from '../ops/index.js';

export interface RouteMatch {
  endpoint: EndpointName;
  /** `{name}` segments of the path, URI-decoded. */
  params: Record<string, string>;
}

interface Route {
  endpoint: EndpointName;
  method: string;
  pattern: RegExp;
  keys: string[];
}

function compile(endpoint: EndpointName, method: string, path: string): Route {
  const keys: string[] = [];
  const source = path
    .split(/(\{\w+\})/)
    .map((part) => {
      const key = /^\{(\w+)\}$/.exec(part)?.[1];
      if (key === undefined) return part.replace(/[.*+?^$()|[\]\\]/g, '\\$&');
      keys.push(key);
      return '([^/]+)';
    })
    .join('');
  return { endpoint, method, pattern: new RegExp(`^${source}$`), keys };
}

const ROUTES: readonly Route[] = ENDPOINT_DEFS.map(({ def }) => compile(def.name, def.method, def.path));

/** The routes the emulator answers, as `METHOD path` (for the registry's completeness test). */
export function routeList(): { endpoint: EndpointName; method: string; path: string }[] {
  return ENDPOINT_DEFS.map(({ def }) => ({ endpoint: def.name, method: def.method, path: def.path }));
}

/** Paths that the catalogue lists (used to resolve a fault target given as a path). */
export function endpointForPath(path: string): EndpointName | undefined {
  // A literal path wins over a pattern that also matches it (`/api/users/getByEmail` vs `/api/users/{email}`).
  return (ROUTES.find((route) => route.keys.length === 0 && route.pattern.test(path)) ?? ROUTES.find((route) => route.pattern.test(path)))?.endpoint;
}

export function matchRoute(method: string, pathname: string): RouteMatch | undefined {
  for (const route of ROUTES) {
    if (route.method !== method) continue;
    const found = route.pattern.exec(pathname);
    if (!found) continue;
    const params: Record<string, string> = {};
    route.keys.forEach((key, i) => {
      params[key] = safeDecode(found[i + 1] ?? '');
    });
    return { endpoint: route.endpoint, params };
  }
  return undefined;
}

/** RudderStack sends userIds unencoded; a stray `%` must not crash the route. */
function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
