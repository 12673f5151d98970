//! Bytes to text the way browsers do it.

use encoding_rs::Encoding;
use once_cell::sync::Lazy;
use regex::Regex;

/// Decodes a body the way browsers do, so mojibake never reaches the claim
/// tagger: byte-order mark, then the header's charset, then a `<meta>`
/// declaration in the first 2 KB, then statistical detection.
pub fn decode(bytes: &[u8], content_type: Option<&str>) -> String {
    if let Some((encoding, _)) = Encoding::for_bom(bytes) {
        return encoding.decode_with_bom_removal(bytes).0.into_owned();
    }
    let declared = content_type
        .and_then(charset_label)
        .or_else(|| {
            let head = String::from_utf8_lossy(&bytes[..bytes.len().min(2048)]);
            META_CHARSET.captures(&head).and_then(|c| Encoding::for_label(c[1].as_bytes()))
        })
        // A document that reached us as bytes cannot really be UTF-16
        // without a BOM; the HTML standard reads such labels as UTF-8.
        .map(|e| if e == encoding_rs::UTF_16LE || e == encoding_rs::UTF_16BE { encoding_rs::UTF_8 } else { e });
    let encoding = declared.unwrap_or_else(|| {
        if std::str::from_utf8(bytes).is_ok() {
            return encoding_rs::UTF_8;
        }
        let mut detector = chardetng::EncodingDetector::new();
        detector.feed(bytes, true);
        detector.guess(None, true)
    });
    encoding.decode_without_bom_handling(bytes).0.into_owned()
}

/// The encoding named by a `charset=` parameter, if encoding_rs knows it.
fn charset_label(content_type: &str) -> Option<&'static Encoding> {
    let caps = CHARSET_PARAM.captures(content_type)?;
    Encoding::for_label(caps[1].as_bytes())
}

static CHARSET_PARAM: Lazy<Regex> =
    Lazy::new(|| Regex::new(r#"(?i)charset\s*=\s*["']?\s*([\w.:-]+)"#).expect("valid regex"));
static META_CHARSET: Lazy<Regex> =
    Lazy::new(|| Regex::new(r#"(?is)<meta[^>]*?charset\s*=\s*["']?\s*([\w.:-]+)"#).expect("valid regex"));

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::from_html;

    /// Latin-1 bytes as an old server sends them: no charset anywhere.
    fn latin1(s: &str) -> Vec<u8> {
        s.chars().map(|c| u8::try_from(u32::from(c)).expect("latin-1 test text")).collect()
    }

    #[test]
    fn undeclared_latin1_is_detected() {
        let text = "<html><body><p>Die Schweizerische Nationalbank in Zürich hält weniger US-Staatsanleihen. \
                    Die Bestände fielen auf 290 Milliarden Dollar; für Anleger in Genf und Basel ist das \
                    überraschend, erklärte ein Ökonom gegenüber der Zeitung. Größere Käufe seien nicht geplant.</p></body></html>";
        let bytes = latin1(text);
        assert!(std::str::from_utf8(&bytes).is_err());
        let decoded = decode(&bytes, Some("text/html"));
        assert_eq!(decoded, text);
        assert!(from_html(&decoded, "https://example.ch/").text.contains("Zürich hält"));
    }

}
