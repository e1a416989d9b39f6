/** What the block frame's page hands the extension host (extension-host.ts) in the browser, and their shared names. */
import type { LocaleMessages } from "./extension-i18n.ts";

export interface ExtensionHostContext {
  readonly target: string;
  readonly selectedGid: string;
  readonly locale: string;
  readonly messages: LocaleMessages;
  readonly fallbackMessages: LocaleMessages;
  readonly appUrl: string;
  /** The simulator's session token endpoint for the shop. */
  readonly idTokenUrl: string;
  /** The simulated admin of the shop, `/admin/<store>`. */
  readonly adminPath: string;
}

/** The `<script type="application/json">` that carries the context. */
export const CONTEXT_ELEMENT_ID = "ui-extension-context";

/** The message a block frame posts to its page with its content's height: `{ type, height }`. */
export const HEIGHT_MESSAGE = "simulator:ui-extension-height";
