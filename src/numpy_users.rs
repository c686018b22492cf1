//! # einarray for NumPy users
//!
//! One row for every NumPy call the "Advanced NumPy Techniques" notebook uses, in the
//! notebook's order, then the calls it does not use but a NumPy user reaches for, then the
//! differences that are on purpose, then the mistakes the compiler now catches.
//! `cargo run --release --example tour` runs the whole notebook in einarray.
//!
//! Most names are methods on [`Array`](crate::Array), [`View`](crate::View) and
//! [`ViewMut`](crate::ViewMut) (`use einarray::prelude::*;`); free functions are named with
//! their module.
//!
//! ## The notebook's calls
//!
//! | notebook cell | NumPy | einarray |
//! |---|---|---|
//! | In \[1\] | `np.mean(times)`, `np.std(times)`, `np.sqrt(n)` | `a.mean()`, `a.std(0)` (ddof 0), `a.sqrt()` on arrays; `f64::sqrt` on a number |
//! | In \[2\]–\[6\] | `list(range(n))`, `ls[:]`, `dst[:] = src` on lists | `Vec<Rc<i64>>` is a list's layout; an array is `Array<i64, 1>` |
//! | In \[2\] | `np.arange(size, dtype=int)` | `Array::<i64, 1>::arange(size)` |
//! | In \[3\] | `np.copy(ar)` | `ar.clone()` (owned), `view.to_owned()` |
//! | In \[4\] | `np.empty(size, dtype=int)`; `dst[:] = src` | `Array::uninit([size])` + `assume_init` (or `zeros`); `dst.assign(&src)` |
//! | In \[5\]–\[6\] | `np.square(src, out=dst)`, `np.square(ar, out=ar)` | `ufunc::map_into(&mut dst, &src, \|v\| v * v)`, `ar.map_inplace(\|v\| *v *= *v)`; `a.square()` for a new array |
//! | In \[8\] | `np.array(3, dtype=float)` (rank 0) | `Array::<f64, 0>::full([], 3.0)`; read it with `a[[]]` |
//! | In \[8\] | `np.stack([n0, n0, n0, n0])` | `select::stack(&[n0.view(), …], Axis(0))`, or `n0.broadcast_to([4]).to_owned()` |
//! | In \[8\] | `x.ndim`, `x.shape`, `x.size` | `x.ndim()` (also the type's `N`), `x.shape()`, `x.len()` |
//! | In \[9\]–\[11\] | `original[:]`, `s1.view()`, `original[:5]` | `original.slice(s![..])`, `s1.view()`, `original.slice(s![..5])` |
//! | In \[11\] | `x.base is y.base` | `x.shares_memory(&y)`; `cow.is_view()` for reshape/ravel results |
//! | In \[12\] | `np.arange(100, dtype=np.uint16)`, `np.uint64` | `Array::<u16, 1>::arange(100)`, `Array::<u64, 1>` (any element type) |
//! | In \[13\] | `np.zeros(2, dtype=gauss)`, `c2[0] = (1, 1)`, `g['re']` | `Array::full([2], Gauss::default())`, `c2[[0]] = Gauss { re: 1, im: 1 }`, `g.re` |
//! | In \[13\] | `np.dtype([('re', np.int32), ('im', np.int32)])`, record arrays | a `#[derive(Clone, Copy)] struct` as the element; [`FormatElement`](crate::FormatElement) to print it as NumPy does |
//! | In \[14\] | `x.astype('<u2')` (a byte-order change) | no byte-order dtypes: values are native; `v.swap_bytes()` swaps one |
//! | In \[14\] | `x.tobytes()`, `np.binary_repr(v, width=16)`, byte order `'>u2'` | `v.to_be_bytes()` / `to_le_bytes()`, `format!("{v:016b}")`; arrays are native-endian, `npy::load` converts `.npy` files of either order |
//! | In \[15\]–\[19\] | `x[2:6:2]`, `x[:3]`, `x[7:]`, `x[-4:-1]`, `x[::-1]` | `x.slice(s![2..6;2])`, `s![..3]`, `s![7..]`, `s![-4..-1]`, `s![..;-1]` (views) |
//! | In \[20\] | `x[:5][::-1].sort()` | `x.slice_mut(s![..5]).slice_mut(s![..;-1]).sort()` |
//! | In \[21\] | `np.arange(32).reshape(2, 4, 4)`, `x[1, :, :1]`, `x[1, :, 0]` | `Array::<i64, 1>::arange(32).into_reshape([2, 4, 4])`, `x.slice(s![1, .., ..1])`, `x.slice(s![1, .., 0])` |
//! | In \[22\] | `y[np.newaxis, :, :, np.newaxis]` | `y.slice(s![NewAxis, .., .., NewAxis])` |
//! | In \[23\] | `slice(0, 2, 1)`, `x[tuple([0, 0, s])]` | `Slice::new(0, 2, 1)` inside `s![0, 0, sl]`; built at run time: `SliceInfo::new().push(0).push(0).push(sl)` |
//! | In \[24\]–\[26\] | `m[[1, 2, 1], :]`, `m[0:1, [[1, 1, 2], [0, 1, 2]]]` | `m.take(&array![1, 2, 1], Axis(0))`, `m.slice(s![0..1, ..]).take(&idx2d, Axis(1))` (copies; the rank follows the index's) |
//! | In \[27\] | `x[(0, 0, 1),]` against `x[(0, 0, 1)]` | `x.take(&array![0, 0, 1], Axis(0))` against `x[[0, 0, 1]]`: two different calls |
//! | In \[28\] | `m[[1, 2], [3, 4]]`, `m[np.ix_([1, 2], [3, 4])]`, `np.r_[:2, slice(3, 1, -1), 2]` | `m.take_points([r.view(), c.view()])`, `m.ix([&[1, 2], &[3, 4]])`, `r_![..2, 3..1;-1, 2]` |
//! | In \[29\] | `np.random.seed(1234)`, `np.random.permutation(np.arange(10))` | `let mut rng = random::RandomState::new(1234)`, `rng.permutation(10)` (NumPy's numbers) |
//! | In \[29\] | `digits % 2`, `is_odd.astype(bool)`, `digits[is_odd]` | `&digits % 2`, `is_odd.not_equal(&0)`, `digits.take(&is_odd, Axis(0))` (integers index) |
//! | In \[29\]–\[31\] | `digits[mask]`, `is_odd.nonzero()`, `x[y]` with a 2-D mask | `digits.mask(&mask)`, `is_odd.nonzero()` (an array per axis), `x.mask(&y)` |
//! | In \[32\] | `np.nan`, `~np.isnan(x)`, `x[b]` | `f64::NAN`, `!x.isnan()`, `x.mask(&b)` |
//! | In \[33\]–\[34\] | `make_blobs(...)`, `np.unique(labels)`, `X[labels == label]` | (no scikit-learn: `random_state=0` is `RandomState::new(0)`, one `normal(0.0, std, [n, 2])` per centre, then `permutation(n)`), `select::unique(&labels)`, `x.mask_axis(&labels.equal(&label), Axis(0))` |
//! | In \[35\] | `np.mgrid[0:5:100j, 0:5:100j]`, `np.sin(xs) * np.sin(ys)` | `index::mgrid_points([(0.0, 5.0, 100), (0.0, 5.0, 100)])`, `&xs.sin() * &ys.sin()` |
//! | In \[36\] | `np.linspace(0, 10, 100)`, `np.random.randn(100) * 0.05` | `Array::linspace(0.0, 10.0, 100)`, `rng.randn([100]) * 0.05` |
//! | In \[37\] | `np.random.randint(0, n)`, `np.r_[:start, stop:n]`, `np.mean(a)` | `rng.randint(0, n, [1])[[0]]`, `r_![..start, stop..n]`, `a.mean()` |
//! | In \[38\] | `np.zeros_like(x)`, `np.fabs(x)`, `np.any(x > 2)`, `np.floor` | `Array::zeros_like(&x)`, `x.abs()`, `x.greater(&2.0).any()`, `x.floor()` |
//! | In \[38\] | `y[q] = values` (a boolean `q`), `c[c < 0] = 0` | `let [i] = q.nonzero(); y.put(&i, &values)`, `c.mask_assign(&c.less(&0.0), 0.0)` |
//! | In \[38\] | `scipy.sparse.csr_matrix` | not in einarray: build the matrix densely, or keep indices and use `take` |
//! | In \[39\] | `np.cos`, `W.dot(known)` | `x.cos()`, `w.dot(&known)` |
//! | In \[40\]–\[41\] | `np.linspace(4, 8, 2)`, `np.arange(4, 8, 2)`, `np.logspace(1, 4, 10)` | `Array::<f64, 1>::linspace(4.0, 8.0, 2)`, `Array::<i64, 1>::arange_step(4, 8, 2)`, `Array::logspace(1.0, 4.0, 10)` |
//! | In \[42\] | `np.zeros(shape)`, `np.ones`, `np.full`, `np.empty(shape)` | `Array::<f64, 2>::zeros([4, 2])`, `ones`, `full(shape, v)`, `Array::uninit(shape)` (elements are `MaybeUninit`: none can be read as `T` without `unsafe`) |
//! | In \[43\] | `np.array([[1, 2], range(3, 5), np.array([5, 6])])` | `array![[1, 2], [3, 4], [5, 6]]` (ragged rows are a compile error); `Array::from_vec(v).into_reshape(shape)` |
//! | In \[44\] | `np.copy(x)`, `np.zeros_like(x)` | `x.clone()`, `Array::zeros_like(&x)` |
//! | In \[45\]–\[46\] | `x.ravel()`, `np.flatten` | `x.ravel()` (a `CowArray`: a view when possible), `x.flatten()` (always a copy) |
//! | In \[47\] | `x.T`, `np.transpose`, `np.rollaxis(x, 1, 0)`, `np.moveaxis(x, range(3), perm)` | `x.t()`, `x.permute(p)`, `x.rollaxis(1, 0)`, `x.moveaxes([0, 1, 2], perm)` (views) |
//! | In \[48\] | `np.random.randn(3, 4)`, `X.dot(X.T)` | `rng.randn([3, 4])`, `x.dot(&x.t())` |
//! | In \[48\] | `np.linalg.svd(X)[1].max()`, `np.linalg.eigvalsh(X.dot(X.T)).max()` | `linalg::svdvals(&x)[[0]]` (descending), `linalg::eigvalsh(&x.dot(&x.t()), Uplo::Lower)` (ascending); the rest of `numpy.linalg` is in the table below |
//! | In \[48\] | `X.max()`, `.format(...)` with `{:.2f}` | `x.max()` (NaN wins, as in NumPy), `format!("{:.2}", v)` |
//! | In \[49\] | `X += X.T` | `x.zip_mut_with_self(\|x\| x.t(), \|a, b\| *a += *b)` or `tensor!(x[i, j] += x[j, i])` |
//! | In \[49\] | `np.linalg.norm(np.triu(X) - np.tril(X).T)` | `linalg::norm(&(x.triu(0) - x.tril(0).t()))` |
//! | In \[50\]–\[51\] | `x.copy(order='F')`, `A.ravel(order='F')`, `reshape(-1, 3, order='F')` | `x.copy(Order::F)`, `a.ravel_order(Order::F)`, `reshape_order([-1, 3], Order::F)` |
//! | In \[52\] | `A.ravel().base` | `a.ravel().is_view()`, `a.ravel().shares_memory(&a)` |
//! | In \[53\] | `np.array([[1, 1/2], [-1/2, -1]])`, `np.identity(2)`, `np.kron(A, B)` | `array![[1.0, 0.5], [-0.5, -1.0]]`, `Array::identity(2)`, `linalg::kron(&a, &b)` |
//! | In \[53\] | `plt.subplots`, `axs.ravel()`, `axs.ravel().tolist()` (arrays of objects) | `Array<T, N>` of any `T`; `a.ravel()`, `a.to_vec()`; the tour draws with `plotters` |
//! | In \[54\] | `AB.dot(z)`, `z.copy()`, `x.reshape(-1, n).T`, `M.dot(x)` | `ab.dot(&z)`, `z.clone()`, `x.reshape([-1, n as isize]).t()`, `m.dot(&x)` |
//! | In \[55\] | `np.repeat([1, 2], 3)`, `a + b`, `np.add(a, b)` | `array![1, 2].repeat(3, Axis(0))`, `&a + &b`, `ufunc::add.call(&a, &b)` |
//! | In \[57\] | `c.reshape(1, 3)`, `np.repeat(c.reshape(1, 3), 2, axis=0)` | `c.reshape([1, 3])`, `c.slice(s![NewAxis, ..]).repeat(2, Axis(0))` |
//! | In \[58\] | `np.diag(c)`, `A.dot(np.diag(c))` | `Array::from_diag(&c, 0)`, `a.dot(&d)` |
//! | In \[59\]–\[61\] | `np.frompyfunc('f({}, {})'.format, 2, 1)` | `zip::zip_map(&a, &b, \|x, y\| format!("f({x}, {y})"))` (compiled); `try_zip_map` returns the broadcast error |
//! | In \[61\] | `b[:, np.newaxis]`, `np.repeat(b[:, None], 3, axis=1)` | `b.slice(s![.., NewAxis])`, `.repeat(3, Axis(1))` |
//! | In \[63\] | `demo.outer(a, b)`, `np.bitwise_or.accumulate(b)`, `np.bitwise_or.reduce(b)` | `zip::outer_map(&a, &b, f)`, `ufunc::bitwise_or.accumulate(&b, Axis(0))`, `ufunc::bitwise_or.reduce_all(&b)` |
//! | In \[65\] | `np.random.randint(0, 10, size=(3, 3))`, `A += A.T` | `rng.randint(0, 10, [3, 3])`, `a.zip_mut_with_self(\|a\| a.t(), \|x, y\| *x += *y)` |
//! | In \[66\] | `np.add(A, A, out=A)` | `a.zip_mut_with_self(\|a\| a, \|x, y\| *x += *y)`; with separate arrays `ufunc::add.call_into(&mut c, &a, &b)` |
//! | In \[67\] | `np.subtract(x[:5], x[5:], x[:5])` | `x.zip_within(\|x\| x.slice(s![..5]), \|x\| x.slice(s![5..]), \|d, s\| *d -= *s)` |
//! | In \[68\] | `x.dot(y, out=x)` | `einsum!("ij,j->i", &x, &y, out = &mut out)`; `out = &mut x` with `&x` an input does not compile |
//! | hardware | `np.show_config()`, `OMP_NUM_THREADS` | `einarray::config::config()` (SIMD tier, GEMM backend, threads); `config::set_num_threads(n)` or `EINARRAY_NUM_THREADS` for `OMP_NUM_THREADS` |
//! | stuff to avoid | `np.chararray`, `np.ma.MaskedArray`, `np.matrix` | `Array<String, N>`; a boolean mask with `mask`/`where_`; `Array<T, 2>` with `dot` |
//! | not mentioned | `np.sort`, `np.unique`, `np.split`, `np.stack`, `np.sum`, `np.prod`, `np.count_nonzero` | `x.sort_axis(Axis(k))` (a sorted copy), `view.sort()` (in place: 1-D, any stride), `select::unique`, `select::split`, `select::stack`, `x.sum()`, `x.prod()`, `x.count_nonzero()` |
//! | not mentioned | `np.array2string`, `np.loadtxt`, `np.savetxt`, `np.testing` | `format!("{x}")`, `npy::loadtxt`, `npy::savetxt`, `assert_eq!` on arrays |
//! | not mentioned | `np.linalg.cholesky` | `linalg::cholesky(&a)` (the table below) |
//! | not mentioned | `np.fft` | not in einarray: `rustfft` on `as_slice()` |
//! | In \[69\] | `np.random.randint(-10, 11, size=(2, 2, 2))` | `rng.randint(-10, 11, [2, 2, 2])` |
//! | In \[70\] | `np.einsum('ijk->kji', x)` (a view) | `einsum!("ijk->kji", &x)` (a `View`) |
//! | In \[71\] | `x.sum()`, `np.einsum('ijk->', x)` | `x.sum()`, `einsum!("ijk->", &x)` (an `Array<T, 0>`; `.item()` or `[[]]` reads it) |
//! | In \[72\]–\[73\] | `np.array_equal(x * y, np.einsum('ijk,ijk->ijk', x, y))`, `y.transpose()`, `np.rollaxis(y, 2)` | `&x * &y == einsum!("ijk,ijk->ijk", &x, &y)`, `y.t()`, `y.rollaxis(2, 0)` |
//! | In \[74\] | `np.outer(x, y)` | `linalg::outer(&x, &y)`, `einsum!("i,j->ij", &x, &y)` |
//! | In \[75\] | `np.linalg.norm(a, 'fro') ** 2` | `linalg::norm(&a).powi(2)` |
//! | In \[76\] | `x.dot(y)`, `np.matmul`, `[i.dot(j) for i, j in zip(x, y)]` | `x.dot(&y)`, `linalg::matmul(&x, &y)`, `x.index_axis::<2>(Axis(0), n)` per batch element |
//! | In \[77\] | `np.random.randint(-10, 11, 12).reshape(3, 2, 2, 1)` | `rng.randint(-10, 11, [12]).into_reshape([3, 2, 2, 1])` |
//! | In \[78\] | `np.tensordot(x, y, axes=0)` (outer product) | `einsum!("ijkm,IKo->ijkmIKo", &x, &y)`; `tensordot` over axes is an `einsum!` with shared labels |
//! | In \[79\] | `outer[span_i, :, :, span_i, ...]` (a diagonal by two advanced indices) | `einsum!("ijkmiKoLp->ijkmKoLp", &outer)` (a repeated label: a diagonal view) |
//! | In \[80\] | `repeat_k.sum(axis=1)` | `repeat_k.sum_axis(Axis(1))` |
//! | In \[81\] | `np.moveaxis(sumo, [0, 1, 2], [1, 0, 2])`, `np.einsum('ijkm,iko,kp->mip', x, y, z)` | `sumo.moveaxes([0, 1, 2], [1, 0, 2])`, `einsum!("ijkm,iko,kp->mip", &x, &y, &z)`; `einsum_path!` prints the plan |
//! | MLP | `np.random.normal(size=(Nh, Ni))`, `np.einsum("hi, Bi -> Bh", W, x) + b` | `rng.normal(0.0, 1.0, [NH, NI])`, `einsum!("hi, Bi -> Bh", &w, &x) + &b` |
//! | MLP | `sigmoid(ha)`, `softmax(ya)` | `ha.map(\|&v\| sigmoid(v))`; `tensor!(y[n, o] := exp(ya[n, o] - max[k](ya[n, k])) / sum[k](exp(ya[n, k] - max[m](ya[n, m]))))` |
//! | In \[82\] | `np.random.randn(10, a, a)`, `np.zeros((a*b, a*b))`, `zip(Bs, Ds)` | `rng.randn([10, a, a])`, `Array::zeros([a * b, a * b])`, `bs.index_axis::<2>(Axis(0), n)` |
//! | In \[82\] | `np.einsum('N...b,ab->Nab', Ds, z.reshape(a, b))` | `einsum!("N...b,ab->Nab", &ds, &z.reshape([a, b]))` |
//!
//! ## Calls the notebook does not make
//!
//! | NumPy | einarray |
//! |---|---|
//! | `np.eye(n, m, k)`, `np.fromfunction(f, shape)` | `Array::eye_k(n, m, k)`, `Array::from_fn(shape, \|[i, j]\| …)` |
//! | `a[1, 2]`, out of range | `a[[1, 2]]` (panics naming axis and size), `a.get([1, 2])` (an `Option`), `try_slice` (a `Result`) |
//! | `a.strides` | `a.strides()` (in elements, not bytes) |
//! | `np.swapaxes`, `np.expand_dims`, `np.squeeze` | `swapaxes`, `insert_axis(Axis(k))`, `squeeze_axis(Axis(k))` / `squeeze::<M>()` |
//! | `np.broadcast_to(a, s)`, `np.broadcast_shapes` | `a.broadcast_to(s)` (a read-only view), `zip::broadcast_shapes` |
//! | `a.flags.c_contiguous`, `np.may_share_memory` | `a.is_c_contiguous()`, `is_f_contiguous()`, `a.may_share_memory(&b)` |
//! | `a.fill(v)` | `a.fill(v)` |
//! | `print(a)`, `repr(a)` | `println!("{a}")`, `{a:?}` (adds shape, strides, layout) |
//! | `a * 2`, `2 - a`, `-a`, `a & b`, `a << 1`, `a += b` | `&a * 2.0`, `2.0 - &a`, `-&a`, `&a & &b`, `&a << 1`, `a += &b` |
//! | `a < b`, `a == b` element-wise | `a.less(&b)`, `a.equal(&b)` (`less_equal`, `greater`, `greater_equal`, `not_equal`; scalars as `&0.5`) |
//! | `np.exp`, `np.log`, `np.round` | `a.exp()`, `a.ln()`, `a.round()` (half to even) |
//! | `np.maximum`, `np.clip`, `a.astype(np.int32)` | `a.maximum(&b)`, `a.clip(lo, hi)`, `a.cast::<i32>()` |
//! | `np.where(c, x, y)`, `np.select` | `ufunc::where_(&c, &x, &y)`, `ufunc::select` |
//! | `keepdims=True` | the `_keepdims` twin of each reduction: `x.sum_keepdims(k)`, `prod_`, `mean_`, `var_`, `std_`, `max_`, `min_`, `argmax_`, `argmin_`, `count_nonzero_`, `any_`, `all_keepdims` |
//! | `axis=-1`, `axis=k` | `x.sum_axis(-1)`, `Axis(-1)`, `Axis(k)` (any integer type), `Ax::<-1>` (checked against the rank when the call compiles); every axis argument takes them |
//! | result memory order (`order='K'`) | reductions and scans of an F-ordered array are F-ordered, as NumPy's; `argmax`/`argmin` results are C-ordered, as NumPy's |
//! | `np.cumsum(x)`, `np.cumsum(x, axis=k)`, `np.cumprod` | `x.cumsum()` (flattened, C order), `x.cumsum_axis(k)`, `x.cumprod()`, `x.cumprod_axis(k)` |
//! | `np.bincount(x, weights, minlength)` | `select::bincount(&x, minlength)`, `select::bincount_weighted(&x, &w, minlength)` |
//! | `np.array_equal(a, b, equal_nan)`, `np.allclose`, `np.isclose` | `a.array_equal(&b)`, `a.array_equal_nan(&b)`, `a.allclose(&b, rtol, atol)`, `a.isclose(&b, rtol, atol)` |
//! | `x.item()` | `x.item()` (any size-1 array), `x.into_scalar()` (rank 0, moves the element out) |
//! | `sliding_window_view(x, w)`, `sliding_window_view(x, w, axis=a)` | `x.sliding_window_view(w)`, `x.sliding_window_view_axes(w, a)` (read-only views: `einsum!("ijkl,kl->ij", &windows, &kernel)` filters without copying) |
//! | `np.diff(x)`, `np.ediff1d` | `tensor!(d[i] := x[i + 1] - x[i])` (index arithmetic: each label's range is the largest that keeps every access in bounds) |
//! | `np.correlate(x, w, 'valid')`, `np.convolve(x, w, 'valid')` | `tensor!(c[i] := sum[k](x[i + k] * w[k]))`; reverse `w` (`w.flip(0)`) for `convolve` |
//! | `scipy.signal.correlate2d(img, kern, 'valid')` | `tensor!(out[i, j] := img[i + k, j + l] * kern[k, l])`, or `einsum!("ijkl,kl->ij", &img.sliding_window_view([kh, kw]), &kern)` |
//! | `x[1::2]`, `x[::-1]` inside an expression | `tensor!(o[i] := x[2 * i + 1])`, `tensor!(r[i] := x[4 - i])` (or the views `s![1..;2]`, `s![..;-1]`) |
//! | `np.lib.stride_tricks.as_strided` | `unsafe { x.view().as_strided(shape, strides) }` (its safety contract is in its docs) |
//! | a function over "any array" | `fn f(a: &impl AsView<f64, 2>)` takes `&Array`, `&View`, `&ViewMut` and `&CowArray`; `a.as_view()` inside; generic over `f32`/`f64` with one bound, `T: Real` |
//! | `a.var(ddof=1)`, `a.argmax()` | `a.var(1)`, `a.argmax()` (and `_axis` forms) |
//! | `np.diagonal`, `np.trace` | `a.diagonal(k)` (a view), `a.trace()` |
//! | `x[i, :, j]` (two separated advanced indices) | `x.index_axes([Axis(0), Axis(2)], [&i, &j])` (NumPy's placement rule) |
//! | `m[rows, cols]` (one index array per axis) | `m.take_points([&rows, &cols])` |
//! | `np.argwhere`, `np.take_along_axis`, `np.compress` | `m.argwhere()`, `x.take_along_axis(&i, Axis(k))`, `x.mask_axis(&m, Axis(k))` |
//! | `np.argsort`, `np.searchsorted` | `x.argsort_axis(Axis(k))` (stable), `select::searchsorted(&s, &v, Side::Left)` |
//! | `np.concatenate`, `np.tile`, `np.flip`, `np.roll` | `select::concatenate(&[a.view(), b.view()], Axis(0))`, `x.tile(reps)`, `x.flip(Axis(k))` (a view), `x.roll(s, Axis(k))` |
//! | `np.meshgrid(x, y, indexing='ij')`, `np.mgrid[0:5:1]` | `index::meshgrid([&x[..], &y[..]])` (slices), `index::mgrid` |
//! | `np.random.rand`, `np.random.choice` | `rng.rand([3])`, `rng.choice(n, k, replace)` |
//! | `np.save`, `np.load` | `npy::save`, `npy::load` (`.npy` 1.0–3.0, either byte order) |
//! | `np.einsum(…)` raising on bad sizes | `einsum!` panics naming label, operands and axes; `try_einsum!` returns `Err` |
//! | `np.einsum_path(…, optimize='optimal')` | `einsum_path!(…)` (`Display` prints NumPy's header: the same scalings, FLOP counts, speedup and largest intermediate) |
//! | `np.einsum('ii', a)` | `einsum!("ii", &a)` (an `Array<T, 0>`) |
//!
//! ## Not in einarray
//!
//! What a NumPy program may call that einarray does not offer, with the nearest way to get it.
//! A NumPy call absent from every table on this page and from this list is an omission in the
//! docs: please report it.
//!
//! | NumPy | instead |
//! |---|---|
//! | `np.tan`, `arcsin`, `arccos`, `arctan`, `arctan2`, `sinh`, `cosh`, `arcsinh`…, `exp2`, `expm1`, `log2`, `log1p`, `sign`, `hypot`, `fmod`, `floor_divide`, `divmod`, `degrees` | `a.map(\|x\| x.tan())` (every `f64`/`f32` method), `zip::zip_map(&a, &b, \|y, x\| y.atan2(*x))` for two arrays |
//! | `np.nansum`, `nanmean`, `nanmax`, … (NaN-skipping reductions) | `fold_axis` with a closure that skips NaN, or `mask` first |
//! | `np.median`, `percentile`, `quantile`, `np.partition`, `argpartition` | `sort_axis` and index the sorted copy |
//! | `np.average(weights=…)`, `np.ptp`, `np.cov`, `np.corrcoef` | `einsum!`/`tensor!` over the weights; `max_axis - min_axis`; `einsum!` of the centred data |
//! | `np.histogram`, `np.digitize` | `select::searchsorted` on the bin edges, then `select::bincount` |
//! | `np.gradient` | `tensor!(g[i] := (x[i + 2] - x[i]) / 2.0)` for the interior; the edges by hand |
//! | `np.interp`, `np.polyfit`, `np.polyval`, `np.polynomial` | `select::searchsorted` + arithmetic; `linalg::lstsq` on a Vandermonde matrix |
//! | `np.pad` | `Array::zeros` of the padded shape, then `slice_mut(…).assign(&x)` |
//! | `np.hstack`, `vstack`, `dstack`, `column_stack`, `np.block` | `select::concatenate` / `select::stack` with the axis those imply |
//! | `np.array_split` (unequal sections), `np.append`, `np.insert`, `np.delete`, `np.resize` | `slice` views and `select::concatenate`; `take` with the kept indices |
//! | `np.rot90`, `np.fliplr`, `np.flipud` | `x.flip(k)` and `x.t()` (views) |
//! | `np.lexsort`, `np.isin`, `setdiff1d`, `union1d`, `intersect1d` | `sort_by` on index keys; `select::unique` + `select::searchsorted` |
//! | `np.ravel_multi_index`, `unravel_index`, `triu_indices`, `diag_indices` | index arithmetic on `x.strides()`/`shape()`; `x.triu(k)`, `x.diagonal(k)` for the values |
//! | `np.nan_to_num` | `x.map(\|&v\| if v.is_nan() { 0.0 } else { v })` |
//! | `np.fft` | `rustfft` on `as_slice()` |
//! | `np.vectorize`, `np.apply_along_axis` | `map`, `zip::zip_map` (compiled closures); `fold_axis` / `index_axis` in a loop |
//! | dtypes `float16`, `longdouble`, structured and record arrays, `datetime64`, `np.char` | `Array<T, N>` of any Rust `T`: a struct, `String`, `half::f16` (element-wise only) |
//! | `np.ma` (masked arrays), `np.matrix` | a boolean mask with `mask`/`where_`; `Array<T, 2>` with `dot` |
//! | `np.savez`, `np.load(mmap_mode=…)`, `tofile`/`fromfile`/`frombuffer` | `npy::save`/`npy::load` per array; `Array::from_shape_vec` over bytes you decode |
//! | an einsum string or a rank known only at run time | every rank and spec is static today |
//! | `np.sort(kind=…)`, `np.random.Generator` methods beyond the ones above | `sort_axis` is stable (NumPy's `kind='stable'`); any `rand_distr` distribution through `random::sample` |
//!
//! ## `numpy.linalg`
//!
//! Every function takes a stack of matrices (`(..., M, N)`, any rank from 2 to 8) and works on
//! each, as NumPy's do; the element types are `f32`, `f64`, `Complex<f32>` and `Complex<f64>`
//! (integer arrays are a compile error: cast them, `a.map(|&x| x as f64)`). Each has a `try_`
//! form returning [`LinAlgError`](crate::linalg::LinAlgError) with NumPy's message.
//!
//! | NumPy | einarray |
//! |---|---|
//! | `np.linalg.solve(a, b)` | `linalg::solve(&a, &b)` (a rank-1 `b` is one vector, as NumPy 2) |
//! | `np.linalg.inv`, `np.linalg.pinv(a, rcond)` | `linalg::inv(&a)`, `linalg::pinv(&a, None)` (`Some(rcond)`) |
//! | `np.linalg.det(a)`, `np.linalg.slogdet(a)` | `linalg::det(&a)` (one per matrix: a rank-0 array for one matrix, `det(&a)[[]]` the number), `linalg::slogdet(&a)` (a pair of arrays) |
//! | `np.linalg.cholesky(a)` | `linalg::cholesky(&a)` (lower; NumPy 2's `upper=True` is the conjugate transpose of it) |
//! | `scipy.linalg.solve_triangular(a, b, lower=True)` | `linalg::solve_triangular(&a, &b, Uplo::Lower)` (stacks too) |
//! | `np.linalg.qr(a, mode)` | `linalg::qr(&a, QrMode::Reduced)` / `QrMode::Complete` (a `Qr { q, r }`), `linalg::qr_r(&a)` (`mode='r'`) |
//! | `np.linalg.svd(a, full_matrices, compute_uv)` | `linalg::svd(&a, full_matrices)` (a `Svd { u, s, vh }`), `linalg::svdvals(&a)` (`compute_uv=False`) |
//! | `np.linalg.eigh(a, UPLO)`, `np.linalg.eigvalsh` | `linalg::eigh(&a, Uplo::Lower)` (an `Eigh { w, v }`), `linalg::eigvalsh(&a, Uplo::Upper)` |
//! | `np.linalg.eig`, `np.linalg.eigvals` | `linalg::eig(&a)` (an `Eig { w, v }`), `linalg::eigvals(&a)`: always complex (NumPy returns real arrays when every eigenvalue is real) |
//! | `np.linalg.lstsq(a, b, rcond=None)` | `linalg::lstsq(&a, &b, None)` (an `Lstsq { x, residuals, rank, s }`; one matrix, as NumPy) |
//! | `np.linalg.matrix_rank(a, tol)`, `np.linalg.cond(a, p)` | `linalg::matrix_rank(&a, None)`, `linalg::cond(&a, None)` (`Some(NormOrd::Fro)`, …) |
//! | `np.linalg.matrix_power(a, n)` | `linalg::matrix_power(&a, n)` (negative `n`: powers of the inverse) |
//! | `np.linalg.norm(x)`, `norm(x, ord)`, `vector_norm`, `matrix_norm` | `linalg::norm(&x)` (Frobenius / 2-norm of all elements), `linalg::vector_norm(&x, NormOrd::P(1.0))`, `linalg::matrix_norm(&a, NormOrd::Nuc)` (per matrix); `norm(x, axis=k)` is `x.map(…).sum_axis(…)` or `vector_norm` of each lane |
//! | `np.linalg.multi_dot([a, b, c])` | `linalg::multi_dot(&[a.view(), b.view(), c.view()])` (matrices only: write a vector as a 1×n view) |
//! | `np.allclose(a, b)`, `np.isclose` | `a.allclose(&b, 1e-5, 1e-8)`, `a.isclose(&b, rtol, atol)` |
//! | not in einarray | `np.linalg.tensorsolve`, `tensorinv`, `svd(hermitian=True)`, `pinv(hermitian=True)`, `matrix_rank(hermitian=True)`, `qr(mode='raw')`, `np.linalg.cross`, `vecdot` (use `einsum!`), `cholesky(upper=True)` (take the adjoint) |
//!
//! ## Differences, on purpose
//!
//! - **Views borrow.** NumPy lets a view see later writes to its base; in Rust a view borrows
//!   its base, so writing the base while a view is alive is a compile error. Take the view
//!   after the write.
//! - **The rank is a type.** `Array<f64, 2>` is a matrix; an index, a slice or a `squeeze`
//!   with the wrong number of axes does not compile, and `squeeze::<2>()` names the result's
//!   rank. Broadcasting, `outer` and advanced indexing go up to rank 8 (`einsum!` takes more:
//!   the notebook's rank-9 outer product is one call).
//! - **A labelled size-1 axis does not broadcast in einsum.** NumPy's C path silently treats
//!   `einsum('ij,ij->ij', (2, 3), (1, 3))` as a broadcast (its maintainers call that a bug);
//!   here it is an error naming the label. Broadcasting goes through `...`, as NumPy documents.
//! - **An explicit einsum output without `...` keeps no ellipsis axes**: `"...ij->ij"` on an
//!   operand with extra axes is a compile error naming the operand and how many axes its `...`
//!   covers, as NumPy's default einsum refuses it ("output has more dimensions than subscripts
//!   given"); NumPy's `optimize=True` path sums them instead. Name them with letters to sum.
//! - **Integer overflow** in einsum and the operators follows Rust: a panic in debug builds,
//!   wrapping in release. NumPy wraps silently (and warns for scalars only).
//! - **`%` is Rust's remainder** (NumPy's `np.fmod`: the sign follows the dividend), not
//!   NumPy's `%` (`np.mod`: the sign follows the divisor).
//! - **Integer indices are `usize`, slice bounds `isize`.** `a[[i, j]]` takes non-negative
//!   indices; negative ones count from the end inside `s![]`, as in NumPy.
//! - **`...` is the ellipsis in `s![]`, `..` is a whole axis** (NumPy's `:`).
//! - **Element-wise comparisons are methods** (`a.less(&b)`); `==` compares whole arrays.
//! - **Operator results have dynamic sizes** (with a scalar they keep the array's type); static
//!   sizes that cannot broadcast fail `cargo build` (not `cargo check`).
//! - **Aliasing is explicit.** The borrow checker rules out an output that overlaps an input;
//!   `zip_mut_with_self`/`zip_within` read the array's own memory and copy where views
//!   overlap, so the result is NumPy's.
//! - **Printing** uses `true`/`false` for booleans.
//! - **Threads.** The decompositions of `linalg` (solve, inv, cholesky, qr, svd, eigh, …)
//!   use [`config::num_threads`](crate::config::num_threads) threads on large matrices, as
//!   NumPy's LAPACK does; every other operation, `dot` and `einsum!` included, runs on the
//!   calling thread.
//!
//! ## What the compiler catches
//!
//! NumPy finds these when the line runs. Each block below is compiled by `cargo test` and must
//! fail; `ui-tests/fail/` holds the same cases with the full error text.
//!
//! A misspelled einsum label (`output label `l` does not appear in any input term`):
//!
//! ```compile_fail
//! use einarray::prelude::*;
//! let a = Array::<f64, 2>::zeros([2, 3]);
//! let b = Array::<f64, 2>::zeros([3, 4]);
//! let c = einsum!("ij,jk->il", &a, &b);
//! ```
//!
//! An operand whose rank does not match its term (`einsum operand 1 must be an array of rank
//! 2`):
//!
//! ```compile_fail,E0277
//! use einarray::prelude::*;
//! let a = Array::<f64, 2>::zeros([2, 3]);
//! let b = Array::<f64, 3>::zeros([3, 4, 5]);
//! let c = einsum!("ij,jk->ik", &a, &b);
//! ```
//!
//! Static sizes that disagree on a contracted label (`label 'j' has static size Const<3> in
//! operand 0 (axis 1) but Const<4> in operand 1 (axis 0)`):
//!
//! ```compile_fail,E0277
//! use einarray::prelude::*;
//! let a: Array<f64, 2, (Dyn, Const<3>)> = Array::zeros([2, 3]).into_static().unwrap();
//! let b: Array<f64, 2, (Const<4>, Dyn)> = Array::zeros([4, 5]).into_static().unwrap();
//! let c = einsum!("ij,jk->ik", &a, &b);
//! ```
//!
//! A broadcast mistake with static sizes (`operands could not be broadcast together`, at
//! `cargo build`):
//!
//! ```compile_fail,E0080
//! use einarray::prelude::*;
//! let a: Array<f64, 1, (Const<3>,)> = Array::zeros([3]).into_static().unwrap();
//! let b: Array<f64, 2, (Dyn, Const<4>)> = Array::zeros([2, 4]).into_static().unwrap();
//! let c = &a + &b;
//! ```
//!
//! Writing an array while a view of it is alive (E0502), and an einsum `out` that is also an
//! input (the notebook's In \[68\]):
//!
//! ```compile_fail,E0502
//! use einarray::prelude::*;
//! let mut x = Array::<i64, 1>::arange(10);
//! let s3 = x.slice(s![..5]);
//! x[[2]] = -1;
//! println!("{s3}");
//! ```
//!
//! ```compile_fail,E0502
//! use einarray::prelude::*;
//! let mut x = Array::<f64, 2>::zeros([2, 2]);
//! let v = Array::<f64, 2>::ones([2, 2]);
//! einsum!("ij,jk->ik", &x, &v, out = &mut x);
//! ```
//!
//! The same lines written correctly compile and run:
//!
//! ```
//! use einarray::prelude::*;
//! let a = Array::<f64, 2>::zeros([2, 3]);
//! let b = Array::<f64, 2>::zeros([3, 4]);
//! let c = einsum!("ij,jk->ik", &a, &b);
//! assert_eq!(c.shape(), [2, 4]);
//! let mut x = Array::<i64, 1>::arange(10);
//! x[[2]] = -1;
//! let s3 = x.slice(s![..5]);
//! assert_eq!(s3.to_vec(), vec![0, 1, -1, 3, 4]);
//! ```
//!
//! ## The table's calls, run
//!
//! ```
//! use einarray::prelude::*;
//! use einarray::ufunc::BinaryUfunc;
//! use einarray::{index, linalg, select, ufunc, zip};
//!
//! let mut rng = einarray::random::RandomState::new(1234);
//! assert_eq!(rng.permutation(10).to_vec(), vec![7, 2, 9, 1, 0, 8, 4, 5, 6, 3]);
//! let x = Array::from_vec(vec![3, 1, 2, 0, 5, 4]).into_reshape([2, 3]);
//! let mut x = x.sort_axis(Axis(1)); // np.sort(x, axis=1): a sorted copy
//! assert_eq!(x.to_vec(), vec![1, 2, 3, 0, 4, 5]);
//! let mut row = x.slice_mut(s![0, ..;-1]);
//! row.sort(); // a 1-D view, whatever its stride
//! assert_eq!(x.to_vec(), vec![3, 2, 1, 0, 4, 5]);
//! assert_eq!(x.square().to_vec(), vec![9, 4, 1, 0, 16, 25]);
//! assert!(x.ravel().is_view() && !x.t().ravel().is_view());
//! let n = 3;
//! assert_eq!(x.reshape([-1, n as isize]).shape(), [2, 3]);
//! assert_eq!((x.prod(), x.count_nonzero()), (0, 5));
//! assert_eq!(x.flip(Axis(1)).to_vec(), vec![1, 2, 3, 5, 4, 0]);
//! assert_eq!(x.roll(1, Axis(1)).to_vec(), vec![1, 3, 2, 5, 0, 4]);
//! assert_eq!(x.greater(&3).argwhere().shape(), [2, 2]);
//! let f = x.cast::<f64>();
//! assert_eq!(f.var(1), 3.5);
//! let mut c = Array::<f64, 2>::zeros([2, 3]);
//! ufunc::add.call_into(&mut c, &f, &f);
//! assert_eq!(c[[1, 2]], 10.0);
//! let [ii, jj] = index::meshgrid([&[0, 1][..], &[5, 6, 7]]);
//! assert_eq!((ii.shape(), jj[[1, 2]]), ([2, 3], 7));
//! assert_eq!(linalg::matmul(&f, &f.t()).shape(), [2, 2]);
//! assert_eq!(Array::<f64, 2>::eye_k(2, 3, 1)[[0, 1]], 1.0);
//! assert_eq!(zip::outer_map(&array![1, 2], &array![3], |a, b| a * b).to_vec(), vec![3, 6]);
//! assert_eq!(select::unique(&array![2, 1, 2]).to_vec(), vec![1, 2]);
//! assert_eq!(rng.rand([3]).len() + rng.choice(10, 2, false).len(), 5);
//! assert!(einarray::config::config().threads >= 1);
//! // numpy.linalg
//! let a = array![[4.0_f64, 1.0], [1.0, 3.0]];
//! let b = array![1.0, 2.0];
//! let x = linalg::solve(&a, &b);
//! assert!(linalg::matmul(&a, &x.view().insert_axis(Axis(1))).allclose(&b.view().insert_axis(Axis(1)), 1e-12, 0.0));
//! assert!((linalg::det(&a)[[]] - 11.0).abs() < 1e-12);
//! let l = linalg::cholesky(&a);
//! assert!(linalg::matmul(&l, &l.t()).allclose(&a, 1e-12, 1e-12));
//! assert!(linalg::inv(&a).allclose(&linalg::pinv(&a, None), 1e-12, 1e-12));
//! let linalg::Eigh { w, v } = linalg::eigh(&a, linalg::Uplo::Lower);
//! assert!(linalg::matmul(&a, &v).allclose(&(&v * &w), 1e-12, 1e-12));
//! assert_eq!(linalg::matrix_rank(&a, None)[[]], 2);
//! let stack = Array::<f64, 3>::from_fn([5, 2, 2], |[k, i, j]| if i == j { 2.0 + k as f64 } else { 0.5 });
//! assert_eq!(linalg::det(&stack).shape(), [5]); // one determinant per matrix
//! ```
