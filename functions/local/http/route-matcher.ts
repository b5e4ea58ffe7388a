/**
 * Matches a request against API Gateway route templates (`/v1/incidents/{id}`), as
 * HTTP API does: exact segments, one segment per `{param}`, and a distinction between
 * "no such path" (404) and "path exists, method does not" (405).
 */

/** The part of a route definition the matcher needs. */
export interface RouteTemplate {
  method: string;
  path: string;
}

export type RouteMatch<R extends RouteTemplate> =
  | { kind: 'found'; route: R; pathParameters: Record<string, string> }
  | { kind: 'method_not_allowed'; allow: string[] }
  | { kind: 'not_found' };

interface CompiledRoute<R> {
  route: R;
  /** Literal segments, or `{ param }` for a placeholder. */
  segments: Array<string | { param: string }>;
}

const PLACEHOLDER = /^\{([A-Za-z_][A-Za-z0-9_]*)\}$/;

function compile<R extends RouteTemplate>(route: R): CompiledRoute<R> {
  const segments = route.path
    .split('/')
    .slice(1)
    .map((segment) => {
      const param = PLACEHOLDER.exec(segment)?.[1];
      return param === undefined ? segment : { param };
    });
  return { route, segments };
}

/** Decodes one path segment; a malformed escape (`%zz`) is kept as sent rather than failing. */
export function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function matchPath<R>(
  compiled: CompiledRoute<R>,
  segments: string[],
): Record<string, string> | undefined {
  if (compiled.segments.length !== segments.length) return undefined;
  const parameters: Record<string, string> = {};
  for (const [index, expected] of compiled.segments.entries()) {
    const actual = segments[index] ?? '';
    if (typeof expected === 'string') {
      if (decodeSegment(actual) !== expected) return undefined;
    } else {
      // API Gateway never matches a placeholder to an empty segment.
      if (actual === '') return undefined;
      parameters[expected.param] = decodeSegment(actual);
    }
  }
  return parameters;
}

/** Builds a matcher over `routes`; `match` takes the raw (still percent-encoded) path. */
export function createRouteMatcher<R extends RouteTemplate>(routes: readonly R[]) {
  // Like API Gateway, a literal segment wins over a placeholder: fewest placeholders first.
  const placeholders = (route: CompiledRoute<R>) =>
    route.segments.filter((s) => typeof s !== 'string').length;
  const compiled = routes.map(compile).sort((a, b) => placeholders(a) - placeholders(b));
  return {
    match(method: string, rawPath: string): RouteMatch<R> {
      const segments = rawPath.split('/').slice(1);
      const allow = new Set<string>();
      for (const candidate of compiled) {
        const pathParameters = matchPath(candidate, segments);
        if (pathParameters === undefined) continue;
        if (candidate.route.method === method)
          return { kind: 'found', route: candidate.route, pathParameters };
        allow.add(candidate.route.method);
      }
      return allow.size > 0
        ? { kind: 'method_not_allowed', allow: [...allow].sort() }
        : { kind: 'not_found' };
    },
  };
}
