//! The one place that knows holder names: canonical English names, the
//! aliases, demonyms and metonyms articles use for them, and the row labels
//! TIC tables use for them.
//!
//! Every stage that turns text into a [`Holder`] (the claim tagger, the TIC
//! parsers, the CLI's `--holder` filter) goes through [`resolve`] or
//! [`from_tic_label`], so "Chinese holdings", "Beijing" and TIC's
//! `"China, Mainland"` all land on `China`.

use std::fmt;

use once_cell::sync::Lazy;
use regex::Regex;
use serde::{Deserialize, Serialize};

/// Who holds the Treasuries: a country, an aggregate row of the TIC tables, or
/// an institution (a pension fund, a central bank, a sovereign fund).
///
/// Institutions are holders of their own and never match their country's row.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Holder(String);

impl Holder {
    /// A holder by its canonical name, resolving aliases when the gazetteer
    /// knows the name; an unknown name is taken as an institution's own name.
    pub fn named(name: &str) -> Holder {
        match resolve(name) {
            Some(entry) => Holder(entry.canonical.to_string()),
            None => Holder(name.trim().to_string()),
        }
    }

    /// The canonical name, as stored and printed.
    pub fn name(&self) -> &str {
        &self.0
    }

    /// What kind of holder this is; names the gazetteer does not know are
    /// institutions.
    pub fn kind(&self) -> HolderKind {
        entry(&self.0).map_or(HolderKind::Institution, |e| e.kind)
    }
}

impl fmt::Display for Holder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The kinds of holder, which decide what a claim can be checked against.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum HolderKind {
    /// A country or territory with its own TIC row.
    Country,
    /// A TIC aggregate: all foreign holders, foreign official holders.
    Aggregate,
    /// A named institution; TIC has no row for it.
    Institution,
}

/// One holder the gazetteer knows.
#[derive(Debug)]
pub struct Entry {
    /// The canonical English name ("China", "United Kingdom").
    pub canonical: &'static str,
    pub kind: HolderKind,
    /// Other names, demonyms and metonyms, matched case-insensitively on word
    /// boundaries ("Chinese", "Beijing", "Britain", "British").
    pub aliases: &'static [&'static str],
    /// Row labels in the TIC tables, compared after trimming and dropping
    /// footnote markers ("United Kingdom 2/").
    pub tic_labels: &'static [&'static str],
}

macro_rules! country {
    ($name:literal, [$($alias:literal),*], [$($tic:literal),*]) => {
        Entry { canonical: $name, kind: HolderKind::Country, aliases: &[$($alias),*], tic_labels: &[$($tic),*] }
    };
    ($name:literal, [$($alias:literal),*]) => {
        Entry { canonical: $name, kind: HolderKind::Country, aliases: &[$($alias),*], tic_labels: &[$name] }
    };
}

/// Every holder the gazetteer knows.
pub static ENTRIES: &[Entry] = &[
    Entry {
        canonical: "All foreign",
        kind: HolderKind::Aggregate,
        aliases: &[
            "foreign holders", "foreign investors", "foreign holdings", "overseas investors",
            "overseas holders", "overseas holdings", "foreigners", "foreign ownership", "international investors",
            "foreign demand", "foreign countries", "foreign investor holdings", "foreign nations",
        ],
        tic_labels: &["Grand Total", "All Countries"],
    },
    Entry {
        canonical: "Foreign official",
        kind: HolderKind::Aggregate,
        aliases: &[
            "foreign official", "foreign official holders", "foreign official institutions",
            "overseas official institutions", "official institutions", "foreign central banks",
            "foreign governments", "official holders",
        ],
        tic_labels: &["For. Official", "Of Which: Foreign Official"],
    },
    // Two groups the MFH table printed as rows of their own until 2011-12
    // (its footnotes list the members), and coverage of those years cites.
    Entry {
        canonical: "Caribbean banking centers",
        kind: HolderKind::Aggregate,
        aliases: &[
            "caribbean banking centers", "caribbean banking centres", "caribbean banking center",
            "caribbean banking centre", "caribbean financial centers", "caribbean financial centres",
            "caribbean financial centre", "caribbean financial center", "caribbean banking hubs",
        ],
        tic_labels: &["Carib Bnkng Ctrs", "Caribbean Banking Centers"],
    },
    Entry {
        canonical: "Oil exporters",
        kind: HolderKind::Aggregate,
        aliases: &["oil exporters", "oil-exporting nations", "oil-exporting countries", "oil exporting countries", "oil exporting nations"],
        tic_labels: &["Oil Exporters"],
    },
    country!("Japan", ["Japanese", "Tokyo"]),
    country!("China", ["Chinese", "Beijing", "mainland China", "PRC"], ["China, Mainland"]),
    country!("United Kingdom", ["UK", "U.K.", "Britain", "Great Britain", "British", "London"], ["United Kingdom"]),
    country!("Belgium", ["Belgian", "Brussels"]),
    country!("Canada", ["Canadian", "Ottawa"]),
    country!("Luxembourg", ["Luxembourgish"]),
    country!("Cayman Islands", ["Cayman", "the Caymans"]),
    country!("France", ["French", "Paris"]),
    country!("Ireland", ["Irish", "Dublin"]),
    country!("Taiwan", ["Taiwanese", "Taipei"]),
    country!("Switzerland", ["Swiss", "Bern"]),
    country!("Singapore", ["Singaporean"]),
    country!("Hong Kong", ["Hong Kong's"]),
    country!("Norway", ["Norwegian", "Oslo"]),
    country!("India", ["Indian", "New Delhi"]),
    country!("Brazil", ["Brazilian", "Brasilia"]),
    country!("Saudi Arabia", ["Saudi", "Riyadh", "Saudis"]),
    country!("South Korea", ["Korea", "Korean", "South Korean", "Seoul"], ["Korea, South"]),
    country!("Israel", ["Israeli"]),
    country!("Germany", ["German", "Berlin"]),
    country!("Bermuda", ["Bermudian"]),
    country!("United Arab Emirates", ["UAE", "U.A.E.", "Emirati", "Emirates", "Abu Dhabi"]),
    country!("El Salvador", ["Salvadoran"]),
    country!("Mexico", ["Mexican"]),
    country!("Thailand", ["Thai"]),
    country!("Spain", ["Spanish", "Madrid"]),
    country!("Australia", ["Australian", "Canberra"]),
    country!("Netherlands", ["Dutch", "the Netherlands", "Holland"]),
    country!("Kuwait", ["Kuwaiti"]),
    country!("Italy", ["Italian", "Rome"]),
    country!("Philippines", ["Philippine", "Filipino", "Manila"]),
    country!("Poland", ["Polish", "Warsaw"]),
    country!("Sweden", ["Swedish", "Stockholm"]),
    country!("Peru", ["Peruvian"]),
    country!("Colombia", ["Colombian"]),
    country!("Chile", ["Chilean"]),
    country!("Denmark", ["Danish", "Danes", "Copenhagen"]),
    country!("Russia", ["Russian", "Moscow"]),
    country!("Turkey", ["Turkish", "Türkiye", "Ankara"]),
    country!("Vietnam", ["Vietnamese", "Hanoi"]),
    country!("Malaysia", ["Malaysian"]),
    country!("Indonesia", ["Indonesian", "Jakarta"]),
    country!("Austria", ["Austrian", "Vienna"]),
    country!("Finland", ["Finnish", "Helsinki"]),
    country!("Portugal", ["Portuguese", "Lisbon"]),
    country!("Greece", ["Greek", "Athens"]),
    country!("New Zealand", ["Kiwi"]),
    country!("South Africa", ["South African"]),
    country!("Egypt", ["Egyptian", "Cairo"]),
    country!("Kazakhstan", ["Kazakh"]),
    country!("Oman", ["Omani"]),
    country!("Iraq", ["Iraqi", "Baghdad"]),
    country!("Argentina", ["Argentine", "Argentinian", "Buenos Aires"]),
    country!("Bahamas", ["Bahamian", "the Bahamas"]),
    country!("Uruguay", ["Uruguayan"]),
    country!("Czech Republic", ["Czech", "Czechia", "Prague"]),
    country!("Hungary", ["Hungarian", "Budapest"]),
    country!("Romania", ["Romanian"]),
    country!("Ukraine", ["Ukrainian", "Kyiv"]),
    country!("Pakistan", ["Pakistani"]),
    country!("Panama", ["Panamanian"]),
    country!("Cyprus", ["Cypriot"]),
    country!("Jersey", []),
    country!("Guernsey", []),
    country!("British Virgin Islands", ["BVI"]),
];

fn entry(canonical: &str) -> Option<&'static Entry> {
    ENTRIES.iter().find(|e| e.canonical == canonical)
}

/// The entry a name in running text refers to: a canonical name, an alias or
/// a demonym, case-insensitive, with a trailing possessive ignored.
pub fn resolve(name: &str) -> Option<&'static Entry> {
    let n = name.trim();
    let n = n
        .strip_suffix("'s")
        .or_else(|| n.strip_suffix("’s"))
        .or_else(|| n.strip_suffix('\''))
        .unwrap_or(n)
        .trim();
    let n = n.strip_prefix("the ").or_else(|| n.strip_prefix("The ")).unwrap_or(n);
    ENTRIES.iter().find(|e| {
        e.canonical.eq_ignore_ascii_case(n) || e.aliases.iter().any(|a| a.eq_ignore_ascii_case(n))
    })
}

/// The holder a TIC row label stands for, or `None` for rows that are not
/// holders (subtotals by security type, regional aggregates we do not track).
pub fn from_tic_label(label: &str) -> Option<Holder> {
    let clean = clean_tic_label(label);
    ENTRIES
        .iter()
        .find(|e| e.tic_labels.iter().any(|t| t.eq_ignore_ascii_case(&clean)))
        .map(|e| Holder(e.canonical.to_string()))
}

/// Drops quotes, footnote markers ("2/") and stray spaces from a TIC label.
fn clean_tic_label(label: &str) -> String {
    let t = label.trim().trim_matches('"').trim();
    let t = match t.rsplit_once(' ') {
        Some((head, tail)) if tail.ends_with('/') && tail[..tail.len() - 1].bytes().all(|b| b.is_ascii_digit()) => head,
        _ => t,
    };
    t.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// US government debt, in the words commentary uses for it.
static TREASURY_WORDS: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i)\b(treasur(y|ies)|t-(bills?|notes?|bonds?)|u\.?s\.? (government )?(debt|bonds)|american debt|tic data|treasury international capital)\b")
        .expect("static pattern")
});

/// Holding, and the moves of a holding, in the words commentary uses.
static HOLDING_WORDS: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i)\b(hold(s|ing|ings|er|ers)?|held|own(s|ed|ership)?|stake|stockpile|pile|portfolio|reserves|dump(s|ed|ing)?|sell(s|ing)?|sold|offload(s|ed|ing)?|bought|buy(s|ing)?|trim(s|med|ming)?)\b")
        .expect("static pattern")
});

/// Every holder name and alias, as whole words.
static HOLDER_NAMES: Lazy<Regex> = Lazy::new(|| {
    let names: Vec<String> = ENTRIES
        .iter()
        .flat_map(|e| std::iter::once(e.canonical).chain(e.aliases.iter().copied()))
        .map(regex::escape)
        .collect();
    Regex::new(&format!(r"(?i)\b({})\b", names.join("|"))).expect("names are escaped")
});

/// Whether a text may speak of who holds US Treasuries: it names them and
/// either a holder this gazetteer knows or a holding. A cheap test, run
/// before the costly stages, that errs on the side of reading an article.
pub fn mentions_treasury_holdings(text: &str) -> bool {
    TREASURY_WORDS.is_match(text) && (HOLDING_WORDS.is_match(text) || HOLDER_NAMES.is_match(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aliases_and_demonyms_resolve_to_one_name() {
        for (text, want) in [
            ("Chinese", "China"),
            ("Beijing's", "China"),
            ("Britain", "United Kingdom"),
            ("the UK", "United Kingdom"),
            ("Danish", "Denmark"),
            ("South Korea", "South Korea"),
            ("foreign central banks", "Foreign official"),
        ] {
            assert_eq!(resolve(text).map(|e| e.canonical), Some(want), "{text}");
        }
        assert!(resolve("AkademikerPension").is_none());
    }

    #[test]
    fn tic_labels_map_with_footnotes_and_quotes() {
        assert_eq!(from_tic_label("\"China, Mainland\"").unwrap().name(), "China");
        assert_eq!(from_tic_label("United Kingdom 2/").unwrap().name(), "United Kingdom");
        assert_eq!(from_tic_label("\"Korea, South \"").unwrap().name(), "South Korea");
        assert_eq!(from_tic_label("Grand Total").unwrap().name(), "All foreign");
        assert_eq!(from_tic_label("  For. Official").unwrap().name(), "Foreign official");
        assert!(from_tic_label("Treasury Bills").is_none());
    }

    #[test]
    fn institutions_are_their_own_holders() {
        let h = Holder::named("AkademikerPension");
        assert_eq!(h.kind(), HolderKind::Institution);
        assert_eq!(Holder::named("Danish").name(), "Denmark");
        assert_eq!(Holder::named("Danish").kind(), HolderKind::Country);
    }

    #[test]
    fn treasury_holdings_are_told_from_other_news() {
        for about in [
            "Japan trimmed its Treasuries in November, TIC data showed.",
            "Foreign holdings of U.S. debt hit a record.",
            "Beijing keeps selling US Treasuries.",
        ] {
            assert!(mentions_treasury_holdings(about), "{about}");
        }
        for other in [
            "The city council approved a new bus route on Tuesday.",
            "China's exports rose 5% in November.",
            "A treasure hunt drew hundreds of families to the beach.",
        ] {
            assert!(!mentions_treasury_holdings(other), "{other}");
        }
    }
}
