import { fuzzSuite } from "./suite.js";
fuzzSuite("journey");
