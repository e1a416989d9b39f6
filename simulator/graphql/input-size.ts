import {
  getArgumentValues,
  Kind,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type FieldNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from "graphql";
import type { ShopifyError } from "./errors.ts";

/** Shopify refuses any input list longer than this, whatever the field ("GraphQL Admin API rate limits"). */
export const MAX_INPUT_ARRAY_SIZE = 250;

/**
 * Input lists above 250 items, anywhere in the arguments of any field (after variables are applied): Shopify
 * answers `The input array size of 300 is greater than the maximum allowed of 250.` with code
 * MAX_INPUT_SIZE_EXCEEDED and the path from the field to the list (`["metafieldsDelete", "metafields"]`),
 * before running anything.
 */
export function oversizedInputErrors(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
): ShopifyError[] {
  const errors: ShopifyError[] = [];
  const typeInfo = new TypeInfo(schema);
  const fieldPath: string[] = [];
  const scan = (value: unknown, path: string[], node: FieldNode) => {
    if (Array.isArray(value)) {
      if (value.length > MAX_INPUT_ARRAY_SIZE) {
        errors.push({
          message: `The input array size of ${value.length} is greater than the maximum allowed of ${MAX_INPUT_ARRAY_SIZE}.`,
          ...(node.loc ? { locations: [{ line: node.loc.startToken.line, column: node.loc.startToken.column }] } : {}),
          path,
          extensions: { code: "MAX_INPUT_SIZE_EXCEEDED" },
        });
        return;
      }
      for (const item of value) scan(item, path, node);
    } else if (value && typeof value === "object") {
      for (const [key, inner] of Object.entries(value)) scan(inner, [...path, key], node);
    }
  };
  const executed: DocumentNode = { kind: Kind.DOCUMENT, definitions: [operation, ...document.definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION)] };
  visit(
    executed,
    visitWithTypeInfo(typeInfo, {
      Field: {
        enter(node) {
          fieldPath.push(node.alias?.value ?? node.name.value);
          const definition = typeInfo.getFieldDef();
          if (!definition || !node.arguments?.length) return;
          let args: Record<string, unknown>;
          try {
            args = getArgumentValues(definition, node, variables);
          } catch {
            return;
          }
          for (const [name, value] of Object.entries(args)) scan(value, [...fieldPath, name], node);
        },
        leave() {
          fieldPath.pop();
        },
      },
    }),
  );
  return errors;
}
