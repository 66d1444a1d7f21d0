import { fuzzSuite } from "./suite.js";
fuzzSuite("sentiment");
