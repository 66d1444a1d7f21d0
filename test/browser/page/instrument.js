// Records, per workload step, every WebAssembly module compilation and instantiation the page
// attempts (and whether it succeeded), and every Content-Security-Policy violation. The
// wrappers are transparent subclasses: they call the real constructors and return what they
// return (or rethrow what they throw), so the library runs exactly as it would without them.
// This is how the test knows, without timing anything, that the K-Means WebAssembly kernel ran
// on the normal page and could not compile under the CSP (the library does not expose it).
(() => {
  var log = [];
  var violations = [];
  var step = "(load)";
  window.__wasmLog = log;
  window.__violations = violations;
  window.__markStep = (s) => {
    step = s;
  };
  document.addEventListener("securitypolicyviolation", (e) => {
    violations.push({ step: step, blockedURI: e.blockedURI, directive: e.effectiveDirective || e.violatedDirective });
  });
  if (typeof WebAssembly !== "object") return;
  var OrigModule = WebAssembly.Module;
  var OrigInstance = WebAssembly.Instance;
  function size(b) {
    return b && typeof b.byteLength === "number" ? b.byteLength : -1;
  }
  class Module extends OrigModule {
    constructor(bytes) {
      try {
        super(bytes);
      } catch (e) {
        log.push({ step: step, what: "compile", ok: false, bytes: size(bytes), error: String(e) });
        throw e;
      }
      log.push({ step: step, what: "compile", ok: true, bytes: size(bytes) });
    }
  }
  class Instance extends OrigInstance {
    constructor(mod, imports) {
      try {
        super(mod, imports);
      } catch (e) {
        log.push({ step: step, what: "instantiate", ok: false, error: String(e) });
        throw e;
      }
      log.push({ step: step, what: "instantiate", ok: true });
    }
  }
  WebAssembly.Module = Module;
  WebAssembly.Instance = Instance;
})();
