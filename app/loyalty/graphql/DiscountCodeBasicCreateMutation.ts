import type { DiscountCodeBasicCreateMutation } from "../../types/admin.generated.d.ts";

/** Creates one code discount; the answer names its code and end, so a bulk run's result lines identify themselves. */
export const DiscountCodeBasicCreate = `#graphql
  mutation DiscountCodeBasicCreate($discount: DiscountCodeBasicInput!) {
    discountCodeBasicCreate(basicCodeDiscount: $discount) {
      codeDiscountNode {
        id
        codeDiscount {
          ... on DiscountCodeBasic {
            title
            endsAt
            codes(first: 1) {
              nodes {
                code
              }
            }
          }
        }
      }
      userErrors {
        field
        code
        message
      }
    }
  }
`;

/** The mutation's `data`, generated from the schema (npm run graphql:codegen). */
export type DiscountCodeBasicCreateData = DiscountCodeBasicCreateMutation;
