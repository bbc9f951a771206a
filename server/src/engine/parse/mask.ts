// Text that is not SQL but lives in .sql files: psql meta-commands (`\set`, `\i`, `\gset`), psql
// variables (`:name`, `:'name'`, `:"name"`), `COPY … FROM stdin` data blocks and Go-template
// placeholders (`{{ index .Options "Namespace" }}`, supabase/auth). They are masked, keeping every
// UTF-16 offset unchanged, so PostgreSQL's parser never reports them as syntax errors.

const PSQL_EXECUTE = /^\\(g|gx|gset|gexec|gdesc|crosstabview)\b/;

/**
 * `text` with every character but line breaks a space. Replaced a line at a time: one match per
 * character made V8 allocate about 30 bytes per character (250 MB for an 8 MB COPY block).
 */
function blankedLines(text: string): string {
  return text.replace(/[^\r\n]+/g, (run) => ' '.repeat(run.length));
}

/** Returns the text with non-SQL parts blanked out; the result has the same length and line breaks. */
export function maskNonSql(text: string): string {
  // Fast path: nothing that could need masking.
  if (!/[\\:{]/.test(text)) return text;
  // Edits are collected as patches and applied once: most files need none or few.
  const patches: [number, string][] = [];
  const n = text.length;
  let i = 0;
  let lineStart = true;
  let bracketDepth = 0;
  let statementStart = 0;
  const blank = (from: number, to: number): void => {
    patches.push([from, blankedLines(text.slice(from, to))]);
  };
  const out = { set: (at: number, s: string): void => void patches.push([at, s]) };
  while (i < n) {
    const c = text[i]!;
    if (c === '\n') {
      lineStart = true;
      i++;
      continue;
    }
    if (lineStart && (c === ' ' || c === '\t')) {
      i++;
      continue;
    }
    lineStart = false;
    if (c === '-' && text[i + 1] === '-') {
      i = endOfLineComment(text, i);
      continue;
    }
    if (c === '/' && text[i + 1] === '*') {
      i = endOfBlockComment(text, i);
      continue;
    }
    if (c === "'") {
      i = endOfQuoted(text, i, "'", isEscapeString(text, i));
      continue;
    }
    if (c === '"') {
      // "{{ index .Options "Namespace" }}": a template placeholder used as a quoted identifier.
      if (text.startsWith('{{', i + 1)) {
        const close = text.indexOf('}}', i + 3);
        if (close > 0 && text[close + 2] === '"' && !text.slice(i, close).includes('\n')) {
          out.set(i + 1, 'x' + '_'.repeat(close + 2 - (i + 1) - 1));
          i = close + 3;
          continue;
        }
      }
      i = endOfQuoted(text, i, '"', false);
      continue;
    }
    if (c === '$') {
      const tag = /^\$([A-Za-z_\u0080-\uffff][\w\u0080-\uffff]*)?\$/.exec(text.slice(i, i + 64));
      if (tag && !/[\w$]/.test(text[i - 1] ?? ' ')) {
        const close = text.indexOf(tag[0], i + tag[0].length);
        i = close < 0 ? n : close + tag[0].length;
        continue;
      }
      i++;
      continue;
    }
    if (c === '\\') {
      const eol = endOfLine(text, i);
      const command = text.slice(i, eol);
      // `\g` and friends end the current query, as `;` would; other meta-commands are blanked.
      const blanked = command.replace(/[^\r\n]/g, ' ');
      patches.push([i, PSQL_EXECUTE.test(command) ? ';' + blanked.slice(1) : blanked]);
      statementStart = eol;
      i = eol;
      continue;
    }
    if (c === '[') bracketDepth++;
    else if (c === ']') bracketDepth = Math.max(0, bracketDepth - 1);
    else if (c === ':' && bracketDepth === 0 && text[i + 1] !== ':' && text[i - 1] !== ':') {
      const m = /^:(?:'[A-Za-z_][\w]*'|"[A-Za-z_][\w]*"|[A-Za-z_][\w]*)/.exec(text.slice(i, i + 200));
      if (m && !/[\w]/.test(text[i - 1] ?? ' ')) {
        const v = m[0];
        // Keep the variable's role: a string stays a string, an identifier an identifier.
        if (v[1] === "'") out.set(i, "'" + 'x'.repeat(v.length - 2) + "'");
        else if (v[1] === '"') out.set(i, '"' + 'x'.repeat(v.length - 2) + '"');
        // An identifier is valid both where psql substitutes a name and where it substitutes a value.
        else out.set(i, 'x' + '_'.repeat(v.length - 1));
        i += v.length;
        continue;
      }
    } else if (c === '{' && text[i + 1] === '{') {
      const close = text.indexOf('}}', i + 2);
      if (close > 0 && !text.slice(i, close).includes('\n')) {
        out.set(i, 'x' + '_'.repeat(close + 2 - i - 1));
        i = close + 2;
        continue;
      }
    } else if (c === ';') {
      const stmt = text.slice(statementStart, i);
      statementStart = i + 1;
      if (/^\s*copy\b[\s\S]*\bfrom\s+stdin\b/i.test(stripComments(stmt))) {
        // COPY data follows on the next line, up to a line holding only `\.`.
        const dataStart = endOfLine(text, i) + 1;
        const endMarker = /^\\\.\s*$/m;
        const rest = text.slice(dataStart);
        const m = endMarker.exec(rest);
        const dataEnd = m ? dataStart + m.index + m[0].length : n;
        blank(dataStart, dataEnd);
        i = dataEnd;
        continue;
      }
    }
    i++;
  }
  if (patches.length === 0) return text;
  patches.sort((a, b) => a[0] - b[0]);
  let result = '';
  let pos = 0;
  for (const [at, s] of patches) {
    if (at < pos) continue;
    result += text.slice(pos, at) + s;
    pos = at + s.length;
  }
  return result + text.slice(pos);
}

function stripComments(s: string): string {
  return s.replace(/--[^\n\r]*/g, ' ').replace(/\/\*[\s\S]*?\*\//g, ' ');
}

function isEscapeString(text: string, quote: number): boolean {
  const p = text[quote - 1];
  return (p === 'e' || p === 'E') && !/[\w]/.test(text[quote - 2] ?? ' ');
}

/** The end of a `--` comment: PostgreSQL's scanner ends it at a line feed or a carriage return. */
function endOfLineComment(text: string, i: number): number {
  let k = i + 2;
  while (k < text.length && text[k] !== '\n' && text[k] !== '\r') k++;
  return k;
}

export function endOfLine(text: string, i: number): number {
  const nl = text.indexOf('\n', i);
  return nl < 0 ? text.length : nl;
}

export function endOfBlockComment(text: string, i: number): number {
  let depth = 0;
  let k = i;
  while (k < text.length) {
    if (text[k] === '/' && text[k + 1] === '*') {
      depth++;
      k += 2;
    } else if (text[k] === '*' && text[k + 1] === '/') {
      depth--;
      k += 2;
      if (depth === 0) return k;
    } else k++;
  }
  return text.length;
}

export function endOfQuoted(text: string, i: number, q: string, backslashEscapes: boolean): number {
  let k = i + 1;
  while (k < text.length) {
    const c = text[k]!;
    if (backslashEscapes && c === '\\') {
      k += 2;
      continue;
    }
    if (c === q) {
      if (text[k + 1] === q) {
        k += 2;
        continue;
      }
      return k + 1;
    }
    k++;
  }
  return text.length;
}
