import { fuzzSuite } from "./suite.js";
fuzzSuite("experiment");
