// Verify-on-save (setting `sqlSchemaLint.verify: "onSave"`, off by default): when a migration is
// saved, try it on PostgreSQL (PGlite, in a worker thread: server/src/pg/editor-verifier.ts) as it
// stands after the migrations before it, and show PostgreSQL's error as a `migration-fails`
// diagnostic beside the file's lint diagnostics. Nothing here runs while typing: the file's saved
// text is checked in the background and the diagnostics are refreshed when the answer comes. The
// answer belongs to the text that was saved; once the file is edited again it is hidden until the
// next save (its ranges would point at the wrong text). When the migration cannot be checked (an
// earlier migration fails, an extension PGlite lacks), one information diagnostic says so and why.
import type { Diagnostic } from 'vscode-languageserver';
import { rulesById, formatMessage, type Finding, type ParsedFile, type SourceFile } from '../engine/index.js';
import { extensionsNamedIn } from '../pg/apply-history.js';
import { EditorVerifier, type EditorVerdict } from '../pg/editor-verifier.js';
import { firstLine } from '../pg/error-location.js';
import { describeServer, failureFinding, missingExtensionReason, planVerify, VERIFY_RULE_ID, type PlannedFile } from '../pg/verify.js';
import { toDiagnostic } from './convert.js';
import { describeError, type Logger } from './log.js';
import { currentText, pathToUri, uriToPath, type Project, type Workspace } from './workspace.js';

/** A rebuild on a long history under load takes tens of seconds; a hang ends here. */
const TIMEOUT_MS = 180_000;

interface Result {
  /** The text that was checked: the diagnostics hold while the file still has it. */
  text: string;
  diagnostics: Diagnostic[];
}

export interface VerifyHooks {
  /** New verify diagnostics for a document: ask the client to pull again. */
  changed(uri: string): void;
}

export class VerifyOnSave {
  private verifier: EditorVerifier | undefined;
  private readonly results = new Map<string, Result>();
  /** The latest save per file: an older check's answer is dropped. */
  private readonly latest = new Map<string, number>();
  private saves = 0;
  /** Milliseconds of the last check, for the bench and the log. */
  lastCheck?: { file: string; ms: number; rebuilt: boolean };

  constructor(
    private readonly workspace: Workspace,
    private readonly log: Logger,
    private readonly hooks: VerifyHooks,
    private readonly workerScript?: string,
  ) {}

  /** The verify diagnostics of a file, while its text is the one checked. */
  diagnosticsFor(file: string): Diagnostic[] {
    const r = this.results.get(file);
    if (!r) return [];
    const state = this.workspace.fileState(file);
    return state && currentText(state) === r.text ? r.diagnostics : [];
  }

  /** Settings changed: when no project wants verify any more, free PGlite and its snapshots. */
  settingsChanged(): void {
    if ([...this.workspace.projects.values()].some((p) => p.settings.verify === 'onSave')) return;
    this.dispose();
  }

  dispose(): void {
    this.verifier?.dispose();
    this.verifier = undefined;
    this.results.clear();
  }

  async documentSaved(uri: string): Promise<void> {
    const file = uriToPath(uri);
    const project = await this.workspace.readyProjectOf(file);
    if (!project || !project.settings.enable || project.settings.verify !== 'onSave') return;
    const save = ++this.saves;
    this.latest.set(file, save);
    try {
      const t0 = performance.now();
      const plan = planVerify(this.sources(project), project.config, project.toolFiles, this.workspace.parsedCache);
      const at = plan.files.findIndex((f) => f.path === file);
      if (at < 0) return; // not an up migration of the history (a down file, ignored by the config)
      const target = plan.files[at]!;
      const planMs = performance.now() - t0;
      this.verifier ??= new EditorVerifier({ timeoutMs: TIMEOUT_MS, ...(this.workerScript ? { workerScript: this.workerScript } : {}) });
      const verdict = await this.verifier.check({
        setup: plan.setup,
        before: plan.files.slice(0, at).map((f) => f.step),
        step: target.step,
        extensions: extensionsNamedIn(plan.files.map((f) => f.step)),
      });
      if (this.latest.get(file) !== save) return;
      const ms = performance.now() - t0;
      this.lastCheck = { file, ms, rebuilt: verdict.kind === 'checked' && verdict.rebuilt };
      const detail = `plan ${Math.round(planMs)} ms${verdict.kind === 'checked' ? `, PostgreSQL ${Math.round(verdict.ms)} ms` : ''}`;
      this.log.info(`Verified ${project.relPath(file)} on PostgreSQL (PGlite) in ${Math.round(ms)} ms (${detail}): ${verdict.kind === 'checked' ? (verdict.failure ? verdict.failure.error.message : 'no error') : `not checked, ${verdict.message}`}${verdict.kind === 'checked' && verdict.rebuilt ? ' (history applied first)' : ''}`);
      const finding = this.findingOf(project, plan.files, target, verdict);
      const version = project.files.get(file)?.open?.version ?? null;
      this.results.set(file, {
        text: target.parsed.text,
        diagnostics: finding ? [toDiagnostic(finding, version, { uriOf: (p) => project.files.get(p)?.uri ?? pathToUri(p), parsedOf: (p) => this.workspace.parsedCache.get(p)?.parsed })] : [],
      });
      this.hooks.changed(uri);
    } catch (e) {
      this.log.error(`Verifying ${project.relPath(file)} on PostgreSQL failed`, describeError(e));
    }
  }

  private sources(project: Project): SourceFile[] {
    const out: SourceFile[] = [];
    for (const s of project.files.values()) {
      const text = currentText(s);
      if (text === undefined || !this.workspace.parse(s)) continue;
      out.push({ path: s.path, relPath: project.relPath(s.path), text });
    }
    return out;
  }

  private findingOf(project: Project, files: PlannedFile[], target: PlannedFile, verdict: EditorVerdict): Finding | undefined {
    const checkedBy = verdict.serverVersion ? describeServer(verdict.serverVersion, 'pglite', project.config.postgresVersion) : 'PGlite';
    if (verdict.kind === 'checked') return verdict.failure ? failureFinding(target, verdict.failure, checkedBy, project.config) : undefined;
    const related: Finding['related'] = [];
    let reason: string;
    if (verdict.reason === 'earlier-failure' && verdict.failure) {
      const earlier = files.find((f) => f.path === verdict.failure!.path);
      const f = earlier && failureFinding(earlier, verdict.failure, checkedBy, { ...project.config, rules: new Map() });
      reason = `an earlier migration, ${project.relPath(verdict.failure.path)}, fails: ${verdict.failure.error.message} (SQLSTATE ${verdict.failure.error.code})`;
      if (f) related.push({ file: f.file, range: f.range, message: f.message });
    } else if (verdict.reason === 'missing-extension' && verdict.extension) {
      reason = `${missingExtensionReason(verdict.extension, 'pglite')}${verdict.path && verdict.path !== target.path ? ` (created in ${project.relPath(verdict.path)})` : ''}`;
    } else reason = verdict.message;
    return notChecked(target.parsed, target.path, checkedBy, reason, related);
  }
}

/** An information diagnostic on the file's first statement: why PostgreSQL did not check it. */
function notChecked(parsed: ParsedFile, path: string, checkedBy: string, reason: string, related: Finding['related']): Finding {
  const rule = rulesById.get(VERIFY_RULE_ID)!;
  const first = parsed.statements[0]?.range ?? { start: 0, end: Math.min(1, parsed.text.length) };
  const range = firstLine(parsed.text, first);
  const data = { checkedBy, reason };
  return {
    ruleId: VERIFY_RULE_ID,
    severity: 'info',
    messageId: 'notChecked',
    message: formatMessage(rule.meta.messages.notChecked!, data),
    data,
    file: path,
    range,
    start: parsed.lines.positionAt(range.start),
    end: parsed.lines.positionAt(range.end),
    suggestions: [],
    related,
  };
}
