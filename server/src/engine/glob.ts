// Minimal glob matching for config patterns (`**`, `*`, `?`, `{a,b}`), on forward-slash paths.
const cache = new Map<string, RegExp>();

export function globToRegExp(glob: string): RegExp {
  let re = cache.get(glob);
  if (re) return re;
  let s = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*') {
      if (glob[i + 1] === '*') {
        const slash = glob[i + 2] === '/';
        s += slash ? '(?:.*/)?' : '.*';
        i += slash ? 2 : 1;
      } else s += '[^/]*';
    } else if (c === '?') s += '[^/]';
    else if (c === '{') {
      const close = glob.indexOf('}', i);
      if (close < 0) s += '\\{';
      else {
        s += '(?:' + glob.slice(i + 1, close).split(',').map(escape).join('|') + ')';
        i = close;
      }
    } else s += escape(c);
  }
  re = new RegExp('^' + s + '$');
  cache.set(glob, re);
  return re;
}

function escape(s: string): string {
  return s.replace(/[.+^${}()|[\]\\]/g, '\\$&');
}

/** A pattern without a slash matches at any depth, as in .gitignore. */
export function matchesGlob(path: string, glob: string): boolean {
  const g = glob.replace(/^\.\//, '');
  if (!g.includes('/')) return globToRegExp('**/' + g).test(path);
  return globToRegExp(g).test(path);
}
