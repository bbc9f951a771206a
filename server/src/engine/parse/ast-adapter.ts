// pgsql-ast-parser -> facts (the primary AST for the statements it accepts). Placeholder until the
// adapter lands: returning undefined hands the statement to the PostgreSQL-AST adapter.
import type { Fact } from './facts.js';
import type { Range } from './positions.js';
import type { TokenStream } from './tokens.js';

export function astFacts(_chunk: string, _type: string, _tokens: TokenStream, _range: Range): Fact[] | undefined {
  return undefined;
}
