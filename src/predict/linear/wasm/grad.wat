;; The two linear-algebra halves of fitLogisticRegression's fused gradient pass
;; (src/predict/linear/solver.ts, evaluate), on one block of m rows of the centered design held
;; column-major in this memory (column j at x + j * n8, n8 = 8 n bytes; x points at the block's
;; first row). Two rows per f64x2 lane pair; the JavaScript loops do the same operations in the
;; same order, so both backends give bit-identical sums:
;;   eta: η[t] += ((c_j x_j[t] + c_{j+1} x_{j+1}[t]) + c_{j+2} x_{j+2}[t]) + c_{j+3} x_{j+3}[t],
;;        four columns at a time, then one at a time (each row on its own: no reordering).
;;   grad: per column, even rows summed in lane 0 and odd rows in lane 1, a = lane0 + lane1,
;;        plus the last row when m is odd; g[j] += a.
(module
  (import "env" "memory" (memory 1))
  (func (export "eta") (param $x i32) (param $n8 i32) (param $d i32) (param $c i32) (param $e i32) (param $m i32)
    (local $j i32) (local $t i32) (local $p0 i32) (local $p1 i32) (local $p2 i32) (local $p3 i32) (local $q i32) (local $end i32)
    (local $c0 v128) (local $c1 v128) (local $c2 v128) (local $c3 v128)
    (local.set $end (i32.add (local.get $e) (i32.shl (i32.and (local.get $m) (i32.const -2)) (i32.const 3))))
    (block $jdone
      (loop $J
        (br_if $jdone (i32.gt_u (i32.add (local.get $j) (i32.const 4)) (local.get $d)))
        (local.set $c0 (v128.load64_splat (local.get $c)))
        (local.set $c1 (v128.load64_splat offset=8 (local.get $c)))
        (local.set $c2 (v128.load64_splat offset=16 (local.get $c)))
        (local.set $c3 (v128.load64_splat offset=24 (local.get $c)))
        (local.set $p0 (i32.add (local.get $x) (i32.mul (local.get $j) (local.get $n8))))
        (local.set $p1 (i32.add (local.get $p0) (local.get $n8)))
        (local.set $p2 (i32.add (local.get $p1) (local.get $n8)))
        (local.set $p3 (i32.add (local.get $p2) (local.get $n8)))
        (local.set $q (local.get $e))
        (block $tdone
          (loop $T
            (br_if $tdone (i32.ge_u (local.get $q) (local.get $end)))
            (v128.store (local.get $q) (f64x2.add (v128.load (local.get $q))
              (f64x2.add (f64x2.add (f64x2.add
                (f64x2.mul (local.get $c0) (v128.load (local.get $p0)))
                (f64x2.mul (local.get $c1) (v128.load (local.get $p1))))
                (f64x2.mul (local.get $c2) (v128.load (local.get $p2))))
                (f64x2.mul (local.get $c3) (v128.load (local.get $p3))))))
            (local.set $q (i32.add (local.get $q) (i32.const 16)))
            (local.set $p0 (i32.add (local.get $p0) (i32.const 16)))
            (local.set $p1 (i32.add (local.get $p1) (i32.const 16)))
            (local.set $p2 (i32.add (local.get $p2) (i32.const 16)))
            (local.set $p3 (i32.add (local.get $p3) (i32.const 16)))
            (br $T)))
        (if (i32.and (local.get $m) (i32.const 1))
          (then
            (f64.store (local.get $q) (f64.add (f64.load (local.get $q))
              (f64.add (f64.add (f64.add
                (f64.mul (f64x2.extract_lane 0 (local.get $c0)) (f64.load (local.get $p0)))
                (f64.mul (f64x2.extract_lane 0 (local.get $c1)) (f64.load (local.get $p1))))
                (f64.mul (f64x2.extract_lane 0 (local.get $c2)) (f64.load (local.get $p2))))
                (f64.mul (f64x2.extract_lane 0 (local.get $c3)) (f64.load (local.get $p3))))))))
        (local.set $c (i32.add (local.get $c) (i32.const 32)))
        (local.set $j (i32.add (local.get $j) (i32.const 4)))
        (br $J)))
    (block $kdone
      (loop $K
        (br_if $kdone (i32.ge_u (local.get $j) (local.get $d)))
        (local.set $c0 (v128.load64_splat (local.get $c)))
        (local.set $p0 (i32.add (local.get $x) (i32.mul (local.get $j) (local.get $n8))))
        (local.set $q (local.get $e))
        (block $udone
          (loop $U
            (br_if $udone (i32.ge_u (local.get $q) (local.get $end)))
            (v128.store (local.get $q) (f64x2.add (v128.load (local.get $q)) (f64x2.mul (local.get $c0) (v128.load (local.get $p0)))))
            (local.set $q (i32.add (local.get $q) (i32.const 16)))
            (local.set $p0 (i32.add (local.get $p0) (i32.const 16)))
            (br $U)))
        (if (i32.and (local.get $m) (i32.const 1))
          (then
            (f64.store (local.get $q) (f64.add (f64.load (local.get $q)) (f64.mul (f64x2.extract_lane 0 (local.get $c0)) (f64.load (local.get $p0)))))))
        (local.set $c (i32.add (local.get $c) (i32.const 8)))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $K))))
  (func (export "grad") (param $x i32) (param $n8 i32) (param $d i32) (param $r i32) (param $g i32) (param $m i32)
    (local $j i32) (local $p0 i32) (local $p1 i32) (local $p2 i32) (local $p3 i32) (local $q i32) (local $end i32)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128) (local $rv v128)
    (local $s0 f64) (local $s1 f64) (local $s2 f64) (local $s3 f64) (local $rl f64)
    (local.set $end (i32.add (local.get $r) (i32.shl (i32.and (local.get $m) (i32.const -2)) (i32.const 3))))
    (local.set $rl (f64.load (local.get $end)))
    (block $jdone
      (loop $J
        (br_if $jdone (i32.gt_u (i32.add (local.get $j) (i32.const 4)) (local.get $d)))
        (local.set $p0 (i32.add (local.get $x) (i32.mul (local.get $j) (local.get $n8))))
        (local.set $p1 (i32.add (local.get $p0) (local.get $n8)))
        (local.set $p2 (i32.add (local.get $p1) (local.get $n8)))
        (local.set $p3 (i32.add (local.get $p2) (local.get $n8)))
        (local.set $a0 (v128.const f64x2 0 0))
        (local.set $a1 (v128.const f64x2 0 0))
        (local.set $a2 (v128.const f64x2 0 0))
        (local.set $a3 (v128.const f64x2 0 0))
        (local.set $q (local.get $r))
        (block $tdone
          (loop $T
            (br_if $tdone (i32.ge_u (local.get $q) (local.get $end)))
            (local.set $rv (v128.load (local.get $q)))
            (local.set $a0 (f64x2.add (local.get $a0) (f64x2.mul (local.get $rv) (v128.load (local.get $p0)))))
            (local.set $a1 (f64x2.add (local.get $a1) (f64x2.mul (local.get $rv) (v128.load (local.get $p1)))))
            (local.set $a2 (f64x2.add (local.get $a2) (f64x2.mul (local.get $rv) (v128.load (local.get $p2)))))
            (local.set $a3 (f64x2.add (local.get $a3) (f64x2.mul (local.get $rv) (v128.load (local.get $p3)))))
            (local.set $q (i32.add (local.get $q) (i32.const 16)))
            (local.set $p0 (i32.add (local.get $p0) (i32.const 16)))
            (local.set $p1 (i32.add (local.get $p1) (i32.const 16)))
            (local.set $p2 (i32.add (local.get $p2) (i32.const 16)))
            (local.set $p3 (i32.add (local.get $p3) (i32.const 16)))
            (br $T)))
        (local.set $s0 (f64.add (f64x2.extract_lane 0 (local.get $a0)) (f64x2.extract_lane 1 (local.get $a0))))
        (local.set $s1 (f64.add (f64x2.extract_lane 0 (local.get $a1)) (f64x2.extract_lane 1 (local.get $a1))))
        (local.set $s2 (f64.add (f64x2.extract_lane 0 (local.get $a2)) (f64x2.extract_lane 1 (local.get $a2))))
        (local.set $s3 (f64.add (f64x2.extract_lane 0 (local.get $a3)) (f64x2.extract_lane 1 (local.get $a3))))
        (if (i32.and (local.get $m) (i32.const 1))
          (then
            (local.set $s0 (f64.add (local.get $s0) (f64.mul (local.get $rl) (f64.load (local.get $p0)))))
            (local.set $s1 (f64.add (local.get $s1) (f64.mul (local.get $rl) (f64.load (local.get $p1)))))
            (local.set $s2 (f64.add (local.get $s2) (f64.mul (local.get $rl) (f64.load (local.get $p2)))))
            (local.set $s3 (f64.add (local.get $s3) (f64.mul (local.get $rl) (f64.load (local.get $p3)))))))
        (f64.store (local.get $g) (f64.add (f64.load (local.get $g)) (local.get $s0)))
        (f64.store offset=8 (local.get $g) (f64.add (f64.load offset=8 (local.get $g)) (local.get $s1)))
        (f64.store offset=16 (local.get $g) (f64.add (f64.load offset=16 (local.get $g)) (local.get $s2)))
        (f64.store offset=24 (local.get $g) (f64.add (f64.load offset=24 (local.get $g)) (local.get $s3)))
        (local.set $g (i32.add (local.get $g) (i32.const 32)))
        (local.set $j (i32.add (local.get $j) (i32.const 4)))
        (br $J)))
    (block $kdone
      (loop $K
        (br_if $kdone (i32.ge_u (local.get $j) (local.get $d)))
        (local.set $p0 (i32.add (local.get $x) (i32.mul (local.get $j) (local.get $n8))))
        (local.set $a0 (v128.const f64x2 0 0))
        (local.set $q (local.get $r))
        (block $udone
          (loop $U
            (br_if $udone (i32.ge_u (local.get $q) (local.get $end)))
            (local.set $a0 (f64x2.add (local.get $a0) (f64x2.mul (v128.load (local.get $q)) (v128.load (local.get $p0)))))
            (local.set $q (i32.add (local.get $q) (i32.const 16)))
            (local.set $p0 (i32.add (local.get $p0) (i32.const 16)))
            (br $U)))
        (local.set $s0 (f64.add (f64x2.extract_lane 0 (local.get $a0)) (f64x2.extract_lane 1 (local.get $a0))))
        (if (i32.and (local.get $m) (i32.const 1))
          (then (local.set $s0 (f64.add (local.get $s0) (f64.mul (local.get $rl) (f64.load (local.get $p0)))))))
        (f64.store (local.get $g) (f64.add (f64.load (local.get $g)) (local.get $s0)))
        (local.set $g (i32.add (local.get $g) (i32.const 8)))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $K)))))
