import { fuzzSuite } from "./suite.js";
fuzzSuite("clv");
