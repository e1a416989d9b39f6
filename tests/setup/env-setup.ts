import "./fail-on-console.ts";
import { applyTestEnv } from "./test-env.ts";

// Unit tests import modules that read the environment but never open the database.
applyTestEnv("file:./var/test/unused.db");
