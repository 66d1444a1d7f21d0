import { fuzzSuite } from "./suite.js";
fuzzSuite("recommend");
