import { BlockStack, Text } from "@shopify/polaris";

/** One labelled figure with an optional note beneath (the dashboard's tiles, the customer page's scores). */
export function Figure(props: { label: string; value: string; note?: string | undefined }) {
  return (
    <BlockStack gap="100">
      <Text as="h3" variant="bodySm" tone="subdued">
        {props.label}
      </Text>
      <Text as="p" variant="headingLg">
        {props.value}
      </Text>
      {props.note ? (
        <Text as="p" variant="bodySm" tone="subdued">
          {props.note}
        </Text>
      ) : null}
    </BlockStack>
  );
}
