;; Branch-free tree walk of predictGradientBoosting (src/predict/trees/score.ts, blockFlat): rows
;; in rank-code space, every tree walked depth[t] steps by eight rows at a time (independent
;; chains of loads), leaves pointing to themselves. A node is 16 bytes: i32 byte offset of its
;; left child, i32 byte offset of the code it reads within a row, i32 rank of its threshold,
;; unused. Leaf values are f64 (8 bytes a node, at `values` + (node offset - `nodes`) / 2).
;; out[i] += the leaf value of row i, tree by tree. A step: k = left(k) + 16 * ((rank(k) - code) >>> 31).
(module
  (import "env" "memory" (memory 1))
  (func (export "walk") (param $nodes i32) (param $values i32) (param $roots i32) (param $depths i32) (param $nt i32) (param $codes i32) (param $m i32) (param $rowBytes i32) (param $out i32)
    (local $t i32) (local $r0 i32) (local $dep i32) (local $i i32) (local $s i32) (local $vb i32) (local $ob i32)
    (local $o0 i32) (local $o1 i32) (local $o2 i32) (local $o3 i32) (local $o4 i32) (local $o5 i32) (local $o6 i32) (local $o7 i32)
    (local $k0 i32) (local $k1 i32) (local $k2 i32) (local $k3 i32) (local $k4 i32) (local $k5 i32) (local $k6 i32) (local $k7 i32)
    (local.set $vb (i32.sub (local.get $values) (i32.shr_u (local.get $nodes) (i32.const 1))))
    (block $tdone
      (loop $T
        (br_if $tdone (i32.ge_u (local.get $t) (local.get $nt)))
        (local.set $r0 (i32.load (i32.add (local.get $roots) (i32.shl (local.get $t) (i32.const 2)))))
        (local.set $dep (i32.load (i32.add (local.get $depths) (i32.shl (local.get $t) (i32.const 2)))))
        (local.set $i (i32.const 0))
        (local.set $o0 (local.get $codes))
        (local.set $ob (local.get $out))
        (block $qdone
          (loop $Q
            (br_if $qdone (i32.gt_u (i32.add (local.get $i) (i32.const 8)) (local.get $m)))
            (local.set $o1 (i32.add (local.get $o0) (local.get $rowBytes)))
            (local.set $o2 (i32.add (local.get $o1) (local.get $rowBytes)))
            (local.set $o3 (i32.add (local.get $o2) (local.get $rowBytes)))
            (local.set $o4 (i32.add (local.get $o3) (local.get $rowBytes)))
            (local.set $o5 (i32.add (local.get $o4) (local.get $rowBytes)))
            (local.set $o6 (i32.add (local.get $o5) (local.get $rowBytes)))
            (local.set $o7 (i32.add (local.get $o6) (local.get $rowBytes)))
            (local.set $k0 (local.get $r0))
            (local.set $k1 (local.get $r0))
            (local.set $k2 (local.get $r0))
            (local.set $k3 (local.get $r0))
            (local.set $k4 (local.get $r0))
            (local.set $k5 (local.get $r0))
            (local.set $k6 (local.get $r0))
            (local.set $k7 (local.get $r0))
            (local.set $s (i32.const 0))
            (block $sdone
              (loop $S
                (br_if $sdone (i32.ge_u (local.get $s) (local.get $dep)))
                (local.set $k0 (i32.add (i32.load (local.get $k0)) (i32.shl (i32.shr_u (i32.sub (i32.load offset=8 (local.get $k0)) (i32.load (i32.add (local.get $o0) (i32.load offset=4 (local.get $k0))))) (i32.const 31)) (i32.const 4))))
                (local.set $k1 (i32.add (i32.load (local.get $k1)) (i32.shl (i32.shr_u (i32.sub (i32.load offset=8 (local.get $k1)) (i32.load (i32.add (local.get $o1) (i32.load offset=4 (local.get $k1))))) (i32.const 31)) (i32.const 4))))
                (local.set $k2 (i32.add (i32.load (local.get $k2)) (i32.shl (i32.shr_u (i32.sub (i32.load offset=8 (local.get $k2)) (i32.load (i32.add (local.get $o2) (i32.load offset=4 (local.get $k2))))) (i32.const 31)) (i32.const 4))))
                (local.set $k3 (i32.add (i32.load (local.get $k3)) (i32.shl (i32.shr_u (i32.sub (i32.load offset=8 (local.get $k3)) (i32.load (i32.add (local.get $o3) (i32.load offset=4 (local.get $k3))))) (i32.const 31)) (i32.const 4))))
                (local.set $k4 (i32.add (i32.load (local.get $k4)) (i32.shl (i32.shr_u (i32.sub (i32.load offset=8 (local.get $k4)) (i32.load (i32.add (local.get $o4) (i32.load offset=4 (local.get $k4))))) (i32.const 31)) (i32.const 4))))
                (local.set $k5 (i32.add (i32.load (local.get $k5)) (i32.shl (i32.shr_u (i32.sub (i32.load offset=8 (local.get $k5)) (i32.load (i32.add (local.get $o5) (i32.load offset=4 (local.get $k5))))) (i32.const 31)) (i32.const 4))))
                (local.set $k6 (i32.add (i32.load (local.get $k6)) (i32.shl (i32.shr_u (i32.sub (i32.load offset=8 (local.get $k6)) (i32.load (i32.add (local.get $o6) (i32.load offset=4 (local.get $k6))))) (i32.const 31)) (i32.const 4))))
                (local.set $k7 (i32.add (i32.load (local.get $k7)) (i32.shl (i32.shr_u (i32.sub (i32.load offset=8 (local.get $k7)) (i32.load (i32.add (local.get $o7) (i32.load offset=4 (local.get $k7))))) (i32.const 31)) (i32.const 4))))
                (local.set $s (i32.add (local.get $s) (i32.const 1)))
                (br $S)))
            (f64.store (local.get $ob) (f64.add (f64.load (local.get $ob)) (f64.load (i32.add (local.get $vb) (i32.shr_u (local.get $k0) (i32.const 1))))))
            (f64.store offset=8 (local.get $ob) (f64.add (f64.load offset=8 (local.get $ob)) (f64.load (i32.add (local.get $vb) (i32.shr_u (local.get $k1) (i32.const 1))))))
            (f64.store offset=16 (local.get $ob) (f64.add (f64.load offset=16 (local.get $ob)) (f64.load (i32.add (local.get $vb) (i32.shr_u (local.get $k2) (i32.const 1))))))
            (f64.store offset=24 (local.get $ob) (f64.add (f64.load offset=24 (local.get $ob)) (f64.load (i32.add (local.get $vb) (i32.shr_u (local.get $k3) (i32.const 1))))))
            (f64.store offset=32 (local.get $ob) (f64.add (f64.load offset=32 (local.get $ob)) (f64.load (i32.add (local.get $vb) (i32.shr_u (local.get $k4) (i32.const 1))))))
            (f64.store offset=40 (local.get $ob) (f64.add (f64.load offset=40 (local.get $ob)) (f64.load (i32.add (local.get $vb) (i32.shr_u (local.get $k5) (i32.const 1))))))
            (f64.store offset=48 (local.get $ob) (f64.add (f64.load offset=48 (local.get $ob)) (f64.load (i32.add (local.get $vb) (i32.shr_u (local.get $k6) (i32.const 1))))))
            (f64.store offset=56 (local.get $ob) (f64.add (f64.load offset=56 (local.get $ob)) (f64.load (i32.add (local.get $vb) (i32.shr_u (local.get $k7) (i32.const 1))))))
            (local.set $i (i32.add (local.get $i) (i32.const 8)))
            (local.set $o0 (i32.add (local.get $o7) (local.get $rowBytes)))
            (local.set $ob (i32.add (local.get $ob) (i32.const 64)))
            (br $Q)))
        (block $rdone
          (loop $R
            (br_if $rdone (i32.ge_u (local.get $i) (local.get $m)))
            (local.set $k0 (local.get $r0))
            (local.set $s (i32.const 0))
            (block $s1done
              (loop $S1
                (br_if $s1done (i32.ge_u (local.get $s) (local.get $dep)))
                (local.set $k0 (i32.add (i32.load (local.get $k0)) (i32.shl (i32.shr_u (i32.sub (i32.load offset=8 (local.get $k0)) (i32.load (i32.add (local.get $o0) (i32.load offset=4 (local.get $k0))))) (i32.const 31)) (i32.const 4))))
                (local.set $s (i32.add (local.get $s) (i32.const 1)))
                (br $S1)))
            (f64.store (local.get $ob) (f64.add (f64.load (local.get $ob)) (f64.load (i32.add (local.get $vb) (i32.shr_u (local.get $k0) (i32.const 1))))))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (local.set $o0 (i32.add (local.get $o0) (local.get $rowBytes)))
            (local.set $ob (i32.add (local.get $ob) (i32.const 8)))
            (br $R)))
        (local.set $t (i32.add (local.get $t) (i32.const 1)))
        (br $T))))
;; Rank codes of one feature for m rows (codes.ts codeOf, the same comparisons): x is f64 per row;
;; cuts the sorted thresholds (len), lut the grid's starting ranks (G entries over [lo, ..] with
;; 1/width inv); up = 1 counts thresholds at or below x, else below. Missing (NaN) rows get -1 at
;; out and 2^29 at out + missOff; the others their code at both. out advances by stride bytes a row.
  (func (export "codes") (param $x i32) (param $m i32) (param $cuts i32) (param $len i32) (param $lut i32) (param $G i32) (param $lo f64) (param $inv f64) (param $up i32) (param $out i32) (param $stride i32) (param $missOff i32)
    (local $end i32) (local $v f64) (local $g f64) (local $c i32)
    (local.set $end (i32.add (local.get $x) (i32.shl (local.get $m) (i32.const 3))))
    (block $done
      (loop $L
        (br_if $done (i32.ge_u (local.get $x) (local.get $end)))
        (local.set $v (f64.load (local.get $x)))
        (if (f64.ne (local.get $v) (local.get $v))
          (then
            (i32.store (local.get $out) (i32.const -1))
            (i32.store (i32.add (local.get $out) (local.get $missOff)) (i32.const 536870912)))
          (else
            (local.set $g (f64.mul (f64.sub (local.get $v) (local.get $lo)) (local.get $inv)))
            (if (i32.eqz (f64.ge (local.get $g) (f64.const 0)))
              (then (local.set $g (f64.const 0)))
              (else (if (f64.ge (local.get $g) (f64.convert_i32_s (local.get $G)))
                (then (local.set $g (f64.convert_i32_s (i32.sub (local.get $G) (i32.const 1))))))))
            (local.set $c (i32.load (i32.add (local.get $lut) (i32.shl (i32.trunc_f64_s (local.get $g)) (i32.const 2)))))
            (if (local.get $up)
              (then
                (block $d1 (loop $l1
                  (br_if $d1 (i32.le_s (local.get $c) (i32.const 0)))
                  (br_if $d1 (i32.eqz (f64.gt (f64.load (i32.add (local.get $cuts) (i32.shl (i32.sub (local.get $c) (i32.const 1)) (i32.const 3)))) (local.get $v))))
                  (local.set $c (i32.sub (local.get $c) (i32.const 1)))
                  (br $l1)))
                (block $d2 (loop $l2
                  (br_if $d2 (i32.ge_s (local.get $c) (local.get $len)))
                  (br_if $d2 (i32.eqz (f64.le (f64.load (i32.add (local.get $cuts) (i32.shl (local.get $c) (i32.const 3)))) (local.get $v))))
                  (local.set $c (i32.add (local.get $c) (i32.const 1)))
                  (br $l2))))
              (else
                (block $d3 (loop $l3
                  (br_if $d3 (i32.le_s (local.get $c) (i32.const 0)))
                  (br_if $d3 (i32.eqz (f64.ge (f64.load (i32.add (local.get $cuts) (i32.shl (i32.sub (local.get $c) (i32.const 1)) (i32.const 3)))) (local.get $v))))
                  (local.set $c (i32.sub (local.get $c) (i32.const 1)))
                  (br $l3)))
                (block $d4 (loop $l4
                  (br_if $d4 (i32.ge_s (local.get $c) (local.get $len)))
                  (br_if $d4 (i32.eqz (f64.lt (f64.load (i32.add (local.get $cuts) (i32.shl (local.get $c) (i32.const 3)))) (local.get $v))))
                  (local.set $c (i32.add (local.get $c) (i32.const 1)))
                  (br $l4)))))
            (i32.store (local.get $out) (local.get $c))
            (i32.store (i32.add (local.get $out) (local.get $missOff)) (local.get $c))))
        (local.set $x (i32.add (local.get $x) (i32.const 8)))
        (local.set $out (i32.add (local.get $out) (local.get $stride)))
        (br $L))))
)
