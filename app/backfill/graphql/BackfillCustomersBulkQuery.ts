/** The bulk query over every customer; no names, emails, phones or addresses are asked for. */
export const BackfillCustomersBulkQuery = `#graphql
  query BackfillCustomers {
    customers {
      edges {
        node {
          id
          createdAt
          updatedAt
        }
      }
    }
  }
`;
