//! Growth on the pathological inputs: the cases gen.py writes, and the time per render at
//! N and 4N measured so that load from other processes cannot fake superlinear growth.
//! Shared by the growth test (tests/linear.rs) and the benchmark (benches/core.rs).

use mathdown::{render, Options, StandIn};
use std::path::Path;
use std::time::{Duration, Instant};

/// Below this, timer noise dominates: a sample repeats the render until it lasts this long.
const MIN_SAMPLE: Duration = Duration::from_millis(20);

/// The case names in gen.py's MANIFEST.json, in its order (`{case}.1x.md`, `{case}.4x.md`).
pub fn cases(dir: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(dir.join("MANIFEST.json")).expect("gen.py's MANIFEST.json");
    let manifest: serde_json::Value = serde_json::from_str(&text).expect("MANIFEST.json is JSON");
    let mut cases: Vec<String> = manifest
        .as_array()
        .expect("MANIFEST.json is a list")
        .iter()
        .map(|e| {
            e["case"]
                .as_str()
                .expect("each entry names its case")
                .to_string()
        })
        .collect();
    cases.dedup();
    cases
}

/// One case at both sizes.
pub struct Case {
    pub one: String,
    pub four: String,
}

impl Case {
    pub fn read(dir: &Path, case: &str) -> Case {
        let read = |size: &str| {
            let p = dir.join(format!("{case}.{size}.md"));
            std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
        };
        Case {
            one: read("1x"),
            four: read("4x"),
        }
    }

    /// 4N over N in bytes: 4 for all but `backtick-increasing`, whose bytes grow faster
    /// than its runs. Growth is judged against this.
    pub fn bytes_ratio(&self) -> f64 {
        self.four.len() as f64 / self.one.len() as f64
    }
}

/// Makes the allocator keep what it frees, as the wasm module's does.
///
/// glibc hands large freed blocks back to the kernel (chunks above the mmap threshold, a
/// heap top above the trim threshold) and the next render faults the pages in again, but
/// only at the 4N sizes: at N everything stays in the heap. That alone measured `dollars`
/// at 5.5-6.3x, 4.1x with this on. In the browser the module's linear memory only grows,
/// so keeping freed memory is the product's behaviour, not a favour to the test. Call it
/// before the first sample.
pub fn keep_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only changes the allocator's tuning; it is called before samples
    // are taken and every value is one glibc documents as valid.
    unsafe {
        libc::mallopt(libc::M_MMAP_MAX, 0);
        libc::mallopt(libc::M_TRIM_THRESHOLD, libc::c_int::MAX);
    }
}

/// The time per render of one sample: the render repeated until [`MIN_SAMPLE`] has passed.
pub fn sample(src: &str) -> Duration {
    let options = Options::default();
    let start = Instant::now();
    let mut n = 0u32;
    while n == 0 || start.elapsed() < MIN_SAMPLE {
        let doc = render(src, &options, &mut StandIn::default()).expect("render succeeds");
        std::hint::black_box(doc);
        n += 1;
    }
    start.elapsed() / n
}

/// The fastest time per render at N and at 4N so far. Load only ever adds time, and
/// superlinear growth is systematic, so the fastest samples are the ones to compare.
#[derive(Clone, Copy)]
pub struct Fastest {
    pub one: Duration,
    pub four: Duration,
}

impl Fastest {
    pub fn new() -> Fastest {
        Fastest {
            one: Duration::MAX,
            four: Duration::MAX,
        }
    }

    /// One more sample of each size, N then 4N, so both see the same machine state.
    pub fn measure(&mut self, case: &Case) {
        self.one = self.one.min(sample(&case.one));
        self.four = self.four.min(sample(&case.four));
    }

    pub fn ratio(&self) -> f64 {
        self.four.as_secs_f64() / self.one.as_secs_f64()
    }
}
