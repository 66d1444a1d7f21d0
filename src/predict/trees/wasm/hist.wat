;; Histogram kernels of fitGradientBoosting (src/predict/trees/grow.ts, buildHist): the same
;; additions in the same order as the JavaScript path, without its bounds checks. A histogram
;; entry is 3 f64 (sum of gradients, sum of hessians, row count), 24 bytes; one feature's
;; histogram is 256 entries. All pointers are byte offsets into the imported memory.
(module
  (import "env" "memory" (memory 1))
  ;; gh[2k], gh[2k+1] = g[idx[k]], h[idx[k]] for k < m
  (func (export "pack") (param $g i32) (param $h i32) (param $idx i32) (param $m i32) (param $gh i32)
    (local $end i32) (local $i i32)
    (local.set $end (i32.add (local.get $idx) (i32.shl (local.get $m) (i32.const 2))))
    (block $done
      (loop $L
        (br_if $done (i32.ge_u (local.get $idx) (local.get $end)))
        (local.set $i (i32.shl (i32.load (local.get $idx)) (i32.const 3)))
        (f64.store (local.get $gh) (f64.load (i32.add (local.get $g) (local.get $i))))
        (f64.store offset=8 (local.get $gh) (f64.load (i32.add (local.get $h) (local.get $i))))
        (local.set $gh (i32.add (local.get $gh) (i32.const 16)))
        (local.set $idx (i32.add (local.get $idx) (i32.const 4)))
        (br $L))))
  ;; one feature's codes `col`: hist[col[idx[k]]] += (gh[2k], gh[2k+1], 1) for k < m, in order of k
  (func (export "gather") (param $col i32) (param $idx i32) (param $m i32) (param $gh i32) (param $hist i32)
    (local $end i32) (local $b i32)
    (local.set $end (i32.add (local.get $idx) (i32.shl (local.get $m) (i32.const 2))))
    (block $done
      (loop $L
        (br_if $done (i32.ge_u (local.get $idx) (local.get $end)))
        (local.set $b (i32.add (local.get $hist) (i32.mul (i32.load8_u (i32.add (local.get $col) (i32.load (local.get $idx)))) (i32.const 24))))
        (f64.store (local.get $b) (f64.add (f64.load (local.get $b)) (f64.load (local.get $gh))))
        (f64.store offset=8 (local.get $b) (f64.add (f64.load offset=8 (local.get $b)) (f64.load offset=8 (local.get $gh))))
        (f64.store offset=16 (local.get $b) (f64.add (f64.load offset=16 (local.get $b)) (f64.const 1)))
        (local.set $gh (i32.add (local.get $gh) (i32.const 16)))
        (local.set $idx (i32.add (local.get $idx) (i32.const 4)))
        (br $L))))
  ;; one feature's codes `col`, rows k < m in order: hist[col[k]] += (g[k], h[k], 1)
  (func (export "direct") (param $col i32) (param $m i32) (param $g i32) (param $h i32) (param $hist i32)
    (local $end i32) (local $b i32)
    (local.set $end (i32.add (local.get $col) (local.get $m)))
    (block $done
      (loop $L
        (br_if $done (i32.ge_u (local.get $col) (local.get $end)))
        (local.set $b (i32.add (local.get $hist) (i32.mul (i32.load8_u (local.get $col)) (i32.const 24))))
        (f64.store (local.get $b) (f64.add (f64.load (local.get $b)) (f64.load (local.get $g))))
        (f64.store offset=8 (local.get $b) (f64.add (f64.load offset=8 (local.get $b)) (f64.load (local.get $h))))
        (f64.store offset=16 (local.get $b) (f64.add (f64.load offset=16 (local.get $b)) (f64.const 1)))
        (local.set $g (i32.add (local.get $g) (i32.const 8)))
        (local.set $h (i32.add (local.get $h) (i32.const 8)))
        (local.set $col (i32.add (local.get $col) (i32.const 1)))
        (br $L))))
  ;; stable partition of the row indices idx[0..m): rows whose code col[i] has lut[code] = 1 are
  ;; written from idx on, the others from tmp on (every row is stored to both; one cursor moves);
  ;; returns the number going left. The caller copies tmp after them.
  (func (export "split") (param $col i32) (param $idx i32) (param $m i32) (param $tmp i32) (param $lut i32) (result i32)
    (local $k i32) (local $end i32) (local $a i32) (local $r i32) (local $i i32) (local $l i32)
    (local.set $k (local.get $idx))
    (local.set $a (local.get $idx))
    (local.set $r (local.get $tmp))
    (local.set $end (i32.add (local.get $idx) (i32.shl (local.get $m) (i32.const 2))))
    (block $done
      (loop $L
        (br_if $done (i32.ge_u (local.get $k) (local.get $end)))
        (local.set $i (i32.load (local.get $k)))
        (local.set $l (i32.load8_u (i32.add (local.get $lut) (i32.load8_u (i32.add (local.get $col) (local.get $i))))))
        (i32.store (local.get $a) (local.get $i))
        (i32.store (local.get $r) (local.get $i))
        (local.set $a (i32.add (local.get $a) (i32.shl (local.get $l) (i32.const 2))))
        (local.set $r (i32.add (local.get $r) (i32.shl (i32.sub (i32.const 1) (local.get $l)) (i32.const 2))))
        (local.set $k (i32.add (local.get $k) (i32.const 4)))
        (br $L)))
    (i32.shr_u (i32.sub (local.get $a) (local.get $idx)) (i32.const 2)))
  ;; gather for two features at once (codes col1, col2; histograms hist1, hist2): one pass over
  ;; the rows, each bin still adding its rows in order of k
  (func (export "gather2") (param $col1 i32) (param $col2 i32) (param $idx i32) (param $m i32) (param $gh i32) (param $hist1 i32) (param $hist2 i32)
    (local $end i32) (local $b i32) (local $c i32) (local $i i32) (local $g f64) (local $h f64)
    (local.set $end (i32.add (local.get $idx) (i32.shl (local.get $m) (i32.const 2))))
    (block $done
      (loop $L
        (br_if $done (i32.ge_u (local.get $idx) (local.get $end)))
        (local.set $i (i32.load (local.get $idx)))
        (local.set $g (f64.load (local.get $gh)))
        (local.set $h (f64.load offset=8 (local.get $gh)))
        (local.set $b (i32.add (local.get $hist1) (i32.mul (i32.load8_u (i32.add (local.get $col1) (local.get $i))) (i32.const 24))))
        (local.set $c (i32.add (local.get $hist2) (i32.mul (i32.load8_u (i32.add (local.get $col2) (local.get $i))) (i32.const 24))))
        (f64.store (local.get $b) (f64.add (f64.load (local.get $b)) (local.get $g)))
        (f64.store offset=8 (local.get $b) (f64.add (f64.load offset=8 (local.get $b)) (local.get $h)))
        (f64.store offset=16 (local.get $b) (f64.add (f64.load offset=16 (local.get $b)) (f64.const 1)))
        (f64.store (local.get $c) (f64.add (f64.load (local.get $c)) (local.get $g)))
        (f64.store offset=8 (local.get $c) (f64.add (f64.load offset=8 (local.get $c)) (local.get $h)))
        (f64.store offset=16 (local.get $c) (f64.add (f64.load offset=16 (local.get $c)) (f64.const 1)))
        (local.set $gh (i32.add (local.get $gh) (i32.const 16)))
        (local.set $idx (i32.add (local.get $idx) (i32.const 4)))
        (br $L))))
  ;; direct for two features at once
  (func (export "direct2") (param $col1 i32) (param $col2 i32) (param $m i32) (param $g i32) (param $h i32) (param $hist1 i32) (param $hist2 i32)
    (local $k i32) (local $b i32) (local $c i32) (local $gv f64) (local $hv f64)
    (block $done
      (loop $L
        (br_if $done (i32.ge_u (local.get $k) (local.get $m)))
        (local.set $gv (f64.load (local.get $g)))
        (local.set $hv (f64.load (local.get $h)))
        (local.set $b (i32.add (local.get $hist1) (i32.mul (i32.load8_u (i32.add (local.get $col1) (local.get $k))) (i32.const 24))))
        (local.set $c (i32.add (local.get $hist2) (i32.mul (i32.load8_u (i32.add (local.get $col2) (local.get $k))) (i32.const 24))))
        (f64.store (local.get $b) (f64.add (f64.load (local.get $b)) (local.get $gv)))
        (f64.store offset=8 (local.get $b) (f64.add (f64.load offset=8 (local.get $b)) (local.get $hv)))
        (f64.store offset=16 (local.get $b) (f64.add (f64.load offset=16 (local.get $b)) (f64.const 1)))
        (f64.store (local.get $c) (f64.add (f64.load (local.get $c)) (local.get $gv)))
        (f64.store offset=8 (local.get $c) (f64.add (f64.load offset=8 (local.get $c)) (local.get $hv)))
        (f64.store offset=16 (local.get $c) (f64.add (f64.load offset=16 (local.get $c)) (f64.const 1)))
        (local.set $g (i32.add (local.get $g) (i32.const 8)))
        (local.set $h (i32.add (local.get $h) (i32.const 8)))
        (local.set $k (i32.add (local.get $k) (i32.const 1)))
        (br $L))))
)
