//! `RandomState` against NumPy's legacy generator, bit for bit: each `seed` block of
//! `tests/fixtures/random.txt` (from `scripts/gen_random_fixtures.py`) replays its calls in
//! order on one `RandomState` and compares every value exactly.

use einarray::random::RandomState;

const FIXTURE: &str = include_str!("fixtures/random.txt");

fn parse<T: std::str::FromStr>(s: &str) -> T
where
    T::Err: std::fmt::Debug,
{
    s.parse().unwrap()
}

#[test]
fn streams_match_numpy_bit_for_bit() {
    let mut rs: Option<RandomState> = None;
    let mut call: Vec<&str> = vec![];
    let (mut seeds, mut calls, mut values) = (0, 0, 0);
    for line in FIXTURE.lines() {
        if line.starts_with('#') || line.is_empty() {
            continue;
        }
        let (kind, rest) = line.split_once(' ').unwrap();
        match kind {
            "seed" => {
                rs = Some(RandomState::new(parse(rest)));
                seeds += 1;
            }
            "call" => call = rest.split(' ').collect(),
            "vals" => {
                let rs = rs.as_mut().unwrap();
                let want: Vec<&str> = rest.split(' ').collect();
                let got: Vec<String> = match call[0] {
                    "rand" => rs
                        .rand([parse(call[1])])
                        .iter()
                        .map(|v| format!("{v:?}"))
                        .collect(),
                    "randn" => rs
                        .randn([parse(call[1])])
                        .iter()
                        .map(|v| format!("{v:?}"))
                        .collect(),
                    "normal" => rs
                        .normal(parse(call[1]), parse(call[2]), [parse(call[3])])
                        .iter()
                        .map(|v| format!("{v:?}"))
                        .collect(),
                    "uniform" => rs
                        .uniform(parse(call[1]), parse(call[2]), [parse(call[3])])
                        .iter()
                        .map(|v| format!("{v:?}"))
                        .collect(),
                    "randint" => rs
                        .randint(parse(call[1]), parse(call[2]), [parse(call[3])])
                        .iter()
                        .map(|v| v.to_string())
                        .collect(),
                    "permutation" => rs
                        .permutation(parse(call[1]))
                        .iter()
                        .map(|v| v.to_string())
                        .collect(),
                    "choice" => rs
                        .choice(parse(call[1]), parse(call[2]), call[3] == "1")
                        .iter()
                        .map(|v| v.to_string())
                        .collect(),
                    other => panic!("unknown call {other}"),
                };
                assert_eq!(got.len(), want.len(), "seed block {seeds}, call {call:?}");
                for (k, (g, w)) in got.iter().zip(&want).enumerate() {
                    // Floats compare by value (Rust's `{:?}` and Python's `repr` are both
                    // shortest round-trip forms, but may differ in notation).
                    let same = match (g.parse::<f64>(), w.parse::<f64>()) {
                        (Ok(a), Ok(b)) if call[0] != "randint" => a.to_bits() == b.to_bits(),
                        _ => g == w,
                    };
                    assert!(
                        same,
                        "seed block {seeds}, call {call:?}, value {k}: got {g}, NumPy {w}"
                    );
                }
                calls += 1;
                values += got.len();
            }
            other => panic!("unknown line kind {other}"),
        }
    }
    assert_eq!(seeds, 6);
    assert!(
        calls > 100 && values > 30_000,
        "{calls} calls, {values} values"
    );
}
