/**
 * Regular expressions written in the analysed workspace run on RE2 (re2js: linear time, no
 * backtracking), never on V8's engine: a pattern like `/^(a+)+$/` in a `@Controller()` argument
 * would otherwise hold the CLI or the editor's worker for minutes. What RE2 cannot express
 * (backreferences, lookaheads, sticky matching) is not evaluated: the caller answers "unknown".
 */
import { RE2JS } from 're2js';

export interface SafeRegex {
  /** `RegExp.prototype.test`, from the start of the input (no `lastIndex` state). */
  test(input: string): boolean;
  /** `String.prototype.replace` with a string replacement (`$1`, `$&`, `$<name>` as JavaScript reads them). */
  replace(input: string, replacement: string, all?: boolean): string;
}

const FLAGS: Record<string, number> = { i: RE2JS.CASE_INSENSITIVE, m: RE2JS.MULTILINE, s: RE2JS.DOTALL };
/** Flags that change nothing here: `u` (RE2 is Unicode-aware), `d` (match indices), `g` (read by `replace`). */
const NEUTRAL = new Set(['u', 'd', 'g', 'v']);

/** A workspace regex as RE2 runs it, or undefined when RE2 cannot run it as JavaScript would. */
export function safeRegex(source: string, flags = ''): SafeRegex | undefined {
  let mask = 0;
  for (const f of flags) {
    if (FLAGS[f] !== undefined) mask |= FLAGS[f];
    else if (!NEUTRAL.has(f)) return undefined;
  }
  let re: RE2JS;
  try {
    re = RE2JS.compile(RE2JS.translateRegExp(source), mask);
  } catch {
    return undefined;
  }
  const global = flags.includes('g');
  return {
    test: (input) => re.test(input),
    replace: (input, replacement, all = global) => {
      const m = re.matcher(input);
      return all ? m.replaceAll(replacement) : m.replaceFirst(replacement);
    },
  };
}
