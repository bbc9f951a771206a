// Sqitch: changes listed in `sqitch.plan`, each a `deploy/<change>.sql`, `revert/<change>.sql` and
// `verify/<change>.sql` script. The PostgreSQL engine runs a script with `psql --file`
// (lib/App/Sqitch/Engine/pg.pm `run_file`), statement by statement; the templates
// (etc/templates/deploy/pg.tmpl) put BEGIN … COMMIT in the script itself. Deploy order is the plan's.
import { dirOf, join } from '../paths.js';
import { wholeFile } from '../sections.js';
import type { MigrationTool, ToolFile } from '../types.js';

/** The sqitch.plan whose top folder holds the script, and the script's kind and change name. */
export function sqitchScript(relPath: string, toolFiles: ReadonlyMap<string, ToolFile>): { plan: ToolFile; top: string; kind: 'deploy' | 'revert' | 'verify'; change: string } | undefined {
  const m = /^(?:(.*)\/)?(deploy|revert|verify)\/(.+)\.sql$/.exec(relPath);
  if (!m) return undefined;
  // A change name may hold slashes (deploy/func/add_user.sql): try every split.
  const parts = relPath.split('/');
  for (let i = parts.length - 2; i >= 0; i--) {
    const kind = parts[i];
    if (kind !== 'deploy' && kind !== 'revert' && kind !== 'verify') continue;
    const top = parts.slice(0, i).join('/');
    const plan = toolFiles.get(join(top, 'sqitch.plan'));
    if (plan) return { plan, top, kind, change: parts.slice(i + 1).join('/').replace(/\.sql$/, '') };
  }
  return undefined;
}

/**
 * The plan's deploy order as script paths (lib/App/Sqitch/Plan.pm "Plan File"): change lines in order,
 * `-name` lines (reverted changes) skipped. A change repeated after a tag (reworked) reads its earlier
 * instance from `<change>@<tag>.sql`, the tag being the last one before the change is repeated ("Sqitch
 * will fetch the instance of the deploy script as of the @delta tag").
 */
export function sqitchOrder(plan: ToolFile): string[] {
  const top = dirOf(plan.relPath);
  const items: ({ change: string } | { tag: string })[] = [];
  for (const raw of plan.text.split(/\r?\n/)) {
    const line = raw.replace(/(^|\s)#.*$/, '').trim();
    if (!line || line.startsWith('%') || line.startsWith('-')) continue;
    if (line.startsWith('@')) items.push({ tag: line.slice(1).split(/\s+/)[0]! });
    else {
      const change = line.replace(/^\+\s*/, '').split(/\s+/)[0];
      if (change) items.push({ change });
    }
  }
  // The next instance of each change, and the last tag before each position.
  const next = new Array<number>(items.length).fill(-1);
  const seen = new Map<string, number>();
  for (let i = items.length - 1; i >= 0; i--) {
    const item = items[i]!;
    if ('change' in item) {
      next[i] = seen.get(item.change) ?? -1;
      seen.set(item.change, i);
    }
  }
  const lastTag: { tag: string; at: number }[] = [];
  let tag = { tag: '', at: -1 };
  items.forEach((item, i) => {
    lastTag.push(tag);
    if ('tag' in item) tag = { tag: item.tag, at: i };
  });
  const out: string[] = [];
  items.forEach((item, i) => {
    if (!('change' in item)) return;
    const q = next[i]!;
    const t = q >= 0 ? lastTag[q]! : undefined;
    const name = t && t.at > i ? `${item.change}@${t.tag}` : item.change;
    for (const kind of ['deploy', 'revert', 'verify']) out.push(join(top, `${kind}/${name}.sql`));
  });
  return out;
}

export const sqitch: MigrationTool = {
  id: 'sqitch',
  name: 'Sqitch',
  docs: 'https://sqitch.org/docs/manual/sqitchtutorial/',
  detect: ({ relPath, toolFiles }) => (sqitchScript(relPath, toolFiles) ? 10 : 0),
  role(relPath) {
    const kind = /(?:^|\/)(deploy|revert|verify)\//.exec(relPath)?.[1];
    return kind === 'revert' ? 'down' : kind === 'verify' ? 'verify' : 'up';
  },
  run({ text }) {
    return { upSections: [wholeFile(text, 'up', 'none', 'statements')], downSections: [], transaction: 'none', blocks: [] };
  },
};
