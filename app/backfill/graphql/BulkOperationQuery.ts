import type { BulkOperationQuery as BulkOperationQueryResult } from "../../types/admin.generated.d.ts";

export const BulkOperationQuery = `#graphql
  query BulkOperation($id: ID!) {
    bulkOperation(id: $id) {
      id
      status
      errorCode
      objectCount
      rootObjectCount
      url
      partialDataUrl
      completedAt
    }
  }
`;

/** The query's `data`, generated from the schema (npm run graphql:codegen). */
export type BulkOperationData = BulkOperationQueryResult;
