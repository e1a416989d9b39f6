import {
  getNamedType,
  GraphQLError,
  parse,
  TypeInfo,
  validate,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type GraphQLSchema,
  type SelectionSetNode,
} from "graphql";
import type { BulkUserError } from "../graphql/context.ts";
import { parseError, validationError } from "../graphql/errors.ts";
import { isConnectionType } from "../graphql/selection.ts";

/**
 * The checks `bulkOperationRunQuery` makes on its `query` before it creates an operation: the document parses and
 * validates against the schema, is one query without variables, has at least one and at most five connections,
 * nests connections at most two levels deep, does not start at `node`/`nodes`, and every object holding a nested
 * connection selects `id` (children point to it with `__parentId`).
 */
export const MAX_BULK_CONNECTIONS = 5;
export const MAX_BULK_CONNECTION_DEPTH = 2;

export type BulkQueryCheck = { ok: true; document: DocumentNode; operation: OperationDefinitionNode; rootField: string } | { ok: false; errors: BulkUserError[] };

function invalid(message: string): BulkUserError {
  return { field: ["query"], message, code: "INVALID" };
}

/** Replaces fragment spreads with inline fragments so the operation can be walked alone. */
function inlineFragments(operation: OperationDefinitionNode, fragments: Map<string, FragmentDefinitionNode>): OperationDefinitionNode {
  const expand = (set: SelectionSetNode, seen: Set<string>): SelectionSetNode => ({
    ...set,
    selections: set.selections.map((selection) => {
      if (selection.kind === "FragmentSpread") {
        const fragment = fragments.get(selection.name.value);
        if (!fragment || seen.has(fragment.name.value)) return selection;
        return {
          kind: "InlineFragment" as never,
          typeCondition: fragment.typeCondition,
          directives: selection.directives,
          selectionSet: expand(fragment.selectionSet, new Set([...seen, fragment.name.value])),
        };
      }
      if (selection.selectionSet) return { ...selection, selectionSet: expand(selection.selectionSet, seen) };
      return selection;
    }),
  });
  return { ...operation, selectionSet: expand(operation.selectionSet, new Set()) };
}

export function checkBulkQuery(schema: GraphQLSchema, text: string): BulkQueryCheck {
  let document: DocumentNode;
  try {
    document = parse(text);
  } catch (error) {
    if (error instanceof GraphQLError) return { ok: false, errors: [invalid(`Invalid bulk query: ${parseError(error, text).message}`)] };
    throw error;
  }
  const validationErrors = validate(schema, document);
  if (validationErrors.length) {
    return { ok: false, errors: validationErrors.map((e) => invalid(`Invalid bulk query: ${validationError(e, document).message}`)) };
  }
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === "OperationDefinition");
  const [operation] = operations;
  if (!operation || operations.length !== 1) return { ok: false, errors: [invalid("Bulk queries must contain exactly one operation.")] };
  if (operation.operation !== "query") return { ok: false, errors: [invalid("Bulk queries must be queries; use bulkOperationRunMutation for mutations.")] };
  if (operation.variableDefinitions?.length) return { ok: false, errors: [invalid("Bulk queries cannot use variables.")] };

  const fragments = new Map(document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === "FragmentDefinition").map((f) => [f.name.value, f]));
  const inlined = inlineFragments(operation, fragments);
  const topFields = inlined.selectionSet.selections.filter((s) => s.kind === "Field" && s.name.value !== "__typename");
  const top = topFields[0];
  if (top?.kind === "Field" && (top.name.value === "node" || top.name.value === "nodes")) {
    return { ok: false, errors: [invalid("The top-level node and nodes fields can't be used in bulk queries.")] };
  }

  const typeInfo = new TypeInfo(schema);
  let connections = 0;
  let deepest = 0;
  const connectionDepth: number[] = [0];
  const frames: { hasId: boolean; nested: string[] }[] = [];
  const errors: BulkUserError[] = [];
  visit(
    inlined,
    visitWithTypeInfo(typeInfo, {
      Field: {
        enter(node) {
          const def = typeInfo.getFieldDef();
          const frame = frames[frames.length - 1];
          if (node.name.value === "id" && !node.alias && frame) frame.hasId = true;
          const depth = connectionDepth[connectionDepth.length - 1] ?? 0;
          if (def && isConnectionType(getNamedType(def.type))) {
            connections++;
            connectionDepth.push(depth + 1);
            deepest = Math.max(deepest, depth + 1);
            if (depth >= 1) frames[frames.length - 1]?.nested.push(node.alias?.value ?? node.name.value);
          } else {
            connectionDepth.push(depth);
          }
        },
        leave() {
          connectionDepth.pop();
        },
      },
      SelectionSet: {
        enter(_node, _key, parent) {
          if (parent && !Array.isArray(parent) && (parent as { kind?: string }).kind === "Field") frames.push({ hasId: false, nested: [] });
        },
        leave(_node, _key, parent) {
          if (!parent || Array.isArray(parent) || (parent as { kind?: string }).kind !== "Field") return;
          const frame = frames.pop();
          if (frame && frame.nested.length && !frame.hasId) {
            errors.push(
              invalid(
                `The parent 'node' field for a nested connection must select the 'id' field without an alias and must be of 'ID' return type. Connection fields without 'id': ${frame.nested.join(", ")}.`,
              ),
            );
          }
        },
      },
    }),
  );
  if (connections === 0) return { ok: false, errors: [invalid("Bulk queries must contain at least one connection.")] };
  if (connections > MAX_BULK_CONNECTIONS) errors.push(invalid(`Bulk queries cannot contain more than ${MAX_BULK_CONNECTIONS} connections.`));
  if (deepest > MAX_BULK_CONNECTION_DEPTH) {
    errors.push(invalid(`Bulk queries cannot contain connections nested more than ${MAX_BULK_CONNECTION_DEPTH} levels deep.`));
  }
  if (errors.length) return { ok: false, errors };

  const queryRoot = schema.getQueryType();
  const topName = top?.kind === "Field" ? top.name.value : "";
  const topDef = queryRoot?.getFields()[topName];
  if (topFields.length !== 1 || !topDef || !isConnectionType(getNamedType(topDef.type))) {
    return {
      ok: false,
      errors: [
        invalid(
          `The store simulator runs bulk queries whose only top-level field is a connection (got: ${topFields.map((f) => (f.kind === "Field" ? f.name.value : "fragment")).join(", ")}).`,
        ),
      ],
    };
  }
  return { ok: true, document, operation, rootField: top?.kind === "Field" ? (top.alias?.value ?? top.name.value) : topName };
}
