import type { CustomerTagsRemoveMutation } from "../../types/admin.generated.d.ts";

export const CustomerTagsRemove = `#graphql
  mutation CustomerTagsRemove($id: ID!, $tags: [String!]!) {
    tagsRemove(id: $id, tags: $tags) {
      node {
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
export type CustomerTagsRemoveData = CustomerTagsRemoveMutation;
