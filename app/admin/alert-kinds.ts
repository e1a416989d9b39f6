/** The kinds of early warning (app/loyalty/early-warnings.ts), as the alerts page filters them. */
export const ALERT_KINDS = ["vip-lost", "at-risk", "overdue", "p-alive-drop", "segment-shrank"] as const;
