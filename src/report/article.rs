//! An extracted article printed for `claimscope article`.

use crate::extract::Article;

/// How `claimscope article` prints an article.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ArticleFormat {
    /// One pretty-printed JSON object.
    Json,
    /// One compact JSON object per line, for piping many articles.
    Jsonl,
    /// Metadata lines ("Title: ..."), a blank line, then the text.
    Text,
}

/// The article as the CLI prints it, without a trailing newline.
pub fn render(article: &Article, format: ArticleFormat) -> String {
    match format {
        ArticleFormat::Json => serde_json::to_string_pretty(article).unwrap_or_default(),
        ArticleFormat::Jsonl => serde_json::to_string(article).unwrap_or_default(),
        ArticleFormat::Text => {
            let published = article.published.map(|d| d.to_string());
            let fields = [
                ("URL", Some(&article.url)),
                ("Canonical", article.canonical_url.as_ref()),
                ("Title", article.title.as_ref()),
                ("Published", published.as_ref()),
                ("Author", article.author.as_ref()),
                ("Site", article.site.as_ref()),
                ("Language", article.lang.as_ref()),
            ];
            let mut out = String::new();
            for (name, value) in fields {
                if let Some(value) = value {
                    out.push_str(&format!("{name}: {value}\n"));
                }
            }
            out.push('\n');
            out.push_str(&article.text);
            out
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::Value;

    use super::*;
    use crate::extract::from_html;

    #[test]
    fn article_renders_as_json_and_text() {
        let html = r#"<html><head><title>China trims Treasury pile again</title>
            <meta property="article:published_time" content="2026-01-22T13:51:00Z"></head>
            <body><article><p>China's holdings of US Treasuries fell in November to $682.6</p></article></body></html>"#;
        let a = from_html(html, "https://ledger.example.com/markets/china-treasuries");
        let json: Value = serde_json::from_str(&render(&a, ArticleFormat::Jsonl)).expect("valid JSON");
        assert_eq!(json["published"], "2026-01-22");
        assert_eq!(json["title"], "China trims Treasury pile again");
        assert!(!render(&a, ArticleFormat::Jsonl).contains('\n'));
        let text = render(&a, ArticleFormat::Text);
        assert!(text.starts_with("URL: https://ledger.example.com/markets/china-treasuries\n"), "{text}");
        assert!(text.contains("\nPublished: 2026-01-22\n") && text.ends_with("682.6"), "{text}");
    }
}
