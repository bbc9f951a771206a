/**
 * Node.js flags the extension starts the language server with; the protocol tests and `npm run bench`
 * start it the same way.
 *
 * --max-semi-space-size=8: a young generation of at most 8 MB per semi-space instead of V8's 16. The
 * server keeps a whole workspace parsed, and after indexing ../shared/corpus the default young
 * generation alone kept about 40 MB resident (server RSS 299–319 MB, with this flag 265–271 MB), with
 * no measurable change in indexing time or edit latency (4 MB made edits on a 15,000-line file slower).
 */
export const SERVER_EXEC_ARGV: readonly string[] = ['--max-semi-space-size=8'];
