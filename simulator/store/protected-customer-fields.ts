/**
 * Level 2 protected customer data: the customer fields an app reads only when it was granted them, each requested on
 * its own in the Partner Dashboard ("Protected customer fields": name, email, phone, address). Shopify keeps the grant
 * per app; the simulator plays one app, so it keeps it per shop, and an app without a field gets ACCESS_DENIED.
 */
export const PROTECTED_CUSTOMER_FIELDS = ["name", "email", "phone", "address"] as const;

export type ProtectedCustomerField = (typeof PROTECTED_CUSTOMER_FIELDS)[number];

function isProtectedCustomerField(value: string): value is ProtectedCustomerField {
  return (PROTECTED_CUSTOMER_FIELDS as readonly string[]).includes(value);
}

/** The granted fields, checked; all four when `fields` is undefined (a custom app, or a development store). */
export function protectedCustomerFieldGrant(fields: readonly string[] | undefined): ReadonlySet<ProtectedCustomerField> {
  if (fields === undefined) return new Set(PROTECTED_CUSTOMER_FIELDS);
  const unknown = fields.filter((field) => !isProtectedCustomerField(field));
  if (unknown.length) {
    throw new RangeError(`Unknown protected customer field ${unknown.map((f) => JSON.stringify(f)).join(", ")}: use ${PROTECTED_CUSTOMER_FIELDS.join(", ")}`);
  }
  return new Set(fields as readonly ProtectedCustomerField[]);
}
