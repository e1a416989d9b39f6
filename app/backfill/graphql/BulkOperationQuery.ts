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

export interface BulkOperationData {
  bulkOperation: {
    id: string;
    status: "CANCELED" | "CANCELING" | "COMPLETED" | "CREATED" | "EXPIRED" | "FAILED" | "RUNNING";
    errorCode: string | null;
    objectCount: string;
    rootObjectCount: string;
    url: string | null;
    partialDataUrl: string | null;
    completedAt: string | null;
  } | null;
}
