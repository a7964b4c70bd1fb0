#!/usr/bin/env python3
"""Writes one release archive of leskit: called by scripts/release once per target.

leskit-<version>-<triple>/          (.tar.gz for Linux and macOS, .zip for Windows)
    leskit or leskit.exe
    README.md                       the project's README
    LICENSE(.txt)                   leskit's licence, EUPL-1.2
    NOTICE(.txt)                    how the bundled course's terms differ from it
    THIRD-PARTY-LICENSES.md         everything compiled into the binary, with the licence texts
    TOOLCHAIN.txt                   what built it
    achterlating/                   the bundled course (its own terms: see LICENSE)
    voorbeeld/                      a small example project (examples/minimal)

The crates compiled in are read from cargo's JSON messages of the build: every library built for
the target (so std and its crates from build-std too, but not build scripts and proc-macros, which
run at build time only). Their licence files come from the crates' own sources.

Reproducible: entries sorted by name, one time stamp for all (SOURCE_DATE_EPOCH), fixed owner and
modes, no gzip name or time, fixed compression levels. The archive is written next to its final
name and renamed, so a failed run never leaves half an archive.
"""

import argparse
import gzip
import io
import json
import os
import pathlib
import re
import subprocess
import sys
import tarfile
import time
import tomllib
import zipfile
import zlib

ROOT = pathlib.Path(__file__).resolve().parent.parent

# The system libraries linked into each target's binary, with the Debian package whose copyright
# file states their licence.
SYSTEM_LIBRARIES = {
    "unknown-linux-musl": [
        ("musl", "the C library (libc.a, crt objects), MIT", "musl-dev"),
        ("LLVM libunwind", "the unwinder (libunwind.a), Apache-2.0 WITH LLVM-exception", "libunwind-14-dev"),
        ("GCC runtime", "libgcc.a and crtbeginS.o, GPL-3.0+ WITH GCC-exception-3.1", "libgcc-12-dev"),
    ],
    "pc-windows-gnu": [
        ("mingw-w64", "the C runtime and import libraries, ZPL-2.1 and others (public domain headers)", "mingw-w64-x86-64-dev"),
        ("GCC runtime (mingw-w64)", "libgcc.a and libgcc_eh.a, GPL-3.0+ WITH GCC-exception-3.1", "gcc-mingw-w64-base"),
    ],
}

# The Debian packages whose versions TOOLCHAIN.txt records, per target.
TOOL_PACKAGES = {
    "unknown-linux-musl": ["rustc-web", "cargo-web", "rust-web-src", "gcc-12", "binutils", "musl-dev", "libunwind-14-dev"],
    "pc-windows-gnu": ["rustc-web", "cargo-web", "rust-web-src", "gcc-mingw-w64-x86-64-win32", "binutils-mingw-w64-x86-64", "mingw-w64-x86-64-dev"],
}

LICENCE_FILE = re.compile(r"^(licen[cs]e|copying|copyright|notice|unlicense)([-._].*)?$", re.I)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--triple", required=True)
    ap.add_argument("--version", required=True)
    ap.add_argument("--target-dir", required=True, type=pathlib.Path)
    ap.add_argument("--cargo-json", required=True, type=pathlib.Path)
    ap.add_argument("--out", required=True, type=pathlib.Path)
    ap.add_argument("--rustc", required=True)
    ap.add_argument("--cargo", required=True)
    ap.add_argument("--rust-debian", default="")
    ap.add_argument("--binary", type=pathlib.Path, help="the binary, when not in the target folder")
    ap.add_argument("--system-licences", default="debian", choices=["debian", "none"],
                    help="none: the platform's own libraries only (macOS), nothing from Debian")
    args = ap.parse_args()

    windows = "windows" in args.triple
    exe = "leskit.exe" if windows else "leskit"
    binary = args.binary or args.target_dir / args.triple / "release" / exe
    epoch = int(os.environ.get("SOURCE_DATE_EPOCH", "0"))
    txt = ".txt" if windows else ""

    crates = compiled_crates(args.cargo_json, args.target_dir / args.triple)
    entries = {
        exe: (binary.read_bytes(), 0o755),
        "README.md": ((ROOT / "README.md").read_bytes(), 0o644),
        "LICENSE" + txt: ((ROOT / "LICENSE").read_bytes(), 0o644),
        "NOTICE" + txt: ((ROOT / "NOTICE").read_bytes(), 0o644),
        "THIRD-PARTY-LICENSES.md": (third_party(args, crates).encode(), 0o644),
        "TOOLCHAIN.txt": (toolchain(args).encode(), 0o644),
    }
    for folder, prefix in (("modules quizzes content courses", "achterlating"), ("examples/minimal", "voorbeeld")):
        listed = subprocess.run(["git", "ls-files", "-z", "--", *folder.split()], cwd=ROOT,
                                check=True, capture_output=True).stdout.decode().split("\0")
        base = "" if prefix == "achterlating" else folder + "/"
        for path in filter(None, listed):
            entries[f"{prefix}/{path[len(base):]}"] = ((ROOT / path).read_bytes(), 0o644)

    top = f"leskit-{args.version}-{args.triple}"
    name = top + (".zip" if windows else ".tar.gz")
    args.out.mkdir(parents=True, exist_ok=True)
    final = args.out / name
    temporary = args.out / (name + ".partial")
    data = write_zip(top, entries, epoch) if windows else write_tar_gz(top, entries, epoch)
    temporary.write_bytes(data)
    os.replace(temporary, final)
    print(f"wrote {final} ({len(data) // 1024} KiB; {exe} {len(entries[exe][0]) // 1024} KiB; "
          f"{len(crates)} crates compiled in)")
    return 0


def compiled_crates(messages: pathlib.Path, target_out: pathlib.Path) -> list[dict]:
    """The packages with a library or binary built for the target, sorted by name and version."""
    found = {}
    target_out = str(target_out.resolve())
    for line in messages.read_text().splitlines():
        if not line.startswith("{"):
            continue
        m = json.loads(line)
        if m.get("reason") != "compiler-artifact":
            continue
        kinds = set(m["target"]["kind"])
        if kinds & {"custom-build", "proc-macro"}:
            continue
        if not any(os.path.realpath(f).startswith(target_out + os.sep) for f in m["filenames"]):
            continue  # built for the build machine (a build script's dependency)
        manifest = pathlib.Path(m["manifest_path"])
        package = tomllib.loads(manifest.read_text())["package"]
        found[m["package_id"]] = {
            "name": package["name"],
            "version": m["package_id"].rsplit("@", 1)[-1] if "@" in m["package_id"] else package.get("version", ""),
            "license": package.get("license") or "",
            "dir": manifest.parent,
            "std": "/rustlib/src/rust/library/" in str(manifest),
        }
    return sorted(found.values(), key=lambda c: (c["name"], c["version"]))


def third_party(args, crates: list[dict]) -> str:
    """THIRD-PARTY-LICENSES.md: each crate and library with its licence, the texts once each."""
    out = io.StringIO()
    w = out.write
    w(f"# Licences of everything compiled into leskit {args.version} for {args.triple}\n\n")
    w("leskit itself is licensed under the EUPL-1.2 (see LICENSE). The binary also contains the\n"
      "Rust crates and system libraries below, under their own licences. Each licence text is\n"
      "given once, after the list of what it covers.\n\n")
    texts: dict[str, list[str]] = {}  # text -> what it covers

    std = [c for c in crates if c["std"]]
    own = [c for c in crates if not c["std"] and c["name"] != "leskit"]
    w("## Rust crates\n\n| crate | version | licence |\n| --- | --- | --- |\n")
    for c in own:
        w(f"| {c['name']} | {c['version']} | {c['license']} |\n")
        files = licence_files(c["dir"])
        for f in files:
            texts.setdefault(f.read_text(errors="replace"), []).append(f"{c['name']} {c['version']} ({f.name})")
        if not files:
            texts.setdefault(standard_text_note(c), []).append(f"{c['name']} {c['version']}")
    w("\n## Rust's standard library\n\n")
    w(f"Compiled from the Rust {args.rustc.split()[1]} sources (Debian's rust-web-src): "
      + ", ".join(sorted({c['name'] for c in std})) + ", under MIT OR Apache-2.0 (Rust's COPYRIGHT\n"
      "file and the two texts follow).\n")
    if std:
        src = std[0]["dir"]
        while src.name != "library" and src != src.parent:
            src = src.parent
        # rustup's toolchains have Rust's own licence files in share/doc/rust; Debian's has
        # COPYRIGHT in the sources, the Apache text in common-licenses and MIT in its copyright.
        doc = src.parent.parent.parent.parent.parent / "share/doc/rust"
        for name in ("COPYRIGHT", "LICENSE-APACHE", "LICENSE-MIT"):
            for folder in (doc, src.parent):
                if (folder / name).is_file():
                    texts.setdefault((folder / name).read_text(), []).append(f"Rust's standard library ({name})")
                    break
            else:
                text = {"COPYRIGHT": "", "LICENSE-APACHE": common_licence("Apache-2.0"),
                        "LICENSE-MIT": dep5_licence("/usr/share/doc/rust-web-src/copyright", "MIT")}[name]
                if text:
                    texts.setdefault(text, []).append(f"Rust's standard library ({name})")

    if args.system_licences == "debian":
        w("\n## System libraries linked in\n\n")
        for name, what, package in SYSTEM_LIBRARIES.get(args.triple.split("-", 1)[1], []):
            w(f"- {name}: {what}; Debian package {package} {dpkg_version(package)}\n")
            path = pathlib.Path("/usr/share/doc") / package / "copyright"
            texts.setdefault(path.read_text(errors="replace"), []).append(f"{name} (Debian's copyright file of {package})")

    w("\n## Licence texts\n")
    for text, covered in texts.items():
        w("\n### " + "; ".join(covered) + "\n\n")
        fence = "````" if "```" in text else "```"
        w(f"{fence}text\n{text.rstrip()}\n{fence}\n")
    return out.getvalue()


def licence_files(folder: pathlib.Path) -> list[pathlib.Path]:
    return sorted(p for p in folder.iterdir() if p.is_file() and LICENCE_FILE.match(p.name))


def standard_text_note(crate: dict) -> str:
    expression = crate["license"]
    note = (f"{crate['name']} ships no licence file of its own; its Cargo.toml declares `{expression}`.\n")
    if "Apache-2.0" in expression and common_licence("Apache-2.0"):
        note += "\n" + common_licence("Apache-2.0")
    return note


def common_licence(name: str) -> str:
    path = pathlib.Path("/usr/share/common-licenses", name)
    return path.read_text() if path.is_file() else ""


def dep5_licence(path: str, name: str) -> str:
    """The text of a stand-alone `License: NAME` paragraph of a Debian copyright file."""
    try:
        lines = pathlib.Path(path).read_text().splitlines()
    except OSError:
        return ""
    for i, line in enumerate(lines):
        if line.strip() == f"License: {name}" and (i == 0 or not lines[i - 1].strip()):
            body = []
            for more in lines[i + 1:]:
                if not more.startswith((" ", "\t")):
                    break
                body.append("" if more.strip() == "." else more.strip())
            if body:
                return "\n".join(body) + "\n"
    return ""


def dpkg_version(package: str) -> str:
    r = subprocess.run(["dpkg-query", "-W", "-f=${Version}", package], capture_output=True, text=True)
    return r.stdout.strip() if r.returncode == 0 else "(not installed)"


def toolchain(args) -> str:
    lines = [
        f"leskit {args.version} for {args.triple}",
        f"commit {git('rev-parse', 'HEAD')}",
        f"SOURCE_DATE_EPOCH {os.environ.get('SOURCE_DATE_EPOCH', '0')}",
        "",
        args.rustc,
        args.cargo,
        "std compiled from source with cargo's -Zbuild-std",
    ]
    if args.system_licences == "debian":
        lines += ["", "Debian packages:"]
        lines += [f"  {p} {dpkg_version(p)}" for p in TOOL_PACKAGES.get(args.triple.split("-", 1)[1], [])]
    lines += ["", f"archive written by Python {sys.version.split()[0]} with zlib {zlib.ZLIB_RUNTIME_VERSION}"]
    return "\n".join(lines) + "\n"


def git(*argv: str) -> str:
    r = subprocess.run(["git", *argv], cwd=ROOT, capture_output=True, text=True)
    return r.stdout.strip() if r.returncode == 0 else "(unknown)"


def write_tar_gz(top: str, entries: dict, epoch: int) -> bytes:
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.GNU_FORMAT) as tar:
        for name in all_names(top, entries):
            info = tarfile.TarInfo(name.rstrip("/"))
            info.mtime = epoch
            info.uid = info.gid = 0
            info.uname = info.gname = ""
            if name.endswith("/"):
                info.type, info.mode = tarfile.DIRTYPE, 0o755
                tar.addfile(info)
            else:
                data, mode = entries[name[len(top) + 1:]]
                info.size, info.mode = len(data), mode
                tar.addfile(info, io.BytesIO(data))
    packed = io.BytesIO()
    # filename="" and mtime=0: gzip's header names neither the file nor the time.
    with gzip.GzipFile(filename="", mode="wb", fileobj=packed, mtime=0, compresslevel=9) as gz:
        gz.write(raw.getvalue())
    return packed.getvalue()


def write_zip(top: str, entries: dict, epoch: int) -> bytes:
    # A zip time has no time zone and starts in 1980: UTC, clamped.
    stamp = time.gmtime(max(epoch, 315532800))[:6]
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w") as z:
        for name in all_names(top, entries):
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.create_system = 3  # Unix: the modes below are kept by unzip
            if name.endswith("/"):
                info.external_attr = (0o40755 << 16) | 0x10
                z.writestr(info, b"")
            else:
                data, mode = entries[name[len(top) + 1:]]
                info.external_attr = (0o100000 | mode) << 16
                info.compress_type = zipfile.ZIP_DEFLATED
                z.writestr(info, data, compresslevel=9)
    return packed.getvalue()


def all_names(top: str, entries: dict) -> list[str]:
    """Every entry with its folders, sorted (folders end in /)."""
    names = {f"{top}/"}
    for name in entries:
        parts = name.split("/")
        for i in range(1, len(parts)):
            names.add(f"{top}/{'/'.join(parts[:i])}/")
        names.add(f"{top}/{name}")
    return sorted(names)


if __name__ == "__main__":
    sys.exit(main())
