import type { BulkOperationRunQueryMutation as BulkOperationRunQueryResult } from "../../types/admin.generated.d.ts";

export const BulkOperationRunQueryMutation = `#graphql
  mutation BulkOperationRunQuery($query: String!) {
    bulkOperationRunQuery(query: $query, groupObjects: false) {
      bulkOperation {
        id
        status
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`;

/**
 * The mutation's `data`, generated from the schema (npm run graphql:codegen). The schema makes every mutation
 * payload nullable; Shopify answers null only together with top-level errors, which adminGraphql throws on.
 */
export type BulkOperationRunQueryData = {
  bulkOperationRunQuery: NonNullable<BulkOperationRunQueryResult["bulkOperationRunQuery"]>;
};
