/**
 * Internal: numpy's default `argsort` (kind "quicksort": introsort with median-of-three
 * pivots, insertion sort below 16 elements, heapsort past 2 log2(n) levels), transcribed
 * from numpy 1.24's npysort/quicksort.cpp. It is not stable; the `hdbscan` library sorts
 * its spanning-tree edges and its condensed-tree parents with it, so the order of equal
 * keys (frequent: equal mutual-reachability weights) decides which of several equivalent
 * hierarchies it builds. Reproducing that order reproduces its results exactly.
 * Not exported from the package.
 */

const SMALL_QUICKSORT = 15;

function msb(n: number): number {
  let depth = 0;
  for (let x = n; x > 1; x = Math.floor(x / 2)) depth++;
  return depth;
}

/** Indices that sort `v` ascending, in the order numpy's default argsort returns them. */
export function numpyArgsort(v: ArrayLike<number>): Int32Array {
  const num = v.length;
  const tosort = new Int32Array(num);
  for (let i = 0; i < num; i++) tosort[i] = i;
  if (num < 2) return tosort;
  const stack: number[] = [];
  const depthStack: number[] = [];
  let pl = 0;
  let pr = num - 1;
  let cdepth = msb(num) * 2;
  const swap = (i: number, j: number): void => {
    const t = tosort[i];
    tosort[i] = tosort[j];
    tosort[j] = t;
  };
  for (;;) {
    let popped = false;
    if (cdepth < 0) {
      heapsort(v, tosort, pl, pr - pl + 1);
      popped = true;
    } else {
      while (pr - pl > SMALL_QUICKSORT) {
        const pm = pl + ((pr - pl) >> 1);
        if (v[tosort[pm]] < v[tosort[pl]]) swap(pm, pl);
        if (v[tosort[pr]] < v[tosort[pm]]) swap(pr, pm);
        if (v[tosort[pm]] < v[tosort[pl]]) swap(pm, pl);
        const vp = v[tosort[pm]];
        let pi = pl;
        let pj = pr - 1;
        swap(pm, pj);
        for (;;) {
          do ++pi;
          while (v[tosort[pi]] < vp);
          do --pj;
          while (vp < v[tosort[pj]]);
          if (pi >= pj) break;
          swap(pi, pj);
        }
        swap(pi, pr - 1);
        if (pi - pl < pr - pi) {
          stack.push(pi + 1, pr);
          pr = pi - 1;
        } else {
          stack.push(pl, pi - 1);
          pl = pi + 1;
        }
        depthStack.push(--cdepth);
      }
    }
    if (!popped) {
      for (let pi = pl + 1; pi <= pr; pi++) {
        const vi = tosort[pi];
        const vp = v[vi];
        let pj = pi;
        while (pj > pl && vp < v[tosort[pj - 1]]) {
          tosort[pj] = tosort[pj - 1];
          pj--;
        }
        tosort[pj] = vi;
      }
    }
    if (stack.length === 0) break;
    pr = stack.pop() as number;
    pl = stack.pop() as number;
    cdepth = depthStack.pop() as number;
  }
  return tosort;
}

/** numpy's aheapsort on tosort[off .. off + n - 1]. */
function heapsort(v: ArrayLike<number>, tosort: Int32Array, off: number, n: number): void {
  // a[k] = tosort[off + k - 1] (1-based)
  const base = off - 1;
  let tmp: number;
  let i: number;
  let j: number;
  for (let l = n >> 1; l > 0; --l) {
    tmp = tosort[base + l];
    for (i = l, j = l << 1; j <= n; ) {
      if (j < n && v[tosort[base + j]] < v[tosort[base + j + 1]]) j += 1;
      if (v[tmp] < v[tosort[base + j]]) {
        tosort[base + i] = tosort[base + j];
        i = j;
        j += j;
      } else break;
    }
    tosort[base + i] = tmp;
  }
  for (; n > 1; ) {
    tmp = tosort[base + n];
    tosort[base + n] = tosort[base + 1];
    n -= 1;
    for (i = 1, j = 2; j <= n; ) {
      if (j < n && v[tosort[base + j]] < v[tosort[base + j + 1]]) j++;
      if (v[tmp] < v[tosort[base + j]]) {
        tosort[base + i] = tosort[base + j];
        i = j;
        j += j;
      } else break;
    }
    tosort[base + i] = tmp;
  }
}

/**
 * libstdc++'s `std::nth_element` (introselect: median of three moved to the front, unguarded
 * partition, insertion sort below four elements, heap select past 2 log2(n) levels) on
 * a[first .. last - 1] with the strict order `less`: scikit-learn's k-d tree partitions its
 * index array with it, so the order of points inside its nodes follows from it.
 */
export function nthElement(a: Int32Array, first: number, nth: number, last: number, less: (x: number, y: number) => boolean): void {
  if (first === last || nth === last) return;
  let depth = 2 * Math.floor(Math.log2(last - first));
  while (last - first > 3) {
    if (depth === 0) {
      heapSelect(a, first, nth + 1, last, less);
      const t = a[first];
      a[first] = a[nth];
      a[nth] = t;
      return;
    }
    depth--;
    const cut = partitionPivot(a, first, last, less);
    if (cut <= nth) first = cut;
    else last = cut;
  }
  insertionSort(a, first, last, less);
}

function swapAt(a: Int32Array, i: number, j: number): void {
  const t = a[i];
  a[i] = a[j];
  a[j] = t;
}

function partitionPivot(a: Int32Array, first: number, last: number, less: (x: number, y: number) => boolean): number {
  const mid = first + Math.floor((last - first) / 2);
  // __move_median_to_first(first, first + 1, mid, last - 1)
  const x = first + 1;
  const c = last - 1;
  if (less(a[x], a[mid])) {
    if (less(a[mid], a[c])) swapAt(a, first, mid);
    else if (less(a[x], a[c])) swapAt(a, first, c);
    else swapAt(a, first, x);
  } else if (less(a[x], a[c])) swapAt(a, first, x);
  else if (less(a[mid], a[c])) swapAt(a, first, c);
  else swapAt(a, first, mid);
  // __unguarded_partition(first + 1, last, pivot = first)
  let lo = first + 1;
  let hi = last;
  const pivot = a[first];
  for (;;) {
    while (less(a[lo], pivot)) lo++;
    hi--;
    while (less(pivot, a[hi])) hi--;
    if (!(lo < hi)) return lo;
    swapAt(a, lo, hi);
    lo++;
  }
}

function insertionSort(a: Int32Array, first: number, last: number, less: (x: number, y: number) => boolean): void {
  if (first === last) return;
  for (let i = first + 1; i < last; i++) {
    const val = a[i];
    if (less(val, a[first])) {
      for (let j = i; j > first; j--) a[j] = a[j - 1];
      a[first] = val;
    } else {
      let j = i;
      while (less(val, a[j - 1])) {
        a[j] = a[j - 1];
        j--;
      }
      a[j] = val;
    }
  }
}

function adjustHeap(a: Int32Array, first: number, hole: number, len: number, value: number, less: (x: number, y: number) => boolean): void {
  const top = hole;
  let second = hole;
  while (second < Math.floor((len - 1) / 2)) {
    second = 2 * (second + 1);
    if (less(a[first + second], a[first + second - 1])) second--;
    a[first + hole] = a[first + second];
    hole = second;
  }
  if ((len & 1) === 0 && second === Math.floor((len - 2) / 2)) {
    second = 2 * (second + 1);
    a[first + hole] = a[first + second - 1];
    hole = second - 1;
  }
  let parent = Math.floor((hole - 1) / 2);
  while (hole > top && less(a[first + parent], value)) {
    a[first + hole] = a[first + parent];
    hole = parent;
    parent = Math.floor((hole - 1) / 2);
  }
  a[first + hole] = value;
}

function heapSelect(a: Int32Array, first: number, middle: number, last: number, less: (x: number, y: number) => boolean): void {
  const len = middle - first;
  if (len >= 2) {
    for (let parent = Math.floor((len - 2) / 2); ; parent--) {
      adjustHeap(a, first, parent, len, a[first + parent], less);
      if (parent === 0) break;
    }
  }
  for (let i = middle; i < last; i++) {
    if (less(a[i], a[first])) {
      const value = a[i];
      a[i] = a[first];
      adjustHeap(a, first, 0, len, value, less);
    }
  }
}
