import type { ShopDetailsQuery as ShopDetailsQueryResult } from "../../types/admin.generated.d.ts";

export const ShopDetailsQuery = `#graphql
  query ShopDetails {
    shop {
      name
      currencyCode
      ianaTimezone
    }
  }
`;

/** The query's `data`, generated from the schema (npm run graphql:codegen). */
export type ShopDetailsData = ShopDetailsQueryResult;
