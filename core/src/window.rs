//! Views whose elements overlap: sliding windows (NumPy's
//! `np.lib.stride_tricks.sliding_window_view`) and, for what windows don't cover, the `unsafe`
//! [`View::as_strided`].
//!
//! A window view adds one axis per window dimension and copies nothing: the window axes reuse
//! the strides of the axes they slide along. So a 2-D filter is one contraction over the
//! windows, NumPy's idiom, and `einsum!` reads the overlapping windows in place:
//!
//! ```
//! use einarray::prelude::*;
//! let img = Array::<f64, 1>::arange(30.0).into_reshape([5, 6]);
//! let kernel = array![[0.0, 1.0, 0.0], [1.0, -4.0, 1.0], [0.0, 1.0, 0.0]]; // a Laplacian
//! let windows = img.sliding_window_view([3, 3]); // shape (3, 4, 3, 3), no copy
//! assert_eq!(windows.shape(), [3, 4, 3, 3]);
//! assert!(windows.shares_memory(&img));
//! let filtered: Array<f64, 2> = einsum!("ijkl,kl->ij", &windows, &kernel);
//! assert_eq!(filtered.shape(), [3, 4]);
//! assert_eq!(filtered.sum(), 0.0); // the Laplacian of a linear ramp
//! ```
//!
//! Window views are [`View`]s only, never `ViewMut`: their windows share elements, so writing
//! through one would write another (NumPy returns them read-only for the same reason).
//!
//! # Unsafe code here
//!
//! - `try_sliding_window_view_axes` offsets no pointer: its layout maps every in-bounds index
//!   to an in-bounds element of the source (each trimmed axis plus its windows stays below
//!   the source's length, checked before the layout is made), which is what `View::relayout`
//!   needs; the size of the result is checked for overflow (layout invariant 3).
//! - `as_strided` is `unsafe`: its caller promises what the layout cannot show. It still
//!   asserts, in release builds, that the result's size does not overflow and that every
//!   address it reaches lies within the source's extent.

use crate::error::{shape_err, unwrap_or_panic, ShapeError};
use crate::layout::{checked_size, IntoAxis, Layout};
use crate::rank::{PlusDims, Rank};
use crate::shape::Shape;
use crate::view::View;
use crate::{Array, ViewMut};

impl<'a, T, const N: usize, S: Shape<N>> View<'a, T, N, S> {
    /// Every window of `window_shape` (one length per axis) as a read-only view of rank `2N`:
    /// the first `N` axes say where a window starts, the last `N` index inside it
    /// (`np.lib.stride_tricks.sliding_window_view(x, window_shape)`). Nothing is copied.
    ///
    /// Axis `k` of the result has `shape[k] - window_shape[k] + 1` positions.
    ///
    /// # Panics
    /// When a window is longer than its axis; see [`View::try_sliding_window_view`].
    ///
    /// ```
    /// use einarray::prelude::*;
    /// let x = Array::<f64, 1>::arange(6.0);
    /// let w = x.sliding_window_view([3]); // np.lib.stride_tricks.sliding_window_view(x, 3)
    /// assert_eq!(w.shape(), [4, 3]);
    /// assert_eq!(w.slice(s![1, ..]).to_vec(), vec![1.0, 2.0, 3.0]);
    /// let moving_average = w.mean_axis(-1);
    /// assert_eq!(moving_average.to_vec(), vec![1.0, 2.0, 3.0, 4.0]);
    /// ```
    #[track_caller]
    pub fn sliding_window_view<const M: usize>(self, window_shape: [usize; N]) -> View<'a, T, M>
    where
        Rank<N>: PlusDims<N, M>,
    {
        unwrap_or_panic(self.try_sliding_window_view(window_shape))
    }

    /// [`View::sliding_window_view`], returning the error instead of panicking.
    ///
    /// ```
    /// use einarray::prelude::*;
    /// let x = Array::<f64, 2>::zeros([4, 3]);
    /// assert_eq!(
    ///     x.view().try_sliding_window_view::<4>([2, 4]).unwrap_err().to_string(),
    ///     "sliding_window_view: window shape cannot be larger than input array shape \
    ///      (window 4 along axis 1 of length 3)"
    /// );
    /// ```
    pub fn try_sliding_window_view<const M: usize>(
        self,
        window_shape: [usize; N],
    ) -> Result<View<'a, T, M>, ShapeError>
    where
        Rank<N>: PlusDims<N, M>,
    {
        let axes: [usize; N] = std::array::from_fn(|k| k);
        self.try_sliding_window_view_axes(window_shape, axes)
    }

    /// Windows along the given axes only (`sliding_window_view(x, window_shape, axis=axes)`):
    /// `window_shape[i]` slides along `axes[i]`, and the result has rank `N + K`, the window
    /// axes last in the order given. An axis may be named twice (windows of windows, as in
    /// NumPy); axes may count from the end (`-1`).
    ///
    /// # Panics
    /// When an axis is out of bounds or a window longer than what remains of its axis; see
    /// [`View::try_sliding_window_view_axes`].
    ///
    /// ```
    /// use einarray::prelude::*;
    /// let x = Array::<i32, 1>::arange(12).into_reshape([3, 4]);
    /// // windows of 2 along the last axis only: shape (3, 3, 2)
    /// let w = x.sliding_window_view_axes([2], [-1]);
    /// assert_eq!(w.shape(), [3, 3, 2]);
    /// assert_eq!(w.slice(s![2, 1, ..]).to_vec(), vec![9, 10]);
    /// ```
    #[track_caller]
    pub fn sliding_window_view_axes<const K: usize, const M: usize>(
        self,
        window_shape: [usize; K],
        axes: [impl IntoAxis; K],
    ) -> View<'a, T, M>
    where
        Rank<N>: PlusDims<K, M>,
    {
        unwrap_or_panic(self.try_sliding_window_view_axes(window_shape, axes))
    }

    /// [`View::sliding_window_view_axes`], returning the error instead of panicking.
    ///
    /// ```
    /// use einarray::prelude::*;
    /// let x = Array::<f64, 1>::zeros([5]);
    /// let r = x.view().try_sliding_window_view_axes::<2, 3>([3, 3], [0, 0]);
    /// assert_eq!(r.unwrap().shape(), [1, 3, 3]); // 5 - 2 - 2 starts
    /// let r = x.view().try_sliding_window_view_axes::<2, 3>([3, 4], [0, 0]);
    /// assert!(r.is_err()); // 3 + 4 - 1 > 5
    /// ```
    pub fn try_sliding_window_view_axes<const K: usize, const M: usize>(
        self,
        window_shape: [usize; K],
        axes: [impl IntoAxis; K],
    ) -> Result<View<'a, T, M>, ShapeError>
    where
        Rank<N>: PlusDims<K, M>,
    {
        const OP: &str = "sliding_window_view";
        let src = self.layout;
        let mut trimmed = src.shape;
        let mut shape = [0usize; M];
        let mut strides = [0isize; M];
        for (i, (w, axis)) in window_shape.into_iter().zip(axes).enumerate() {
            let k = axis.resolve::<N>(OP)?.0;
            if w > trimmed[k] {
                return Err(shape_err!(
                    IncompatibleShape,
                    "{OP}: window shape cannot be larger than input array shape (window {w} \
                     along axis {k} of length {})",
                    trimmed[k]
                ));
            }
            // A window of 0 leaves `len + 1` starts, as NumPy: the result is empty.
            trimmed[k] = trimmed[k] - w + 1;
            shape[N + i] = w;
            strides[N + i] = src.strides[k];
        }
        shape[..N].copy_from_slice(&trimmed);
        strides[..N].copy_from_slice(&src.strides);
        checked_size(OP, &shape, std::mem::size_of::<T>())?;
        // SAFETY: each window fits what remains of its axis (`w > trimmed[k]` returns an error
        // above, in release builds too), so along source axis `k` an in-bounds index reaches
        // `start + Σ window indices ≤ (len - Σ (wᵢ - 1) - 1) + Σ (wᵢ - 1) = len - 1`, in bounds;
        // every other axis keeps its index. So every in-bounds index maps to an in-bounds
        // element of `self` (an empty result reads nothing).
        Ok(unsafe { self.relayout(Layout { shape, strides }, 0) })
    }

    /// A view of the same memory with any shape and strides (in elements), NumPy's
    /// `np.lib.stride_tricks.as_strided`, for the patterns windows don't cover (a Hankel
    /// matrix from a vector, a strided tiling). The result starts at this view's first element
    /// (index `[0, …, 0]`); strides may be negative or zero.
    ///
    /// # Safety
    /// Every in-bounds index of the new layout must address an element of `self`: an address
    /// that some in-bounds index of `self` reaches. Nothing weaker is enough: memory next to a
    /// view may belong to another, mutable one, or lie outside the allocation.
    ///
    /// # Panics
    /// When the size of the result overflows, or when an address it reaches lies outside the
    /// span of `self`'s elements. This catches the common mistakes, not every breach of the
    /// contract above: a strided `self` has gaps between its elements.
    ///
    /// ```
    /// use einarray::prelude::*;
    /// let c = Array::<i32, 1>::arange_step(1, 6, 1); // [1, 2, 3, 4, 5]
    /// // SAFETY: the Hankel matrix h[i, j] = c[i + j] with i, j ≤ 2 reaches c[0..=4] only.
    /// let h = unsafe { c.view().as_strided([3, 3], [1, 1]) };
    /// assert_eq!(h.to_vec(), vec![1, 2, 3, 2, 3, 4, 3, 4, 5]);
    /// ```
    #[track_caller]
    pub unsafe fn as_strided<const M: usize>(
        self,
        shape: [usize; M],
        strides: [isize; M],
    ) -> View<'a, T, M> {
        unwrap_or_panic(checked_size("as_strided", &shape, std::mem::size_of::<T>()));
        let new = Layout { shape, strides };
        if !shape.contains(&0) {
            let (lo, hi) = unwrap_or_panic(checked_offset_range(&new));
            let (src_lo, src_hi) = self.layout.offset_range();
            if self.is_empty() || lo < src_lo || hi > src_hi {
                panic!(
                    "as_strided: shape {shape:?} with strides {strides:?} reaches element \
                     offsets {lo}..={hi}, outside this view's elements (offsets \
                     {src_lo}..={src_hi} of shape {:?} with strides {:?})",
                    self.layout.shape, self.layout.strides
                );
            }
        }
        // SAFETY: the caller promises every in-bounds index addresses an element of `self`;
        // the checks above keep the offsets within `self`'s span (invariant 3).
        unsafe { self.relayout(new, 0) }
    }
}

/// [`Layout::offset_range`] with every product and sum checked, for layouts from users.
fn checked_offset_range<const M: usize>(l: &Layout<M>) -> Result<(isize, isize), ShapeError> {
    let overflow = || {
        shape_err!(
            Overflow,
            "as_strided: shape {:?} with strides {:?} reaches offsets that overflow `isize`",
            l.shape,
            l.strides
        )
    };
    let (mut lo, mut hi) = (0isize, 0isize);
    for k in 0..M {
        let last = isize::try_from(l.shape[k] - 1).map_err(|_| overflow())?;
        let span = last.checked_mul(l.strides[k]).ok_or_else(overflow)?;
        if span < 0 {
            lo = lo.checked_add(span).ok_or_else(overflow)?;
        } else {
            hi = hi.checked_add(span).ok_or_else(overflow)?;
        }
    }
    Ok((lo, hi))
}

/// The window methods on arrays and mutable views: each lends a [`View`] (windows overlap,
/// so they are read-only).
macro_rules! forward_windows {
    ($([$($g:tt)*] $ty:ty;)*) => {$(
        impl<$($g)*> $ty {
            /// See [`View::sliding_window_view`].
            #[track_caller]
            pub fn sliding_window_view<const M: usize>(&self, window_shape: [usize; N]) -> View<'_, T, M>
            where
                Rank<N>: PlusDims<N, M>,
            {
                self.view().sliding_window_view(window_shape)
            }
            /// See [`View::try_sliding_window_view`].
            pub fn try_sliding_window_view<const M: usize>(
                &self,
                window_shape: [usize; N],
            ) -> Result<View<'_, T, M>, ShapeError>
            where
                Rank<N>: PlusDims<N, M>,
            {
                self.view().try_sliding_window_view(window_shape)
            }
            /// See [`View::sliding_window_view_axes`].
            #[track_caller]
            pub fn sliding_window_view_axes<const K: usize, const M: usize>(
                &self,
                window_shape: [usize; K],
                axes: [impl IntoAxis; K],
            ) -> View<'_, T, M>
            where
                Rank<N>: PlusDims<K, M>,
            {
                self.view().sliding_window_view_axes(window_shape, axes)
            }
            /// See [`View::try_sliding_window_view_axes`].
            pub fn try_sliding_window_view_axes<const K: usize, const M: usize>(
                &self,
                window_shape: [usize; K],
                axes: [impl IntoAxis; K],
            ) -> Result<View<'_, T, M>, ShapeError>
            where
                Rank<N>: PlusDims<K, M>,
            {
                self.view().try_sliding_window_view_axes(window_shape, axes)
            }
        }
    )*};
}

forward_windows! {
    [T, const N: usize, S: Shape<N>] Array<T, N, S>;
    ['a, T, const N: usize, S: Shape<N>] ViewMut<'a, T, N, S>;
}

#[cfg(test)]
mod tests {
    use crate::prelude::*;

    #[test]
    fn windows_match_a_naive_gather() {
        let x = Array::<i64, 1>::arange(35).into_reshape([5, 7]);
        for (a, b) in [(1, 1), (2, 3), (5, 7), (3, 1)] {
            let w = x.sliding_window_view([a, b]);
            assert_eq!(w.shape(), [5 - a + 1, 7 - b + 1, a, b]);
            for i in 0..w.shape()[0] {
                for j in 0..w.shape()[1] {
                    for k in 0..a {
                        for l in 0..b {
                            assert_eq!(w[[i, j, k, l]], x[[i + k, j + l]]);
                        }
                    }
                }
            }
        }
        // Through a reversed, strided view, and along one axis named twice.
        let v = x.slice(s![..;-1, ..;2]);
        let w = v.sliding_window_view_axes([2, 2], [1, -1]);
        assert_eq!(w.shape(), [5, 2, 2, 2]);
        for i in 0..5 {
            for j in 0..2 {
                for p in 0..2 {
                    for q in 0..2 {
                        assert_eq!(w[[i, j, p, q]], v[[i, j + p + q]]);
                    }
                }
            }
        }
    }

    #[test]
    fn zero_windows_and_errors_follow_numpy() {
        let x = Array::<f64, 1>::zeros([4]);
        let w = x.sliding_window_view([0]);
        assert_eq!(w.shape(), [5, 0]);
        assert!(w.is_empty());
        assert_eq!(w.sum_axis(-1).to_vec(), vec![0.0; 5]);
        let e = x.try_sliding_window_view::<2>([5]).unwrap_err();
        assert!(e.to_string().contains("window shape cannot be larger"));
        let e = x
            .try_sliding_window_view_axes::<1, 2>([2], [1])
            .unwrap_err();
        assert_eq!(
            e.to_string(),
            "sliding_window_view: axis 1 is out of bounds for an array of rank 1"
        );
        let empty = Array::<f64, 2>::zeros([0, 3]);
        assert_eq!(empty.sliding_window_view_axes([2], [1]).shape(), [0, 2, 2]);
    }

    #[test]
    fn einsum_reads_windows_in_place() {
        // `ijkl,kl->ij` over overlapping windows takes the runtime's accumulate path (no
        // packed copy of the windows); Miri runs this test.
        use crate::einsum::{run, Operand, Spec};
        let img = Array::<i64, 1>::arange(42).into_reshape([6, 7]);
        let kernel = array![[1, 0, -1], [2, 0, -2], [1, 0, -1]];
        let w = img.slice(s![..;-1, ..]).sliding_window_view([3, 3]);
        let inputs: [&[u8]; 2] = [b"ijkl", b"kl"];
        let spec = Spec {
            subscripts: "ijkl,kl->ij",
            inputs: &inputs,
            output: b"ij",
        };
        let out = run::<i64, 2>(&spec, &[Operand::new(&w), Operand::new(&kernel.view())]);
        assert_eq!(out.shape(), [4, 5]);
        for i in 0..4 {
            for j in 0..5 {
                let mut want = 0;
                for k in 0..3 {
                    for l in 0..3 {
                        want += w[[i, j, k, l]] * kernel[[k, l]];
                    }
                }
                assert_eq!(out[[i, j]], want);
            }
        }
        // The transposed output and a window operand on the right.
        let inputs: [&[u8]; 2] = [b"kl", b"ijkl"];
        let spec = Spec {
            subscripts: "kl,ijkl->ji",
            inputs: &inputs,
            output: b"ji",
        };
        let t = run::<i64, 2>(&spec, &[Operand::new(&kernel.view()), Operand::new(&w)]);
        assert_eq!(t, out.t().to_owned());
    }

    #[test]
    fn as_strided_checks_what_it_can() {
        let c = Array::<i32, 1>::arange(5);
        // SAFETY: t[i, j] = c[i + j], i + j ≤ 4.
        let t = unsafe { c.view().as_strided([3, 3], [1, 1]) };
        assert_eq!(t.to_vec(), vec![0, 1, 2, 1, 2, 3, 2, 3, 4]);
        // SAFETY: every index reaches c[4 - i].
        let r = unsafe { c.view().slice(s![4..]).as_strided::<1>([1], [0]) };
        assert_eq!(r.to_vec(), vec![4]);
        let past_end = std::panic::catch_unwind(|| {
            // SAFETY: not kept: the span check panics before a view is made.
            let _ = unsafe { c.view().as_strided([3, 3], [1, 2]) };
        });
        assert!(past_end.is_err());
        let overflow = std::panic::catch_unwind(|| {
            // SAFETY: as above.
            let _ = unsafe { c.view().as_strided([usize::MAX / 2, 3], [isize::MAX, 1]) };
        });
        assert!(overflow.is_err());
    }
}
