// Public exports of this part of clientele/predict (re-exports only; the code lives in sibling modules).
export {};
