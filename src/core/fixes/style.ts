/** The formatting habits of one file, so inserted code looks like the code around it. */
export interface FileStyle {
  quote: "'" | '"';
  semi: ';' | '';
  /** One level of indentation (`'  '`, `'    '` or `'\t'`). */
  indent: string;
  eol: '\n' | '\r\n';
}

export function detectStyle(text: string): FileStyle {
  const importMatch = /^\s*import\s[^;]*?from\s+(['"])[^'"]*\1(;?)/m.exec(text) ?? /^\s*import\s+(['"])[^'"]*\1(;?)/m.exec(text);
  const quote = importMatch ? (importMatch[1] as "'" | '"') : firstQuote(text);
  const semi = importMatch ? (importMatch[2] === ';' ? ';' : '') : /;\s*$/m.test(text) || text.trim() === '' ? ';' : '';
  return { quote, semi, indent: detectIndent(text), eol: text.includes('\r\n') ? '\r\n' : '\n' };
}

function firstQuote(text: string): "'" | '"' {
  const m = /['"]/.exec(text);
  return m?.[0] === '"' ? '"' : "'";
}

function detectIndent(text: string): string {
  let smallest = Infinity;
  for (const line of text.split(/\r?\n/)) {
    if (line.startsWith('\t')) return '\t';
    const m = /^( +)\S/.exec(line);
    if (m && !line.trimStart().startsWith('*')) smallest = Math.min(smallest, m[1].length);
  }
  return smallest === Infinity ? '  ' : ' '.repeat(smallest);
}

/** Leading whitespace of the line that contains `offset`. */
export function indentAt(text: string, offset: number): string {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart))?.[0] ?? '';
}

export function quoted(style: FileStyle, value: string): string {
  const escaped = value.replace(/\\/g, '\\\\').split(style.quote).join(`\\${style.quote}`);
  return `${style.quote}${escaped}${style.quote}`;
}
