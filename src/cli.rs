//! The command line, described with clap.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(name = "leskit", version, about = "Turns training modules written in YAML into SCORM packages for any LMS", long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check modules, quizzes, content and courses, and report every problem
    Check {
        /// Project folders, or files inside them [default: .]
        paths: Vec<PathBuf>,
        #[arg(long, value_enum, default_value_t = MessageFormat::Human)]
        message_format: MessageFormat,
    },
    /// Build upload-ready zip packages
    Build {
        /// Project folders, or module files to build only those [default: .]
        paths: Vec<PathBuf>,
        /// Comma-separated targets: scorm12, scorm2004, cmi5, html (a folder for any web server or a
        /// disk, and its zip), or all
        #[arg(long, short, default_value = "scorm12")]
        target: String,
        /// Folder for the packages [default: dist/ in the project's folder]
        #[arg(long, short)]
        out: Option<PathBuf>,
        /// Folder with templates that replace the built-in ones file by file
        #[arg(long)]
        templates: Option<PathBuf>,
        #[arg(long, value_enum, default_value_t = MessageFormat::Human)]
        message_format: MessageFormat,
    },
    /// Print the JSON Schema of a file kind, or write all of them into a folder
    Schema {
        /// module, quiz, course, contacts, sources or signals
        kind: Option<String>,
        /// Write every schema as <kind>.schema.json into this folder
        #[arg(long, conflicts_with = "kind")]
        out: Option<PathBuf>,
    },
    /// Serve a module in a simulated LMS with an inspector, rebuilt whenever a file is saved
    Preview {
        /// A module file, a module id, or a project folder (with one module; with several, or
        /// without an argument, the modules and courses are listed)
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
    Init {
        /// The folder for the project, created when missing [default: .]
        dir: Option<PathBuf>,
        /// Also start in a folder that is not empty (a file that exists is never overwritten)
        #[arg(long)]
        force: bool,
    },
    /// Write a commented starting file for a new module or quiz
    New {
        #[arg(value_enum)]
        kind: NewKind,
        /// The id, such as `signalen-herkennen`
        id: String,
        /// The project folder [default: the project this folder lies in]
        #[arg(long)]
        project: Option<PathBuf>,
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
