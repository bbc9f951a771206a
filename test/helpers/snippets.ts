// Expands a VS Code snippet body with its default placeholder values, as the editor does on insert:
// escapes (\$ \} \\), tabstops ($1, ${1}), placeholders (${1:default}, nested), choices (${1|a,b|}),
// and transforms (${1/regex/format/flags}) applied to the placeholder's value.
type Node = string | { n: number; children?: Node[]; choice?: string; transform?: { re: RegExp; format: string } };

function parse(src: string): Node[] {
  let i = 0;
  const parseUntil = (stop: string | undefined): Node[] => {
    const out: Node[] = [];
    let buf = '';
    const flush = (): void => {
      if (buf) out.push(buf);
      buf = '';
    };
    while (i < src.length) {
      const c = src[i]!;
      if (c === '\\' && i + 1 < src.length && '$}\\,|'.includes(src[i + 1]!)) {
        buf += src[i + 1];
        i += 2;
        continue;
      }
      if (stop && c === stop) break;
      if (c === '$') {
        const m = /^\$(\d+)/.exec(src.slice(i));
        if (m) {
          flush();
          out.push({ n: Number(m[1]) });
          i += m[0].length;
          continue;
        }
        const b = /^\$\{(\d+)([:|/}])/.exec(src.slice(i));
        if (b) {
          flush();
          const n = Number(b[1]);
          i += b[0].length;
          if (b[2] === '}') out.push({ n });
          else if (b[2] === ':') {
            const children = parseUntil('}');
            i++;
            out.push({ n, children });
          } else if (b[2] === '|') {
            const end = src.indexOf('|}', i);
            out.push({ n, choice: src.slice(i, end).split(',')[0] });
            i = end + 2;
          } else {
            const parts: string[] = ['', '', ''];
            let k = 0;
            while (i < src.length && !(src[i] === '}' && k === 2)) {
              if (src[i] === '\\') {
                parts[k] += src.slice(i, i + 2);
                i += 2;
              } else if (src[i] === '/' && k < 2) {
                k++;
                i++;
              } else parts[k] += src[i++];
            }
            i++;
            out.push({ n, transform: { re: new RegExp(parts[0]!, parts[2]!.includes('g') ? 'g' : ''), format: parts[1]! } });
          }
          continue;
        }
      }
      buf += c;
      i++;
    }
    flush();
    return out;
  };
  return parseUntil(undefined);
}

export function expandSnippet(body: string | string[]): string {
  const nodes = parse(Array.isArray(body) ? body.join('\n') : body);
  const values = new Map<number, string>();
  const render = (ns: Node[]): string =>
    ns
      .map((x) => {
        if (typeof x === 'string') return x;
        if (x.children) {
          const v = render(x.children);
          if (!values.has(x.n)) values.set(x.n, v);
          return values.get(x.n)!;
        }
        if (x.choice !== undefined) {
          if (!values.has(x.n)) values.set(x.n, x.choice);
          return values.get(x.n)!;
        }
        if (x.transform) return (values.get(x.n) ?? '').replace(x.transform.re, x.transform.format.replace(/\$(\d)/g, '$$$1'));
        return values.get(x.n) ?? '';
      })
      .join('');
  // Two passes: a tabstop or transform may come before the placeholder that gives its value.
  render(nodes);
  return render(nodes);
}
