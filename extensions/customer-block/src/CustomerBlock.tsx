import { useEffect, useState } from "preact/hooks";
import { type LoadState, loadCustomerBlock } from "./load.ts";
import { type BlockI18n, type BlockView, blockView, type Figure } from "./view.ts";

export interface BlockApi {
  readonly data: { readonly selected: readonly { readonly id: string }[] };
  readonly i18n: BlockI18n;
}

function FigureRow({ figure }: { figure: Figure }) {
  return (
    <s-stack direction="block" gap="none">
      <s-text color="subdued">{figure.label}</s-text>
      <s-text type="strong">{figure.value}</s-text>
      {figure.note ? <s-text color="subdued">{figure.note}</s-text> : null}
    </s-stack>
  );
}

function Body({ view }: { view: BlockView }) {
  if (view.kind === "loading") {
    return (
      <s-stack direction="inline" gap="small-200" alignItems="center">
        <s-spinner accessibilityLabel={view.text} size="base" />
        <s-text>{view.text}</s-text>
      </s-stack>
    );
  }
  if (view.kind === "message") {
    return (
      <s-banner tone={view.tone} heading={view.title}>
        <s-paragraph>{view.text}</s-paragraph>
      </s-banner>
    );
  }
  return (
    <s-stack direction="block" gap="base">
      <s-stack direction="inline" gap="small-200" alignItems="center">
        <s-text color="subdued">{view.segment.label}</s-text>
        <s-badge tone={view.segment.tone}>{view.segment.value}</s-badge>
      </s-stack>
      <s-grid gridTemplateColumns="1fr 1fr" gap="base">
        {view.figures.map((figure) => (
          <FigureRow key={figure.key} figure={figure} />
        ))}
      </s-grid>
      <s-stack direction="inline" gap="base" justifyContent="space-between">
        <s-text color="subdued">{view.footnote}</s-text>
        {view.appLink ? <s-link href={view.appLink.href}>{view.appLink.label}</s-link> : null}
      </s-stack>
    </s-stack>
  );
}

/** The block for the shopper the page shows: one request to the app's backend, then the scores or why there are none. */
export function CustomerBlock({ api, fetcher }: { api: BlockApi; fetcher: typeof fetch }) {
  const customerGid = api.data.selected[0]?.id;
  const [state, setState] = useState<LoadState>({ phase: "loading" });
  useEffect(() => {
    let current = true;
    setState({ phase: "loading" });
    void loadCustomerBlock(fetcher, customerGid).then((loaded) => {
      if (current) setState(loaded);
    });
    return () => {
      current = false;
    };
  }, [customerGid, fetcher]);
  const view = blockView(state, api.i18n, customerGid);
  return (
    <s-admin-block heading={view.heading}>
      <Body view={view} />
    </s-admin-block>
  );
}
