import { fuzzSuite } from "./suite.js";
fuzzSuite("predict");
