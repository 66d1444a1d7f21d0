import { fuzzSuite } from "./suite.js";
fuzzSuite("sql");
