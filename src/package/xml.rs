//! A thin layer over quick-xml's writer for manifests: elements with attributes in a fixed order,
//! text always escaped.

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};

pub(crate) struct Xml {
    w: Writer<Vec<u8>>,
}

impl Xml {
    pub fn new() -> Xml {
        let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
        w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))
            .expect("writing to memory");
        Xml { w }
    }

    /// Opens an element; close it with [`Xml::close`].
    pub fn open(&mut self, name: &str, attrs: &[(&str, &str)]) {
        let start = element(name, attrs);
        self.w
            .write_event(Event::Start(start))
            .expect("writing to memory");
    }

    pub fn close(&mut self, name: &str) {
        self.w
            .write_event(Event::End(BytesEnd::new(name)))
            .expect("writing to memory");
    }

    /// An element with no children.
    pub fn empty(&mut self, name: &str, attrs: &[(&str, &str)]) {
        let start = element(name, attrs);
        self.w
            .write_event(Event::Empty(start))
            .expect("writing to memory");
    }

    /// An element holding only text.
    pub fn text(&mut self, name: &str, attrs: &[(&str, &str)], text: &str) {
        let start = element(name, attrs);
        self.w
            .write_event(Event::Start(start))
            .expect("writing to memory");
        self.w
            .write_event(Event::Text(BytesText::new(&clean(text))))
            .expect("writing to memory");
        self.w
            .write_event(Event::End(BytesEnd::new(name)))
            .expect("writing to memory");
    }

    /// A `<resource>` for a SCO: launched by its first file, listing every file. The attribute
    /// that marks it a SCO is spelt differently in each standard (`adlcp:scormtype` in 1.2,
    /// `adlcp:scormType` in 2004), so the caller names it.
    pub fn sco_resource<S: AsRef<str>>(
        &mut self,
        scorm_type_attribute: &str,
        identifier: &str,
        files: &[S],
    ) {
        let launch = files.first().map_or("", |f| f.as_ref());
        self.open(
            "resource",
            &[
                ("identifier", identifier),
                ("type", "webcontent"),
                (scorm_type_attribute, "sco"),
                ("href", launch),
            ],
        );
        for file in files {
            self.empty("file", &[("href", file.as_ref())]);
        }
        self.close("resource");
    }

    pub fn finish(self) -> Vec<u8> {
        let mut bytes = self.w.into_inner();
        bytes.push(b'\n');
        bytes
    }
}

fn element<'a>(name: &'a str, attrs: &[(&str, &str)]) -> BytesStart<'a> {
    let mut start = BytesStart::new(name);
    for (k, v) in attrs {
        start.push_attribute((*k, clean(v).as_str()));
    }
    start
}

/// Every text and attribute value of a manifest passes this one filter: the characters XML
/// cannot carry are dropped, so author text can never make a manifest unreadable.
fn clean(text: &str) -> String {
    text.chars().filter(|&c| crate::text::fits_xml(c)).collect()
}
