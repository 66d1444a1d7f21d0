import { fuzzSuite } from "./suite.js";
fuzzSuite("plot");
