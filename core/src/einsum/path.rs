//! Step 2 of a run: the pairwise contraction order of least cost for the operands' sizes
//! (exhaustive for few operands, greedy for many), and `einsum_path!`'s report of it.

use super::*;

/// One step of a contraction path: contract operands `i < j` of the current list (removed),
/// and append the result, as `np.einsum_path` reports it.
pub type Step = (usize, usize);

pub(super) fn cost_of(labels: &[u8], sizes: &Sizes) -> f64 {
    labels.iter().map(|&l| sizes.get(l) as f64).product()
}

pub(super) fn union(a: &[u8], b: &[u8]) -> Vec<u8> {
    let mut u = a.to_vec();
    u.extend(b.iter().filter(|l| !a.contains(l)));
    u
}

/// Labels of the result of contracting `a` and `b` when `others` and the output still need
/// some: those of `a ∪ b` that appear elsewhere.
pub(super) fn result_labels(a: &[u8], b: &[u8], others: &[&[u8]], out: &[u8]) -> Vec<u8> {
    union(a, b)
        .into_iter()
        .filter(|l| out.contains(l) || others.iter().any(|o| o.contains(l)))
        .collect()
}

/// The cheapest pairwise order for these label sets and sizes (opt_einsum's *optimal* search
/// by dynamic programming over subsets for up to 8 operands, *greedy* beyond), and its cost
/// in multiply-adds.
pub(super) fn contraction_path(terms: &[Vec<u8>], out: &[u8], sizes: &Sizes) -> (Vec<Step>, f64) {
    let n = terms.len();
    if n <= 2 {
        let all = terms.iter().fold(vec![], |acc, t| union(&acc, t));
        return (
            if n == 2 { vec![(0, 1)] } else { vec![] },
            cost_of(&all, sizes),
        );
    }
    // The search costs more than a small contraction (1.4 µs of 4.9 µs for
    // `ijkm,iko,kp->mip` at d = 8), and programs call one einsum with the same shapes over and
    // over: each thread remembers the paths of its last few label sets and sizes.
    thread_local! {
        static PATHS: std::cell::RefCell<Vec<Remembered>> =
            const { std::cell::RefCell::new(Vec::new()) };
    }
    const REMEMBERED: usize = 16;
    let key = path_key(terms, out, sizes);
    let hit = PATHS.with(|p| {
        p.borrow()
            .iter()
            .find(|e| e.0 == key)
            .map(|e| (e.1.clone(), e.2))
    });
    if let Some(hit) = hit {
        return hit;
    }
    let found = if n <= 8 {
        optimal_path(terms, out, sizes)
    } else {
        greedy_path(terms, out, sizes)
    };
    PATHS.with(|p| {
        let mut p = p.borrow_mut();
        if p.len() == REMEMBERED {
            p.remove(0);
        }
        p.push((key, found.0.clone(), found.1));
    });
    found
}

/// A remembered path: its [`path_key`], steps and cost.
pub(super) type Remembered = (Vec<usize>, Vec<Step>, f64);

/// What a contraction path depends on: each term's labels, the output's, and every label's
/// size (`usize::MAX` separates the lists).
pub(super) fn path_key(terms: &[Vec<u8>], out: &[u8], sizes: &Sizes) -> Vec<usize> {
    let mut key = Vec::with_capacity(2 * (terms.len() + out.len()) + 16);
    for t in terms.iter().map(|t| t.as_slice()).chain([out]) {
        key.extend(t.iter().map(|&l| l as usize));
        key.push(usize::MAX);
    }
    for t in terms {
        key.extend(t.iter().map(|&l| sizes.get(l)));
    }
    key
}

pub(super) fn optimal_path(terms: &[Vec<u8>], out: &[u8], sizes: &Sizes) -> (Vec<Step>, f64) {
    let n = terms.len();
    let full = (1usize << n) - 1;
    // labels[s]: labels of the tensor made from subset s, given what lies outside s.
    let mut labels: Vec<Vec<u8>> = vec![vec![]; 1 << n];
    for s in 1..=full {
        let inside: Vec<u8> = (0..n)
            .filter(|i| s >> i & 1 == 1)
            .fold(vec![], |acc, i| union(&acc, &terms[i]));
        let outside: Vec<&[u8]> = (0..n)
            .filter(|i| s >> i & 1 == 0)
            .map(|i| terms[i].as_slice())
            .collect();
        labels[s] = inside
            .into_iter()
            .filter(|l| out.contains(l) || outside.iter().any(|o| o.contains(l)))
            .collect();
    }
    let mut best = vec![f64::INFINITY; 1 << n];
    let mut split = vec![0usize; 1 << n];
    for i in 0..n {
        best[1 << i] = 0.0;
    }
    for s in 1..=full {
        if s.count_ones() < 2 {
            continue;
        }
        // Enumerate proper sub-subsets l with l < s ^ l (each split once).
        let mut l = (s - 1) & s;
        while l > 0 {
            let r = s ^ l;
            if l < r {
                let step = cost_of(&union(&labels[l], &labels[r]), sizes);
                let c = best[l] + best[r] + step;
                if c < best[s] {
                    best[s] = c;
                    split[s] = l;
                }
            }
            l = (l - 1) & s;
        }
    }
    // Replay the splits as NumPy-style steps over a shrinking operand list.
    fn emit(s: usize, split: &[usize], list: &mut Vec<usize>, steps: &mut Vec<Step>) -> usize {
        if s.count_ones() == 1 {
            return s;
        }
        let l = split[s];
        let a = emit(l, split, list, steps);
        let b = emit(s ^ l, split, list, steps);
        let ia = list.iter().position(|&x| x == a).expect("present");
        let ib = list.iter().position(|&x| x == b).expect("present");
        let (i, j) = if ia < ib { (ia, ib) } else { (ib, ia) };
        list.remove(j);
        list.remove(i);
        list.push(s);
        steps.push((i, j));
        s
    }
    let mut list: Vec<usize> = (0..n).map(|i| 1 << i).collect();
    let mut steps = vec![];
    emit(full, &split, &mut list, &mut steps);
    (steps, best[full])
}

pub(super) fn greedy_path(terms: &[Vec<u8>], out: &[u8], sizes: &Sizes) -> (Vec<Step>, f64) {
    let mut list: Vec<Vec<u8>> = terms.to_vec();
    let mut steps = vec![];
    let mut total = 0.0;
    while list.len() > 1 {
        let mut best = (f64::INFINITY, 0, 1, vec![]);
        for i in 0..list.len() {
            for j in i + 1..list.len() {
                let others: Vec<&[u8]> = (0..list.len())
                    .filter(|&k| k != i && k != j)
                    .map(|k| list[k].as_slice())
                    .collect();
                let res = result_labels(&list[i], &list[j], &others, out);
                // Prefer the smallest result, then the cheapest step.
                let key = cost_of(&res, sizes) + 1e-9 * cost_of(&union(&list[i], &list[j]), sizes);
                if key < best.0 {
                    best = (key, i, j, res);
                }
            }
        }
        let (_, i, j, res) = best;
        total += cost_of(&union(&list[i], &list[j]), sizes);
        list.remove(j);
        list.remove(i);
        list.push(res);
        steps.push((i, j));
    }
    (steps, total)
}

/// What `einsum_path!` reports: the pairwise order chosen for these sizes and its cost, as
/// `np.einsum_path` prints it.
#[derive(Clone, Debug, PartialEq)]
pub struct EinsumPath {
    /// The subscripts.
    pub subscripts: String,
    /// The steps: contract operands `i` and `j` of the current list, append the result.
    pub path: Vec<Step>,
    /// NumPy's FLOP count of the naive single loop over every label.
    pub naive_cost: f64,
    /// NumPy's FLOP count along `path` (the steps' counts plus one, as NumPy reports it).
    pub optimized_cost: f64,
    /// Distinct labels of the whole contraction (NumPy's "naive scaling").
    pub naive_scaling: usize,
    /// Most distinct labels in one step of `path` (NumPy's "optimized scaling").
    pub optimized_scaling: usize,
    /// Elements of the largest intermediate.
    pub largest_intermediate: f64,
    /// Each step's subscripts, e.g. `"kp,iko->ipo"`.
    pub steps: Vec<String>,
}

/// The report `np.einsum_path` prints: the same header lines and numbers, then one line per
/// step (the pair contracted, as indices into the current operand list, and its subscripts).
impl fmt::Display for EinsumPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "  Complete contraction:  {}", self.subscripts)?;
        writeln!(f, "         Naive scaling:  {}", self.naive_scaling)?;
        writeln!(f, "     Optimized scaling:  {}", self.optimized_scaling)?;
        writeln!(
            f,
            "      Naive FLOP count:  {}",
            crate::fmt::py_sci3(self.naive_cost)
        )?;
        writeln!(
            f,
            "  Optimized FLOP count:  {}",
            crate::fmt::py_sci3(self.optimized_cost)
        )?;
        writeln!(
            f,
            "   Theoretical speedup:  {:.3}",
            self.naive_cost / self.optimized_cost
        )?;
        writeln!(
            f,
            "  Largest intermediate:  {} elements",
            crate::fmt::py_sci3(self.largest_intermediate)
        )?;
        writeln!(
            f,
            "--------------------------------------------------------------------------"
        )?;
        for (step, s) in self.path.iter().zip(&self.steps) {
            writeln!(f, "  {:?}  {s}", step)?;
        }
        Ok(())
    }
}

/// NumPy's `_flop_count`: the loop size times (terms - 1, at least 1), plus one when something
/// is summed.
pub(super) fn flop_count(labels: &[u8], summed: bool, terms: usize, sizes: &Sizes) -> f64 {
    let factor = (terms.saturating_sub(1)).max(1) + usize::from(summed);
    cost_of(labels, sizes) * factor as f64
}

pub(super) fn term_string(labels: &[u8]) -> String {
    labels
        .iter()
        .map(|&l| if l >= ELL_BASE { '.' } else { l as char })
        .collect()
}

/// `einsum_path!`: the contraction order and cost for these operands' sizes.
///
/// # Panics
/// On size mismatches, with `einsum`'s messages.
#[track_caller]
#[doc(hidden)]
pub fn path<T>(spec: &Spec<'_>, ops: &[Operand<'_, T>]) -> EinsumPath {
    unwrap_or_panic(try_path(spec, ops))
}

/// [`path`], returning the error instead of panicking.
#[doc(hidden)]
pub fn try_path<T>(spec: &Spec<'_>, ops: &[Operand<'_, T>]) -> Result<EinsumPath, ShapeError> {
    let (bound, out, sizes) = bind(spec, ops)?;
    let terms: Vec<Vec<u8>> = bound.iter().map(|b| b.labels.clone()).collect();
    let all = terms.iter().fold(vec![], |acc, t| union(&acc, t));
    let (path, _) = contraction_path(&terms, &out, &sizes);
    let mut list = terms.clone();
    let mut steps = vec![];
    let mut largest: f64 = 0.0;
    let mut optimized = 0.0;
    let mut optimized_scaling = 0;
    for &(i, j) in &path {
        let others: Vec<&[u8]> = (0..list.len())
            .filter(|&k| k != i && k != j)
            .map(|k| list[k].as_slice())
            .collect();
        let res = if list.len() == 2 {
            out.clone()
        } else {
            result_labels(&list[i], &list[j], &others, &out)
        };
        let step_labels = union(&list[i], &list[j]);
        optimized += flop_count(&step_labels, step_labels.len() > res.len(), 2, &sizes);
        optimized_scaling = optimized_scaling.max(step_labels.len());
        largest = largest.max(cost_of(&res, &sizes));
        steps.push(format!(
            "{},{}->{}",
            term_string(&list[i]),
            term_string(&list[j]),
            term_string(&res)
        ));
        list.remove(j);
        list.remove(i);
        list.push(res);
    }
    let single = path.is_empty();
    Ok(EinsumPath {
        subscripts: spec.subscripts.to_string(),
        path,
        naive_cost: flop_count(&all, all.len() > out.len(), terms.len(), &sizes),
        // NumPy adds one to the sum of the steps' counts (`opt_cost = sum(cost_list) + 1`).
        optimized_cost: 1.0
            + if single {
                flop_count(&all, all.len() > out.len(), 1, &sizes)
            } else {
                optimized
            },
        naive_scaling: all.len(),
        optimized_scaling: if single { all.len() } else { optimized_scaling },
        largest_intermediate: largest,
        steps,
    })
}
