;; ALS dense kernels (see matVec and gramUpper in src/recommend/als-kernels.ts, which do the same
;; arithmetic in the same order). All pointers are byte offsets; matrices are row-major f × f.
(module
  (import "env" "memory" (memory 1 65536))

  ;; out[k] = sum over a = 0..f-1, in order, of M[a f + k] v[a] (each output its own running sum,
  ;; so computing two or eight outputs at once changes no result).
  (func (export "matvec") (param $M i32) (param $v i32) (param $out i32) (param $f i32)
    (local $rb i32) (local $kb i32) (local $ab i32) (local $r i32) (local $vend i32)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128) (local $vs v128) (local $t f64)
    (local.set $rb (i32.shl (local.get $f) (i32.const 3)))
    (local.set $vend (i32.add (local.get $v) (local.get $rb)))
    ;; eight outputs at a time
    (block $done8 (loop $k8
      (br_if $done8 (i32.gt_u (i32.add (local.get $kb) (i32.const 64)) (local.get $rb)))
      (local.set $a0 (v128.const i64x2 0 0))
      (local.set $a1 (v128.const i64x2 0 0))
      (local.set $a2 (v128.const i64x2 0 0))
      (local.set $a3 (v128.const i64x2 0 0))
      (local.set $r (i32.add (local.get $M) (local.get $kb)))
      (local.set $ab (local.get $v))
      (block $d (loop $l
        (br_if $d (i32.ge_u (local.get $ab) (local.get $vend)))
        (local.set $vs (v128.load64_splat (local.get $ab)))
        (local.set $a0 (f64x2.add (local.get $a0) (f64x2.mul (v128.load offset=0 (local.get $r)) (local.get $vs))))
        (local.set $a1 (f64x2.add (local.get $a1) (f64x2.mul (v128.load offset=16 (local.get $r)) (local.get $vs))))
        (local.set $a2 (f64x2.add (local.get $a2) (f64x2.mul (v128.load offset=32 (local.get $r)) (local.get $vs))))
        (local.set $a3 (f64x2.add (local.get $a3) (f64x2.mul (v128.load offset=48 (local.get $r)) (local.get $vs))))
        (local.set $r (i32.add (local.get $r) (local.get $rb)))
        (local.set $ab (i32.add (local.get $ab) (i32.const 8)))
        (br $l)))
      (local.set $r (i32.add (local.get $out) (local.get $kb)))
      (v128.store offset=0 (local.get $r) (local.get $a0))
      (v128.store offset=16 (local.get $r) (local.get $a1))
      (v128.store offset=32 (local.get $r) (local.get $a2))
      (v128.store offset=48 (local.get $r) (local.get $a3))
      (local.set $kb (i32.add (local.get $kb) (i32.const 64)))
      (br $k8)))
    ;; two outputs at a time
    (block $done2 (loop $k2
      (br_if $done2 (i32.gt_u (i32.add (local.get $kb) (i32.const 16)) (local.get $rb)))
      (local.set $a0 (v128.const i64x2 0 0))
      (local.set $r (i32.add (local.get $M) (local.get $kb)))
      (local.set $ab (local.get $v))
      (block $d (loop $l
        (br_if $d (i32.ge_u (local.get $ab) (local.get $vend)))
        (local.set $a0 (f64x2.add (local.get $a0) (f64x2.mul (v128.load (local.get $r)) (v128.load64_splat (local.get $ab)))))
        (local.set $r (i32.add (local.get $r) (local.get $rb)))
        (local.set $ab (i32.add (local.get $ab) (i32.const 8)))
        (br $l)))
      (v128.store (i32.add (local.get $out) (local.get $kb)) (local.get $a0))
      (local.set $kb (i32.add (local.get $kb) (i32.const 16)))
      (br $k2)))
    ;; the last output when f is odd
    (if (i32.lt_u (local.get $kb) (local.get $rb)) (then
      (local.set $t (f64.const 0))
      (local.set $r (i32.add (local.get $M) (local.get $kb)))
      (local.set $ab (local.get $v))
      (block $d (loop $l
        (br_if $d (i32.ge_u (local.get $ab) (local.get $vend)))
        (local.set $t (f64.add (local.get $t) (f64.mul (f64.load (local.get $r)) (f64.load (local.get $ab)))))
        (local.set $r (i32.add (local.get $r) (local.get $rb)))
        (local.set $ab (i32.add (local.get $ab) (i32.const 8)))
        (br $l)))
      (f64.store (i32.add (local.get $out) (local.get $kb)) (local.get $t))))
  )

  ;; G[a f + b] += y[a] y[b] for b >= a over the n rows y of Y: rows four at a time
  ;; ((y0 y0' + y1 y1') + (y2 y2' + y3 y3')), then one at a time. Elementwise in b.
  (func (export "gram") (param $Y i32) (param $n i32) (param $G i32) (param $f i32)
    (local $rb i32) (local $i i32) (local $ab i32) (local $bb i32) (local $g i32)
    (local $p0 i32) (local $p1 i32) (local $p2 i32) (local $p3 i32)
    (local $s0 v128) (local $s1 v128) (local $s2 v128) (local $s3 v128)
    (local $y0 f64) (local $y1 f64) (local $y2 f64) (local $y3 f64)
    (local.set $rb (i32.shl (local.get $f) (i32.const 3)))
    (block $done4 (loop $r4
      (br_if $done4 (i32.ge_s (i32.add (local.get $i) (i32.const 3)) (local.get $n)))
      (local.set $p0 (i32.add (local.get $Y) (i32.mul (local.get $i) (local.get $rb))))
      (local.set $p1 (i32.add (local.get $p0) (local.get $rb)))
      (local.set $p2 (i32.add (local.get $p1) (local.get $rb)))
      (local.set $p3 (i32.add (local.get $p2) (local.get $rb)))
      (local.set $ab (i32.const 0))
      (block $da (loop $la
        (br_if $da (i32.ge_u (local.get $ab) (local.get $rb)))
        (local.set $y0 (f64.load (i32.add (local.get $p0) (local.get $ab))))
        (local.set $y1 (f64.load (i32.add (local.get $p1) (local.get $ab))))
        (local.set $y2 (f64.load (i32.add (local.get $p2) (local.get $ab))))
        (local.set $y3 (f64.load (i32.add (local.get $p3) (local.get $ab))))
        (local.set $s0 (f64x2.splat (local.get $y0)))
        (local.set $s1 (f64x2.splat (local.get $y1)))
        (local.set $s2 (f64x2.splat (local.get $y2)))
        (local.set $s3 (f64x2.splat (local.get $y3)))
        ;; row a of G starts at G + a rb; column b byte offset bb
        (local.set $g (i32.add (local.get $G) (i32.mul (i32.shr_u (local.get $ab) (i32.const 3)) (local.get $rb))))
        (local.set $bb (local.get $ab))
        (block $db (loop $lb
          (br_if $db (i32.gt_u (i32.add (local.get $bb) (i32.const 16)) (local.get $rb)))
          (v128.store (i32.add (local.get $g) (local.get $bb))
            (f64x2.add (v128.load (i32.add (local.get $g) (local.get $bb)))
              (f64x2.add
                (f64x2.add (f64x2.mul (local.get $s0) (v128.load (i32.add (local.get $p0) (local.get $bb))))
                           (f64x2.mul (local.get $s1) (v128.load (i32.add (local.get $p1) (local.get $bb)))))
                (f64x2.add (f64x2.mul (local.get $s2) (v128.load (i32.add (local.get $p2) (local.get $bb))))
                           (f64x2.mul (local.get $s3) (v128.load (i32.add (local.get $p3) (local.get $bb))))))))
          (local.set $bb (i32.add (local.get $bb) (i32.const 16)))
          (br $lb)))
        (if (i32.lt_u (local.get $bb) (local.get $rb)) (then
          (f64.store (i32.add (local.get $g) (local.get $bb))
            (f64.add (f64.load (i32.add (local.get $g) (local.get $bb)))
              (f64.add
                (f64.add (f64.mul (local.get $y0) (f64.load (i32.add (local.get $p0) (local.get $bb))))
                         (f64.mul (local.get $y1) (f64.load (i32.add (local.get $p1) (local.get $bb)))))
                (f64.add (f64.mul (local.get $y2) (f64.load (i32.add (local.get $p2) (local.get $bb))))
                         (f64.mul (local.get $y3) (f64.load (i32.add (local.get $p3) (local.get $bb))))))))))
        (local.set $ab (i32.add (local.get $ab) (i32.const 8)))
        (br $la)))
      (local.set $i (i32.add (local.get $i) (i32.const 4)))
      (br $r4)))
    (block $done1 (loop $r1
      (br_if $done1 (i32.ge_s (local.get $i) (local.get $n)))
      (local.set $p0 (i32.add (local.get $Y) (i32.mul (local.get $i) (local.get $rb))))
      (local.set $ab (i32.const 0))
      (block $da (loop $la
        (br_if $da (i32.ge_u (local.get $ab) (local.get $rb)))
        (local.set $y0 (f64.load (i32.add (local.get $p0) (local.get $ab))))
        (local.set $s0 (f64x2.splat (local.get $y0)))
        (local.set $g (i32.add (local.get $G) (i32.mul (i32.shr_u (local.get $ab) (i32.const 3)) (local.get $rb))))
        (local.set $bb (local.get $ab))
        (block $db (loop $lb
          (br_if $db (i32.gt_u (i32.add (local.get $bb) (i32.const 16)) (local.get $rb)))
          (v128.store (i32.add (local.get $g) (local.get $bb))
            (f64x2.add (v128.load (i32.add (local.get $g) (local.get $bb)))
              (f64x2.mul (local.get $s0) (v128.load (i32.add (local.get $p0) (local.get $bb))))))
          (local.set $bb (i32.add (local.get $bb) (i32.const 16)))
          (br $lb)))
        (if (i32.lt_u (local.get $bb) (local.get $rb)) (then
          (f64.store (i32.add (local.get $g) (local.get $bb))
            (f64.add (f64.load (i32.add (local.get $g) (local.get $bb)))
              (f64.mul (local.get $y0) (f64.load (i32.add (local.get $p0) (local.get $bb))))))))
        (local.set $ab (i32.add (local.get $ab) (i32.const 8)))
        (br $la)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $r1)))
  )
)
