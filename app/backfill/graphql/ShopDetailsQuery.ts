export const ShopDetailsQuery = `#graphql
  query ShopDetails {
    shop {
      name
      currencyCode
      ianaTimezone
    }
  }
`;

export interface ShopDetailsData {
  shop: { name: string; currencyCode: string; ianaTimezone: string };
}
