import { fuzzSuite } from "./suite.js";
fuzzSuite("personalize");
