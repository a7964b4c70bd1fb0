//! Where a link or image address in author text points.

/// What a link or image address points at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkKind<'a> {
    /// `#page-id`: another page of the same module.
    Page(&'a str),
    /// `https:`, `mailto:` or `tel:` address: opened outside the package.
    Outbound,
    /// A file in the module's folder.
    Asset(&'a str),
    /// `javascript:`, `data:`, `http:`, `file:` and any other scheme: never allowed.
    Refused(&'a str),
}

/// Sorts an address into a [`LinkKind`]. Schemes are compared without case and with control
/// characters and spaces removed, as browsers do (`jav&#x09;ascript:` is still script).
pub fn classify_link(url: &str) -> LinkKind<'_> {
    if let Some(anchor) = url.strip_prefix('#') {
        return LinkKind::Page(anchor);
    }
    let squeezed: String = url
        .chars()
        .filter(|c| !c.is_control() && !c.is_whitespace())
        .collect();
    let lower = squeezed.to_ascii_lowercase();
    if let Some(colon) = lower.find(':') {
        let scheme = &lower[..colon];
        let is_scheme = !scheme.is_empty()
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
        if is_scheme {
            return match scheme {
                "https" | "mailto" | "tel" => LinkKind::Outbound,
                _ => LinkKind::Refused(url.get(..colon).unwrap_or(url)),
            };
        }
    }
    if url.starts_with("//") {
        return LinkKind::Refused("//");
    }
    LinkKind::Asset(url)
}

/// A file's address split into the path of the file and what follows it (`#…` or `?…`, or `""`):
/// `kaart.svg#zuid` names the file `kaart.svg`.
pub fn split_suffix(address: &str) -> (&str, &str) {
    address.split_at(address.find(['#', '?']).unwrap_or(address.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_links() {
        assert_eq!(classify_link("#signalen"), LinkKind::Page("signalen"));
        assert_eq!(classify_link("https://www.kis.nl"), LinkKind::Outbound);
        assert_eq!(classify_link("tel:08002000"), LinkKind::Outbound);
        assert_eq!(classify_link("kaart.svg"), LinkKind::Asset("kaart.svg"));
        assert!(matches!(
            classify_link("JavaScript:alert(1)"),
            LinkKind::Refused(_)
        ));
        assert!(matches!(
            classify_link("java\tscript:alert(1)"),
            LinkKind::Refused(_)
        ));
        assert!(matches!(
            classify_link("data:text/html,x"),
            LinkKind::Refused(_)
        ));
        assert!(matches!(
            classify_link("http://example.org"),
            LinkKind::Refused(_)
        ));
        assert!(matches!(
            classify_link("//evil.example/x.js"),
            LinkKind::Refused(_)
        ));
    }

    #[test]
    fn a_file_address_splits_before_its_fragment_or_query() {
        assert_eq!(split_suffix("kaart.svg#zuid"), ("kaart.svg", "#zuid"));
        assert_eq!(split_suffix("a/b.pdf?x=1#y"), ("a/b.pdf", "?x=1#y"));
        assert_eq!(split_suffix("folder.pdf"), ("folder.pdf", ""));
        assert_eq!(split_suffix("#top"), ("", "#top"));
    }
}
