// Hover, go to definition and find references: resolve the name under the cursor against the project's
// final schema model (falling back to the model just after this file, for objects dropped or renamed
// later), then point at the migration that created it.
import type { Definition, Hover, Location, Position, ReferenceParams, TextDocumentPositionParams } from 'vscode-languageserver';
import { replayAll, type Origin, type ParsedFile, type SchemaModel } from '../engine/index.js';
import { toLspRange } from './convert.js';
import { hoverFor, type DescribeOrigin } from './hover.js';
import { referencesIn, resolveAt, targetOrigin, type Target } from './navigation.js';
import { uriToPath, type Project, type Workspace } from './workspace.js';

export interface DocumentContext {
  project: Project;
  file: string;
  parsed: ParsedFile;
  model: SchemaModel;
  /** The model right after this file (computed on demand). */
  modelAfterFile(): SchemaModel | undefined;
}

export class LanguageFeatures {
  constructor(private readonly workspace: Workspace) {}

  /** The parsed document and the project's models, for the document's current text. */
  context(uri: string): DocumentContext | undefined {
    const file = uriToPath(uri);
    const project = this.workspace.projectOfPath(file);
    const state = project?.files.get(file);
    if (!project || !state) return undefined;
    const parsed = this.workspace.parse(state);
    const result = this.workspace.resultFor(project, file);
    if (!parsed || !result) return undefined;
    let after: SchemaModel | undefined | null = null;
    return {
      project,
      file,
      parsed,
      model: result.final,
      modelAfterFile: () => {
        if (after === null) {
          after = project.session.modelAfter(result.history, file);
          if (!after) {
            const index = result.history.findIndex((h) => h.path === file);
            after = index >= 0 ? replayAll(result.history, index + 1) : undefined;
          }
        }
        return after;
      },
    };
  }

  private resolve(ctx: DocumentContext, position: Position): { target: Target; token: { start: number; end: number }; model: SchemaModel } | undefined {
    const offset = ctx.parsed.lines.offsetAt(position);
    const hit = resolveAt(ctx.parsed, ctx.model, offset);
    if (hit) return { ...hit, model: ctx.model };
    const after = ctx.modelAfterFile();
    const late = after && resolveAt(ctx.parsed, after, offset);
    return late ? { ...late, model: after! } : undefined;
  }

  describeOrigin(project: Project): DescribeOrigin {
    return (origin: Origin) => {
      const parsed = this.workspace.parsedCache.get(origin.file)?.parsed;
      const state = this.workspace.fileState(origin.file);
      if (!parsed) return undefined;
      return { relPath: project.relPath(origin.file), uri: state?.uri ?? origin.file, line: parsed.lines.positionAt(origin.range.start).line + 1 };
    };
  }

  location(origin: Origin): Location | undefined {
    const parsed = this.workspace.parsedCache.get(origin.file)?.parsed;
    const state = this.workspace.fileState(origin.file);
    if (!parsed || !state) return undefined;
    return { uri: state.uri, range: toLspRange(parsed, origin.range) };
  }

  hover(params: TextDocumentPositionParams): Hover | null {
    const ctx = this.context(params.textDocument.uri);
    if (!ctx) return null;
    const hit = this.resolve(ctx, params.position);
    if (!hit) return null;
    return hoverFor(hit.target, hit.token, ctx.parsed, hit.model, this.describeOrigin(ctx.project));
  }

  definition(params: TextDocumentPositionParams): Definition | null {
    const ctx = this.context(params.textDocument.uri);
    if (!ctx) return null;
    const hit = this.resolve(ctx, params.position);
    if (!hit) return null;
    return this.location(targetOrigin(hit.target)) ?? null;
  }

  references(params: ReferenceParams): Location[] | null {
    const ctx = this.context(params.textDocument.uri);
    if (!ctx) return null;
    const hit = this.resolve(ctx, params.position);
    if (!hit) return null;
    const origin = targetOrigin(hit.target);
    const out: Location[] = [];
    for (const state of ctx.project.files.values()) {
      const parsed = this.workspace.parse(state);
      if (!parsed) continue;
      for (const t of referencesIn(parsed, hit.model, hit.target)) {
        const isDeclaration = origin.file === state.path && t.start >= origin.range.start && t.end <= origin.range.end;
        if (isDeclaration && !params.context.includeDeclaration) continue;
        out.push({ uri: state.uri, range: toLspRange(parsed, t) });
      }
    }
    return out;
  }
}
