// Worker-thread entry of parse-pool.ts: parses the files it is sent and posts their parses back as
// data, those of one turn of its event loop in one message.
import { parentPort } from 'node:worker_threads';
import { loadPostgresParser, parseDocument, setStatementCaching } from '../engine/index.js';
import { parsedFileData } from '../engine/parse/parsed-data.js';
import type { ParseReply, ParseRequest } from './parse-pool.js';

let replies: ParseReply['parsed'] = [];
let transfer: ArrayBuffer[] = [];

function flush(): void {
  parentPort!.postMessage({ parsed: replies } satisfies ParseReply, transfer);
  replies = [];
  transfer = [];
}

// Its parses go back as data and each file comes once: a statement cache here would never be hit.
setStatementCaching(false);
const loaded = loadPostgresParser();

parentPort!.on('message', (request: ParseRequest) => {
  void loaded.then(() => {
    try {
      const out = parsedFileData(parseDocument(request.text, { primaryAst: request.primaryAst }));
      replies.push({ id: request.id, data: out.data });
      transfer.push(...out.transfer);
    } catch {
      // The caller parses the file again itself, and fails as it would have without this thread.
      replies.push({ id: request.id });
    }
    if (replies.length === 1) setImmediate(flush);
  });
});
