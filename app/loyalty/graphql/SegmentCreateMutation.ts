import type { SegmentCreateMutation } from "../../types/admin.generated.d.ts";

/** The Shopify customer segment a per-segment rule's shared code is limited to, built on the rule's offer tag. */
export const SegmentCreate = `#graphql
  mutation SegmentCreate($name: String!, $query: String!) {
    segmentCreate(name: $name, query: $query) {
      segment {
        id
      }
      userErrors {
        field
        message
      }
    }
  }
`;

/** The mutation's `data`, generated from the schema (npm run graphql:codegen). */
export type SegmentCreateData = SegmentCreateMutation;
