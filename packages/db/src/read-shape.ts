import type { CompiledQuery, OperationNode } from 'kysely';

// Node kinds a plain read may contain. Anything else (writes, raw SQL, EXPLAIN, ...) takes the
// ordinary transaction.
const READ_KINDS = new Set([
  'SelectQueryNode', 'SelectionNode', 'SelectAllNode', 'FromNode', 'TableNode', 'SchemableIdentifierNode',
  'IdentifierNode', 'AliasNode', 'ReferenceNode', 'ColumnNode', 'WhereNode', 'HavingNode', 'AndNode', 'OrNode',
  'ParensNode', 'BinaryOperationNode', 'UnaryOperationNode', 'OperatorNode', 'ValueNode', 'ValueListNode',
  'PrimitiveValueListNode', 'TupleNode', 'ListNode', 'JoinNode', 'OnNode', 'OrderByNode', 'OrderByItemNode',
  'GroupByNode', 'GroupByItemNode', 'LimitNode', 'OffsetNode', 'FetchNode', 'WithNode', 'CommonTableExpressionNode',
  'CommonTableExpressionNameNode', 'SetOperationNode', 'ValuesNode', 'CaseNode', 'WhenNode', 'CastNode',
  'DataTypeNode', 'CollateNode', 'JSONReferenceNode', 'JSONPathNode', 'JSONPathLegNode', 'JSONOperatorChainNode',
  'OverNode', 'PartitionByNode', 'PartitionByItemNode', 'SelectModifierNode', 'FunctionNode', 'AggregateFunctionNode',
]);

// Functions without side effects or transaction-bound values (so no now(), no nextval(), no
// advisory locks): a read using only these cannot tell its own transaction from the caller's.
const READ_FUNCTIONS = new Set([
  'count', 'sum', 'avg', 'min', 'max', 'bool_and', 'bool_or', 'every', 'array_agg', 'string_agg', 'json_agg',
  'jsonb_agg', 'json_object_agg', 'jsonb_object_agg', 'coalesce', 'nullif', 'greatest', 'least', 'lower', 'upper',
  'trim', 'btrim', 'length', 'char_length', 'concat', 'concat_ws', 'substring', 'replace', 'left', 'right', 'abs',
  'round', 'floor', 'ceil', 'mod', 'json_build_object', 'jsonb_build_object', 'json_build_array',
  'jsonb_build_array', 'to_json', 'to_jsonb', 'row_to_json', 'array_length', 'cardinality',
]);

// Plain-read verdicts by SQL text: the same text is the same statement, whichever tree produced it. Bounded.
const verdicts = new Map<string, boolean>();

/**
 * Whether the query is a plain read: a select that neither writes, locks, nor reads anything bound
 * to its transaction, so it may run in a read-only transaction of its own. Decided on the query tree
 * (raw SQL is never plain: it may hold anything).
 */
export function isPlainRead(query: CompiledQuery): boolean {
  let plain = verdicts.get(query.sql);
  if (plain === undefined) {
    if (verdicts.size >= 2000) verdicts.clear();
    verdicts.set(query.sql, (plain = inspectQuery(query.query)));
  }
  return plain;
}

function inspectQuery(root: OperationNode): boolean {
  if (root.kind !== 'SelectQueryNode') return false;
  const pending: OperationNode[] = [root];
  for (let node = pending.pop(); node; node = pending.pop()) {
    if (!isReadNode(node)) return false;
    for (const key in node) {
      const value = (node as unknown as Record<string, unknown>)[key];
      if (Array.isArray(value)) {
        for (const item of value) if (isNode(item)) pending.push(item);
      } else if (isNode(value)) pending.push(value);
    }
  }
  return true;
}

function isNode(value: unknown): value is OperationNode {
  return typeof value === 'object' && value !== null && typeof (value as { kind?: unknown }).kind === 'string';
}

function isReadNode(node: OperationNode): boolean {
  if (!READ_KINDS.has(node.kind)) return false;
  const n = node as { kind: string; func?: string; modifier?: string };
  if (n.kind === 'FunctionNode' || n.kind === 'AggregateFunctionNode') return READ_FUNCTIONS.has(String(n.func).toLowerCase());
  // DISTINCT only; FOR UPDATE / FOR SHARE take row locks that must last the whole transaction.
  if (n.kind === 'SelectModifierNode') return n.modifier === 'Distinct';
  return true;
}

