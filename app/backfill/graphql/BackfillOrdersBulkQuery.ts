/** The bulk query over every order with its refunds; its JSONL feeds the backfill. */
export const BackfillOrdersBulkQuery = `#graphql
  query BackfillOrders {
    orders(sortKey: CREATED_AT) {
      edges {
        node {
          id
          createdAt
          updatedAt
          processedAt
          cancelledAt
          test
          currencyCode
          presentmentCurrencyCode
          discountCodes
          customer {
            id
          }
          totalPriceSet {
            shopMoney {
              amount
              currencyCode
            }
            presentmentMoney {
              amount
              currencyCode
            }
          }
          refunds {
            id
            createdAt
            totalRefundedSet {
              shopMoney {
                amount
                currencyCode
              }
            }
          }
        }
      }
    }
  }
`;
