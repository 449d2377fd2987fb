import { isCollection, isPair, LineCounter, parseDocument, type Document, type Node } from 'yaml';

/** Limits for YAML that comes from outside (a tenant file pasted into a public route). */
export const YAML_LIMITS = {
  /** Characters of text. */
  maxLength: 200_000,
  /** Nesting of maps and lists; a tenant file needs about 6. */
  maxDepth: 32,
  /** Aliases resolved when the document becomes data (an alias bomb multiplies them). */
  maxAliasCount: 100,
};

export interface YamlProblem {
  line?: number;
  message: string;
}

/**
 * Parses YAML with bounds on size, nesting and alias expansion, so a hostile document answers with
 * a problem naming its line instead of exhausting the stack or the memory. Returns the document and
 * its data, or the problems.
 */
export function parseBoundedYaml(text: string): { ok: true; doc: Document; data: unknown } | { ok: false; problems: YamlProblem[] } {
  if (text.length > YAML_LIMITS.maxLength) {
    return { ok: false, problems: [{ message: `the file is longer than ${YAML_LIMITS.maxLength} characters` }] };
  }
  // The parser itself recurses per level: bound the nesting before it sees the text.
  const deep = deepestLine(text);
  if (deep) return { ok: false, problems: [{ line: deep, message: `nested more than ${YAML_LIMITS.maxDepth} levels deep` }] };
  const lines = new LineCounter();
  let doc: Document;
  try {
    doc = parseDocument(text, { prettyErrors: true, lineCounter: lines });
  } catch (error) {
    if (error instanceof RangeError) return { ok: false, problems: [{ message: 'the YAML is nested too deeply' }] };
    throw error;
  }
  if (doc.errors.length) {
    return { ok: false, problems: doc.errors.map((e) => ({ line: e.linePos?.[0]?.line, message: e.message.split('\n')[0] ?? e.message })) };
  }
  // Depth, walked without recursion.
  const stack: { node: unknown; depth: number }[] = [{ node: doc.contents, depth: 0 }];
  while (stack.length) {
    const { node, depth } = stack.pop()!;
    if (isPair(node)) {
      stack.push({ node: node.key, depth }, { node: node.value, depth });
    } else if (isCollection(node)) {
      if (depth + 1 > YAML_LIMITS.maxDepth) {
        const offset = (node as Node).range?.[0];
        return { ok: false, problems: [{ line: offset === undefined ? undefined : lines.linePos(offset).line, message: `nested more than ${YAML_LIMITS.maxDepth} levels deep` }] };
      }
      for (const item of node.items) stack.push({ node: item, depth: depth + 1 });
    }
  }
  try {
    return { ok: true, doc, data: doc.toJS({ maxAliasCount: YAML_LIMITS.maxAliasCount }) };
  } catch (error) {
    if (error instanceof ReferenceError || error instanceof RangeError) {
      return { ok: false, problems: [{ message: `aliases expand to more than ${YAML_LIMITS.maxAliasCount} copies` }] };
    }
    throw error;
  }
}

/**
 * A linear scan that over-estimates nesting: block indentation levels, compact `- - x` entries and
 * open flow brackets (`[`, `{`) outside comments. Returns the first line past the limit, if any.
 */
function deepestLine(text: string): number | undefined {
  const indents: number[] = [];
  let flow = 0;
  let lineNo = 0;
  for (const line of text.split('\n')) {
    lineNo += 1;
    const indent = line.length - line.trimStart().length;
    const body = line.slice(indent);
    if (body === '' || body.startsWith('#')) continue;
    if (flow === 0) {
      while (indents.length && indents[indents.length - 1]! >= indent) indents.pop();
      indents.push(indent);
    }
    let dashes = 0;
    while (body.startsWith('- ', dashes * 2)) dashes += 1;
    for (let i = 0; i < body.length; i++) {
      const ch = body[i];
      if (ch === '#' && (i === 0 || body[i - 1] === ' ')) break;
      if (ch === '[' || ch === '{') flow += 1;
      else if ((ch === ']' || ch === '}') && flow > 0) flow -= 1;
      if (indents.length + dashes + flow > YAML_LIMITS.maxDepth) return lineNo;
    }
    if (indents.length + dashes + flow > YAML_LIMITS.maxDepth) return lineNo;
  }
  return undefined;
}
