//! `cargo bench --bench inspect`: the time `leskit inspect` takes for a package of 1 MB, in
//! process. The package is the built `examples/minimal` module (SCORM 1.2) with scripts and
//! images added until the zip is 1 MiB: about half of it scripts, which the quirk checks search
//! whole, half incompressible images, every file listed in the manifest. Target: under 100 ms
//! (docs/performance.md); a missed target ends the run with exit code 1.

use std::fmt::Write as _;
use std::io::{Read, Write};
use std::path::Path;
use std::time::{Duration, Instant};

use leskit::check::{check_project, today};
use leskit::package::Target;
use leskit::render::Templates;

const TARGET: Duration = Duration::from_millis(100);
const SIZE: usize = 1024 * 1024;

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    let base = built_package();
    let zip = padded(&base);
    let found = leskit::inspect::inspect_bytes(Path::new("bench.zip"), &zip);
    let errors = found.diagnostics.count(leskit::diag::Severity::Error);
    assert_eq!(errors, 0, "{:#?}", found.diagnostics.sorted());

    let budget = if quick {
        Duration::from_millis(500)
    } else {
        Duration::from_secs(2)
    };
    let mut times = Vec::new();
    let started = Instant::now();
    while (started.elapsed() < budget || times.len() < 5) && times.len() < 10_000 {
        let t = Instant::now();
        std::hint::black_box(leskit::inspect::inspect_bytes(Path::new("bench.zip"), &zip));
        times.push(t.elapsed());
    }
    times.sort();
    let median = times[times.len() / 2];
    let min = times[0];
    let ok = median < TARGET;
    println!(
        "inspect/1MB    {} KiB zip, {} runs: median {:.2} ms, min {:.2} ms (target < {} ms: {})",
        zip.len() / 1024,
        times.len(),
        median.as_secs_f64() * 1000.0,
        min.as_secs_f64() * 1000.0,
        TARGET.as_millis(),
        if ok { "met" } else { "NOT met" }
    );
    if !ok {
        std::process::exit(1);
    }
}

/// The SCORM 1.2 zip of `examples/minimal`, built by the library into a temporary folder.
fn built_package() -> Vec<u8> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/minimal");
    let checked = check_project(&root, today()).expect("examples/minimal loads");
    let out = tempfile::tempdir().unwrap();
    let modules: Vec<_> = checked.project.modules.iter().collect();
    let templates = Templates::load(None).unwrap();
    let results = leskit::build::build_all(
        &checked.project,
        &modules,
        &[],
        &[Target::SCORM12],
        out.path(),
        &templates,
        &|_| {},
    );
    let built = results
        .into_iter()
        .next()
        .unwrap()
        .expect("the module builds");
    std::fs::read(built.path).unwrap()
}

/// `base` with scripts and images added, each listed in the manifest, until it is 1 MiB.
fn padded(base: &[u8]) -> Vec<u8> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(base)).unwrap();
    let files: Vec<(String, Vec<u8>)> = (0..archive.len())
        .map(|i| {
            let mut f = archive.by_index(i).unwrap();
            let mut bytes = Vec::new();
            f.read_to_end(&mut bytes).unwrap();
            (f.name().to_owned(), bytes)
        })
        .collect();
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let mut added = Vec::new();
    let mut n = 0;
    loop {
        let zip = write(&files, &added);
        if zip.len() >= SIZE {
            return zip;
        }
        n += 1;
        if n % 2 == 0 {
            let bytes: Vec<u8> = (0..16 * 1024).map(|_| next() as u8).collect();
            added.push((format!("media/foto-{n:03}.jpg"), bytes));
        } else {
            let mut js = String::new();
            for i in 0..800 {
                let _ = writeln!(
                    js,
                    "function f{n}_{i}(x) {{ var v{:x} = x * {}; return track('cmi.interactions.{i}.id', v{:x}); }}",
                    next() % 100_000,
                    next() % 1000,
                    next() % 100_000
                );
            }
            added.push((format!("vendor/lib-{n:03}.js"), js.into_bytes()));
        }
    }
}

/// The zip of `files` plus `added`, with `added` listed in the manifest.
fn write(files: &[(String, Vec<u8>)], added: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    for (name, bytes) in files {
        out.start_file(name.as_str(), options).unwrap();
        if name == "imsmanifest.xml" {
            let listed: String = added
                .iter()
                .map(|(n, _)| format!("      <file href=\"{n}\"/>\n"))
                .collect();
            let text = String::from_utf8(bytes.clone()).unwrap();
            let text = text.replacen("    </resource>", &format!("{listed}    </resource>"), 1);
            out.write_all(text.as_bytes()).unwrap();
        } else {
            out.write_all(bytes).unwrap();
        }
    }
    for (name, bytes) in added {
        out.start_file(name.as_str(), options).unwrap();
        out.write_all(bytes).unwrap();
    }
    out.finish().unwrap().into_inner()
}
