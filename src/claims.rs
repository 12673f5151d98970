//! Stage 3a: [`Article`] in, [`Claim`]s out: what the text says about who
//! holds how many Treasuries.
//!
//! The tagger is a pattern layer over the sentences of [`Article::sentences`]:
//! for each sentence it finds the holders mentioned (gazetteer names,
//! institutions, or a pronoun carrying the previous holder), cuts the
//! sentence into one segment per holder, and reads amounts, verbs of
//! direction, months and superlatives inside each segment. Sentences outside
//! a Treasury-holdings context (yields, auctions, gold, FX reserves, the Fed's
//! balance sheet, US holdings abroad, net purchases) yield nothing.
//!
//! Every regex is compiled once; a sentence costs a handful of scans.

use std::ops::Range;

use once_cell::sync::Lazy;
use regex::{Captures, Regex, RegexSet};
use serde::{Deserialize, Serialize};

use crate::calendar;
use crate::extract::{Article, Span};
use crate::gazetteer::{self, Holder};
use crate::units::{Direction, Period, Since, UsdBillions};

/// The version of the tagger, stored with every claim (bump it when the
/// claims it finds change).
pub const VERSION: &str = "claims-2";

/// What sort of statement a claim makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ClaimKind {
    /// "holdings stood at $682.6bn in November"
    Level,
    /// "fell by $6.1bn", "down 30% over the past year"
    Change,
    /// "the lowest since 2008", "a record high"
    Extremum,
    /// "the largest foreign holder", "fell to third"
    Rank,
    /// "will fully divest", "plans to sell"
    Intent,
    /// "is quietly exiting", "dumping": direction without a number
    Trend,
    /// "could fall below $500bn"
    Forecast,
}

impl ClaimKind {
    /// The word used in JSON, SQL and CLI flags ("level", "extremum").
    pub fn as_str(self) -> &'static str {
        match self {
            ClaimKind::Level => "level",
            ClaimKind::Change => "change",
            ClaimKind::Extremum => "extremum",
            ClaimKind::Rank => "rank",
            ClaimKind::Intent => "intent",
            ClaimKind::Trend => "trend",
            ClaimKind::Forecast => "forecast",
        }
    }
}

/// Whether a stated amount is a bound rather than a level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Bound {
    /// "more than $1 trillion"
    Over,
    /// "less than $100 million"
    Under,
}

/// One checkable (or not) statement about a holder's Treasury holdings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Claim {
    pub holder: Holder,
    pub kind: ClaimKind,
    /// For extremum claims, `down` is a low and `up` a high.
    pub direction: Option<Direction>,
    pub level_usd_bn: Option<UsdBillions>,
    /// Signed: negative for a fall.
    pub change_usd_bn: Option<UsdBillions>,
    /// Signed percent: -30.0 for "a 30% decline".
    pub change_pct: Option<f64>,
    /// The data month the claim is about.
    pub period: Option<Period>,
    /// The month a change is measured from, when not the previous month.
    pub base_period: Option<Period>,
    /// For extremum claims: "since 2008"; `None` means an all-time record.
    pub since: Option<Since>,
    /// 1 for "largest", 2 for "second-largest".
    pub rank: Option<u32>,
    /// Set when the amount is a bound ("more than", "less than").
    pub bound: Option<Bound>,
    /// The sentence the claim was read from.
    pub quote: String,
    /// Byte offsets of `quote` in the article text.
    pub start: usize,
    pub end: usize,
    /// Who the text attributes the claim to, if anyone.
    pub speaker: Option<String>,
    /// "reportedly", "may", "estimated", "about".
    pub hedged: bool,
    /// Half a unit of the last significant digit of `level_usd_bn`, so the
    /// verifier knows how precise the text was: 0.05 for "$682.6bn", 50 for
    /// "$1.2 trillion", 5 for "$190 billion", 0.05 for "$100 million".
    #[serde(default)]
    pub level_half_unit: Option<UsdBillions>,
    /// The same for `change_usd_bn`; a change computed from two stated levels
    /// gets the sum of their half-units.
    #[serde(default)]
    pub change_half_unit: Option<UsdBillions>,
    /// Half a unit of the last stated digit of `change_pct`, in percentage
    /// points: 0.5 for "30%", 0.05 for "2.5%".
    #[serde(default)]
    pub pct_half_unit: Option<f64>,
    /// The amount was stated as approximate ("about", "around", "~",
    /// "nearly", "some"), which widens its tolerance; `hedged` also covers
    /// hedges that say nothing about precision ("reportedly", "may").
    #[serde(default)]
    pub approx: bool,
}

/// Reads every claim the article makes about Treasury holders, in text order.
///
/// Month names without a year are resolved against `article.published`
/// (the latest such month whose TIC data was out on that date); without a
/// publication date they stay unresolved.
pub fn tag(article: &Article) -> Vec<Claim> {
    let mut tagger = Tagger::new(article);
    let mut pending: Option<Span> = None;
    for span in article.sentences() {
        pending = match pending {
            Some(p) if wrapped(&article.text, p, span) => Some(Span { start: p.start, end: span.end }),
            Some(p) => {
                tagger.sentence(p);
                Some(span)
            }
            None => Some(span),
        };
    }
    if let Some(p) = pending {
        tagger.sentence(p);
    }
    tagger.claims
}

/// Whether `next` continues `prev` across a single line break: text wrapped
/// mid-sentence ("fell\nto $186.5 billion"), as copied from PDFs and feeds.
/// A line ending in a lower-case word or a comma has not ended its sentence;
/// table rows (tabs, pipes) and paragraphs (blank lines) stay apart.
fn wrapped(text: &str, prev: Span, next: Span) -> bool {
    let gap = &text[prev.end..next.start];
    let (a, b) = (prev.of(text), next.of(text));
    gap.bytes().filter(|&c| c == b'\n').count() == 1
        && a.ends_with(|c: char| c.is_ascii_lowercase() || c == ',')
        && ![a, b].iter().any(|l| l.contains(['\t', '|']))
}

// ---------------------------------------------------------------------------
// Patterns. Word lists live here, once; the code below only combines them.

const DOWN_VERBS: &str = r"cut|cuts|cutting|trim(?:s|med|ming)?|dump(?:s|ed|ing)?|offload(?:s|ed|ing)?|shed(?:s|ding)?|reduc(?:e|es|ed|ing)|slash(?:es|ed|ing)?|sold|sell(?:s|ing)?|sell-?offs?|pare[sd]?|paring|f[ae]ll(?:s|ing|en)?|drop(?:s|ped|ping)?|declin(?:e|es|ed|ing)|down|decreas(?:e|es|ed|ing)|slid(?:e|es|ing)?|slip(?:s|ped|ping)?|s[au]nk|sink(?:s|ing)?|plung(?:e|es|ed|ing)|tumbl(?:e|es|ed|ing)|shr[au]nk|shrink(?:s|ing)?|lower(?:s|ed|ing)|(?:edg|mov|inch|drift|tick|trend)(?:e|es|ed|ing)?\s+lower|divest(?:s|ed|ing)?|exit(?:s|ed|ing)?|fle(?:e|es|eing|d)|retreat(?:s|ed|ing)?|unload(?:s|ed|ing)?|liquidat(?:e|es|ed|ing)|collaps(?:e|es|ed|ing)|crash(?:es|ed|ing)?|tank(?:s|ed|ing)?|plummet(?:s|ed|ing)?|nosediv(?:e|es|ed|ing)|dip(?:s|ped|ping)?|eas(?:e|es|ed|ing)";
const UP_VERBS: &str = r"add(?:s|ed|ing)?|(?:edg|mov|inch|drift|tick|trend)(?:e|es|ed|ing)?\s+higher|boost(?:s|ed|ing)?|rais(?:e|es|ed|ing)|increas(?:e|es|ed|ing)|bought|buy(?:s|ing)?|accumulat(?:e|es|ed|ing)|snapp(?:ed|ing)\s+up|snaps?\s+up|r[io]se|rises|risen|rising|climb(?:s|ed|ing)?|up|expand(?:s|ed|ing)?|grew|grow(?:s|ing|n)?|gain(?:s|ed|ing)?|jump(?:s|ed|ing)?|surg(?:e|es|ed|ing)|ramp(?:s|ed|ing)?\s+up|pil(?:e|es|ed|ing)\s+in(?:to)?|lift(?:s|ed|ing)?|soar(?:s|ed|ing)?|swell(?:s|ed|ing)?|swollen|balloon(?:s|ed|ing)?";
/// Verbs of an intended sale or purchase, in the infinitive.
const INTENT_VERBS: &str = r"(?:\w+ly\s+)?(?:(?P<down>sell|divest|dump|offload|exit|cut|reduce|shed|unload|liquidate|trim|pare)|(?P<up>buy|add|increase|boost|purchase|raise|accumulate))\b";
const NUMBER_WORDS: &str = r"\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty";
const ORDINALS: &str = r"first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\d+(?:st|nd|rd|th)";
const MONTHS: &str = r"January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec";

/// Compiles a pattern with ASCII word boundaries: a Unicode `\b` makes the
/// regex engine leave its fast DFA at the first curly quote, which cut
/// throughput tenfold on real articles. Every word we match is ASCII at its
/// edges, and `’` is a boundary either way.
fn re(pattern: &str) -> Regex {
    Regex::new(&ascii_bounds(pattern)).expect("claims patterns are valid regexes")
}

/// `pattern` with ASCII word boundaries (see [`re`]).
fn ascii_bounds(pattern: &str) -> String {
    pattern.replace(r"\b", r"(?-u:\b)")
}

/// Every gazetteer name and alias as one alternation, longest first so
/// "South Korea" wins over "Korea". Proper nouns ("UK", "China") match
/// case-sensitively, so "jersey" or "turkey" in lower case are not holders;
/// lower-case aliases ("foreign holders") match in any case.
static GAZETTEER: Lazy<Regex> = Lazy::new(|| {
    let mut names: Vec<&str> =
        gazetteer::ENTRIES.iter().flat_map(|e| std::iter::once(e.canonical).chain(e.aliases.iter().copied())).collect();
    names.sort_by_key(|n| std::cmp::Reverse(n.len()));
    let alternatives: Vec<String> = names
        .iter()
        .map(|n| {
            let flags = if n.starts_with(char::is_uppercase) { "" } else { "(?i)" };
            // "Emiratis", "Israelis": demonyms in -i take a plural.
            let end = match n.chars().last() {
                Some('i') => r"s?\b",
                Some(c) if c.is_alphanumeric() => r"\b",
                _ => "",
            };
            format!(r"(?:{flags}{}){end}", regex::escape(n))
        })
        .collect();
    re(&format!(r"\b(?:{})", alternatives.join("|")))
});

/// Institutions, which are holders of their own: a named fund
/// ("Danish pension fund AkademikerPension"), a central bank, or an unnamed
/// fund that refers back to the last named one.
static INSTITUTION: Lazy<Regex> = Lazy::new(|| {
    re(r"(?x)
        \b(?:[A-Z][a-z]+\s+)?(?:state\s+)?(?:pension\s+fund|sovereign\s+(?:wealth\s+)?fund|wealth\s+fund)\s+(?P<named>[A-Z][\w&-]*(?:\s+[A-Z][\w&-]*)*)
      | (?P<titled>\b[A-Z][\w&-]*(?:\s+[A-Z][\w&-]*)*\s+(?:Pensions?(?:\s+Fund(?:\s+Global)?|\s+Investment\s+Fund)?|(?:Investment|Wealth|Sovereign|Retirement)\s+(?:Fund|Authority|Corporation|System|Board))\b)
      | (?P<camel>\b[A-Z][a-z]+Pension\b)
      | (?P<bank>\b(?:People['’]s\s+)?Bank\s+of\s+[A-Z]\w+(?:\s+[A-Z]\w+)?|\b[A-Z]\w+\s+National\s+Bank\b|\bNorges\s+Bank\b|\bReserve\s+Bank\s+of\s+[A-Z]\w+)
      | \b(?:[Tt]he\s+)?(?P<of_kind>central\s+bank)\s+of\s+(?:the\s+)?(?P<of>[A-Z]\w+(?:\s+[A-Z]\w+)?)
      | \b(?P<poss>[A-Z]\w+(?:\s+[A-Z]\w+)?)['’]s\s+(?P<poss_kind>central\s+bank|sovereign\s+(?:wealth\s+)?fund|wealth\s+fund|(?:state\s+)?pension\s+fund)\b
      | \b(?P<adj>[A-Z]\w+)\s+(?P<adj_kind>central\s+bank)\b
      | (?P<anon>\b(?:[A-Z][a-z]+\s+)?(?:pension\s+fund|sovereign\s+(?:wealth\s+)?fund|wealth\s+fund)\b)
    ")
});

/// A name followed by an appositive saying it is a fund: "Nordlys Pensjon,
/// an Oslo-based occupational pension fund", "Acme Capital, the state-backed
/// investment authority". The kind noun is lower case, so "Separately, the
/// Gulf Investment Authority" does not make "Separately" a fund; the
/// description is checked in code for prepositions ("a hub for hedge funds"
/// describes a place, not a fund).
static APPOSITIVE: Lazy<Regex> = Lazy::new(|| {
    re(r"(?x)
        (?P<name>\b[A-Z][\w&'’-]*(?:\s+[A-Z][\w&'’-]*)*) ,\s+ (?:an?|the)\s+
        (?P<desc>(?:[\w-]+\s+){0,5}?)
        (?:pension\s+(?:fund|scheme|plan|provider)|(?:sovereign\s+)?(?:wealth\s+)?fund|fund\s+manager|asset\s+manager
          |investment\s+(?:authority|fund|arm|company|corporation|firm|vehicle)|endowment|insurer|central\s+bank)\b
    ")
});
/// What [`APPOSITIVE`] and [`INSTITUTION`] need somewhere in the sentence.
static APPOSITIVE_CUE: Lazy<Regex> = Lazy::new(|| re(r",\s+(?:an?|the)\s"));
static INSTITUTION_CUE: Lazy<Regex> = Lazy::new(|| re(r"(?i)pension|fund|bank|authority|corporation|system|board"));
/// Words that open a sentence rather than name an institution ("Separately,
/// a fund ..."): adverbs in -ly are caught by their ending.
const OPENERS: &[&str] = &[
    "Meanwhile", "However", "Elsewhere", "Still", "Also", "Instead", "Indeed", "Now", "Then", "Today", "Yesterday",
    "Moreover", "Overall", "Thus", "Yet", "But", "And", "So",
];
/// Prepositions in an appositive's description: the noun after them is not its head.
const PREPOSITIONS: &[&str] = &["for", "of", "with", "in", "to", "from", "at", "on", "by", "like", "among", "behind"];

/// Regions that are not holders we track: they take amounts ("Europe's
/// holdings, valued at $3.6 trillion") away from the holder before them.
static REGION: Lazy<Regex> = Lazy::new(|| {
    re(
        r"\b(?:Europe|European|Asia|Asian|[Ee]urozone|euro\s+area|Middle\s+East|Latin\s+America|Africa|Caribbean|OPEC)\b",
    )
});

/// A holder named after one of these is an object ("overtook China",
/// "below Belgium"), not the subject of the claim.
/// Also excluded: "Beyond Japan and China, mid-sized holders ..." says
/// nothing about Japan or China.
static OBJECT_TAIL: Lazy<Regex> = Lazy::new(|| {
    re(
        r"(?i)\b(?:overt(?:ook|ake|akes|aking|aken)|surpass(?:ed|es|ing)?|pass(?:ed|es|ing)|ahead\s+of|behind|below|above|than|like|unlike|after|before|versus|vs\.?|over|past|beat|outpaced|trail(?:s|ed|ing)?|beyond|besides|apart\s+from|aside\s+from|except(?:\s+for)?|excluding|other\s+than|outside(?:\s+of)?|instead\s+of)\s+(?:the\s+)?$",
    )
});

/// Right after a holder: its own markets, not its holdings of Treasuries.
static OWN_MARKET: Lazy<Regex> = Lazy::new(|| {
    re(
        r"^(?:['’]s?)?\s+(?:(?P<adj>[\w-]+)\s+)?(?:government\s+)?(?:bonds?|debt|stocks?|shares|equities|currency|economy|exports|imports|GDP|inflation|growth|yields?|peso|yuan|yen|rupee|krone)\b",
    )
});

/// Right after a place name: a modifier ("a Stockholm-based manager"), not a holder.
static PLACE_MODIFIER: Lazy<Regex> = Lazy::new(|| re(r"^-(?:based|headquartered|listed|registered|domiciled)\b"));

/// What may separate two holders that share a claim ("Japan and the UK").
static JOIN_GAP: Lazy<Regex> =
    Lazy::new(|| re(r"(?i)^\s*(?:,\s*)?(?:(?P<conj>and|&|or|as\s+well\s+as|plus)\s+)?(?:the\s+)?$"));

/// A reference back to the last holder named. A possessive counts only
/// before a holdings noun: in "banks tidy their balance sheets", "their" is
/// the banks'.
static PRONOUN: Lazy<Regex> = Lazy::new(|| {
    re(
        r"(?i)\b(?:(?:its|their)\s+(?:[\w-]+\s+){0,2}?(?:holdings|Treasur(?:ies|ys|y\s+\w+)|stake|stash|pile|position|portfolio|stockpile|hoard|exposure|(?:U\.?S\.?|American)\s+(?:debt|bonds|paper))|they|the\s+country|the\s+nation|the\s+kingdom|(?P<inst>the\s+fund|the\s+bank|the\s+central\s+bank))\b",
    )
});

static CONTEXT: Lazy<Regex> = Lazy::new(|| {
    re(
        r"(?i)\bTreasur(?:ies|ys)\b|\bTreasury\s+(?:holdings?|bonds?|securities|notes|bills|debt|market|paper|portfolio|stockpile|exposure|assets|pile|stash|stake|position|hoard)\b|\bT-?bills\b|\b(?:U\.?S\.?|American)\s+(?:government\s+)?(?:debt|bonds|securities|paper)\b|\bholdings\b|\bholders?\b|\bcreditors?\b|\b(?:stock)?pile\b|\bstash\b|\bhoard\b|\bexposure\b",
    )
});

/// Contexts that are never about foreign holdings of Treasuries.
static REJECT: Lazy<Regex> = Lazy::new(|| {
    re(
        r"(?i)\bnet\s+(?:foreign\s+)?(?:purchases|sales|buying|selling|inflows?|outflows?|acquisitions)\b|\b(?:Fed|Federal\s+Reserve)(?:['’]s)?\s+balance\s+sheet\b|\bbalance\s+sheet\s+of\s+the\s+(?:Fed|Federal\s+Reserve)\b|\b(?:U\.?S\.?|American)\s+(?:investors|residents|funds|holdings\s+of\s+foreign|ownership\s+of\s+foreign)\b|\bheld\s+by\s+(?:U\.?S\.?|American)\s+(?:investors|residents)\b|\bforeign\s+(?:securities|stocks|bonds|equities)\s+(?:held|owned)\s+by\b|\bquantitative\s+tightening\b|\blong-term\s+(?:U\.?S\.?\s+)?securities\b|\b(?:U\.?S\.?|American)\s+securities\b",
    )
});

/// Words every [`REJECT`] pattern contains: a cheap scan that spares most
/// sentences the costly one.
const REJECT_CUE: &str =
    r"(?i)net\s|balance\s+sheet|investors|residents|funds|of\s+foreign|held\s+by|owned\s+by|quantitative|securities";

/// Contexts about something else unless the sentence names Treasury holdings.
const OFF_TOPIC: &str = r"(?i)\byields?\b|\bauctions?\b|\bbid-to-cover\b|\bgold\b|\b(?:foreign[- ]exchange|FX|forex|currency)\s+reserves\b|\bequit(?:y|ies)\b|\bstocks?\b|\bshares\b|\bcrypto";
static EXPLICIT_HOLDINGS: Lazy<Regex> = Lazy::new(|| {
    re(
        r"(?i)\bTreasury\s+holdings\b|\bholdings\s+of\s+(?:U\.?S\.?\s+)?Treasur|\b(?:holds?|held|owns?|owned)\b[^.]{0,40}\bTreasur",
    )
});

static AMOUNT: Lazy<Regex> = Lazy::new(|| {
    re(
        r"(?i)(?:\b(?P<pre>about|around|roughly|approximately|approx\.?|nearly|almost|some|close\s+to|just\s+(?:over|under|above|below)|more\s+than|over|above|in\s+excess\s+of|upwards\s+of|at\s+least|less\s+than|under|below|beneath|fewer\s+than|at\s+most|up\s+to)\s+|(?P<tilde>~\s*))?(?:US\$|U\.S\.\s?\$|\$|USD\s?)?(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s?(?P<unit>trillion|tln|trn|tn|billion|bln|bn|b|million|mln|mn|m)\b(?:\s+(?:U\.S\.\s+|US\s+)?dollars)?",
    )
});
static PERCENT: Lazy<Regex> = Lazy::new(|| re(r"(?i)\b(?P<num>\d+(?:\.\d+)?)\s?(?:%|percent\b|per\s+cent\b)"));
static PERCENT_NOUN: Lazy<Regex> = Lazy::new(|| {
    re(
        r"(?i)^\s*(?:(?P<down>decline|drop|fall|decrease|cut|reduction|plunge|slump|slide|loss|contraction)|(?P<up>increase|rise|gain|jump|growth|climb|surge))\b",
    )
});

/// Verbs whose "up" or "down" is no move ("show up in the data", "turned
/// down the offer"): matched as a whole so the particle is not read alone.
const PHRASAL: &str = r"(?:show|shows|showed|showing|shown|turn|turns|turned|turning|set|sets|setting|make|makes|made|making|end|ends|ended|ending|sum|sums|summed|look|looks|looked|looking|come|comes|came|coming|give|gives|gave|giving|given|take|takes|took|taking|taken|break|breaks|broke|breaking|broken|shut|shuts|write|writes|wrote|written|play|plays|played|playing|tone|toned|calm|calmed|sit|sits|sat|hold|holds|held|holding|crack|cracks|cracked|cracking)\s+(?:up|down)";
/// A whole match of [`DIRECTION`] that is a phrasal verb, or a verb of decline.
static PHRASAL_WORDS: Lazy<Regex> = Lazy::new(|| re(&format!(r"(?i)^{PHRASAL}$")));
static DOWN_WORDS: Lazy<Regex> = Lazy::new(|| re(&format!(r"(?i)^(?:{DOWN_VERBS})$")));
static DIRECTION: Lazy<Regex> =
    Lazy::new(|| re(&format!(r"(?i)\b(?:{PHRASAL}|{DOWN_VERBS}|{UP_VERBS})\b")));
/// Words that may stand between a verb and the size of its move: "dumped
/// another $11.5bn", "down around 21%", "risen by about 44%".
const FILLER: &str = r"(?:\s+(?:another|a\s+further|an\s+(?:additional|extra)|a\s+net|a\s+total\s+of|a\s+combined|about|around|roughly|approximately|approx\.?|some|nearly|almost|close\s+to|just|more\s+than|over|less\s+than|under))*";
/// A verb right before an amount: "cut $4bn", "down 30%".
static VERB_TAIL: Lazy<Regex> =
    Lazy::new(|| re(&format!(r"(?i)\b(?:(?P<down>{DOWN_VERBS})|(?P<up>{UP_VERBS}))(?:\s+by)?{FILLER}\s*$")));
static BY_TAIL: Lazy<Regex> = Lazy::new(|| re(&format!(r"(?i)\bby{FILLER}\s*$")));
/// "added Treasuries worth $4bn": after a verb of direction, the size of the move.
static WORTH_TAIL: Lazy<Regex> = Lazy::new(|| re(r"(?i)\b(?:worth|totall?ing|amounting\s+to)\s*$"));
/// "down from $688.7bn", "against $89.2bn in October": the level a change starts from.
/// "up from $251.2bn" also says which way the level moved.
static FROM_TAIL: Lazy<Regex> = Lazy::new(|| {
    re(r"(?i)(?:\b(?:(?P<up>up|higher)|(?P<down>down|lower))\s+)?\b(?:from|against|versus|vs\.?|compared\s+(?:with|to))\s*$")
});
/// "peaked at $1.32tn", "down from a peak of $1.32tn": a level of the past,
/// neither the claim's level nor the base of its change.
static PEAK_TAIL: Lazy<Regex> = Lazy::new(|| {
    re(r"(?i)\b(?:peak(?:ed|ing)?\s+(?:at|of)|(?:a|its|the)\s+(?:record\s+|all-time\s+)?peak\s+of)\s*$")
});
/// A peak mentioned just before: the year after it dates the peak.
static PEAK_BEFORE: Lazy<Regex> = Lazy::new(|| re(r"(?i)\bpeak\w*\b[^,;]{0,40}$"));
/// "now top $100bn", "could exceed $350bn": the amount is a lower bound.
static OVER_TAIL: Lazy<Regex> =
    Lazy::new(|| re(r"(?i)\b(?:top|tops|topped|topping|exceed(?:s|ed|ing)?|surpass(?:es|ed|ing)?|eclipse[sd]?)\s*$"));
/// "a record $481.0bn": the amount is an all-time high.
static RECORD_TAIL: Lazy<Regex> =
    Lazy::new(|| re(r"(?i)\b(?:a|an|another|new|fresh|its)\s+(?:new\s+|fresh\s+)?record\s*$"));
/// "$2.2bn less than a year earlier": after an amount, a change against an earlier time.
static THAN_EARLIER: Lazy<Regex> = Lazy::new(|| {
    re(&format!(
        r"(?i)^\s*(?:(?P<down>less|lower|fewer|smaller)|(?P<up>more|higher|greater|larger|bigger))\s+(?:(?:[\w-]+\s+){{1,2}}?)?than\s+(?:(?:it|they|the\s+country)\s+(?:did|had|held|owned|has)\s+)?(?:(?:a|one|(?:{NUMBER_WORDS}))\s+(?:years?|months?)\s+(?:earlier|ago|before|previously)|(?:in|at\s+the\s+end\s+of)\s+(?:{MONTHS})\b|(?:last|the\s+previous|the\s+prior)\s+(?:year|month)\b)"
    ))
});
static FORECAST_TAIL: Lazy<Regex> = Lazy::new(|| {
    re(
        r"(?i)(?:\b(?:could|may|might|will|would|shall|(?:is|are)\s+(?:expected|likely|set|forecast|projected|poised)\s+to|(?:expects?|expected|forecasts?|predicts?|predicted|projects?|sees?)\s+[^.;]{0,60}?\bto)|['’]ll|\b(?:is|are)\s+seen)\s+(?:\w+\s+)?(?:(?P<down>fall|falling|drop|dropping|slip|sink|sinking|decline|declining|shrink|shrinking|dip|plunge|tumble)|(?P<up>rise|rising|climb|climbing|top|exceed|surpass|grow|growing|jump|increase)|be|reach|hit|go|stand|end)(?:\s+to)?\s*$",
    )
});
const STRONG_TREND_PATTERN: &str = r"(?i)\b(?:(?P<down>exiting|fleeing|retreating|dumping|offloading|shedding|unloading|selling|divesting|pulling\s+out|ditching|(?:steady|net|persistent|consistent|heavy|aggressive|big)\s+sellers?)|(?P<up>accumulating|buying|snapping\s+up|piling\s+into|loading\s+up|stockpiling|hoarding|(?:steady|net|persistent|consistent|heavy|aggressive|big)\s+buyers?))\b";
static STRONG_TREND: Lazy<Regex> = Lazy::new(|| re(STRONG_TREND_PATTERN));
static INTENT: Lazy<Regex> = Lazy::new(|| {
    re(&format!(
        r"(?i)\b(?:will|would|plans?\s+to|planning\s+to|intends?\s+to|intending\s+to|aims?\s+to|pledged?\s+to|pledges\s+to|vow(?:s|ed)?\s+to|(?:is|are)\s+set\s+to|(?:is|are)\s+going\s+to|(?:has\s+)?decided\s+to|announced\s+plans\s+to|(?:is|are)\s+to)\s+{INTENT_VERBS}"
    ))
});
/// An intent still being weighed: "is said to be considering adding to".
static INTENT_WEIGHED: Lazy<Regex> = Lazy::new(|| {
    re(
        r"(?i)\b(?:consider(?:s|ed|ing)?|weigh(?:s|ed|ing)?|mull(?:s|ed|ing)?|explor(?:e|es|ed|ing)|contemplat(?:e|es|ed|ing)|eye(?:s|d|ing)?|look(?:s|ed|ing)?\s+(?:at|into))\s+(?:\w+ly\s+)?(?:(?P<down>selling|divesting|dumping|offloading|exiting|cutting|reducing|shedding|unloading|liquidating|trimming|paring)|(?P<up>buying|adding|increasing|boosting|purchasing|raising|accumulating))\b",
    )
});
/// A predicted move with no amount: "will have sold its last Treasury bill
/// by 2060", "could fall further".
static FORECAST_MOVE: Lazy<Regex> = Lazy::new(|| {
    re(
        r"(?i)(?:\b(?:could|may|might|will|would|(?:is|are)\s+(?:expected|likely|set|forecast|projected|poised|on\s+(?:track|course))\s+to)|['’]ll)\s+(?:\w+ly\s+)?(?:have\s+)?(?:(?P<down>fall|drop|slip|sink|decline|shrink|dip|plunge|tumble|sold|dumped|exited|unloaded|offloaded|divested|liquidated)|(?P<up>rise|climb|grow|increase|jump|bought|accumulated))\b",
    )
});
/// Headline style right after the holder: "pension fund to sell".
static HEADLINE_INTENT: Lazy<Regex> = Lazy::new(|| re(&format!(r"(?i)^\s+to\s+{INTENT_VERBS}")));
/// "edged up to", "moved up to": before "up to", a move.
static MOVED_TAIL: Lazy<Regex> = Lazy::new(|| re(r"(?i)\b(?:\w+ed|went|rose|grew|crept|shot)\s+$"));
/// "for the fourth consecutive month", "for 3 straight months".
static STREAK: Lazy<Regex> = Lazy::new(|| {
    re(&format!(
        r"(?i)\bfor\s+(?:(?:a|an|the)\s+)?(?:(?:(?:{NUMBER_WORDS}|{ORDINALS})\s+)?(?:consecutive|straight|successive|running|continuous)|(?:{ORDINALS}))\s+(?:months?|quarters?|years?)\b"
    ))
});
/// Families of patterns a segment may hold, all found in one scan of
/// [`FAMILIES`]: per-search overhead, not bytes, is what short sentences
/// cost, so one set scan stands in for a call per family. The cue members
/// hold only the words their family's patterns need.
#[derive(Clone, Copy)]
enum Family {
    Hedge,
    Negation,
    Intent,
    Extreme,
    Rank,
    Forecast,
    StrongTrend,
}
static FAMILIES: Lazy<RegexSet> = Lazy::new(|| {
    let patterns = [
        HEDGE_PATTERN.to_string(),
        NEGATION_PATTERN.to_string(),
        r"(?i)will|would|plan|intend|aim|pledge|vow|set\s+to|going\s+to|decided|\s(?:is|are)\s+to\s|consider|weigh|mull|explor|contemplat|eye|look".to_string(),
        r"(?i)low|high|smallest|weakest|biggest|largest|strongest|least|most|record".to_string(),
        format!(r"(?i)largest|biggest|top|rank|place|spot|position|among|No\.?\s*\d|{ORDINALS}"),
        r"(?i)could|may|might|will|would|expected|likely|set\s+to|forecast|projected|poised|on\s+track|on\s+course|['’]ll".to_string(),
        STRONG_TREND_PATTERN.to_string(),
    ];
    RegexSet::new(patterns.iter().map(|p| ascii_bounds(p))).expect("claims patterns are valid regexes")
});
/// A verb after one of these is a possibility, not a move ("so it can buy").
static MODAL_TAIL: Lazy<Regex> = Lazy::new(|| re(r"(?i)\b(?:to|can|could|may|might|would|should|must)\s+$"));
/// "continues to accumulate", "keeps trying to sell": an ongoing move, not a possibility.
static ONGOING_TAIL: Lazy<Regex> = Lazy::new(|| {
    re(r"(?i)\b(?:continu(?:e|es|ed|ing)|keeps?|kept|keeping|start(?:s|ed|ing)?|began|begun|begins?)\s+to\s+$")
});
const NEGATION_PATTERN: &str =
    r"(?i)\bnot\b|n['’]t\b|\bnever\b|\bno\s+(?:longer|plans?|intention|desire)\b|\bneither\b|\bnor\b";
static NEGATION: Lazy<Regex> = Lazy::new(|| re(NEGATION_PATTERN));
const HEDGE_PATTERN: &str = r"(?i:\b(?:reportedly|might|could|estimated|estimates?|about|around|roughly|approximately|approx|nearly|almost|likely|possibly|probably|perhaps|allegedly|apparently|believed|rumou?red)\b)|\bmay\b|~";

static MONTH: Lazy<Regex> = Lazy::new(|| {
    re(&format!(r"\b(?P<m>{MONTHS})\b\.?(?P<day>\s+\d{{1,2}}(?:st|nd|rd|th)?\b)?(?:,?\s+(?P<y>(?:19|20)\d{{2}})\b)?"))
});
/// What may stand between an amount and the month it is at.
static MONTH_GAP: Lazy<Regex> = Lazy::new(|| {
    re(r"(?i)^[\s,]*(?:(?:in|at|by|as\s+of|for|during|through|of|on)\s+)?(?:the\s+)?(?:end\s+of\s+|end-)?$")
});
/// The span a change is measured over, counted back from its period: "over
/// the past twelve months", "from $241.4bn a year earlier", "on the year".
static WINDOW: Lazy<Regex> = Lazy::new(|| {
    re(&format!(
        r"(?i)\b(?:(?:over|in|during|across|within)\s+the\s+(?:past|last|previous|preceding)\s+(?:(?P<n>{NUMBER_WORDS})\s+)?(?P<unit>years?|months?)|(?P<ago>a|one|{NUMBER_WORDS})\s+(?P<ago_unit>years?|months?)\s+(?:earlier|ago|before|previously)|(?P<yoy>year[- ]on[- ]year|year[- ]over[- ]year|on\s+the\s+year|(?:in|over)\s+(?:a|one|the)\s+(?:single\s+)?year|on\s+an\s+annual\s+basis|y/y|yoy)|(?P<mom>month[- ]on[- ]month|month[- ]over[- ]month|on\s+the\s+month|m/m))\b"
    ))
});
/// A change over a calendar year ("over the course of 2025", "so far this
/// year") or from a year's edge ("from the end of 2024").
static YEAR_SPAN: Lazy<Regex> = Lazy::new(|| {
    re(
        r"(?i)\b(?:(?:over\s+the\s+course\s+of|during|throughout|across|in|over)\s+(?P<y>(?:19|20)\d{2})|(?:from|since)\s+(?:the\s+(?P<edge>end|close|start|beginning)\s+of\s+|(?P<edge2>end|start)-)(?P<ey>(?:19|20)\d{2})|(?P<ytd>(?:so\s+far\s+)?this\s+year|year[- ]to[- ]date|YTD|(?:over\s+the\s+course\s+of|during|throughout)\s+the\s+year))\b",
    )
});
/// The end of a year as a month: "at the end of 2025", "end-2024", "ended 2025 with".
static YEAR_END: Lazy<Regex> = Lazy::new(|| {
    re(r"(?i)\b(?:(?:at|by)\s+the\s+end\s+of|end-|year-end|ended|ending|closed|finished)\s*(?P<y>(?:19|20)\d{2})\b")
});
/// Before a month: the month a change is measured from ("down $17.2bn from November").
static BASE_MONTH_TAIL: Lazy<Regex> = Lazy::new(|| {
    re(r"(?i)\b(?:from|than|versus|vs\.?|compared\s+(?:with|to)|between)\s+(?:(?:in|at)\s+)?(?:the\s+)?(?:end\s+of\s+|end-)?$")
});

static ORDINAL_TAIL: Lazy<Regex> = Lazy::new(|| re(&format!(r"(?i)\b(?:{ORDINALS})[- ]$")));
static LOW_SINCE: Lazy<Regex> = Lazy::new(|| {
    re(&format!(
        r"(?i)\b(?P<ext>lowest|highest|smallest|weakest|biggest|largest|strongest|least)\b(?:\s+(?:level|point|reading|amount|total|value|holdings?|mark))?(?:\s+for\s+\w[\w'’.-]*(?:\s+\w[\w'’.-]*)?)?\s+since\s+(?:(?P<m>{MONTHS})\b\.?(?:,?\s+(?P<y>(?:19|20)\d{{2}})\b)?|(?P<yo>(?:19|20)\d{{2}})\b)"
    ))
});
static LOW_IN_YEARS: Lazy<Regex> = Lazy::new(|| {
    re(&format!(
        r"(?i)\b(?P<ext>lowest|highest|smallest|weakest|biggest|largest|strongest)\b(?:\s+(?:level|point|reading|amount))?(?:\s+for\s+\w[\w'’.-]*(?:\s+\w[\w'’.-]*)?)?\s+(?:in|for)\s+(?:(?:more\s+than|over|nearly|almost|about)\s+)?(?P<n>{NUMBER_WORDS})\s+years\b"
    ))
});
static N_YEAR_LOW: Lazy<Regex> =
    Lazy::new(|| re(&format!(r"(?i)\b(?P<n>{NUMBER_WORDS})[- ]year\s+(?P<ext>low|high)s?\b")));
static RECORD: Lazy<Regex> = Lazy::new(|| {
    re(
        r"(?i)\b(?:(?:record|all-time|historic)\s+(?P<ext>low|high)s?\b|(?P<ext2>lowest|highest|most|least)\s+(?:level\s+)?(?:on\s+record|ever)\b|(?:a|an|another|new|fresh)\s+(?:new\s+|fresh\s+)?(?P<bare>record)(?:\s*$|\s+(?:in|at|of|for|on|last|this)\b|[,.;:!]))",
    )
});
static RANK: Lazy<Regex> = Lazy::new(|| {
    re(&format!(
        r"(?i)\b(?:(?P<ord>{ORDINALS})[- ])?(?:largest|biggest|top)\s+(?:(?:foreign|overseas|non-U\.?S\.?|international|single)\s+)?(?:holder|creditor|owner|investor|lender)\b"
    ))
});
static RANK_MOVE: Lazy<Regex> = Lazy::new(|| {
    re(&format!(
        r"(?i)\b(?:(?P<down>fell|dropped|slipped|slid|sank|falls|fall|falling|drops|dropping|slips|slipping|relegated|demoted|pushed\s+back|knocked\s+back)|(?P<up>rose|climbed|jumped|rises|rise|risen|climbs|climbing|returned|moved|promoted))\s+(?:back\s+)?(?:up\s+|down\s+)?(?:to|into)\s+(?:the\s+)?(?:No\.?\s*(?P<num>\d+)|(?P<ord>{ORDINALS}))(?:\s+(?:place|spot|position))?\b"
    ))
});

/// "ranks third", "sits in fifth place", "is seventh among holders".
static RANK_AS: Lazy<Regex> = Lazy::new(|| {
    re(&format!(
        r"(?i)\b(?:rank(?:s|ed)?\s+(?:as\s+)?(?:the\s+)?(?:No\.?\s*(?P<num>\d+)|(?P<ord>{ORDINALS}))\b|(?:in|at)\s+(?:the\s+)?(?:No\.?\s*(?P<num2>\d+)|(?P<ord2>{ORDINALS}))\s+(?:place|spot|position)\b|(?P<ord3>{ORDINALS})\s+among\s+(?:[\w-]+\s+){{0,2}}(?:holders|creditors|owners|investors))"
    ))
});
/// "the top ten holders": a rank of ten or better.
static TOP_N: Lazy<Regex> = Lazy::new(|| {
    re(r"(?i)\btop[- ](?P<n>two|three|four|five|six|seven|eight|nine|ten|fifteen|twenty|\d{1,2})\b(?:\s+(?:foreign\s+)?(?:holders|creditors|owners))?")
});
/// Before a rank: it is denied or over ("no longer the largest", "once the top holder").
static RANK_DENIED: Lazy<Regex> = Lazy::new(|| {
    re(r"(?i)\b(?:no\s+longer|not|never|once|formerly|former|previously|used\s+to\s+be)\s+(?:\S+\s+){0,2}$")
});

static ACCORDING_TO: Lazy<Regex> = Lazy::new(|| {
    re(
        r"\b[Aa]ccording\s+to\s+(?:(?:data|figures|statistics|numbers|a\s+report)\s+(?:released|published|compiled)\s+by\s+)?(?P<who>(?:the\s+)?[A-Z][\w.&'’-]*(?:\s+(?:of\s+the\s+|of\s+|for\s+|and\s+)?[A-Z][\w.&'’-]*)*)",
    )
});
/// "X said", "X, a mid-sized fund, says".
static SAID: Lazy<Regex> = Lazy::new(|| {
    re(
        r"(?P<who>[A-Z][\w.&'’-]*(?:\s+[A-Z][\w.&'’-]*)*|\b(?:[Aa]n?|[Tt]he)\s+(?:[a-z]+\s+){0,2}(?:analyst|watcher|strategist|economist|post|trader|report|official|spokesperson|spokesman|spokeswoman|letter|investor|commentator|observer|newsletter|account))(?:,\s+(?:an?|the)\s+[^,.;]{1,80},\s*|,\s*|\s+)(?:has\s+|have\s+|had\s+)?(?:said|says|wrote|writes|noted|notes|highlighted|highlights|stated|states|reported|reports|warned|warns|told|tweeted|posted|added|argued|explained|read)\b",
    )
});
/// The verbs [`SAID`] and [`SAID_BEFORE`] need, checked first: cheap where they are costly.
const SPEECH_PATTERN: &str = r"said|says|wrote|writes|noted|notes|highlighted|highlights|stated|states|reported|reports|warned|warns|told|tweeted|posted|added|argued|explained|read";
static SPEECH: Lazy<Regex> = Lazy::new(|| re(SPEECH_PATTERN));

/// Checks on a sentence that names a holder, all from one scan of [`CUES`]
/// (see [`Family`]).
#[derive(Clone, Copy)]
enum Cue {
    OffTopic,
    Reject,
    Speech,
}
static CUES: Lazy<RegexSet> = Lazy::new(|| {
    let patterns = [OFF_TOPIC, REJECT_CUE, SPEECH_PATTERN];
    RegexSet::new(patterns.map(ascii_bounds)).expect("claims patterns are valid regexes")
});

/// Which [`Cue`]s a sentence has.
struct Cues(regex::SetMatches);

impl Cues {
    fn of(s: &str) -> Cues {
        Cues(CUES.matches(s))
    }

    fn has(&self, cue: Cue) -> bool {
        self.0.matched(cue as usize)
    }
}
static SAID_BEFORE: Lazy<Regex> = Lazy::new(|| {
    re(r"\b(?:said|says|wrote|noted|stated|told)\s+(?P<who>[A-Z][\w.&'’-]*(?:\s+[A-Z][\w.&'’-]*)*)\s*(?:[,.]|$)")
});
/// The signature line under a quoted post: "– Name (@handle) January 20, 2026".
static POST_SIGNATURE: Lazy<Regex> = Lazy::new(|| re(r"^\s*[–—-]+\s*[^(\n]*\((?P<handle>@\w+)\)"));
static PARAGRAPH_BREAK: Lazy<Regex> = Lazy::new(|| re(r"\n[ \t]*\n"));

/// A post quoted in the article is attributed to its signature handle for
/// this many paragraphs above the signature, as long as they are post-sized.
const POST_MAX_PARAGRAPHS: usize = 4;
const POST_MAX_BYTES: usize = 280;
/// A paragraph that yielded a claim keeps this many after it in context: a
/// run of claims is about holdings even where a paragraph names none.
const CLAIM_CONTEXT_REACH: usize = 2;
/// A negation this close before the verb cancels the segment ("did not sell").
const NEGATION_REACH: usize = 30;

/// A paragraph of the article text, with what the tagger needs to know
/// about it once.
struct Paragraph {
    range: Range<usize>,
    /// Mentions Treasuries, US debt or holdings somewhere.
    context: bool,
    /// Set when the paragraph is part of a quoted post with this handle.
    post_speaker: Option<String>,
}

/// State carried from sentence to sentence.
struct Tagger<'a> {
    text: &'a str,
    /// The latest TIC month out on the publication date.
    latest: Option<Period>,
    /// The last data month a sentence stated: it governs the following
    /// sentences that report the same release without naming a month.
    stated: Option<Period>,
    paragraphs: Vec<Paragraph>,
    para: usize,
    /// The last subject holder named, with its paragraph, for pronouns.
    last_holder: Option<(Holder, usize)>,
    /// The last institution named, with its paragraph, for "the fund".
    last_institution: Option<(Holder, usize)>,
    /// Institutions an appositive has introduced, matched by name afterwards.
    institutions: Vec<Holder>,
    /// The paragraph of the last claim (see [`CLAIM_CONTEXT_REACH`]).
    last_claim_para: Option<usize>,
    last_speaker: Option<String>,
    claims: Vec<Claim>,
}

/// One holder mention in a sentence; `holder` is `None` for a region.
struct Mention {
    range: Range<usize>,
    holder: Option<Holder>,
}

/// Holders that share one stretch of a sentence: "Japan and the UK".
struct Group {
    holders: Vec<Holder>,
    /// Found through a pronoun ("they", "its"), not a name.
    carried: bool,
    start: usize,
    /// End of the group's last mention, where a headline verb would start.
    head_end: usize,
}

/// A sentence and what applies to all of its segments.
struct Sentence<'a> {
    /// The sentence as matched: [`recased`] if it was all capitals.
    text: &'a str,
    /// The sentence as written.
    quote: &'a str,
    span: Span,
    speaker: Option<String>,
    latest: Option<Period>,
    months: Vec<MonthRef>,
}

/// What a sentence's change is measured over, when not the previous month.
#[derive(Clone, Copy)]
enum Window {
    /// "over the past year": this many months back from the period.
    Months(i32),
    /// "over the course of 2025": the calendar year, from the December before.
    Year(i32),
    /// "from the end of 2024": from this month.
    From(Period),
}

/// A month named in a sentence, resolved to a data month.
struct MonthRef {
    range: Range<usize>,
    period: Option<Period>,
    /// "from November": the month a change is measured from.
    base: bool,
}

/// An amount of money in the text, in billions.
struct Amount {
    range: Range<usize>,
    value: f64,
    half_unit: f64,
    approx: bool,
    bound: Option<Bound>,
    /// "below $500bn": after a verb this is a level, not a change.
    positional: bool,
}

/// A percentage in the text.
struct Percent {
    value: f64,
    half_unit: f64,
    /// Where it ends in the article text.
    end: usize,
}

impl<'a> Tagger<'a> {
    fn new(article: &'a Article) -> Tagger<'a> {
        let text = article.text.as_str();
        let mut ranges = Vec::new();
        let mut start = 0;
        for brk in PARAGRAPH_BREAK.find_iter(text) {
            ranges.push(start..brk.start());
            start = brk.end();
        }
        ranges.push(start..text.len());
        let mut paragraphs: Vec<Paragraph> = ranges
            .into_iter()
            .map(|range| Paragraph { context: CONTEXT.is_match(&text[range.clone()]), range, post_speaker: None })
            .collect();
        for i in 0..paragraphs.len() {
            let Some(sig) = POST_SIGNATURE.captures(&text[paragraphs[i].range.clone()]) else { continue };
            let handle = sig["handle"].to_string();
            for p in paragraphs[..i].iter_mut().rev().take(POST_MAX_PARAGRAPHS) {
                if p.range.len() > POST_MAX_BYTES {
                    break;
                }
                p.post_speaker = Some(handle.clone());
            }
        }
        Tagger {
            text,
            latest: article.published.map(calendar::latest_published_on),
            stated: None,
            paragraphs,
            para: 0,
            last_holder: None,
            last_institution: None,
            institutions: Vec::new(),
            last_claim_para: None,
            last_speaker: None,
            claims: Vec::new(),
        }
    }

    fn sentence(&mut self, span: Span) {
        while self.para + 1 < self.paragraphs.len() && self.paragraphs[self.para].range.end <= span.start {
            self.para += 1;
        }
        let quote = span.of(self.text);
        let cased = recased(quote);
        let s = cased.as_deref().unwrap_or(quote);
        // Cheapest test first: most sentences of most articles stop here or
        // at the holder look-up, before any costly pattern runs.
        // A holder named just before a holdings paragraph is still read, so
        // "Look at Kuwait. || Its Treasury holdings ..." can refer back.
        let near = self.near_context();
        if !near && !self.paragraphs.get(self.para + 1).is_some_and(|p| p.context) {
            return;
        }
        let groups = self.groups(s);
        if !near || groups.iter().all(|g| g.holders.is_empty()) {
            return;
        }
        let cues = Cues::of(s);
        if !on_topic(s, &cues) {
            return;
        }
        let speaker = self.speaker(s, &cues);
        let months = MONTH
            .captures_iter(s)
            // A calendar date ("January 20, 2026") or an extremum's reference
            // ("since April 2022") is not the month the claim is about.
            .filter(|c| c.name("day").is_none() && !ends_with_word(&s[..c.get(0).expect("group 0").start()], "since"))
            .map(|c| {
                let m = c.get(0).expect("group 0");
                let year = c.name("y").and_then(|y| y.as_str().parse().ok());
                MonthRef {
                    range: m.range(),
                    period: resolve_month(month_number(&c["m"]), year, self.latest),
                    base: BASE_MONTH_TAIL.is_match(&s[..m.start()]),
                }
            })
            .collect::<Vec<_>>();
        // "at the end of 2025", "ended 2025 with": December of that year.
        let mut months = months;
        let year_ends = YEAR_END.captures_iter(s).filter_map(|c| {
            let at = c.name("y").expect("year group");
            Some(MonthRef {
                range: at.range(),
                period: Period::new(at.as_str().parse().ok()?, 12),
                base: BASE_MONTH_TAIL.is_match(&s[..c.get(0).expect("group 0").start()]),
            })
        });
        months.extend(year_ends);
        months.sort_by_key(|m| m.range.start);
        let governing = self.stated.or(self.latest);
        let named = months.iter().rev().find(|m| !m.base).and_then(|m| m.period);
        let sent = Sentence { text: s, quote, span, speaker, latest: governing, months };
        let mut found: Vec<Claim> = Vec::new();
        for (i, g) in groups.iter().enumerate() {
            let Some(first) = g.holders.first() else { continue };
            // A pronoun is trusted only in a sentence that itself talks
            // about holdings or amounts ("they reflect growing concern" is not).
            if g.carried && !CONTEXT.is_match(s) && !AMOUNT.is_match(s) {
                continue;
            }
            let start = if i == 0 { 0 } else { g.start };
            let end = groups.get(i + 1).map_or(s.len(), |n| n.start);
            let claims = sent.segment(start..end, g.start..g.head_end, first);
            for holder in &g.holders {
                for c in &claims {
                    merge(&mut found, Claim { holder: holder.clone(), ..c.clone() });
                }
            }
        }
        if !found.is_empty() {
            self.last_claim_para = Some(self.para);
        }
        // A claim that names no month is about the release the text last
        // named, else the latest one out when it was published (GUIDE rule 2).
        // Plans and forecasts are about the future, not a release.
        let reports = |c: &Claim| !matches!(c.kind, ClaimKind::Intent | ClaimKind::Forecast);
        for c in found.iter_mut().filter(|c| reports(c)) {
            c.period = c.period.or(governing);
        }
        // The release a sentence reports is the month its claims are about
        // ("rose to $472bn, reversing a decline in October" stays on the
        // governing month); a sentence with no claim ("data for November
        // showed") sets it by naming one.
        let reported = if found.is_empty() {
            named
        } else {
            found.iter().rev().filter(|c| reports(c)).find_map(|c| c.period)
        };
        if let Some(p) = reported {
            self.stated = Some(p);
        }
        self.claims.extend(found);
    }

    /// A remembered holder, if named in this paragraph or the one before.
    fn recent(&self, last: &Option<(Holder, usize)>) -> Option<Holder> {
        last.as_ref().filter(|(_, para)| self.para <= para + 1).map(|(h, _)| h.clone())
    }

    /// Whether the sentence is in a holdings context: its paragraph or the
    /// one before mentions Treasuries or holdings (so does the sentence, if
    /// it does), or a recent paragraph made a claim.
    fn near_context(&self) -> bool {
        self.last_claim_para.is_some_and(|p| self.para <= p + CLAIM_CONTEXT_REACH)
            || self.paragraphs[self.para].context
            || self.para.checked_sub(1).is_some_and(|p| self.paragraphs[p].context)
    }

    /// Who the sentence is attributed to, remembering named speakers so
    /// "the post read" can refer back to them.
    fn speaker(&mut self, s: &str, cues: &Cues) -> Option<String> {
        if let Some(handle) = &self.paragraphs[self.para].post_speaker {
            return Some(handle.clone());
        }
        let para = &self.text[self.paragraphs[self.para].range.clone()];
        let quoted_para = para.starts_with(['“', '"']);
        let found = ACCORDING_TO
            .captures(s)
            .or_else(|| cues.has(Cue::Speech).then(|| said(s)).flatten())
            .or_else(|| cues.has(Cue::Speech).then(|| SAID_BEFORE.captures(s)).flatten())
            .or_else(|| {
                // A quote running over several sentences is attributed at its end.
                let close = para.rfind(['”', '"']).filter(|_| quoted_para)?;
                said(&para[close..])
            })
            .map(|c| c["who"].trim().to_string())?;
        if found.to_ascii_lowercase().starts_with("the post") {
            return Some(self.last_speaker.clone().unwrap_or(found));
        }
        self.last_speaker = Some(found.clone());
        Some(found)
    }

    /// The holder mentions of a sentence, grouped: objects ("overtook
    /// China") dropped, "Japan and the UK" joined, repeats of one holder
    /// kept in one group. Falls back to a pronoun for the last holder.
    fn groups(&mut self, s: &str) -> Vec<Group> {
        let overlaps = |mentions: &[Mention], r: &Range<usize>| {
            mentions.iter().any(|m| m.range.start < r.end && r.start < m.range.end)
        };
        let mut mentions: Vec<Mention> = Vec::new();
        // "X, an Oslo-based pension fund": the mention spans the appositive,
        // so neither "Oslo" nor "pension fund" is read as another holder.
        let appositives = if APPOSITIVE_CUE.is_match(s) { s } else { "" };
        for c in APPOSITIVE.captures_iter(appositives) {
            let name = &c["name"];
            if appositive_names_fund(name, &c["desc"]) {
                let h = Holder::named(name);
                self.last_institution = Some((h.clone(), self.para));
                if !self.institutions.contains(&h) {
                    self.institutions.push(h.clone());
                }
                let start = c.name("name").expect("name group").start();
                mentions.push(Mention { range: start..c.get(0).expect("group 0").end(), holder: Some(h) });
            }
        }
        // Institutions named earlier in the article, now without their description.
        for h in &self.institutions {
            for (at, name) in s.match_indices(h.name()) {
                let range = at..at + name.len();
                let bounded =
                    !s[..at].ends_with(char::is_alphanumeric) && !s[range.end..].starts_with(char::is_alphanumeric);
                if bounded && !overlaps(&mentions, &range) {
                    mentions.push(Mention { range, holder: Some(h.clone()) });
                }
            }
        }
        let institutions = if INSTITUTION_CUE.is_match(s) { s } else { "" };
        for c in INSTITUTION.captures_iter(institutions) {
            let whole = c.get(0).expect("group 0");
            if overlaps(&mentions, &whole.range()) {
                continue;
            }
            let holder = if let Some(n) = c.name("named").or(c.name("titled")).or(c.name("camel")).or(c.name("bank")) {
                let h = Holder::named(n.as_str().trim());
                self.last_institution = Some((h.clone(), self.para));
                h
            } else if let Some((country, kind)) = [("of", "of_kind"), ("poss", "poss_kind"), ("adj", "adj_kind")]
                .iter()
                .find_map(|(who, kind)| c.name(who).zip(c.name(kind)))
                // "Chinese central bank" names a country; "The central bank" does not.
                .filter(|(country, _)| c.name("adj").is_none() || gazetteer::resolve(country.as_str()).is_some())
            {
                // "Norway's sovereign wealth fund" -> "Norway sovereign wealth fund".
                let name = gazetteer::resolve(country.as_str()).map_or(country.as_str(), |e| e.canonical);
                let kind = kind.as_str().split_whitespace().collect::<Vec<_>>().join(" ");
                Holder::named(&format!("{name} {kind}"))
            } else {
                self.recent(&self.last_institution).unwrap_or_else(|| Holder::named(whole.as_str()))
            };
            mentions.push(Mention { range: whole.range(), holder: Some(holder) });
        }
        for m in GAZETTEER.find_iter(s) {
            if !overlaps(&mentions, &m.range()) {
                // A plural demonym ("Emiratis") is known by its singular.
                let name = m.as_str();
                let name = if gazetteer::resolve(name).is_none() { name.strip_suffix('s').unwrap_or(name) } else { name };
                mentions.push(Mention { range: m.range(), holder: Some(Holder::named(name)) });
            }
        }
        for m in REGION.find_iter(s) {
            if !overlaps(&mentions, &m.range()) {
                mentions.push(Mention { range: m.range(), holder: None });
            }
        }
        mentions.sort_by_key(|m| m.range.start);

        let mut groups: Vec<Group> = Vec::new();
        let mut prev: Option<(usize, bool)> = None; // end of the last mention, whether it was an object
        for m in mentions {
            let gap = prev.map(|(end, _)| &s[end..m.range.start]);
            let join = gap.and_then(|g| JOIN_GAP.captures(g));
            let object = match (&join, prev) {
                (Some(j), Some((_, true))) if j.name("conj").is_some() => true,
                _ => OBJECT_TAIL.is_match(&s[..m.range.start]),
            };
            // "Argentine bonds", "China's special-purpose bonds": the
            // country's own markets, not its Treasury holdings.
            let object = object
                || PLACE_MODIFIER.is_match(&s[m.range.end..])
                || OWN_MARKET.captures(&s[m.range.end..]).is_some_and(|c| {
                    !c.name("adj").is_some_and(|a| matches!(a.as_str(), "US" | "American" | "Treasury" | "dollar"))
                });
            prev = Some((m.range.end, object));
            if object {
                continue;
            }
            match groups.last_mut() {
                Some(g) if join.is_some() || g.holders.first() == m.holder.as_ref() && m.holder.is_some() => {
                    if let Some(h) = m.holder.filter(|h| !g.holders.contains(h)) {
                        g.holders.push(h);
                    }
                    g.head_end = m.range.end;
                }
                _ => groups.push(Group {
                    holders: m.holder.into_iter().collect(),
                    carried: false,
                    start: m.range.start,
                    head_end: m.range.end,
                }),
            }
        }
        if groups.is_empty() {
            // Only a pronoun with no other name before it refers back:
            // in "BW Group trims its stake", "its" is BW Group's.
            let pronoun = PRONOUN.captures(s).filter(|p| !names_before(&s[..p.get(0).expect("group 0").start()]));
            if let Some(p) = pronoun {
                let whole = p.get(0).expect("group 0");
                let recent = self.recent(&self.last_holder);
                let holder =
                    if p.name("inst").is_some() { self.recent(&self.last_institution).or(recent) } else { recent };
                if let Some(h) = holder {
                    groups.push(Group { holders: vec![h], carried: true, start: whole.start(), head_end: whole.end() });
                }
            }
        }
        if let Some(h) = groups.iter().rev().find_map(|g| g.holders.last()) {
            self.last_holder = Some((h.clone(), self.para));
        }
        groups
    }
}

/// The window a sentence measures its changes over, if it names one.
fn window(s: &str, latest: Option<Period>) -> Option<Window> {
    if let Some(c) = WINDOW.captures(s) {
        if c.name("yoy").is_some() {
            return Some(Window::Months(12));
        }
        if c.name("mom").is_some() {
            return Some(Window::Months(1));
        }
        let (n, unit) = match c.name("ago") {
            Some(n) => (Some(n.as_str()), &c["ago_unit"]),
            None => (c.name("n").map(|n| n.as_str()), &c["unit"]),
        };
        // "a year earlier": `number` knows no "a".
        let n = n.and_then(number).unwrap_or(1);
        return Some(Window::Months(if unit.to_ascii_lowercase().starts_with("year") { 12 * n } else { n }));
    }
    let c = YEAR_SPAN.captures(s)?;
    // "since peaking at $1.32tn in 2013" dates the peak, not a span.
    if PEAK_BEFORE.is_match(&s[..c.get(0).expect("group 0").start()]) {
        return None;
    }
    if let Some(y) = c.name("y").and_then(|y| y.as_str().parse().ok()) {
        return Some(Window::Year(y));
    }
    if let Some(y) = c.name("ey").and_then(|y| y.as_str().parse::<i32>().ok()) {
        let edge = c.name("edge").or(c.name("edge2")).map(|e| e.as_str().to_ascii_lowercase());
        let year = if matches!(edge.as_deref(), Some("start" | "beginning")) { y - 1 } else { y };
        return Period::new(year, 12).map(Window::From);
    }
    latest.map(|l| Window::Year(l.year()))
}

/// Whether `text` ends with `word` (any case), ignoring trailing spaces.
fn ends_with_word(text: &str, word: &str) -> bool {
    let t = text.trim_end();
    t.len() >= word.len()
        && t.get(t.len() - word.len()..).is_some_and(|w| w.eq_ignore_ascii_case(word))
        && !t[..t.len() - word.len()].ends_with(char::is_alphanumeric)
}

/// Whether a capitalised word other than the first stands in `text`,
/// US and Treasury aside: a name a later pronoun could refer to.
fn names_before(text: &str) -> bool {
    text.split_whitespace().skip(1).any(|w| {
        let w = w.trim_matches(|c: char| !c.is_alphanumeric());
        w.starts_with(char::is_uppercase)
            && !matches!(w, "US" | "U.S" | "American" | "Treasury" | "Treasuries" | "Treasurys" | "I")
    })
}

/// Whether "NAME, a DESC fund" names a fund: not a country, not a sentence
/// opener ("Separately, the ... fund"), and the fund noun heads the
/// description ("a hub for hedge funds" has a preposition before it).
fn appositive_names_fund(name: &str, desc: &str) -> bool {
    let single = !name.contains(char::is_whitespace);
    let opener = single && (name.ends_with("ly") || OPENERS.contains(&name));
    !opener
        && gazetteer::resolve(name).is_none()
        && !desc.split_whitespace().any(|w| PREPOSITIONS.contains(&w.to_ascii_lowercase().as_str()))
}

/// A sentence in all capitals ("JAPAN'S TREASURY HOLDINGS RISE TO $1.2
/// TRILLION") or all lower case, recased so names and months match: words of
/// four letters or more get a capital and lower case; two- and three-letter
/// words keep their case in a shouted sentence ("UK", "US") and get a capital
/// in a lower-case one; lone letters go lower case. Only ASCII letters
/// change, so byte offsets stay those of the text.
fn recased(s: &str) -> Option<String> {
    const MIN_LETTERS: usize = 8;
    let letters = s.bytes().filter(u8::is_ascii_alphabetic).count();
    let upper = s.bytes().any(|b| b.is_ascii_uppercase());
    let lower = s.bytes().any(|b| b.is_ascii_lowercase());
    if letters < MIN_LETTERS || (upper && lower) {
        return None;
    }
    let mut out = String::with_capacity(s.len());
    for word in s.split_inclusive(|c: char| !c.is_ascii_alphanumeric()) {
        let len = word.bytes().take_while(u8::is_ascii_alphanumeric).count();
        if upper && (2..=3).contains(&len) {
            out.push_str(word);
            continue;
        }
        // A lone letter is an article or the "s" of "JAPAN'S": lower case.
        let mut chars = word.chars();
        if let Some(first) = chars.next() {
            out.push(if len > 1 { first.to_ascii_uppercase() } else { first.to_ascii_lowercase() });
        }
        out.extend(chars.map(|c| c.to_ascii_lowercase()));
    }
    Some(out)
}

/// Whether the end of `text` lies inside an open bracket.
fn in_brackets(text: &str) -> bool {
    text.bytes().filter(|&b| b == b'(').count() > text.bytes().filter(|&b| b == b')').count()
}

/// "X said" in `s`, unless X is a pronoun.
fn said(s: &str) -> Option<Captures<'_>> {
    if !SPEECH.is_match(s) {
        return None;
    }
    SAID.captures_iter(s).find(|c| !is_pronoun(&c["who"]))
}

/// Whether nothing says the sentence is about something other than
/// Treasury holdings (yields, gold, the Fed's balance sheet, net purchases).
fn on_topic(s: &str, cues: &Cues) -> bool {
    (!cues.has(Cue::OffTopic) || EXPLICIT_HOLDINGS.is_match(s)) && !(cues.has(Cue::Reject) && REJECT.is_match(s))
}

fn is_pronoun(who: &str) -> bool {
    matches!(who, "He" | "She" | "They" | "It" | "We" | "I" | "You" | "This" | "That")
}

/// Adds a claim, or folds it into the sentence's claim of the same kind for
/// the same holder: one claim per fact kind per holder per sentence.
fn merge(found: &mut Vec<Claim>, c: Claim) {
    let Some(e) = found.iter_mut().find(|e| e.holder == c.holder && e.kind == c.kind) else {
        found.push(c);
        return;
    };
    if e.level_usd_bn.is_none() && c.level_usd_bn.is_some() {
        (e.level_usd_bn, e.level_half_unit, e.bound) = (c.level_usd_bn, c.level_half_unit, c.bound);
    }
    if e.change_usd_bn.is_none() && c.change_usd_bn.is_some() {
        (e.change_usd_bn, e.change_half_unit) = (c.change_usd_bn, c.change_half_unit);
    }
    if e.change_pct.is_none() && c.change_pct.is_some() {
        (e.change_pct, e.pct_half_unit) = (c.change_pct, c.pct_half_unit);
    }
    // A dated extremum ("lowest in 14 years") is more checkable than "record".
    if e.since.is_none() && c.since.is_some() {
        e.since = c.since;
    }
    e.direction = e.direction.or(c.direction);
    e.period = e.period.or(c.period);
    e.base_period = e.base_period.or(c.base_period);
    e.rank = e.rank.or(c.rank);
    e.hedged |= c.hedged;
    e.approx |= c.approx;
}

/// What role an amount plays, read from the words before it.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Role {
    Level,
    /// "down from $688.7bn": the level a change starts from.
    Base,
    Change,
    Forecast,
}

impl Sentence<'_> {
    /// A claim of `kind` about `holder` from this sentence, fields unset.
    fn claim(&self, holder: &Holder, kind: ClaimKind, hedged: bool) -> Claim {
        Claim {
            holder: holder.clone(),
            kind,
            direction: None,
            level_usd_bn: None,
            change_usd_bn: None,
            change_pct: None,
            period: None,
            base_period: None,
            since: None,
            rank: None,
            bound: None,
            quote: self.quote.to_string(),
            start: self.span.start,
            end: self.span.end,
            speaker: self.speaker.clone(),
            hedged,
            level_half_unit: None,
            change_half_unit: None,
            pct_half_unit: None,
            approx: false,
        }
    }

    /// The month an amount is at: "$682.6 billion in November".
    fn month_of(&self, a: &Amount) -> Option<&MonthRef> {
        self.months
            .iter()
            .find(|m| m.range.start >= a.range.end && MONTH_GAP.is_match(&self.text[a.range.end..m.range.start]))
    }

    /// Reads the claims of one segment, the stretch of the sentence that
    /// belongs to one holder group; `head` is the group's mention(s).
    fn segment(&self, seg: Range<usize>, head: Range<usize>, holder: &Holder) -> Vec<Claim> {
        let s = self.text;
        let t = &s[seg.clone()];
        // Offset in `t` where the holder is named: a trend verb must follow it.
        let named_at = head.start.saturating_sub(seg.start);
        let (verb, after_name) = direction_verbs(t, named_at);
        let dir = verb.map(|v| v.direction);
        let verb_at = verb.map(|v| seg.start + v.start);
        let families = FAMILIES.matches(t);
        let has = |f: Family| families.matched(f as usize);
        let negated = verb.is_some_and(|v| {
            has(Family::Negation) && NEGATION.find(t).is_some_and(|neg| v.start >= neg.end() && v.start - neg.end() <= NEGATION_REACH)
        });
        if negated {
            return Vec::new();
        }
        let hedged = has(Family::Hedge);
        // Amounts and percentages need a digit: most segments skip both scans.
        let digits = t.bytes().any(|b| b.is_ascii_digit());
        let amounts: Vec<Amount> = AMOUNT
            .captures_iter(if digits { t } else { "" })
            .map(|c| {
                let mut a = Amount::parse(&c, seg.start);
                // "now top $100bn": a lower bound, not a level.
                if a.bound.is_none() && OVER_TAIL.is_match(&s[seg.start..a.range.start]) {
                    a.bound = Some(Bound::Over);
                }
                // "edged up to $59.9bn" is a move, not "up to" as a bound.
                let up_to = s[a.range.start..].get(..5).is_some_and(|w| w.eq_ignore_ascii_case("up to"));
                if up_to && MOVED_TAIL.is_match(&s[seg.start..a.range.start]) {
                    a.bound = None;
                }
                a
            })
            .collect();
        let mut out = Vec::new();

        let intent = has(Family::Intent)
            .then(|| INTENT.captures(t).or_else(|| INTENT_WEIGHED.captures(t)))
            .flatten()
            .map(|c| (direction_of(&c), seg.start + c.get(0).expect("group 0").end()))
            .or_else(|| {
                let rest = &s[head.end.max(seg.start)..seg.end];
                HEADLINE_INTENT.captures(rest).map(|c| (direction_of(&c), head.end + c.get(0).expect("group 0").end()))
            });
        if let Some((direction, end)) = intent {
            let mut c = self.claim(holder, ClaimKind::Intent, hedged);
            c.direction = Some(direction);
            if let Some(a) = amounts.iter().find(|a| a.range.start >= end) {
                a.set_level(&mut c);
                c.period = self.month_of(a).and_then(|m| m.period);
            }
            out.push(c);
            return out;
        }

        let mut level = None;
        let mut base = None;
        let mut change = None;
        let mut forecast = None;
        for a in &amounts {
            let before = &s[seg.start..a.range.start];
            let (role, verb_dir) = if let Some(f) = FORECAST_TAIL.captures(before) {
                let d = if f.name("down").is_some() || f.name("up").is_some() {
                    Some(direction_of(&f))
                } else {
                    a.bound.map(|b| if b == Bound::Under { Direction::Down } else { Direction::Up })
                };
                (Role::Forecast, d)
            } else if PEAK_TAIL.is_match(before) {
                continue;
            } else if let Some(f) = FROM_TAIL.captures(before) {
                (Role::Base, (f.name("up").is_some() || f.name("down").is_some()).then(|| direction_of(&f)))
            } else if let Some(v) = THAN_EARLIER.captures(&s[a.range.end..seg.end]) {
                (Role::Change, Some(direction_of(&v)))
            } else if BY_TAIL.is_match(before) || dir.is_some() && WORTH_TAIL.is_match(before) {
                (Role::Change, dir)
            } else if let Some(v) = VERB_TAIL.captures(before).filter(|_| !a.positional) {
                (Role::Change, Some(direction_of(&v)))
            } else {
                (Role::Level, None)
            };
            let slot = match role {
                Role::Level => &mut level,
                Role::Base => &mut base,
                Role::Change => &mut change,
                Role::Forecast => &mut forecast,
            };
            if slot.is_none() {
                *slot = Some((a, verb_dir));
            }
        }
        let percent = PERCENT.captures_iter(if digits { t } else { "" }).find_map(|c| {
            let m = c.get(0).expect("group 0");
            let before = &t[..m.start()];
            let d = PERCENT_NOUN
                .captures(&t[m.end()..])
                .map(|n| direction_of(&n))
                .or_else(|| VERB_TAIL.captures(before).map(|v| direction_of(&v)))
                .or_else(|| BY_TAIL.is_match(before).then_some(dir).flatten())?;
            // A whole percent is taken as stated to the unit: "30%" -> 0.5.
            let (value, half_unit) = decimal(&c["num"])?;
            Some(Percent { value: sign(d) * value, half_unit: half_unit.min(0.5), end: seg.start + m.end() })
        });
        // "a record $481.0bn" is a high unless the verb says otherwise.
        let record = amounts
            .iter()
            .any(|a| RECORD_TAIL.is_match(&s[seg.start..a.range.start]))
            .then(|| dir.unwrap_or(Direction::Up));

        // A month after the segment's last figure and a comma sits in a
        // clause about something else ("..., more than reversing a decline
        // in October"); a month a change is measured from is its base.
        let figures: Vec<usize> = amounts.iter().map(|a| a.range.end).chain(percent.as_ref().map(|p| p.end)).collect();
        // A month in a later segment counts from the last figure before it:
        // in "Japan held $X, Britain $Y and China $Z in November" it is
        // every holder's. A month in brackets is an aside ("(Oct: $419bn)").
        let in_claim_clause = |m: &MonthRef| {
            let later = (m.range.start > seg.end)
                .then(|| AMOUNT.find_iter(&s[seg.end..m.range.start]).last().map(|a| seg.end + a.end()))
                .flatten();
            let last = later.or_else(|| figures.iter().filter(|&&e| e <= m.range.start).max().copied());
            last.is_none_or(|e| !s[e..m.range.start].contains(',')) && !in_brackets(&s[..m.range.start])
        };
        let base_month = base.and_then(|(b, _)| self.month_of(b));
        let default_month = self
            .months
            .iter()
            .find(|m| !m.base && in_claim_clause(m) && base_month.is_none_or(|bm| bm.range != m.range))
            .and_then(|m| m.period);
        let level_period = level.and_then(|(a, _)| self.month_of(a)).and_then(|m| m.period);
        let period = level_period
            .or_else(|| change.and_then(|(a, _)| self.month_of(a)).and_then(|m| m.period))
            .or(default_month);

        if let Some((a, _)) = level {
            let mut c = self.claim(holder, ClaimKind::Level, hedged || a.approx);
            a.set_level(&mut c);
            // Only a verb that leads to the level is its direction: in
            // "held $48.0bn, up $1.5bn", the level itself says nothing of a move.
            c.direction = verb_at.filter(|&v| v <= a.range.start).and(dir).or(base.and_then(|(_, d)| d)).or(record);
            c.period = period;
            out.push(c);
        }

        let stated = change.and_then(|(a, d)| d.map(|d| (sign(d) * a.value, a.half_unit, a)));
        let computed = match (level, base) {
            (Some((l, _)), Some((b, _))) if stated.is_none() => {
                Some((round(l.value - b.value), round(l.half_unit + b.half_unit)))
            }
            _ => None,
        };
        if stated.is_some() || computed.is_some() || percent.is_some() {
            let mut c = self.claim(holder, ClaimKind::Change, hedged);
            if let Some((value, half, a)) = stated {
                c.change_usd_bn = Some(UsdBillions(value));
                c.change_half_unit = Some(UsdBillions(half));
                c.bound = a.bound;
                c.approx = a.approx;
                c.hedged |= a.approx;
            } else if let Some((value, half)) = computed {
                c.change_usd_bn = Some(UsdBillions(value));
                c.change_half_unit = Some(UsdBillions(half));
            }
            if let Some(p) = &percent {
                c.change_pct = Some(p.value);
                c.pct_half_unit = Some(p.half_unit);
            }
            let signed = c.change_usd_bn.map(UsdBillions::get).or(c.change_pct);
            c.direction = signed.map(Direction::of).or(dir);
            c.period = period;
            c.base_period = base_month.or_else(|| self.months.iter().find(|m| m.base)).and_then(|m| m.period);
            if c.base_period.is_none() {
                self.measure_over_window(&mut c);
            }
            // Without a stated month the change is about the latest data,
            // which gives its base a month to be counted from.
            if c.base_period.is_some() {
                c.period = c.period.or(self.latest);
            }
            out.push(c);
        }

        if let Some((a, d)) = forecast {
            let mut c = self.claim(holder, ClaimKind::Forecast, hedged || a.approx);
            a.set_level(&mut c);
            c.direction = d;
            out.push(c);
        } else if let Some(f) = has(Family::Forecast).then(|| FORECAST_MOVE.captures(t)).flatten() {
            let mut c = self.claim(holder, ClaimKind::Forecast, hedged);
            c.direction = Some(direction_of(&f));
            out.push(c);
        }

        let extreme = (record.is_some() || has(Family::Extreme))
            .then(|| extremum(t, period.or(self.latest), self.latest, record, dir))
            .flatten();
        if let Some((direction, since)) = extreme {
            let mut c = self.claim(holder, ClaimKind::Extremum, hedged);
            c.direction = Some(direction);
            c.since = since;
            c.period = period;
            out.push(c);
        }

        if let Some((rank, direction, bound)) = has(Family::Rank).then(|| rank(t)).flatten() {
            let mut c = self.claim(holder, ClaimKind::Rank, hedged);
            c.rank = Some(rank);
            c.direction = direction;
            c.bound = bound;
            c.period = period;
            out.push(c);
        }

        // A trend is read after the holder is named ("if the republic falls,
        // ... Danish teachers" is not about Denmark). Progressive verbs
        // ("quietly exiting") state a trend beside a level; a plain verb is
        // a trend only when nothing else was said. A stated move or forecast
        // already carries the direction.
        let rest = &t[named_at.min(t.len())..];
        let moved = out.iter().any(|c| matches!(c.kind, ClaimKind::Change | ClaimKind::Forecast));
        let plain = after_name.filter(|v| {
            let before = &t[..v.start];
            !MODAL_TAIL.is_match(before) || ONGOING_TAIL.is_match(before)
        });
        // A run of moves ("for the fourth consecutive month") is a trend
        // beside whatever else the sentence states.
        let streak = plain
            .filter(|v| STREAK.find(&t[v.end..]).is_some())
            .map(|v| v.direction);
        let trend = has(Family::StrongTrend)
            .then(|| STRONG_TREND.captures(rest))
            .flatten()
            .filter(|_| !moved)
            .map(|c| direction_of(&c))
            .or(streak)
            .or(plain.filter(|_| out.is_empty() && amounts.is_empty() && percent.is_none()).map(|v| v.direction));
        if let Some(direction) = trend {
            let mut c = self.claim(holder, ClaimKind::Trend, hedged);
            c.direction = Some(direction);
            c.period = period;
            out.push(c);
        }
        out
    }

    /// Sets a change's base (and period, if unstated) from the sentence's
    /// window: "over the past year", "over the course of 2025".
    fn measure_over_window(&self, c: &mut Claim) {
        // Read only here: most sentences state no change.
        match window(self.text, self.latest) {
            Some(Window::Months(n)) => {
                c.period = c.period.or(self.latest);
                c.base_period = c.period.map(|p| p.add_months(-n));
            }
            Some(Window::Year(y)) => {
                let december = Period::new(y, 12);
                let latest = match (self.latest, december) {
                    (Some(l), Some(d)) if l > d => Some(d),
                    (l, _) => l,
                };
                c.period = c.period.or(latest);
                c.base_period = Period::new(y - 1, 12);
            }
            Some(Window::From(p)) => c.base_period = Some(p),
            None => {}
        }
    }
}

impl Amount {
    fn parse(c: &Captures, offset: usize) -> Amount {
        let m = c.get(0).expect("group 0");
        let unit = match c["unit"].to_ascii_lowercase().as_bytes().first() {
            Some(b't') => 1000.0,
            Some(b'm') => 0.001,
            _ => 1.0,
        };
        let (value, half) = decimal(&c["num"]).unwrap_or((0.0, 0.0));
        let pre = c.name("pre").map(|p| p.as_str().to_ascii_lowercase());
        let pre = pre.as_deref().map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "));
        let (approx, bound, positional) = match pre.as_deref() {
            None => (c.name("tilde").is_some(), None, false),
            Some("more than" | "over" | "in excess of" | "upwards of" | "at least" | "just over") => {
                (false, Some(Bound::Over), false)
            }
            Some("above" | "just above") => (false, Some(Bound::Over), true),
            Some("less than" | "fewer than" | "at most" | "up to" | "just under") => (false, Some(Bound::Under), false),
            Some("under" | "below" | "beneath" | "just below") => (false, Some(Bound::Under), true),
            Some(_) => (true, None, false),
        };
        Amount {
            range: offset + m.start()..offset + m.end(),
            value: round(value * unit),
            half_unit: round(half * unit),
            approx,
            bound,
            positional,
        }
    }

    /// Puts this amount in a claim as its level.
    fn set_level(&self, c: &mut Claim) {
        c.level_usd_bn = Some(UsdBillions(self.value));
        c.level_half_unit = Some(UsdBillions(self.half_unit));
        c.bound = self.bound;
        c.approx = self.approx;
        c.hedged |= self.approx;
    }
}

/// A number as written ("1,084.3", "190") and half a unit of its last
/// significant digit: trailing zeros of a whole number are not significant
/// ("190" -> 5), decimals are ("682.60" -> 0.005).
fn decimal(num: &str) -> Option<(f64, f64)> {
    let digits = num.replace(',', "");
    let value: f64 = digits.parse().ok()?;
    let half = match digits.split_once('.') {
        Some((_, frac)) => 0.5 * 10f64.powi(-(frac.len() as i32)),
        None => {
            let zeros = digits.trim_start_matches('0').bytes().rev().take_while(|&b| b == b'0').count();
            let zeros = if value == 0.0 { 0 } else { zeros };
            0.5 * 10f64.powi(zeros as i32)
        }
    };
    Some((value, half))
}

/// Rounds away float noise from unit conversions and differences.
fn round(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}

fn sign(d: Direction) -> f64 {
    match d {
        Direction::Down => -1.0,
        Direction::Up => 1.0,
        Direction::Flat => 0.0,
    }
}

/// A verb of direction, at byte offsets of the text it was found in.
#[derive(Clone, Copy)]
struct Verb {
    start: usize,
    end: usize,
    direction: Direction,
}

/// The first verb of direction in `t` and the first at or after `from`,
/// phrasal verbs ("show up") skipped, in one scan.
fn direction_verbs(t: &str, from: usize) -> (Option<Verb>, Option<Verb>) {
    let mut first = None;
    // Matches are classified by two anchored checks on the matched words:
    // cheaper than resolving capture groups over the whole segment.
    for m in DIRECTION.find_iter(t) {
        let w = m.as_str();
        if w.contains(char::is_whitespace) && PHRASAL_WORDS.is_match(w) {
            continue;
        }
        let direction = if DOWN_WORDS.is_match(w) { Direction::Down } else { Direction::Up };
        let v = Verb { start: m.start(), end: m.end(), direction };
        let first = *first.get_or_insert(v);
        if v.start >= from {
            return (Some(first), Some(v));
        }
    }
    (first, None)
}

/// The direction of a match with `down` and `up` groups.
fn direction_of(c: &Captures) -> Direction {
    if c.name("down").is_some() {
        Direction::Down
    } else {
        Direction::Up
    }
}

/// "lowest since 2008", "a 17-year low", "lowest in 14 years", "record low";
/// `None` since for an all-time record. `period` dates the "N years" forms.
/// Ordinals ("second-highest on record") are not extremes. `record` is the
/// direction of "a record $481.0bn", an all-time extreme stated by amount.
fn extremum(
    t: &str,
    period: Option<Period>,
    latest: Option<Period>,
    record: Option<Direction>,
    verb: Option<Direction>,
) -> Option<(Direction, Option<Since>)> {
    let not_ordinal = |c: &Captures| !ORDINAL_TAIL.is_match(&t[..c.get(0).expect("group 0").start()]);
    let is_low =
        |w: &str| matches!(w.to_ascii_lowercase().as_str(), "lowest" | "smallest" | "weakest" | "least" | "low");
    let dir = |w: &str| if is_low(w) { Direction::Down } else { Direction::Up };
    let year = period.map(Period::year);
    let mut found: Vec<(usize, Direction, Since)> = Vec::new();
    if let Some(c) = LOW_SINCE.captures_iter(t).find(not_ordinal) {
        let year = c.name("y").and_then(|y| y.as_str().parse().ok());
        // "since July": the latest July out when the article appeared.
        let since = match (c.name("m"), year) {
            (Some(m), y) => Since::Month(resolve_month(month_number(m.as_str()), y, latest)?),
            (None, _) => Since::Year(c["yo"].parse().ok()?),
        };
        found.push((c.get(0).expect("group 0").start(), dir(&c["ext"]), since));
    }
    // "lowest in 14 years" says what "a 14-year low" says: last this low 14
    // years before the period.
    if let Some((c, y)) = LOW_IN_YEARS.captures_iter(t).find(not_ordinal).zip(year) {
        let n = number(&c["n"])?;
        found.push((c.get(0).expect("group 0").start(), dir(&c["ext"]), Since::Year(y - n)));
    }
    // "a 17-year low": last this low 17 years before the period.
    if let Some((c, y)) = N_YEAR_LOW.captures_iter(t).find(not_ordinal).zip(year) {
        let n = number(&c["n"])?;
        found.push((c.get(0).expect("group 0").start(), dir(&c["ext"]), Since::Year(y - n)));
    }
    if let Some(&(_, d, since)) = found.iter().min_by_key(|f| f.0) {
        return Some((d, Some(since)));
    }
    let Some(c) = RECORD.captures_iter(t).find(not_ordinal) else {
        return record.map(|d| (d, None));
    };
    // "a record" alone is a high unless the verb says otherwise ("fell to a record").
    let Some(word) = c.name("ext").or(c.name("ext2")) else {
        return Some((record.or(verb).unwrap_or(Direction::Up), None));
    };
    Some((dir(word.as_str()), None))
}

/// "largest foreign holder" (1), "second-largest creditor" (2), "fell to third" (3).
/// "ranks third", "in the top ten" (a bound: tenth or better). A rank held
/// in the past or denied ("once the top holder", "no longer the largest") is none.
fn rank(t: &str) -> Option<(u32, Option<Direction>, Option<Bound>)> {
    let current = |c: &Captures| !RANK_DENIED.is_match(&t[..c.get(0).expect("group 0").start()]);
    if let Some(c) = RANK.captures_iter(t).find(current) {
        let n = c.name("ord").map_or(Some(1), |o| ordinal(o.as_str()))?;
        return Some((n, None, None));
    }
    if let Some(c) = RANK_MOVE.captures(t) {
        return Some((position(&c)?, Some(direction_of(&c)), None));
    }
    if let Some(c) = RANK_AS.captures_iter(t).find(current) {
        return Some((position(&c)?, None, None));
    }
    let c = TOP_N.captures_iter(t).find(current)?;
    Some((number(&c["n"])?.try_into().ok()?, None, Some(Bound::Under)))
}

/// The place in a `num*` ("No. 3") or `ord*` ("third") group.
fn position(c: &Captures) -> Option<u32> {
    match c.name("num").or(c.name("num2")) {
        Some(n) => n.as_str().parse().ok(),
        None => ordinal(c.name("ord").or(c.name("ord2")).or(c.name("ord3"))?.as_str()),
    }
}

fn ordinal(word: &str) -> Option<u32> {
    const WORDS: [&str; 10] =
        ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"];
    let w = word.to_ascii_lowercase();
    match WORDS.iter().position(|o| *o == w) {
        Some(i) => Some(i as u32 + 1),
        None => w.trim_end_matches(char::is_alphabetic).parse().ok(),
    }
}

/// "14" or "fourteen".
fn number(word: &str) -> Option<i32> {
    const WORDS: [&str; 20] = [
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
        "twenty",
    ];
    let w = word.to_ascii_lowercase();
    WORDS.iter().position(|n| *n == w).map(|i| i as i32 + 1).or_else(|| w.parse().ok())
}

/// 1..=12 for a month name or its abbreviation (the pattern guarantees one).
fn month_number(name: &str) -> u32 {
    const ABBR: [&str; 12] = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
    let head = name.get(..3).unwrap_or(name).to_ascii_lowercase();
    ABBR.iter().position(|a| *a == head).map_or(1, |i| i as u32 + 1)
}

/// A named month as a data month: with its year, or else the latest such
/// month whose data was out when the article appeared.
fn resolve_month(month: u32, year: Option<i32>, latest: Option<Period>) -> Option<Period> {
    match year {
        Some(y) => Period::new(y, month),
        None => {
            let latest = latest?;
            let p = Period::new(latest.year(), month)?;
            Some(if p > latest { p.add_months(-12) } else { p })
        }
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;

    fn published() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 1, 22).expect("valid date")
    }

    fn article(text: &str) -> Article {
        Article { text: text.to_string(), published: Some(published()), ..Article::default() }
    }

    fn seed() -> Option<Article> {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/seed/great-treasury-exodus.txt");
        std::fs::read_to_string(path).ok().map(|t| article(&t))
    }

    /// A claim on one line with every field that is set, so a table row
    /// pins all of them.
    fn brief(c: &Claim) -> String {
        let mut out = format!("{} {:?}", c.holder, c.kind).replace("Level", "level");
        let mut add = |s: String| {
            out.push(' ');
            out.push_str(&s);
        };
        if let Some(d) = c.direction {
            add(format!("dir={}", d.as_str()));
        }
        if let Some(v) = c.level_usd_bn {
            add(format!("lvl={}±{}", v.get(), c.level_half_unit.map_or(f64::NAN, UsdBillions::get)));
        }
        if let Some(v) = c.change_usd_bn {
            add(format!("chg={}±{}", v.get(), c.change_half_unit.map_or(f64::NAN, UsdBillions::get)));
        }
        if let Some(v) = c.change_pct {
            add(format!("pct={}±{}", v, c.pct_half_unit.unwrap_or(f64::NAN)));
        }
        if let Some(p) = c.period {
            add(format!("p={p}"));
        }
        if let Some(p) = c.base_period {
            add(format!("base={p}"));
        }
        match (c.kind, c.since) {
            (_, Some(s)) => add(format!("since={s}")),
            (ClaimKind::Extremum, None) => add("since=record".into()),
            _ => {}
        }
        if let Some(r) = c.rank {
            add(format!("rank={r}"));
        }
        if let Some(b) = c.bound {
            add(format!("bound={b:?}").to_lowercase());
        }
        if let Some(s) = &c.speaker {
            add(format!("spk={s}"));
        }
        if c.hedged {
            add("hedged".into());
        }
        if c.approx {
            add("approx".into());
        }
        out
    }

    fn briefs(text: &str) -> Vec<String> {
        tag(&article(text)).iter().map(brief).collect()
    }

    #[test]
    fn sentences_yield_exact_claims() {
        let table: &[(&str, &[&str])] = &[
            // Levels, amounts and precision.
            ("Japan's holdings of US Treasuries climbed to $1.18 trillion in September.", &["Japan level dir=up lvl=1180±5 p=2025-09"]),
            ("Belgium held about 21.7 billion dollars of Treasuries at the end of June 2025.", &["Belgium level lvl=21.7±0.05 p=2025-06 hedged approx"]),
            ("Canadian investors owned 1,084.3 billion in US government debt in May.", &["Canada level lvl=1084.3±0.05 p=2025-05"]),
            ("Taiwan has more than $300 billion in Treasuries.", &["Taiwan level lvl=300±50 p=2025-11 bound=over"]),
            ("Peru's Treasury holdings shrank to less than $100 million.", &["Peru level dir=down lvl=0.1±0.05 p=2025-11 bound=under"]),
            ("Chinese holdings hit 1.1734 trillion U.S. dollars at the end of October.", &["China level lvl=1173.4±0.05 p=2025-10"]),
            ("The UK's holdings were around 500bn.", &["United Kingdom level lvl=500±50 p=2025-11 hedged approx"]),
            ("Israel's Treasury holdings rose to $120 billion in December.", &["Israel level dir=up lvl=120±5 p=2024-12"]),
            ("Saudi holdings slipped to $126bn, below Belgium.", &["Saudi Arabia level dir=down lvl=126±0.5 p=2025-11"]),
            ("Luxembourg's holdings reached US$712.9 billion in November 2025, Bloomberg reported.", &["Luxembourg level lvl=712.9±0.05 p=2025-11 spk=Bloomberg"]),
            ("Japan and China together hold more than $1.8 trillion in Treasuries.", &["Japan level lvl=1800±50 p=2025-11 bound=over", "China level lvl=1800±50 p=2025-11 bound=over"]),
            // Changes.
            (
                "Chinese holdings of Treasuries dropped by $8.2 billion to $700.5 billion in August, the Treasury said.",
                &["China level dir=down lvl=700.5±0.05 p=2025-08 spk=Treasury", "China Change dir=down chg=-8.2±0.05 p=2025-08 spk=Treasury"],
            ),
            ("Britain trimmed its Treasury stockpile by 3.5% over the past year.", &["United Kingdom Change dir=down pct=-3.5±0.05 p=2025-11 base=2024-11"]),
            (
                "Saudi Arabia's Treasury holdings rose 4% from a year earlier to US$135.2 billion in October.",
                &["Saudi Arabia level dir=up lvl=135.2±0.05 p=2025-10", "Saudi Arabia Change dir=up pct=4±0.5 p=2025-10 base=2024-10"],
            ),
            ("Ireland sold $15.5 bn of Treasuries in July.", &["Ireland Change dir=down chg=-15.5±0.05 p=2025-07"]),
            ("Israel snapped up roughly $2 billion of Treasuries in March.", &["Israel Change dir=up chg=2±0.5 p=2025-03 hedged approx"]),
            ("India reportedly cut its Treasury holdings by $12 billion in September.", &["India Change dir=down chg=-12±0.5 p=2025-09 hedged"]),
            ("Mexico's holdings of Treasuries increased 2.5% in July.", &["Mexico Change dir=up pct=2.5±0.05 p=2025-07"]),
            (
                "Canada's holdings stood at $395 billion, down 30% from a year earlier.",
                &["Canada level lvl=395±0.5 p=2025-11", "Canada Change dir=down pct=-30±0.5 p=2025-11 base=2024-11"],
            ),
            (
                "The Cayman Islands' Treasury holdings reached $1.04tn in November, up from $1.01tn in October.",
                &["Cayman Islands level dir=up lvl=1040±5 p=2025-11", "Cayman Islands Change dir=up chg=30±10 p=2025-11 base=2025-10"],
            ),
            (
                "According to Reuters, Hong Kong boosted its Treasury holdings by $5 billion in August.",
                &["Hong Kong Change dir=up chg=5±0.5 p=2025-08 spk=Reuters"],
            ),
            (
                "Japan's holdings rose by $2.6bn while China's fell by $6.1bn.",
                &["Japan Change dir=up chg=2.6±0.05 p=2025-11", "China Change dir=down chg=-6.1±0.05 p=2025-11"],
            ),
            (
                "Japan's holdings fell from $1.15 trillion in August to $1.13 trillion in September.",
                &["Japan level dir=down lvl=1130±5 p=2025-09", "Japan Change dir=down chg=-20±10 p=2025-09 base=2025-08"],
            ),
            ("Belgium offloaded more than $5 billion of Treasuries in October.", &["Belgium Change dir=down chg=-5±0.5 p=2025-10 bound=over"]),
            ("France pared its Treasury holdings by ~$9 billion.", &["France Change dir=down chg=-9±0.5 p=2025-11 hedged approx"]),
            // Extremes and ranks.
            ("Taiwan's Treasury holdings are at their highest level since 2019.", &["Taiwan Extremum dir=up p=2025-11 since=2019"]),
            ("Singapore's Treasury holdings hit a record high in October.", &["Singapore Extremum dir=up p=2025-10 since=record"]),
            ("Chinese holdings of Treasuries are at the lowest since April 2022.", &["China Extremum dir=down p=2025-11 since=2022-04"]),
            ("Japan's Treasury holdings were the lowest in 3 years.", &["Japan Extremum dir=down p=2025-11 since=2022"]),
            ("Canada's Treasury holdings sank to a seven-year low in September.", &["Canada Extremum dir=down p=2025-09 since=2018"]),
            ("Singapore's Treasury holdings were the second-highest on record in October.", &[]),
            ("Japan remains the largest foreign holder of US Treasuries.", &["Japan Rank p=2025-11 rank=1"]),
            ("The UK is now the second-largest creditor of the US government.", &["United Kingdom Rank p=2025-11 rank=2"]),
            ("China fell to third among Treasury holders in June.", &["China Rank dir=down p=2025-06 rank=3"]),
            ("The UK overtook China to become the second-largest holder of Treasuries.", &["United Kingdom Rank p=2025-11 rank=2"]),
            ("Japan overtook China in Treasury holdings.", &[]),
            // Intent and forecast.
            ("Saudi Arabia plans to sell part of its Treasury portfolio.", &["Saudi Arabia Intent dir=down"]),
            ("Norway's sovereign wealth fund will buy more US Treasuries.", &["Norway sovereign wealth fund Intent dir=up"]),
            ("The Bank of Japan trimmed its Treasury holdings by $3 billion.", &["Bank of Japan Change dir=down chg=-3±0.5 p=2025-11"]),
            ("Switzerland's central bank added Treasuries worth $4 billion in June.", &["Switzerland central bank Change dir=up chg=4±0.5 p=2025-06"]),
            ("Argentine bonds surged as investors bought Treasuries.", &[]),
            ("China's special-purpose bonds fell short of Treasury holdings targets.", &[]),
            ("China's US debt pile shrank again.", &["China Trend dir=down p=2025-11"]),
            ("The central bank of Brazil intends to reduce its Treasury holdings.", &["Brazil central bank Intent dir=down"]),
            (
                "Danish pension fund PensionDanmark said it would gradually exit Treasuries, worth about $500 million.",
                &["PensionDanmark Intent dir=down lvl=0.5±0.05 spk=PensionDanmark hedged approx"],
            ),
            ("Japanese holdings could fall below $1 trillion next year.", &["Japan Forecast dir=down lvl=1000±500 bound=under hedged"]),
            ("Analysts expect Chinese holdings will be under $600bn by mid-2026.", &["China Forecast dir=down lvl=600±50 bound=under"]),
            ("“Korea will be below $100 billion in Treasuries soon,” a strategist wrote.", &["South Korea Forecast dir=down lvl=100±50 bound=under spk=a strategist"]),
            // Trends and negation.
            ("Korea is fleeing the Treasury market.", &["South Korea Trend dir=down p=2025-11"]),
            ("The UAE has been accumulating Treasuries all year.", &["United Arab Emirates Trend dir=up p=2025-11"]),
            ("Swiss holdings of Treasuries fell for the fourth consecutive month.", &["Switzerland Trend dir=down p=2025-11"]),
            ("Brazil did not sell any Treasuries in October.", &[]),
            ("Japan has not cut its holdings of US debt.", &[]),
            ("Denmark is not exiting Treasuries.", &[]),
            // Not about foreign holdings of Treasuries.
            ("Ten-year yields rose as Japan cut its bond buying.", &[]),
            ("China's gold reserves climbed to $250 billion in November.", &[]),
            ("Japan's foreign-exchange reserves fell to $1.2 trillion.", &[]),
            ("The Treasury auction drew a bid-to-cover of 2.5 as Japanese demand rose.", &[]),
            ("The Fed's balance sheet shrank by $50 billion in October while Japan's holdings held steady.", &[]),
            ("US investors' holdings of Japanese securities rose to $900 billion.", &[]),
            ("Net foreign purchases of long-term securities by China were $20 billion in September.", &[]),
            ("Japanese equities rallied, with stocks up 2% in November.", &[]),
            ("China's exports rose 5% in October.", &[]),
            // Bases and windows.
            (
                "Mexico's holdings rose by $4.4 billion to $61.2 billion, partly undoing a drop in August.",
                &["Mexico level dir=up lvl=61.2±0.05 p=2025-11", "Mexico Change dir=up chg=4.4±0.05 p=2025-11"],
            ),
            (
                "Spain held $48.0 billion of Treasuries, up $1.5 billion from September.",
                &["Spain level lvl=48±0.05 p=2025-11", "Spain Change dir=up chg=1.5±0.05 p=2025-11 base=2025-09"],
            ),
            (
                "Thai holdings eased to $70.2 billion in June, down from $80.6 billion a year earlier.",
                &["Thailand level dir=down lvl=70.2±0.05 p=2025-06", "Thailand Change dir=down chg=-10.4±0.1 p=2025-06 base=2024-06"],
            ),
            (
                "Poland lifted its holdings to $55.5 billion in October from $53.0 billion a month earlier.",
                &["Poland level dir=up lvl=55.5±0.05 p=2025-10", "Poland Change dir=up chg=2.5±0.1 p=2025-10 base=2025-09"],
            ),
            (
                "Swiss holdings stood at $300 billion in March, some $12 billion more than a year earlier.",
                &["Switzerland level lvl=300±50 p=2025-03", "Switzerland Change dir=up chg=12±0.5 p=2025-03 base=2024-03 hedged approx"],
            ),
            ("Irish holdings are up about 6% on the year.", &["Ireland Change dir=up pct=6±0.5 p=2025-11 base=2024-11 hedged"]),
            ("Korean holdings have climbed roughly 9% over the past eighteen months.", &["South Korea Change dir=up pct=9±0.5 p=2025-11 base=2024-05 hedged"]),
            ("Peru sold 15% of its Treasuries in a single year.", &["Peru Change dir=down pct=-15±0.5 p=2025-11 base=2024-11"]),
            (
                "Germany's holdings slipped to $98.1 billion in December and fell by $9.9 billion during 2024.",
                &["Germany level dir=down lvl=98.1±0.05 p=2024-12", "Germany Change dir=down chg=-9.9±0.05 p=2024-12 base=2023-12"],
            ),
            ("Dutch holdings were up 3.1% from the end of 2024.", &["Netherlands Change dir=up pct=3.1±0.05 p=2025-11 base=2024-12"]),
            ("Bermuda's holdings crashed another $6.5 bn in May.", &["Bermuda Change dir=down chg=-6.5±0.05 p=2025-05"]),
            // Records and bounds stated by amount.
            (
                "Ireland's holdings reached a record $340.2 billion in July.",
                &["Ireland level dir=up lvl=340.2±0.05 p=2025-07", "Ireland Extremum dir=up p=2025-07 since=record"],
            ),
            ("Chilean holdings now exceed $50 billion.", &["Chile level lvl=50±5 p=2025-11 bound=over"]),
            ("Mexican holdings could top $100 billion next year.", &["Mexico Forecast dir=up lvl=100±50 bound=over hedged"]),
            // Ranks, forecasts and trends.
            ("France, demoted to fourth place among Treasury holders, shrugged.", &["France Rank dir=down p=2025-11 rank=4"]),
            ("At this rate Tokyo will have sold most of its Treasuries by 2040.", &["Japan Forecast dir=down"]),
            ("Paris keeps piling in, its Treasury stash growing.", &["France Trend dir=up p=2025-11"]),
            ("Apart from Brazil and India, large holders have been steady buyers.", &[]),
            ("Foreign selling shows up in the TIC data on foreign holdings.", &[]),
            ("If the market falls, Polish savers will be the last to notice their Treasury holdings.", &[]),
            // Funds introduced by an appositive, and named again later.
            (
                "Birkeland Pensjonskasse, a Bergen-based occupational pension fund, said it would trim its Treasury holdings by about $150 million.",
                &["Birkeland Pensjonskasse Intent dir=down lvl=0.15±0.005 spk=Birkeland Pensjonskasse hedged approx"],
            ),
            (
                "Crescent Reserve Authority, a state-backed fund, is weighing buying more Treasuries.",
                &["Crescent Reserve Authority Intent dir=up"],
            ),
            ("The Bahamas, a haven for offshore funds, held $3.1 billion of Treasuries.", &["Bahamas level lvl=3.1±0.05 p=2025-11"]),
            ("Separately, the Kestrel fund, a private fund, holds Treasuries.", &[]),
            // Level direction comes from the verb leading to it or "up/down from".
            ("Chile held $39.6 billion of Treasuries in November, up $0.1 billion.", &["Chile level lvl=39.6±0.05 p=2025-11", "Chile Change dir=up chg=0.1±0.05 p=2025-11"]),
            (
                "Peru held $41.2 billion of Treasuries in November, down from $41.5 billion in October.",
                &["Peru level dir=down lvl=41.2±0.05 p=2025-11", "Peru Change dir=down chg=-0.3±0.1 p=2025-11 base=2025-10"],
            ),
            ("Polish holdings of Treasuries edged up to $59.9 billion.", &["Poland level dir=up lvl=59.9±0.05 p=2025-11"]),
            ("Kuwaiti holdings were $64.8 billion against $60.7 billion in October.", &["Kuwait level lvl=64.8±0.05 p=2025-11", "Kuwait Change dir=up chg=4.1±0.1 p=2025-11 base=2025-10"]),
            // Records, ranks, streaks, forecasts.
            ("Belgian holdings of Treasuries set a fresh record in November.", &["Belgium Extremum dir=up p=2025-11 since=record"]),
            ("Sweden's Treasury holdings were the highest since July.", &["Sweden Extremum dir=up p=2025-11 since=2025-07"]),
            ("Colombia ranks 34th among foreign holders of Treasuries.", &["Colombia Rank p=2025-11 rank=34"]),
            ("Israel has joined the top 20 holders of Treasuries.", &["Israel Rank p=2025-11 rank=20 bound=under"]),
            ("China is no longer the biggest foreign holder of Treasuries.", &[]),
            ("Mexican holdings of Treasuries fell for the fifth straight month in November, to $86.1 billion.", &["Mexico level dir=down lvl=86.1±0.05 p=2025-11", "Mexico Trend dir=down p=2025-11"]),
            ("Analysts expect Thai holdings of Treasuries to drop below $80 billion.", &["Thailand Forecast dir=down lvl=80±5 bound=under"]),
            ("The Israelis keep accumulating Treasuries.", &["Israel Trend dir=up p=2025-11"]),
            ("Kazakhstan has no plans to sell its Treasuries.", &[]),
            ("Foreign investors bought a net $50 billion of long-term US securities in November.", &[]),
            ("Italy's Treasury holdings, which peaked at $70 billion in 2021, were $65.5 billion in November.", &["Italy level lvl=65.5±0.05 p=2025-11"]),
            // Noise: wrapped lines, shouting.
            ("Austria's holdings of Treasuries rose\nto $4.5 billion in October.", &["Austria level dir=up lvl=4.5±0.05 p=2025-10"]),
            ("CANADA'S TREASURY HOLDINGS JUMP TO $472.2 BILLION IN NOVEMBER", &["Canada level dir=up lvl=472.2±0.05 p=2025-11"]),
        ];
        for (text, want) in table {
            assert_eq!(briefs(text), *want, "{text}");
        }
        assert!(table.len() >= 40);
    }

    #[test]
    fn pronouns_and_paragraphs_carry_the_holder() {
        let text = "Denmark trimmed its Treasury holdings in May. The country cut $1 billion more in June.";
        assert_eq!(briefs(text), ["Denmark Trend dir=down p=2025-05", "Denmark Change dir=down chg=-1±0.5 p=2025-06"]);
        // A pronoun two paragraphs away from its holder is not trusted.
        let far = "Japan's Treasury holdings fell.\n\nMarkets wobbled.\n\nThey cut $3 billion more.";
        assert_eq!(briefs(far), ["Japan Trend dir=down p=2025-11"]);
        // "its" after another name belongs to that name.
        let other = "Japan's Treasury holdings fell.\n\nAcme Group trims its stake in Widget Holdings.";
        assert_eq!(briefs(other), ["Japan Trend dir=down p=2025-11"]);
    }

    #[test]
    fn an_appositive_fund_is_known_by_name_afterwards() {
        let text = "Holmvik Kapital, a Norwegian pension fund, holds Treasuries.\n\nHolmvik Kapital will sell them all.";
        assert_eq!(briefs(text), ["Holmvik Kapital Intent dir=down"]);
    }

    #[test]
    fn claims_keep_a_run_of_paragraphs_in_context() {
        // The third paragraph names no Treasuries, but follows a claim.
        let text = "India's Treasury holdings fell to $190 billion.\n\nAnalysts shrugged.\n\nBrazil is quietly exiting.";
        assert_eq!(briefs(text), ["India level dir=down lvl=190±5 p=2025-11", "Brazil Trend dir=down p=2025-11"]);
        let far = "India's Treasury holdings fell to $190 billion.\n\nAnalysts shrugged.\n\nMarkets moved.\n\nBrazil is quietly exiting.";
        assert_eq!(briefs(far), ["India level dir=down lvl=190±5 p=2025-11"]);
    }

    #[test]
    fn possessive_pronouns_refer_back_only_to_holdings() {
        let text = "Japan's Treasury holdings fell to $1.1 trillion.\n\nBanks tidy their balance sheets in December, and prices fell.";
        assert_eq!(briefs(text), ["Japan level dir=down lvl=1100±50 p=2025-11"]);
    }

    #[test]
    fn quoted_posts_are_attributed_to_their_handle() {
        let text = "Japan is dumping Treasuries!\n\n– Some Trader (@sometrader) March 3, 2026";
        assert_eq!(briefs(text), ["Japan Trend dir=down p=2025-11 spk=@sometrader"]);
    }

    #[test]
    fn months_resolve_against_publication_without_a_date() {
        let mut a = article("China's holdings fell to $682.6 billion in November.");
        a.published = None;
        let claims = tag(&a);
        assert_eq!(claims.len(), 1);
        assert_eq!(claims[0].period, None);
        assert_eq!(&a.text[claims[0].start..claims[0].end], claims[0].quote);
    }

    #[test]
    fn seed_article_claims() {
        let Some(a) = seed() else {
            eprintln!("seed article not found; skipping");
            return;
        };
        let claims = tag(&a);
        let find = |holder: &str, kind: ClaimKind, pred: &dyn Fn(&Claim) -> bool| {
            claims.iter().find(|c| c.holder.name() == holder && c.kind == kind && pred(c)).unwrap_or_else(|| {
                panic!("no {kind:?} claim for {holder}: {:#?}", claims.iter().map(brief).collect::<Vec<_>>())
            })
        };
        let p = |s: &str| s.parse::<Period>().ok();
        let bn = |v: f64| Some(UsdBillions(v));

        let dk = find("Denmark", ClaimKind::Level, &|c| c.level_usd_bn == bn(9.0));
        assert!(dk.hedged && dk.approx);
        assert_eq!(dk.level_half_unit, bn(0.5));
        let dk = find("Denmark", ClaimKind::Change, &|_| true);
        assert_eq!((dk.change_usd_bn, dk.change_pct, dk.direction), (bn(-4.0), Some(-30.0), Some(Direction::Down)));
        assert_eq!(dk.base_period, dk.period.map(|p| p.add_months(-12)));
        assert_eq!(dk.speaker.as_deref(), Some("The Kobeissi Letter"));
        let dk = find("Denmark", ClaimKind::Extremum, &|_| true);
        assert_eq!((dk.direction, dk.since), (Some(Direction::Down), Some(Since::Year(2011))));
        find("Denmark", ClaimKind::Trend, &|c| c.direction == Some(Direction::Down) && c.quote.contains("exiting"));

        let ak = find("AkademikerPension", ClaimKind::Intent, &|c| c.level_usd_bn.is_some());
        assert_eq!((ak.direction, ak.level_usd_bn, ak.hedged), (Some(Direction::Down), bn(0.1), true));
        assert_eq!(ak.holder.kind(), gazetteer::HolderKind::Institution);
        find("AkademikerPension", ClaimKind::Intent, &|c| c.speaker.as_deref() == Some("@Bricktop_NAFO"));

        let cn = find("China", ClaimKind::Level, &|_| true);
        assert_eq!((cn.level_usd_bn, cn.period, cn.level_half_unit), (bn(682.6), p("2025-11"), bn(0.05)));
        let cn = find("China", ClaimKind::Change, &|_| true);
        assert_eq!((cn.change_usd_bn, cn.period, cn.base_period), (bn(-6.1), p("2025-11"), p("2025-10")));
        find("China", ClaimKind::Extremum, &|c| c.since == Some(Since::Year(2008)) && c.quote.contains("17-year"));
        find("China", ClaimKind::Extremum, &|c| c.since == Some(Since::Year(2008)) && c.period == p("2025-11"));
        let cn = find("China", ClaimKind::Forecast, &|_| true);
        assert_eq!((cn.level_usd_bn, cn.bound, cn.direction), (bn(500.0), Some(Bound::Under), Some(Direction::Down)));

        let india = find("India", ClaimKind::Level, &|_| true);
        assert_eq!((india.level_usd_bn, india.period, india.hedged), (bn(190.0), p("2025-10"), true));
        assert_eq!(india.level_half_unit, bn(5.0));

        let jp = find("Japan", ClaimKind::Change, &|_| true);
        assert_eq!((jp.change_usd_bn, jp.direction), (bn(2.6), Some(Direction::Up)));
        let jp = find("Japan", ClaimKind::Level, &|_| true);
        assert_eq!((jp.level_usd_bn, jp.level_half_unit), (bn(1200.0), bn(50.0)));
        let uk = find("United Kingdom", ClaimKind::Change, &|_| true);
        assert_eq!(uk.change_usd_bn, bn(10.6));
        find("United Kingdom", ClaimKind::Level, &|c| c.level_usd_bn == bn(888.5));

        // Institutions never land on their country's row; the sarcasm and
        // the market-mechanics paragraphs yield nothing.
        assert!(!claims.iter().any(|c| c.holder.name() == "Denmark" && c.kind == ClaimKind::Intent));
        assert!(claims.iter().all(|c| !c.quote.contains("yields") && !c.quote.contains("Daneo")));
        for c in &claims {
            assert_eq!(&a.text[c.start..c.end], c.quote);
        }
    }
}
