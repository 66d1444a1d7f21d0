;; K-Means exhaustive assignment: nearest and second-nearest center of every point, two
;; centers per f64x2 step (lane 0 = even centers, lane 1 = odd centers).
;;
;; Centers are passed transposed in pairs: pair p holds (c[2p][t], c[2p+1][t]) for t < d,
;; 16 bytes per coordinate (a missing last odd center is +Infinity). Each lane sums its
;; squared differences sequentially over t, exactly as the JavaScript loop
;; `e0 * e0 + e1 * e1 + ...` does for one center, so every distance is bit-identical; the two
;; lanes' nearest / second-nearest are merged with ties to the lower center index.
;;
;; Per point i (row at data + i d 8): label J (i32), upper = sqrt(b1) * slack - drift[J],
;; lower = sqrt(b2) / slack + others[J]. If first != 0 every point is added to sums[J] and
;; counts[J] (the caller zeroes them); otherwise a point whose label changed is moved from its
;; old cluster's sums / counts to J's. Returns the number of changed labels.
(module
  (import "env" "memory" (memory 1 65536))
  (func (export "assign")
    (param $data i32) (param $n i32) (param $d i32) (param $ct i32) (param $kp i32)
    (param $labels i32) (param $upper i32) (param $lower i32)
    (param $drift i32) (param $others i32) (param $sums i32) (param $counts i32)
    (param $xs i32) (param $first i32) (param $slack f64)
    (result i32)
    (local $i i32) (local $oi i32) (local $t i32) (local $p i32) (local $pc i32)
    (local $q i32) (local $xsEnd i32) (local $row i32)
    (local $acc v128) (local $e v128) (local $b1 v128) (local $b2 v128)
    (local $jb v128) (local $jv v128) (local $lt v128)
    (local $a0 f64) (local $a1 f64) (local $B1 f64) (local $B2 f64)
    (local $J i32) (local $j0 i32) (local $j1 i32) (local $old i32) (local $changed i32)
    (local $so i32) (local $sj i32) (local $x f64)
    (local $s1 v128) (local $s2 v128) (local $s3 v128) (local $xv v128) (local $r i32)
    (local $lt1 i32) (local $moved i32) (local $prow i32) (local $prow2 i32) (local $prow3 i32)
    (local.set $row (i32.shl (local.get $d) (i32.const 3)))
    (local.set $prow (i32.shl (local.get $d) (i32.const 4)))
    (local.set $prow2 (i32.shl (local.get $d) (i32.const 5)))
    (local.set $prow3 (i32.mul (local.get $d) (i32.const 48)))
    (local.set $xsEnd (i32.add (local.get $xs) (i32.shl (local.get $d) (i32.const 4))))
    (local.set $oi (local.get $data))
    (block $done
      (loop $points
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        ;; the point's coordinates, each splatted to both lanes
        (local.set $t (i32.const 0))
        (local.set $q (local.get $xs))
        (block $sd
          (loop $sl
            (br_if $sd (i32.ge_u (local.get $q) (local.get $xsEnd)))
            (v128.store (local.get $q) (v128.load64_splat (i32.add (local.get $oi) (local.get $t))))
            (local.set $t (i32.add (local.get $t) (i32.const 8)))
            (local.set $q (i32.add (local.get $q) (i32.const 16)))
            (br $sl)))
        (local.set $b1 (v128.const f64x2 inf inf))
        (local.set $b2 (v128.const f64x2 inf inf))
        (local.set $jb (v128.const i64x2 0 0))
        (local.set $jv (v128.const i64x2 0 1))
        (local.set $pc (local.get $ct))
        (local.set $p (i32.const 0))
        ;; blocks of four pairs (eight centers): four independent sums per coordinate step
        (block $bd
          (loop $bl
            (br_if $bd (i32.gt_u (i32.add (local.get $p) (i32.const 4)) (local.get $kp)))
            (local.set $acc (v128.const f64x2 0 0))
            (local.set $s1 (v128.const f64x2 0 0))
            (local.set $s2 (v128.const f64x2 0 0))
            (local.set $s3 (v128.const f64x2 0 0))
            (local.set $q (local.get $xs))
            (local.set $r (local.get $pc))
            (block $td4
              (loop $tl4
                (br_if $td4 (i32.ge_u (local.get $q) (local.get $xsEnd)))
                (local.set $xv (v128.load (local.get $q)))
                (local.set $e (f64x2.sub (local.get $xv) (v128.load (local.get $r))))
                (local.set $acc (f64x2.add (local.get $acc) (f64x2.mul (local.get $e) (local.get $e))))
                (local.set $e (f64x2.sub (local.get $xv) (v128.load (i32.add (local.get $r) (local.get $prow)))))
                (local.set $s1 (f64x2.add (local.get $s1) (f64x2.mul (local.get $e) (local.get $e))))
                (local.set $e (f64x2.sub (local.get $xv) (v128.load (i32.add (local.get $r) (local.get $prow2)))))
                (local.set $s2 (f64x2.add (local.get $s2) (f64x2.mul (local.get $e) (local.get $e))))
                (local.set $e (f64x2.sub (local.get $xv) (v128.load (i32.add (local.get $r) (local.get $prow3)))))
                (local.set $s3 (f64x2.add (local.get $s3) (f64x2.mul (local.get $e) (local.get $e))))
                (local.set $q (i32.add (local.get $q) (i32.const 16)))
                (local.set $r (i32.add (local.get $r) (i32.const 16)))
                (br $tl4)))
            (local.set $lt (f64x2.lt (local.get $acc) (local.get $b1)))
            (local.set $b2 (v128.bitselect (local.get $b1) (f64x2.pmin (local.get $b2) (local.get $acc)) (local.get $lt)))
            (local.set $b1 (f64x2.pmin (local.get $b1) (local.get $acc)))
            (local.set $jb (v128.bitselect (local.get $jv) (local.get $jb) (local.get $lt)))
            (local.set $jv (i64x2.add (local.get $jv) (v128.const i64x2 2 2)))
            (local.set $lt (f64x2.lt (local.get $s1) (local.get $b1)))
            (local.set $b2 (v128.bitselect (local.get $b1) (f64x2.pmin (local.get $b2) (local.get $s1)) (local.get $lt)))
            (local.set $b1 (f64x2.pmin (local.get $b1) (local.get $s1)))
            (local.set $jb (v128.bitselect (local.get $jv) (local.get $jb) (local.get $lt)))
            (local.set $jv (i64x2.add (local.get $jv) (v128.const i64x2 2 2)))
            (local.set $lt (f64x2.lt (local.get $s2) (local.get $b1)))
            (local.set $b2 (v128.bitselect (local.get $b1) (f64x2.pmin (local.get $b2) (local.get $s2)) (local.get $lt)))
            (local.set $b1 (f64x2.pmin (local.get $b1) (local.get $s2)))
            (local.set $jb (v128.bitselect (local.get $jv) (local.get $jb) (local.get $lt)))
            (local.set $jv (i64x2.add (local.get $jv) (v128.const i64x2 2 2)))
            (local.set $lt (f64x2.lt (local.get $s3) (local.get $b1)))
            (local.set $b2 (v128.bitselect (local.get $b1) (f64x2.pmin (local.get $b2) (local.get $s3)) (local.get $lt)))
            (local.set $b1 (f64x2.pmin (local.get $b1) (local.get $s3)))
            (local.set $jb (v128.bitselect (local.get $jv) (local.get $jb) (local.get $lt)))
            (local.set $jv (i64x2.add (local.get $jv) (v128.const i64x2 2 2)))
            (local.set $pc (i32.add (local.get $pc) (i32.shl (local.get $prow) (i32.const 2))))
            (local.set $p (i32.add (local.get $p) (i32.const 4)))
            (br $bl)))
        ;; remaining pairs, one at a time
        (block $pd
          (loop $pl
            (br_if $pd (i32.ge_u (local.get $p) (local.get $kp)))
            (local.set $acc (v128.const f64x2 0 0))
            (local.set $q (local.get $xs))
            (block $td
              (loop $tl
                (br_if $td (i32.ge_u (local.get $q) (local.get $xsEnd)))
                (local.set $e (f64x2.sub (v128.load (local.get $q)) (v128.load (local.get $pc))))
                (local.set $acc (f64x2.add (local.get $acc) (f64x2.mul (local.get $e) (local.get $e))))
                (local.set $q (i32.add (local.get $q) (i32.const 16)))
                (local.set $pc (i32.add (local.get $pc) (i32.const 16)))
                (br $tl)))
            (local.set $lt (f64x2.lt (local.get $acc) (local.get $b1)))
            (local.set $b2 (v128.bitselect (local.get $b1) (f64x2.pmin (local.get $b2) (local.get $acc)) (local.get $lt)))
            (local.set $b1 (f64x2.pmin (local.get $b1) (local.get $acc)))
            (local.set $jb (v128.bitselect (local.get $jv) (local.get $jb) (local.get $lt)))
            (local.set $jv (i64x2.add (local.get $jv) (v128.const i64x2 2 2)))
            (local.set $p (i32.add (local.get $p) (i32.const 1)))
            (br $pl)))
        ;; merge the lanes: smallest (ties to the lower index) and second smallest, with vector
        ;; min / max (a scalar f64 select would compile to an unpredictable branch)
        (local.set $a0 (f64x2.extract_lane 0 (local.get $b1)))
        (local.set $a1 (f64x2.extract_lane 1 (local.get $b1)))
        (local.set $j0 (i32.wrap_i64 (i64x2.extract_lane 0 (local.get $jb))))
        (local.set $j1 (i32.wrap_i64 (i64x2.extract_lane 1 (local.get $jb))))
        (local.set $lt1 (f64.lt (local.get $a1) (local.get $a0)))
        (local.set $J
          (select (local.get $j1)
            (select (local.get $j0)
              (select (local.get $j0) (local.get $j1) (i32.lt_u (local.get $j0) (local.get $j1)))
              (f64.lt (local.get $a0) (local.get $a1)))
            (local.get $lt1)))
        ;; lane 0 of: pmin(b1, swap b1) = B1; pmin(pmin(b2, swap b2), pmax(b1, swap b1)) = B2
        (local.set $e (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $b1) (local.get $b1)))
        (local.set $acc (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $b2) (local.get $b2)))
        (local.set $B1 (f64x2.extract_lane 0 (f64x2.pmin (local.get $b1) (local.get $e))))
        (local.set $B2 (f64x2.extract_lane 0
          (f64x2.pmin (f64x2.pmax (local.get $b1) (local.get $e)) (f64x2.pmin (local.get $b2) (local.get $acc)))))
        (f64.store (i32.add (local.get $upper) (i32.shl (local.get $i) (i32.const 3)))
          (f64.sub (f64.mul (f64.sqrt (local.get $B1)) (local.get $slack))
                   (f64.load (i32.add (local.get $drift) (i32.shl (local.get $J) (i32.const 3))))))
        (f64.store (i32.add (local.get $lower) (i32.shl (local.get $i) (i32.const 3)))
          (f64.add (f64.div (f64.sqrt (local.get $B2)) (local.get $slack))
                   (f64.load (i32.add (local.get $others) (i32.shl (local.get $J) (i32.const 3))))))
        (local.set $old (i32.load (i32.add (local.get $labels) (i32.shl (local.get $i) (i32.const 2)))))
        (local.set $moved (i32.ne (local.get $old) (local.get $J)))
        (if (local.get $moved)
          (then
            (i32.store (i32.add (local.get $labels) (i32.shl (local.get $i) (i32.const 2))) (local.get $J))
            (local.set $changed (i32.add (local.get $changed) (i32.const 1)))
            (if (i32.eqz (local.get $first))
              (then
                ;; take the point out of its old cluster
                (local.set $so (i32.add (local.get $sums) (i32.mul (local.get $old) (local.get $row))))
                (local.set $t (i32.const 0))
                (block $od
                  (loop $ol
                    (br_if $od (i32.ge_u (local.get $t) (local.get $row)))
                    (f64.store (i32.add (local.get $so) (local.get $t))
                      (f64.sub (f64.load (i32.add (local.get $so) (local.get $t)))
                               (f64.load (i32.add (local.get $oi) (local.get $t)))))
                    (local.set $t (i32.add (local.get $t) (i32.const 8)))
                    (br $ol)))
                (i32.store (i32.add (local.get $counts) (i32.shl (local.get $old) (i32.const 2)))
                  (i32.sub (i32.load (i32.add (local.get $counts) (i32.shl (local.get $old) (i32.const 2)))) (i32.const 1)))))))
        (if (i32.or (local.get $first) (local.get $moved))
          (then
            ;; add it to cluster J
            (local.set $sj (i32.add (local.get $sums) (i32.mul (local.get $J) (local.get $row))))
            (local.set $t (i32.const 0))
            (block $ud
              (loop $ul
                (br_if $ud (i32.ge_u (local.get $t) (local.get $row)))
                (f64.store (i32.add (local.get $sj) (local.get $t))
                  (f64.add (f64.load (i32.add (local.get $sj) (local.get $t)))
                           (f64.load (i32.add (local.get $oi) (local.get $t)))))
                (local.set $t (i32.add (local.get $t) (i32.const 8)))
                (br $ul)))
            (i32.store (i32.add (local.get $counts) (i32.shl (local.get $J) (i32.const 2)))
              (i32.add (i32.load (i32.add (local.get $counts) (i32.shl (local.get $J) (i32.const 2)))) (i32.const 1)))))
        (local.set $oi (i32.add (local.get $oi) (local.get $row)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $points)))
    (local.get $changed))
)
