import { Button, InlineError, InlineStack } from "@shopify/polaris";
import { useState } from "react";
import { useI18n } from "../i18n/i18n-context.tsx";

/**
 * A file download from one of the app's routes. Inside Shopify admin only `fetch` carries the session token (App
 * Bridge adds it), so the file is fetched and handed to the browser as a blob; a plain link would reach the route
 * without one.
 */
export function DownloadButton(props: { href: string; children: string }) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState<string | null>(null);
  async function download() {
    setBusy(true);
    setFailed(null);
    try {
      const response = await fetch(props.href);
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const filename = /filename="([^"]+)"/.exec(response.headers.get("content-disposition") ?? "")?.[1] ?? "download.csv";
      const url = URL.createObjectURL(await response.blob());
      const anchor = document.createElement("a");
      anchor.href = url;
      anchor.download = filename;
      document.body.append(anchor);
      anchor.click();
      anchor.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    } catch (error) {
      setFailed(t("download.failed", { reason: error instanceof Error ? error.message : String(error) }));
    } finally {
      setBusy(false);
    }
  }
  return (
    <InlineStack gap="200" blockAlign="center">
      <Button onClick={download} loading={busy} variant="plain">
        {props.children}
      </Button>
      {failed ? <InlineError message={failed} fieldID="download" /> : null}
    </InlineStack>
  );
}
