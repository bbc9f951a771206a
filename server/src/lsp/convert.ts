// Engine findings -> LSP diagnostics. The engine speaks UTF-16 offsets; LSP speaks line/character
// (also UTF-16 by default), computed with each file's own line index.
import { createHash } from 'node:crypto';
import { DiagnosticSeverity, type Diagnostic, type DiagnosticRelatedInformation, type Range as LspRange } from 'vscode-languageserver';
import { type Finding, type FixSpec, type ParsedFile, type Range, type Severity } from '../engine/index.js';
import { docsLink } from '../node/docs.js';
import { DIAGNOSTIC_SOURCE, type DiagnosticData, type FixData } from './protocol.js';

/** Resolves a history file (absolute path) to its URI and parsed text, for edits and related locations in other files. */
export interface FileLookup {
  uriOf(file: string): string;
  parsedOf(file: string): ParsedFile | undefined;
}

export function severityOf(s: Severity): DiagnosticSeverity {
  return s === 'error' ? DiagnosticSeverity.Error : s === 'warning' ? DiagnosticSeverity.Warning : DiagnosticSeverity.Information;
}

export function toLspRange(parsed: ParsedFile | undefined, range: Range): LspRange {
  if (!parsed) return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  return { start: parsed.lines.positionAt(range.start), end: parsed.lines.positionAt(range.end) };
}

export function toFixData(spec: FixSpec, file: string, files: FileLookup): FixData {
  const data: FixData = {
    title: spec.title,
    edits: spec.edits.map((e) => {
      const target = e.file ?? file;
      return { uri: files.uriOf(target), range: toLspRange(files.parsedOf(target), e.range), newText: e.newText };
    }),
  };
  if (spec.newFiles?.length) data.newFiles = spec.newFiles.map((f) => ({ uri: files.uriOf(f.file), text: f.text }));
  return data;
}

export function toDiagnostic(f: Finding, version: number | null, files: FileLookup): Diagnostic {
  const data: DiagnosticData = { ruleId: f.ruleId, version, suggestions: f.suggestions.map((s) => toFixData(s, f.file, files)) };
  if (f.fix) data.fix = toFixData(f.fix, f.file, files);
  const d: Diagnostic = {
    range: { start: f.start, end: f.end },
    severity: severityOf(f.severity),
    source: DIAGNOSTIC_SOURCE,
    code: f.ruleId,
    codeDescription: { href: docsLink(f.ruleId) },
    message: f.message,
    data,
  };
  if (f.related.length) {
    d.relatedInformation = f.related.map(
      (r): DiagnosticRelatedInformation => ({ location: { uri: files.uriOf(r.file), range: toLspRange(files.parsedOf(r.file), r.range) }, message: r.message }),
    );
  }
  return d;
}

/**
 * A short stable id of a diagnostics list: equal lists get equal ids, so clients can be told "unchanged".
 * The document version in `data` is left out: code actions re-check it against the document anyway.
 */
export function resultIdOf(diagnostics: Diagnostic[]): string {
  // Shallow copies without the version, serialized without a replacer and hashed natively: on a
  // 15,000-line dump (2,500 diagnostics, megabytes of JSON) a replacer and a JS hash loop took 15 ms a pull.
  const versionless = diagnostics.map((d) => (d.data ? { ...d, data: { ...(d.data as DiagnosticData), version: undefined } } : d));
  return createHash('sha1').update(JSON.stringify(versionless)).digest('base64url');
}
