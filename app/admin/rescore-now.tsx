import { useFetcher } from "@remix-run/react";
import { BlockStack, Button, InlineStack, ProgressBar, Text } from "@shopify/polaris";
import { useEffect } from "react";
import { useI18n } from "../i18n/i18n-context.tsx";
import type { WorkProgress } from "./work-progress.server.ts";

const POLL_MS = 1500;

/**
 * "Rescore now", and while a rescoring is asked for or running, a progress bar that follows it (polling
 * /app/progress); the button is busy meanwhile, so a second click does not look ignored.
 */
export function RescoreNow(props: { initial: WorkProgress }) {
  const { t, f } = useI18n();
  const request = useFetcher<{ queued: boolean; at: string }>();
  const poll = useFetcher<WorkProgress>();
  // Asked (the server's clock): busy until a rescoring has finished after that.
  const askedAt = request.data?.at ? Date.parse(request.data.at) : null;
  const progress = poll.data ?? props.initial;
  const running = progress.rescore?.status === "running";
  const servedAsk = askedAt !== null && progress.rescore?.finishedAt !== null && Date.parse(progress.rescore?.finishedAt ?? "") >= askedAt && !running;
  const waiting = request.state !== "idle" || (askedAt !== null && !servedAsk && !running);
  const busy = running || waiting;
  const { load } = poll;
  useEffect(() => {
    if (!busy) return;
    const timer = setInterval(() => load("/app/progress"), POLL_MS);
    return () => clearInterval(timer);
  }, [busy, load]);
  return (
    <BlockStack gap="200">
      <InlineStack gap="300" blockAlign="center">
        <request.Form method="post" action="/app/rescore">
          <Button submit loading={busy} accessibilityLabel={busy ? t("rescore.busy") : undefined}>
            {t("rescore.button")}
          </Button>
        </request.Form>
        <Text as="span" tone="subdued" variant="bodySm">
          {running
            ? t("rescore.running")
            : waiting
              ? t("rescore.queued")
              : progress.rescore?.finishedAt
                ? t("rescore.last", { at: f.dateTime(progress.rescore.finishedAt) })
                : t("rescore.never")}
        </Text>
      </InlineStack>
      {running && progress.rescore?.share !== null && progress.rescore?.share !== undefined ? (
        <ProgressBar progress={Math.round(progress.rescore.share * 100)} size="small" ariaLabelledBy="rescore-progress-label" />
      ) : null}
      {running ? (
        <span id="rescore-progress-label" style={{ position: "absolute", width: 1, height: 1, overflow: "hidden", clip: "rect(0 0 0 0)" }}>
          {t("rescore.running")}
        </span>
      ) : null}
    </BlockStack>
  );
}
