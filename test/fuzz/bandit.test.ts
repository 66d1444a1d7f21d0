import { fuzzSuite } from "./suite.js";
fuzzSuite("bandit");
