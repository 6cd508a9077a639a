/**
 * Route and middleware paths as the adapters read them (path-to-regexp v8, the version NestJS 11,
 * Express 5's router and @fastify/middie use): parsed with path-to-regexp's own `parse`, matched by
 * our own small matcher (no RegExp is ever built from workspace text), and sampled into concrete
 * request paths ("witnesses") so that one pattern can be tested against another.
 */
import { parse } from 'path-to-regexp';

type Piece = { type: 'text'; value: string } | { type: 'param'; name: string } | { type: 'wildcard'; name: string };

/** A path pattern with its optional groups expanded: each alternative is a flat list of pieces. */
export interface PathPattern {
  source: string;
  alternatives: Piece[][];
}

export interface MatchOptions {
  /** Match the whole path (`app.get`), or a prefix ending at a segment boundary (`app.use`). */
  end: boolean;
  sensitive: boolean;
  /** A trailing slash is optional. */
  trailing: boolean;
}

interface RawToken {
  type: string;
  value?: string;
  name?: string;
  tokens?: RawToken[];
}

const MAX_ALTERNATIVES = 32;

/** The pattern, or undefined when path-to-regexp rejects it (NestJS fails to boot on such a path). */
export function parsePattern(source: string): PathPattern | undefined {
  let tokens: RawToken[];
  try {
    tokens = parse(source).tokens as RawToken[];
  } catch {
    return undefined;
  }
  const alternatives = expand(tokens);
  return alternatives.length > MAX_ALTERNATIVES ? undefined : { source, alternatives };
}

function expand(tokens: RawToken[]): Piece[][] {
  let out: Piece[][] = [[]];
  for (const t of tokens) {
    if (t.type === 'group') {
      const inner = expand(t.tokens ?? []);
      out = out.flatMap((prefix) => [prefix, ...inner.map((alt) => [...prefix, ...alt])]);
    } else if (t.type === 'text') {
      out = out.map((p) => [...p, { type: 'text', value: t.value ?? '' }]);
    } else {
      out = out.map((p) => [...p, { type: t.type === 'wildcard' ? 'wildcard' : 'param', name: t.name ?? '' }]);
    }
    if (out.length > MAX_ALTERNATIVES) return out;
  }
  return out.map(mergeText);
}

function mergeText(pieces: Piece[]): Piece[] {
  const out: Piece[] = [];
  for (const p of pieces) {
    const last = out[out.length - 1];
    if (p.type === 'text' && last?.type === 'text') out[out.length - 1] = { type: 'text', value: last.value + p.value };
    else if (p.type !== 'text' || p.value !== '') out.push(p);
  }
  return out;
}

/** Does the request path match the pattern? */
export function matchesPath(pattern: PathPattern, path: string, o: MatchOptions): boolean {
  return pattern.alternatives.some((alt) => matchPieces(alt, o.sensitive ? path : path.toLowerCase(), o));
}

/** Memoised backtracking over (piece, position): linear in pieces times the path's length squared. */
function matchPieces(pieces: Piece[], path: string, o: MatchOptions): boolean {
  const lowered = pieces.map((p) => (p.type === 'text' && !o.sensitive ? { ...p, value: p.value.toLowerCase() } : p));
  const memo = new Map<number, boolean>();
  const done = (pos: number): boolean => {
    let rest = path.slice(pos);
    if (o.trailing && rest === '/') rest = '';
    return o.end ? rest === '' : rest === '' || rest.startsWith('/');
  };
  const at = (i: number, pos: number): boolean => {
    const key = i * (path.length + 1) + pos;
    const known = memo.get(key);
    if (known !== undefined) return known;
    let result = false;
    if (i === lowered.length) result = done(pos);
    else {
      const p = lowered[i];
      if (p.type === 'text') result = path.startsWith(p.value, pos) && at(i + 1, pos + p.value.length);
      else {
        for (let end = pos + 1; end <= path.length && !result; end++) {
          if (p.type === 'param' && path[end - 1] === '/') break;
          result = at(i + 1, end);
        }
      }
    }
    memo.set(key, result);
    return result;
  };
  return at(0, 0);
}

/** The literal segments a pattern names (`/billing/:id/invoices` gives `billing`, `invoices`): values worth trying for a parameter. */
export function literalSegments(pattern: PathPattern): string[] {
  const out = new Set<string>();
  for (const alt of pattern.alternatives) {
    for (const p of alt) if (p.type === 'text') for (const s of p.value.split('/')) if (s) out.add(s);
  }
  return [...out];
}

const PARAM_SAMPLE = 'q7x';
const MAX_WITNESSES = 400;

/**
 * Concrete request paths the pattern serves: each alternative with a neutral value for every
 * parameter and wildcard, then each parameter in turn given every hint (a literal another pattern
 * names) and each wildcard one, two and three segments. A pattern that matches every witness of
 * another is taken to cover it; one that matches some covers it in part.
 */
export function witnesses(pattern: PathPattern, hints: string[]): string[] {
  const out = new Set<string>();
  for (const alt of pattern.alternatives) {
    const base = alt.map((p, i) => (p.type === 'text' ? p.value : sample(p.type, i, 0)));
    out.add(base.join(''));
    alt.forEach((p, i) => {
      if (p.type === 'text') return;
      const values = p.type === 'wildcard'
        ? [`${PARAM_SAMPLE}${i}/a`, `${PARAM_SAMPLE}${i}/a/b`, ...hints, ...hints.map((h) => `${h}/${PARAM_SAMPLE}`)]
        : hints.filter((h) => !h.includes('/'));
      for (const v of values) {
        const copy = [...base];
        copy[i] = v;
        out.add(copy.join(''));
      }
    });
    if (out.size > MAX_WITNESSES) break;
  }
  return [...out].slice(0, MAX_WITNESSES).map((w) => (w.startsWith('/') ? w : `/${w}`));
}

function sample(type: 'param' | 'wildcard', index: number, variant: number): string {
  return `${PARAM_SAMPLE}${index}${type === 'wildcard' ? 'w' : ''}${variant || ''}`;
}
