import { fuzzSuite } from "./suite.js";
fuzzSuite("rfm");
