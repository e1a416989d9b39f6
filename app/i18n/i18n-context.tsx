import { createContext, type ReactNode, useContext, useMemo } from "react";
import { type Formats, formats } from "./format.ts";
import type { Locale } from "./locale.ts";
import { type Translate, translator } from "./translate.ts";

export interface I18n {
  locale: Locale;
  t: Translate;
  f: Formats;
}

const I18nContext = createContext<I18n | null>(null);

/** Every page's strings and formats: the admin's language, the shop's currency and time zone (app/routes/app.tsx). */
export function I18nProvider(props: { locale: Locale; currency: string; timeZone: string; children: ReactNode }) {
  const { locale, currency, timeZone } = props;
  const value = useMemo(() => ({ locale, t: translator(locale), f: formats(locale, { currency, timeZone }) }), [locale, currency, timeZone]);
  return <I18nContext.Provider value={value}>{props.children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const i18n = useContext(I18nContext);
  if (!i18n) throw new Error("useI18n outside <I18nProvider> (app/routes/app.tsx provides it)");
  return i18n;
}
