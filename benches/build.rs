//! `cargo bench`: time and peak memory of `check` and `build` on generated projects of 1, 10
//! and 100 modules (6 pages of about 330 words and a quiz of 12 questions each), in process.
//!
//! The projects are written by `scripts/gen-bench-project` (Python 3), the same generator that
//! `scripts/bench` uses to time the release binary as a whole process. See docs/performance.md.
//!
//! Arguments after `--`: words that select cases by substring (`cargo bench -- build/100`), and
//! `--quick` for fewer repetitions. Speed targets are checked here and in `scripts/bench`, never
//! by timed tests.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use leskit::check::{check_project, today};
use leskit::diag::Severity;
use leskit::package::Target;
use leskit::render::Templates;

/// The project sizes, in modules.
const SIZES: [usize; 3] = [1, 10, 100];

/// How long to repeat each case, and the fewest and most repetitions.
struct Budget {
    time: Duration,
    min_runs: usize,
    max_runs: usize,
}

struct Stats {
    runs: usize,
    median: Duration,
    min: Duration,
    /// CPU time (user + system, every thread) over wall time, when the platform tells.
    cpu_ratio: Option<f64>,
    /// Peak resident memory of this process during the case, when the platform tells.
    peak_kib: Option<u64>,
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let quick = args.iter().any(|a| a == "--quick");
    let filters: Vec<&String> = args.iter().filter(|a| !a.starts_with("--")).collect();
    let budget = if quick {
        Budget {
            time: Duration::from_millis(300),
            min_runs: 3,
            max_runs: 50,
        }
    } else {
        Budget {
            time: Duration::from_secs(2),
            min_runs: 5,
            max_runs: 200,
        }
    };
    let selected = |name: &str| filters.is_empty() || filters.iter().any(|f| name.contains(*f));

    let scratch = tempfile::tempdir().expect("a temporary folder");
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!(
        "leskit {} benchmark: {cores} cores, {} runs per case (at least {}, at most {} s)",
        env!("CARGO_PKG_VERSION"),
        if quick { "quick" } else { "full" },
        budget.min_runs,
        budget.time.as_secs_f64(),
    );
    println!();
    println!(
        "{:<24} {:>5} {:>11} {:>11} {:>13} {:>7} {:>10}",
        "case", "runs", "median", "min", "per module", "cpu", "peak RSS"
    );

    let templates_start = Instant::now();
    let templates = Templates::load(None).expect("the built-in templates load");
    let templates_time = templates_start.elapsed();

    let mut per_module: Vec<(String, usize, Duration)> = Vec::new();
    for &n in &SIZES {
        let wanted = ["check", "build"].iter().any(|op| {
            [
                format!("{op}/{n}/"),
                format!("{op}/{n}/scorm12"),
                format!("{op}/{n}/scorm2004"),
                format!("{op}/{n}/all"),
            ]
            .iter()
            .any(|name| selected(name))
        });
        if !wanted {
            continue;
        }
        let root = scratch.path().join(format!("project-{n}"));
        generate(&root, n);
        let day = today();
        let checked = check_project(&root, day).expect("the generated project loads");
        let errors = checked.diagnostics.count(Severity::Error);
        let warnings = checked.diagnostics.count(Severity::Warning);
        assert_eq!(
            (errors, warnings, checked.project.modules.len()),
            (0, 0, n),
            "the generated project of {n} modules must check clean"
        );

        let name = format!("check/{n}/");
        if selected(&name) {
            let stats = measure(&budget, || {
                let c = check_project(&root, day).expect("the project loads");
                std::hint::black_box(c);
            });
            report(&name, n, &stats);
            per_module.push((name, n, stats.median));
        }

        let modules: Vec<_> = checked.project.modules.iter().collect();
        let cases: [(&str, &[Target]); 3] = [
            ("scorm12", &[Target::SCORM12]),
            ("scorm2004", &[Target::SCORM2004]),
            ("all", Target::ALL),
        ];
        for (label, targets) in cases {
            let name = format!("build/{n}/{label}");
            if !selected(&name) {
                continue;
            }
            let out = scratch.path().join(format!("out-{n}-{label}"));
            let stats = measure(&budget, || {
                let results = leskit::build::build(
                    &checked.project,
                    &modules,
                    targets,
                    &out,
                    &templates,
                    &|_| {},
                );
                assert!(results.iter().all(|r| r.is_ok()), "every package builds");
                std::hint::black_box(results);
            });
            report(&name, n, &stats);
            per_module.push((name, n, stats.median));
        }
    }
    println!();
    println!(
        "loading the built-in templates (once per build): {}",
        fmt(templates_time)
    );

    // Linearity: the time per module at 10 and 100 modules against 1 module.
    let mut lines = Vec::new();
    for (name, n, median) in &per_module {
        if *n == 1 {
            continue;
        }
        let base = name.replacen(&format!("/{n}/"), "/1/", 1);
        if let Some((_, _, one)) = per_module.iter().find(|(b, _, _)| *b == base) {
            let ratio = (median.as_secs_f64() / *n as f64) / one.as_secs_f64();
            lines.push(format!(
                "  {name:<22} {:>10} per module = {ratio:.2} × the 1-module time",
                fmt(median.div_f64(*n as f64))
            ));
        }
    }
    if !lines.is_empty() {
        println!();
        println!("time per module against 1 module (below 1: more modules share the cores):");
        for line in lines {
            println!("{line}");
        }
    }
}

/// Writes a project of `n` modules into `root` with the shared generator.
fn generate(root: &Path, n: usize) {
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("scripts/gen-bench-project");
    let status = Command::new(std::env::var("PYTHON").unwrap_or_else(|_| "python3".to_owned()))
        .arg(&script)
        .arg(root)
        .arg(n.to_string())
        .status()
        .expect("python3 runs scripts/gen-bench-project (set PYTHON to another interpreter)");
    assert!(status.success(), "scripts/gen-bench-project failed");
}

/// Runs `f` once to warm up, then repeatedly within the budget.
fn measure(budget: &Budget, mut f: impl FnMut()) -> Stats {
    f();
    reset_peak_rss();
    let cpu_before = cpu_time();
    let started = Instant::now();
    let mut times = Vec::new();
    while times.len() < budget.min_runs
        || (times.len() < budget.max_runs && started.elapsed() < budget.time)
    {
        let t = Instant::now();
        f();
        times.push(t.elapsed());
    }
    let wall = started.elapsed();
    let cpu_ratio = match (cpu_before, cpu_time()) {
        (Some(a), Some(b)) if !wall.is_zero() => Some((b - a) / wall.as_secs_f64()),
        _ => None,
    };
    times.sort();
    Stats {
        runs: times.len(),
        median: times[times.len() / 2],
        min: times[0],
        cpu_ratio,
        peak_kib: peak_rss_kib(),
    }
}

fn report(name: &str, modules: usize, s: &Stats) {
    println!(
        "{:<24} {:>5} {:>11} {:>11} {:>13} {:>7} {:>10}",
        name,
        s.runs,
        fmt(s.median),
        fmt(s.min),
        fmt(s.median.div_f64(modules as f64)),
        s.cpu_ratio
            .map_or_else(|| "-".to_owned(), |r| format!("{:.0}%", r * 100.0)),
        s.peak_kib.map_or_else(
            || "-".to_owned(),
            |k| format!("{:.1} MiB", k as f64 / 1024.0)
        ),
    );
}

fn fmt(d: Duration) -> String {
    let s = d.as_secs_f64();
    if s >= 1.0 {
        format!("{s:.2} s")
    } else if s >= 1e-3 {
        format!("{:.2} ms", s * 1e3)
    } else {
        format!("{:.1} µs", s * 1e6)
    }
}

/// User + system CPU seconds of this process, every thread included (Linux only).
fn cpu_time() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // The fields after the command name, which is in parentheses and may hold spaces.
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    // utime and stime are fields 14 and 15 of the whole line, 12 and 13 after the name.
    let ticks: f64 = fields.get(11)?.parse::<f64>().ok()? + fields.get(12)?.parse::<f64>().ok()?;
    // USER_HZ is 100 on every Linux platform Rust supports.
    Some(ticks / 100.0)
}

/// Resets the peak resident set size of this process (Linux only; ignored elsewhere).
fn reset_peak_rss() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

/// Peak resident set size of this process since the last reset, in KiB (Linux only).
fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}
