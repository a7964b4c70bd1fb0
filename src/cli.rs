//! The command line, described with clap.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "leskit",
    version,
    about = "Turns training modules written in YAML into SCORM packages for any LMS",
    long_about = None,
    after_help = "Examples:
  leskit init mijn-cursus          start a project that checks and builds as it is
  leskit check                     every problem in the project, from any folder inside it
  leskit build --target all        SCORM 1.2, SCORM 2004, cmi5 and the web export into dist/
  leskit explain E0102             what a message's code means and how to fix it"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// When to colour the output: auto (on a terminal, unless NO_COLOR is set), always or never
    #[arg(long, value_enum, global = true, default_value_t = ColorWhen::Auto, value_name = "WHEN")]
    pub color: ColorWhen,
    /// Print only problems, no progress
    #[arg(long, short, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Also print where the project was found and what is used
    #[arg(long, short, global = true)]
    pub verbose: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorWhen {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check modules, quizzes, content and courses, and report every problem
    #[command(after_help = "Examples:
  leskit check                              the project this folder lies in
  leskit check modules/signalen.yaml        the project around a file
  leskit check --message-format json        one JSON object per problem, for editors and CI")]
    Check {
        /// Project folders, or files inside them [default: .]
        paths: Vec<PathBuf>,
        #[arg(long, value_enum, default_value_t = MessageFormat::Human)]
        message_format: MessageFormat,
    },
    /// Build upload-ready zip packages
    #[command(after_help = "Examples:
  leskit build                              every module as SCORM 1.2, into dist/
  leskit build --target scorm2004,html      SCORM 2004 and the web export
  leskit build modules/a.yaml --out pakket  one module, into pakket/
  leskit build courses/cursus.yaml          a course as one package")]
    Build {
        /// Project folders, or module files to build only those [default: .]
        paths: Vec<PathBuf>,
        /// Comma-separated targets: scorm12, scorm2004, cmi5, html (a folder for any web server or a
        /// disk, and its zip), or all [default: leskit.toml's build.targets, or scorm12]
        #[arg(long, short)]
        target: Option<String>,
        /// Folder for the packages [default: leskit.toml's build.out, or dist/, in the project's
        /// folder]
        #[arg(long, short)]
        out: Option<PathBuf>,
        /// Folder with templates that replace the built-in ones file by file
        #[arg(long)]
        templates: Option<PathBuf>,
        #[arg(long, value_enum, default_value_t = MessageFormat::Human)]
        message_format: MessageFormat,
    },
    /// Check SCORM 1.2, SCORM 2004 or cmi5 zips before upload, leskit's or anyone's
    #[command(after_help = "Examples:
  leskit inspect dist/basis-1.0.0-scorm12.zip   one package
  leskit inspect leverancier/*.zip             every zip a vendor sent
  leskit inspect pakket.zip --message-format json

What is checked, and what is not, is listed in docs/inspect.md.")]
    Inspect {
        /// The zip files
        #[arg(required = true)]
        zips: Vec<PathBuf>,
        #[arg(long, value_enum, default_value_t = MessageFormat::Human)]
        message_format: MessageFormat,
    },
    /// Say what a package will do in an LMS, and the LMS settings to choose
    #[command(after_help = "Examples:
  leskit describe wat-is-achterlating                 a module, by its id
  leskit describe modules/a.yaml --target scorm2004   its SCORM 2004 package
  leskit describe courses/cursus.yaml                 a course package
  leskit describe dist/a-1.0.0-scorm12.zip            a zip, leskit's or a vendor's
  leskit describe pakket.zip --message-format json

leskit build writes the same report beside each package, as <package>.txt.")]
    Describe {
        /// Module ids, module or course files, or zips
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// For a module or course: comma-separated targets (scorm12, scorm2004, cmi5, html, or
        /// all) [default: leskit.toml's build.targets, or scorm12]
        #[arg(long, short)]
        target: Option<String>,
        #[arg(long, value_enum, default_value_t = MessageFormat::Human)]
        message_format: MessageFormat,
    },
    /// Say what changed since the package in the LMS, and whether learners keep their progress
    #[command(after_help = "Examples:
  leskit diff oud/a-1.0.0-scorm12.zip a                    against module a as it is now
  leskit diff oud/a-1.0.0-scorm12.zip modules/a.yaml       the same, by its file
  leskit diff oud/cursus-1.0.0-scorm12.zip courses/cursus.yaml
  leskit diff oud/a-1.0.0-scorm12.zip dist/a-1.1.0-scorm12.zip
  leskit diff oud.zip a --message-format json

Only leskit/facts.json is read from a zip: a package made before leskit wrote it is refused. A
module or course is packaged in memory for the old package's target. What is compared, and
what each answer means: docs/diff.md.")]
    Diff {
        /// The package in the LMS: a zip leskit built
        old: PathBuf,
        /// Its new version: a module id, a module or course file, or a zip
        new: PathBuf,
        #[arg(long, value_enum, default_value_t = MessageFormat::Human)]
        message_format: MessageFormat,
    },
    /// Remove the packages leskit build wrote, or with --old only their older versions
    #[command(after_help = "Examples:
  leskit clean                  every package leskit build wrote into dist/
  leskit clean --old            only older versions: the newest of each package stays
  leskit clean --old --dry-run  say what would be removed, remove nothing

Only what a build recorded in the output folder's .leskit-outputs is removed; a file put there
otherwise stays.")]
    Clean {
        /// Project folders [default: .]
        paths: Vec<PathBuf>,
        /// Remove only the older versions of each module's and course's packages, per target
        #[arg(long)]
        old: bool,
        /// Say what would be removed, and remove nothing
        #[arg(long, short = 'n')]
        dry_run: bool,
        /// The folder the packages were built into [default: leskit.toml's build.out, or dist/, in
        /// the project's folder]
        #[arg(long, short)]
        out: Option<PathBuf>,
    },
    /// Print the JSON Schema of a file kind, or write all of them into a folder
    #[command(after_help = "Examples:
  leskit schema quiz                        the quiz schema on standard output
  leskit schema --out schema                every schema into schema/")]
    Schema {
        /// module, quiz, course, contacts, sources or signals
        kind: Option<String>,
        /// Write every schema as <kind>.schema.json into this folder
        #[arg(long, conflicts_with = "kind")]
        out: Option<PathBuf>,
    },
    /// Serve the project's modules and courses in a simulated LMS with an inspector, rebuilt whenever a file is saved
    #[command(after_help = "Examples:
  leskit preview                            every module and course, with an index
  leskit preview signalen-herkennen --open  one module, opened in the browser
  leskit preview courses/onboarding.yaml    a course, run as a course
  leskit preview modules/a.yaml -t scorm2004")]
    Preview {
        /// A module or course file, a module or course id, or a project folder (with one
        /// module; with several, or without an argument, the whole project with an index)
        module_or_dir: Option<PathBuf>,
        /// The port on 127.0.0.1 [default: 4700, or the next free one]
        #[arg(long)]
        port: Option<u16>,
        /// The standard the simulated LMS starts with: scorm12 or scorm2004
        #[arg(long, short, default_value = "scorm12")]
        target: String,
        /// Open the preview in the browser
        #[arg(long)]
        open: bool,
        /// Folder with templates that replace the built-in ones file by file (watched too)
        #[arg(long)]
        templates: Option<PathBuf>,
    },
    /// Start a project: leskit.toml, content, a module and a quiz that check and build as they are
    #[command(after_help = "Examples:
  leskit init mijn-cursus                   a new folder mijn-cursus/ with the project
  leskit init                               in this (empty) folder
  leskit init --force                       beside what is here; never overwrites a file")]
    Init {
        /// The folder for the project, created when missing [default: .]
        dir: Option<PathBuf>,
        /// Also start in a folder that is not empty (a file that exists is never overwritten)
        #[arg(long)]
        force: bool,
    },
    /// Write a commented starting file for a new module or quiz
    #[command(after_help = "Examples:
  leskit new module signalen-herkennen      modules/signalen-herkennen.yaml
  leskit new quiz signalen-quiz             quizzes/signalen-quiz.yaml")]
    New {
        #[arg(value_enum)]
        kind: NewKind,
        /// The id, such as `signalen-herkennen`
        id: String,
        /// The project folder [default: the project this folder lies in]
        #[arg(long)]
        project: Option<PathBuf>,
    },
    /// Explain a message's code (such as E0102) from docs/diagnostics.md
    #[command(after_help = "Examples:
  leskit explain E0102                      unknown key: what it means and how to fix it
  leskit explain                            every code with its title")]
    Explain {
        /// The code, as in `error[E0102]`
        code: Option<String>,
    },
    /// Print a completion script for a shell
    #[command(after_help = "Examples:
  source <(leskit completions bash)                       bash, for this session
  leskit completions zsh > ~/.zfunc/_leskit               zsh (with ~/.zfunc in fpath)
  leskit completions fish > ~/.config/fish/completions/leskit.fish
  leskit completions powershell >> $PROFILE               PowerShell")]
    Completions {
        /// bash, zsh, fish, powershell or elvish
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MessageFormat {
    /// Messages with source excerpts, for people
    Human,
    /// One JSON object per line on standard output, for editors and CI
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum NewKind {
    Module,
    Quiz,
}
