import { fuzzSuite } from "./suite.js";
fuzzSuite("cluster");
