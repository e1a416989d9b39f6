import type { BulkMutationRunMutation } from "../../types/admin.generated.d.ts";

/** Runs one mutation once per line of an uploaded JSONL of variables, as a bulk operation. */
export const BulkMutationRun = `#graphql
  mutation BulkMutationRun($mutation: String!, $stagedUploadPath: String!, $clientIdentifier: String) {
    bulkOperationRunMutation(mutation: $mutation, stagedUploadPath: $stagedUploadPath, clientIdentifier: $clientIdentifier) {
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

/** The mutation's `data`, generated from the schema (npm run graphql:codegen). */
export type BulkMutationRunData = BulkMutationRunMutation;
