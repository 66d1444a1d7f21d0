// Public exports of this part of clientele/predict. The linear code (src/predict/linear/, predict.ts, calibrate.ts)
// is built but not public yet: its tests, contract cases and docs did not land this session (issue 12).
export {};
