import { fuzzSuite } from "./suite.js";
fuzzSuite("data");
