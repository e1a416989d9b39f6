import type { CustomerTagsAddMutation } from "../../types/admin.generated.d.ts";

export const CustomerTagsAdd = `#graphql
  mutation CustomerTagsAdd($id: ID!, $tags: [String!]!) {
    tagsAdd(id: $id, tags: $tags) {
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
export type CustomerTagsAddData = CustomerTagsAddMutation;
