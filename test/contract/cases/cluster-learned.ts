// Contract cases for the cluster-learned exports (merged into test/contract/cases.ts): one per public
// function export, valid arguments plus flags (see the Case interface there).
import * as cluster from "../../../src/cluster/index.js";
import type { Case } from "../cases.js";

const pts = () => [
  [0, 0, 1],
  [0, 1, 2],
  [1, 0, 0],
  [1, 1, 3],
  [10, 10, 1],
  [10, 11, 0],
  [11, 10, 2],
  [11, 11, 5],
];
const json = (x: unknown): any => JSON.parse(JSON.stringify(x));
const pca = cluster.fitPca(pts(), { nComponents: 2 });
const ae = cluster.fitAutoencoder(pts(), { encoderWidths: [2], epochs: 3 });

export const CLUSTER_LEARNED_CASES: Record<string, Case> = {
  fitPca: {
    args: () => [pts(), { nComponents: 2 }],
    options: 1,
    seed: "rng",
    typed: ["rng"],
    fromJSON: "pcaFromJSON",
    predict: (m) => cluster.transformPca(m, pts()),
    negate: (j) => (j.explainedVariance[0] = -1),
  },
  transformPca: { args: () => [json(pca), pts()] },
  inverseTransformPca: {
    args: () => [
      json(pca),
      [
        [1, 2],
        [0, -1],
      ],
    ],
  },
  pcaFromJSON: { args: () => [json(pca)], loads: true, negate: (j) => (j.explainedVariance[0] = -1) },
  fitAutoencoder: {
    args: () => [pts(), { encoderWidths: [2], epochs: 3 }],
    options: 1,
    seed: "rng",
    typed: ["rng", "onProgress"],
    fromJSON: "autoencoderFromJSON",
    predict: (m) => cluster.encodeAutoencoder(m, pts()),
    negate: (j) => (j.trainLoss = -1),
  },
  fitAutoencoderAsync: {
    args: () => [pts(), { encoderWidths: [2], epochs: 3 }],
    options: 1,
    seed: "rng",
    async: true,
    typed: ["signal", "rng", "onProgress"],
    fromJSON: "autoencoderFromJSON",
    negate: (j) => (j.trainLoss = -1),
  },
  encodeAutoencoder: { args: () => [json(ae), pts()] },
  decodeAutoencoder: {
    args: () => [
      json(ae),
      [
        [1, 2],
        [0, -1],
      ],
    ],
  },
  autoencoderFromJSON: { args: () => [json(ae)], loads: true, negate: (j) => (j.trainLoss = -1) },
};
