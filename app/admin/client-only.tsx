import { type ReactNode, useEffect, useState } from "react";

/**
 * Renders its children in the browser only, with `fallback` on the server and in the first render: charts measure
 * their container, which the server cannot, and must not make the server's HTML differ from the browser's.
 */
export function ClientOnly(props: { children: () => ReactNode; fallback?: ReactNode }) {
  const [mounted, setMounted] = useState(false);
  useEffect(() => setMounted(true), []);
  return <>{mounted ? props.children() : (props.fallback ?? null)}</>;
}
