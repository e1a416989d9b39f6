import type { CodeDiscountNodeByCodeQuery as CodeDiscountNodeByCodeQueryResult } from "../../types/admin.generated.d.ts";

/** The discount holding a code, to tell whether a code Shopify calls taken is the app's own from an earlier try. */
export const CodeDiscountNodeByCode = `#graphql
  query CodeDiscountNodeByCode($code: String!) {
    codeDiscountNodeByCode(code: $code) {
      id
      codeDiscount {
        ... on DiscountCodeBasic {
          title
          endsAt
        }
      }
    }
  }
`;

/** The query's `data`, generated from the schema (npm run graphql:codegen). */
export type CodeDiscountNodeByCodeData = CodeDiscountNodeByCodeQueryResult;
