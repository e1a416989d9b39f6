// As in the other projects: a test that writes to console.error or console.warn fails.
import "../setup/fail-on-console.ts";
