;; ALS row solves (see solveRowsJs in src/recommend/als-kernels.ts, which does the same arithmetic
;; in the same order): for each row u in [u0, u1), `steps` conjugate-gradient steps on
;; (D + Yᵀ(C_u − I)Y) x = YᵀC_u p_u warm-started at X[u], D = diag(d) (rotate = 1; x is first
;; rotated by Q) or the dense f × f matrix A (rotate = 0). Sums of squares and p·Ap keep two
;; lanes (even and odd indices, an odd last index added to the even lane), then even + odd.
;; The sparse pass and the mat-vec are the other modules' kernels, imported. Byte offsets.
(module
  (import "env" "memory" (memory 1 65536))
  (import "env" "sparse" (func $sparse (param i32 i32 i32 i32 i32 i32 i32 i32 f64 f64)))
  (import "env" "matvec" (func $matvec (param i32 i32 i32 i32)))

  ;; Σ a[i] b[i] in the two-lane order
  (func $dot (param $a i32) (param $b i32) (param $end i32) (param $odd i32) (result f64)
    (local $acc v128) (local $i i32) (local $t f64)
    (block $d (loop $l
      (br_if $d (i32.ge_u (local.get $i) (local.get $end)))
      (local.set $acc (f64x2.add (local.get $acc)
        (f64x2.mul (v128.load (i32.add (local.get $a) (local.get $i))) (v128.load (i32.add (local.get $b) (local.get $i))))))
      (local.set $i (i32.add (local.get $i) (i32.const 16)))
      (br $l)))
    (local.set $t (f64x2.extract_lane 0 (local.get $acc)))
    (if (local.get $odd) (then (local.set $t (f64.add (local.get $t)
      (f64.mul (f64.load (i32.add (local.get $a) (local.get $end))) (f64.load (i32.add (local.get $b) (local.get $end))))))))
    (f64.add (local.get $t) (f64x2.extract_lane 1 (local.get $acc))))

  (func (export "solve") (param $X i32) (param $Y i32) (param $indptr i32) (param $idx i32) (param $conf i32)
        (param $u0 i32) (param $u1 i32) (param $f i32) (param $steps i32) (param $rotate i32)
        (param $D i32) (param $A i32) (param $Q i32) (param $x i32) (param $r i32) (param $p i32) (param $Ap i32)
    (local $rb i32) (local $end i32) (local $odd i32) (local $s i32) (local $e i32) (local $xo i32) (local $i i32) (local $it i32)
    (local $rsold f64) (local $rsnew f64) (local $pAp f64) (local $step f64) (local $beta f64)
    (local $vs v128) (local $vb v128) (local $ra v128)
    (local.set $rb (i32.shl (local.get $f) (i32.const 3)))
    (local.set $odd (i32.and (local.get $f) (i32.const 1)))
    (local.set $end (i32.shl (i32.and (local.get $f) (i32.const -2)) (i32.const 3)))
    (block $rows (loop $row
      (br_if $rows (i32.ge_s (local.get $u0) (local.get $u1)))
      (local.set $s (i32.load (i32.add (local.get $indptr) (i32.shl (local.get $u0) (i32.const 2)))))
      (local.set $e (i32.load offset=4 (i32.add (local.get $indptr) (i32.shl (local.get $u0) (i32.const 2)))))
      (local.set $xo (i32.add (local.get $X) (i32.mul (local.get $u0) (local.get $rb))))
      (if (i32.eq (local.get $s) (local.get $e))
        (then (memory.fill (local.get $xo) (i32.const 0) (local.get $rb)))
        (else
          ;; warm start: x = Qᵀ X[u] and r = −d ∘ x, or x = X[u] and r = −(A x)
          (if (local.get $rotate)
            (then
              (call $matvec (local.get $Q) (local.get $xo) (local.get $x) (local.get $f))
              (local.set $i (i32.const 0))
              (block $d (loop $l
                (br_if $d (i32.ge_u (local.get $i) (local.get $rb)))
                (f64.store (i32.add (local.get $r) (local.get $i))
                  (f64.mul (f64.neg (f64.load (i32.add (local.get $D) (local.get $i)))) (f64.load (i32.add (local.get $x) (local.get $i)))))
                (local.set $i (i32.add (local.get $i) (i32.const 8)))
                (br $l))))
            (else
              (memory.copy (local.get $x) (local.get $xo) (local.get $rb))
              (call $matvec (local.get $A) (local.get $x) (local.get $r) (local.get $f))
              (local.set $i (i32.const 0))
              (block $d (loop $l
                (br_if $d (i32.ge_u (local.get $i) (local.get $rb)))
                (f64.store (i32.add (local.get $r) (local.get $i)) (f64.neg (f64.load (i32.add (local.get $r) (local.get $i)))))
                (local.set $i (i32.add (local.get $i) (i32.const 8)))
                (br $l)))))
          (call $sparse (local.get $Y) (local.get $idx) (local.get $conf) (local.get $s) (local.get $e) (local.get $x) (local.get $r) (local.get $f) (f64.const 1) (f64.const -1))
          (memory.copy (local.get $p) (local.get $r) (local.get $rb))
          (local.set $rsold (call $dot (local.get $r) (local.get $r) (local.get $end) (local.get $odd)))
          (local.set $it (i32.const 0))
          (block $cg (loop $step
            (br_if $cg (i32.ge_s (local.get $it) (local.get $steps)))
            (br_if $cg (i32.eqz (f64.gt (local.get $rsold) (f64.const 1e-20))))
            ;; Ap = d ∘ p or A p, then + Σ c (y·p) y
            (if (local.get $rotate)
              (then
                (local.set $i (i32.const 0))
                (block $d (loop $l
                  (br_if $d (i32.ge_u (local.get $i) (local.get $rb)))
                  (f64.store (i32.add (local.get $Ap) (local.get $i))
                    (f64.mul (f64.load (i32.add (local.get $D) (local.get $i))) (f64.load (i32.add (local.get $p) (local.get $i)))))
                  (local.set $i (i32.add (local.get $i) (i32.const 8)))
                  (br $l))))
              (else (call $matvec (local.get $A) (local.get $p) (local.get $Ap) (local.get $f))))
            (call $sparse (local.get $Y) (local.get $idx) (local.get $conf) (local.get $s) (local.get $e) (local.get $p) (local.get $Ap) (local.get $f) (f64.const 0) (f64.const 1))
            (local.set $pAp (call $dot (local.get $p) (local.get $Ap) (local.get $end) (local.get $odd)))
            (br_if $cg (i32.eqz (f64.gt (local.get $pAp) (f64.const 0))))
            (local.set $step (f64.div (local.get $rsold) (local.get $pAp)))
            ;; x += step p; r −= step Ap (elementwise)
            (local.set $vs (f64x2.splat (local.get $step)))
            (local.set $i (i32.const 0))
            (block $d (loop $l
              (br_if $d (i32.ge_u (local.get $i) (local.get $end)))
              (v128.store (i32.add (local.get $x) (local.get $i))
                (f64x2.add (v128.load (i32.add (local.get $x) (local.get $i))) (f64x2.mul (local.get $vs) (v128.load (i32.add (local.get $p) (local.get $i))))))
              (v128.store (i32.add (local.get $r) (local.get $i))
                (f64x2.sub (v128.load (i32.add (local.get $r) (local.get $i))) (f64x2.mul (local.get $vs) (v128.load (i32.add (local.get $Ap) (local.get $i))))))
              (local.set $i (i32.add (local.get $i) (i32.const 16)))
              (br $l)))
            (if (local.get $odd) (then
              (f64.store (i32.add (local.get $x) (local.get $end))
                (f64.add (f64.load (i32.add (local.get $x) (local.get $end))) (f64.mul (local.get $step) (f64.load (i32.add (local.get $p) (local.get $end))))))
              (f64.store (i32.add (local.get $r) (local.get $end))
                (f64.sub (f64.load (i32.add (local.get $r) (local.get $end))) (f64.mul (local.get $step) (f64.load (i32.add (local.get $Ap) (local.get $end))))))))
            (local.set $rsnew (call $dot (local.get $r) (local.get $r) (local.get $end) (local.get $odd)))
            (local.set $beta (f64.div (local.get $rsnew) (local.get $rsold)))
            ;; p = r + beta p
            (local.set $vb (f64x2.splat (local.get $beta)))
            (local.set $i (i32.const 0))
            (block $d (loop $l
              (br_if $d (i32.ge_u (local.get $i) (local.get $end)))
              (v128.store (i32.add (local.get $p) (local.get $i))
                (f64x2.add (v128.load (i32.add (local.get $r) (local.get $i))) (f64x2.mul (local.get $vb) (v128.load (i32.add (local.get $p) (local.get $i))))))
              (local.set $i (i32.add (local.get $i) (i32.const 16)))
              (br $l)))
            (if (local.get $odd) (then
              (f64.store (i32.add (local.get $p) (local.get $end))
                (f64.add (f64.load (i32.add (local.get $r) (local.get $end))) (f64.mul (local.get $beta) (f64.load (i32.add (local.get $p) (local.get $end))))))))
            (local.set $rsold (local.get $rsnew))
            (local.set $it (i32.add (local.get $it) (i32.const 1)))
            (br $step)))
          (memory.copy (local.get $xo) (local.get $x) (local.get $rb))))
      (local.set $u0 (i32.add (local.get $u0) (i32.const 1)))
      (br $row)))
  )
)
