import type { FlowTriggerReceiveMutation } from "../../types/admin.generated.d.ts";

/** Starts the merchant's Shopify Flow workflows on one of the app's triggers (extensions/flow-*), with the alert's fields. */
export const FlowTriggerReceive = `#graphql
  mutation FlowTriggerReceive($handle: String!, $payload: JSON!) {
    flowTriggerReceive(handle: $handle, payload: $payload) {
      userErrors {
        field
        message
      }
    }
  }
`;

/** The mutation's `data`, generated from the schema (npm run graphql:codegen). */
export type FlowTriggerReceiveData = FlowTriggerReceiveMutation;
