/*
 * Parses Mermaid diagrams with the real mermaid parser and prints the results as JSON.
 *
 * stdin: a JSON array of diagram texts. stdout: a JSON array, one entry per diagram, `{ ok: true, type }` or
 * `{ ok: false, error }`; flowcharts also carry what the parser made of them (`flowchart`: vertices, edges,
 * subgraphs), so tests can count nodes and arrows as Mermaid sees them rather than by reading the text.
 * Exit 0 whenever the input could be read, whatever the diagrams; 2 when it could not.
 *
 * mermaid is ESM-only and jest runs CommonJS, hence a separate process (see support/mermaid.ts). Its sanitizer
 * (DOMPurify) needs a window and a document, which jsdom provides (jsdom 26: the last line that supports Node 20).
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { JSDOM } = require('jsdom');

const dom = new JSDOM('<!doctype html><html><body></body></html>', { pretendToBeVisual: true });
globalThis.window = dom.window;
globalThis.document = dom.window.document;

async function readStdin() {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

let diagrams;
try {
  diagrams = JSON.parse(await readStdin());
  if (!Array.isArray(diagrams) || !diagrams.every((d) => typeof d === 'string')) throw new Error('expected a JSON array of strings');
} catch (error) {
  process.stderr.write(`mermaid-parse: ${error.message}\n`);
  process.exit(2);
}

const { default: mermaid } = await import('mermaid');
mermaid.initialize({ startOnLoad: false });

// The parser keeps entity codes (#quot;, #35;) encoded as ﬂ°quot¶ß / ﬂ°°35¶ß until it renders; shown here as a reader
// sees them, line breaks as \n.
const NAMED = { quot: '"', amp: '&', lt: '<', gt: '>', nbsp: ' ' };
const decode = (text) => String(text ?? '')
  .replace(/ﬂ°°(\d+)¶ß/g, (_, code) => String.fromCharCode(Number(code)))
  .replace(/ﬂ°(\w+)¶ß/g, (whole, name) => NAMED[name] ?? whole)
  .replace(/<br\s*\/?>/g, '\n');

const results = [];
for (const text of diagrams) {
  try {
    const parsed = await mermaid.parse(text);
    const result = { ok: true, type: parsed.diagramType };
    if (parsed.diagramType.startsWith('flowchart')) {
      const { db } = await mermaid.mermaidAPI.getDiagramFromText(text);
      result.flowchart = {
        vertices: [...db.getVertices().values()].map((v) => ({ id: v.id, text: decode(v.text) })),
        edges: db.getEdges().map((e) => ({ from: e.start, to: e.end, stroke: e.stroke, text: decode(e.text) })),
        subgraphs: db.getSubGraphs().map((g) => ({ id: g.id, title: decode(g.title), nodes: g.nodes })),
      };
    }
    results.push(result);
  } catch (error) {
    results.push({ ok: false, error: String(error?.message ?? error) });
  }
}
process.stdout.write(`${JSON.stringify(results)}\n`);
