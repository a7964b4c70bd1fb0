//! `leskit explain`: a code's section of docs/diagnostics.md, or every code with its title.

use leskit::error::{Error, Result};
use leskit::exit::OK;
use leskit::{out, outln};

pub fn run(code: Option<&str>) -> Result<u8> {
    let Some(code) = code else {
        for (code, title) in leskit::explain::codes() {
            outln!("{code}  {title}");
        }
        return Ok(OK);
    };
    if let Some(text) = leskit::explain::explain(code) {
        out!("{text}");
        return Ok(OK);
    }
    let codes = leskit::explain::codes();
    let hint = leskit::diag::suggest(&code.to_ascii_uppercase(), codes.iter().map(|(c, _)| *c))
        .map_or_else(
            || "`leskit explain` lists every code".to_owned(),
            |s| format!("did you mean `{s}`? `leskit explain` lists every code"),
        );
    Err(Error::Usage(format!(
        "no code `{code}` is documented: {hint}"
    )))
}
