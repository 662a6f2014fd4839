//! Stage timings for profiling and the benchmark harness.

use std::time::Instant;

/// Stage durations on stderr when PANORAMA_TIMINGS is set, for profiling
/// and the benchmark harness.
pub(crate) struct Timer {
    on: bool,
    last: Instant,
}

impl Timer {
    pub(crate) fn new() -> Timer {
        Timer {
            on: std::env::var_os("PANORAMA_TIMINGS").is_some(),
            last: Instant::now(),
        }
    }

    pub(crate) fn lap(&mut self, stage: &str) {
        if self.on {
            eprintln!(
                "panorama: {stage:>10} {:>8.1} ms  {}",
                self.last.elapsed().as_secs_f64() * 1000.0,
                memory()
            );
        }
        self.last = Instant::now();
    }
}

/// Whether PANORAMA_TIMINGS asks for the timings (and the counts that
/// explain them, e.g. images processed or taken from the cache).
pub(crate) fn enabled() -> bool {
    std::env::var_os("PANORAMA_TIMINGS").is_some()
}

/// Resident and peak memory of the process (Linux), for the timings.
fn memory() -> String {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .map(|v| v.trim().to_string())
            .unwrap_or_default()
    };
    format!("rss {} peak {}", field("VmRSS:"), field("VmHWM:"))
}
