//! The pattern layer: every word list and regex of the tagger, compiled once.
//! The code in the sibling modules only combines them.

use once_cell::sync::Lazy;
use regex::{Regex, RegexSet};

use crate::gazetteer::{self, Holder};

// ---------------------------------------------------------------------------
// Patterns. Word lists live here, once; the code below only combines them.

pub(super) const DOWN_VERBS: &str = r"cut|cuts|cutting|ditch(?:es|ed|ing)?|trim(?:s|med|ming)?|dump(?:s|ed|ing)?|offload(?:s|ed|ing)?|shed(?:s|ding)?|reduc(?:e|es|ed|ing)|slash(?:es|ed|ing)?|sold|sell(?:s|ing)?|sell-?offs?|pare[sd]?|paring|f[ae]ll(?:s|ing|en)?|drop(?:s|ped|ping)?|declin(?:e|es|ed|ing)|down|decreas(?:e|es|ed|ing)|slid(?:e|es|ing)?|slip(?:s|ped|ping)?|s[au]nk|sink(?:s|ing)?|plung(?:e|es|ed|ing)|tumbl(?:e|es|ed|ing)|shr[au]nk|shrink(?:s|ing)?|lower(?:s|ed|ing)|to\s+lower|(?:edg|mov|inch|drift|tick|trend)(?:e|es|ed|ing)?\s+lower|divest(?:s|ed|ing)?|exit(?:s|ed|ing)?|fle(?:e|es|eing|d)|retreat(?:s|ed|ing)?|unload(?:s|ed|ing)?|liquidat(?:e|es|ed|ing)|collaps(?:e|es|ed|ing)|crash(?:es|ed|ing)?|tank(?:s|ed|ing)?|plummet(?:s|ed|ing)?|nosediv(?:e|es|ed|ing)|dip(?:s|ped|ping)?|eas(?:e|es|ed|ing)";
pub(super) const UP_VERBS: &str = r"add(?:s|ed|ing)?|hik(?:e|es|ed|ing)|upp(?:ed|ing)|(?:edg|mov|inch|drift|tick|trend)(?:e|es|ed|ing)?\s+higher|boost(?:s|ed|ing)?|rais(?:e|es|ed|ing)|increas(?:e|es|ed|ing)|bought|buy(?:s|ing)?|accumulat(?:e|es|ed|ing)|snapp(?:ed|ing)\s+up|snaps?\s+up|r[io]se|rises|risen|rising|climb(?:s|ed|ing)?|up|expand(?:s|ed|ing)?|grew|grow(?:s|ing|n)?|gain(?:s|ed|ing)?|jump(?:s|ed|ing)?|surg(?:e|es|ed|ing)|ramp(?:s|ed|ing)?\s+up|pil(?:e|es|ed|ing)\s+in(?:to)?|lift(?:s|ed|ing)?|soar(?:s|ed|ing)?|swell(?:s|ed|ing)?|swollen|balloon(?:s|ed|ing)?";
/// Verbs of an intended sale or purchase, in the infinitive.
pub(super) const INTENT_VERBS: &str = r"(?:\w+ly\s+)?(?:(?P<down>sell|divest|dump|offload|exit|cut|reduce|shed|unload|liquidate|trim|pare)|(?P<up>buy|add|increase|boost|purchase|raise|accumulate))\b";
pub(super) const NUMBER_WORDS: &str = r"\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty";
pub(super) const ORDINALS: &str = r"(?:(?:twenty|thirty|forty)-\s?)?(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|thirtieth|fortieth|\d+(?:st|nd|rd|th)";
/// What a holder is called in a ranking: "the largest holder", "the No. 2 owner".
const RANKED_NOUNS: &str = r"holder|creditor|owner|investor|lender|buyer|debtor";
/// Words between a rank and its noun: "largest official US foreign creditor".
const RANKED_MODIFIERS: &str = r"(?:(?:foreign|overseas|non-U\.?S\.?|international|single|official|sovereign|U\.?S\.?|US|American|Treasury|Treasuries|treasury|treasuries|government|debt|bond|bonds|public|national|state|regional)\s+){0,3}";
/// Month names and abbreviations, from the one place that knows them.
pub(super) const MONTHS: &str = crate::months::PATTERN;

/// Compiles a pattern with ASCII word boundaries: a Unicode `\b` makes the
/// regex engine leave its fast DFA at the first curly quote, which cut
/// throughput tenfold on real articles. Every word we match is ASCII at its
/// edges, and `’` is a boundary either way.
pub(super) fn re(pattern: &str) -> Regex {
    Regex::new(&ascii_bounds(pattern)).expect("claims patterns are valid regexes")
}

/// `pattern` with ASCII word boundaries (see [`re`]).
pub(super) fn ascii_bounds(pattern: &str) -> String {
    pattern.replace(r"\b", r"(?-u:\b)")
}

/// Every gazetteer name and alias as one alternation, longest first so
/// "South Korea" wins over "Korea". Proper nouns ("UK", "China") match
/// case-sensitively, so "jersey" or "turkey" in lower case are not holders;
/// lower-case aliases ("foreign holders") match in any case.
pub(super) static GAZETTEER: Lazy<Regex> = Lazy::new(|| {
    let mut names: Vec<&str> = gazetteer::ENTRIES
        .iter()
        .flat_map(|e| std::iter::once(e.canonical).chain(e.aliases.iter().copied()))
        .collect();
    names.sort_by_key(|n| std::cmp::Reverse(n.len()));
    let alternatives: Vec<String> = names
        .iter()
        .map(|n| {
            let flags = if n.starts_with(char::is_uppercase) {
                ""
            } else {
                "(?i)"
            };
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

/// The holder a [`GAZETTEER`] match names; a plural demonym ("Emiratis")
/// is known by its singular.
pub(super) fn gazetteer_holder(name: &str) -> Holder {
    match gazetteer::resolve(name) {
        Some(_) => Holder::named(name),
        None => Holder::named(name.strip_suffix('s').unwrap_or(name)),
    }
}

/// Institutions, which are holders of their own: a named fund
/// ("Danish pension fund AkademikerPension"), a central bank, or an unnamed
/// fund that refers back to the last named one.
pub(super) static INSTITUTION: Lazy<Regex> = Lazy::new(|| {
    re(r"(?x)
        \b(?:[A-Z][a-z]+\s+)?(?:state\s+)?(?:pension\s+fund|(?:pension\s+)?scheme|sovereign\s+(?:wealth\s+)?fund|wealth\s+fund)\s+(?P<named>[A-Z][\w&-]*(?:\s+[A-Z][\w&-]*)*)
      | (?P<titled>\b[A-Z][\w&-]*(?:\s+[A-Z][\w&-]*)*\s+(?:Pensions?(?:\s+Fund(?:\s+Global)?|\s+Investment\s+Fund)?|(?:Investment|Wealth|Sovereign|Retirement|Monetary|Provident)\s+(?:Fund|Authority|Corporation|Corp|System|Board))\b)
      | (?P<camel>\b[A-Z][a-z]+Pension\b)
      | (?P<bank>(?:\b(?:People['’]s\s+)?Bank\s+of\s+[A-Z]\w+(?:\s+[A-Z]\w+)?|\b[A-Z]\w+\s+National\s+Bank\b|\bNorges\s+Bank\b|\bReserve\s+Bank\s+of\s+[A-Z]\w+)(?:\s+(?:Investment|Asset)\s+Management\b)?)
      | \b(?:[Tt]he\s+)?(?P<of_kind>central\s+bank)\s+of\s+(?:the\s+)?(?P<of>[A-Z]\w+(?:\s+[A-Z]\w+)?)
      | \b(?P<poss>[A-Z]\w+(?:\s+[A-Z]\w+)?)['’]s\s+(?P<poss_kind>central\s+bank|sovereign\s+(?:wealth\s+)?fund|wealth\s+fund|(?:state\s+)?pension\s+(?:fund|plan|scheme)s?)\b
      | \b(?P<group>(?P<group_place>[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)\s+(?:pension\s+(?:funds|plans|schemes)|life\s+insurers|insurers|commercial\s+banks|hedge\s+funds))\b
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
pub(super) static APPOSITIVE: Lazy<Regex> = Lazy::new(|| {
    re(r"(?x)
        (?P<name>\b[A-Z][\w&'’-]*(?:\s+[A-Z][\w&'’-]*)*) ,\s+ (?:an?|the)\s+
        (?P<desc>(?:[\w'’-]+\s+){0,5}?)
        (?:pension\s+(?:fund|scheme|plan|provider)|(?:sovereign\s+)?(?:wealth\s+)?fund|fund\s+manager|asset\s+manager
          |investment\s+(?:authority|fund|arm|company|corporation|firm|vehicle)|endowment|insurer|central\s+bank)\b
    ")
});
/// What [`APPOSITIVE`] and [`INSTITUTION`] need somewhere in the sentence.
pub(super) static APPOSITIVE_CUE: Lazy<Regex> = Lazy::new(|| re(r",\s+(?:an?|the)\s"));
pub(super) static INSTITUTION_CUE: Lazy<Regex> =
    Lazy::new(|| re(r"(?i)pension|fund|bank|authority|corp(?:oration)?\b|system|board|scheme"));
/// Words that open a sentence rather than name an institution ("Separately,
/// a fund ..."): adverbs in -ly are caught by their ending.
pub(super) const OPENERS: &[&str] = &[
    "Meanwhile",
    "However",
    "Elsewhere",
    "Still",
    "Also",
    "Instead",
    "Indeed",
    "Now",
    "Then",
    "Today",
    "Yesterday",
    "Moreover",
    "Overall",
    "Thus",
    "Yet",
    "But",
    "And",
    "So",
];
/// Prepositions in an appositive's description: the noun after them is not its head.
pub(super) const PREPOSITIONS: &[&str] = &[
    "for", "of", "with", "in", "to", "from", "at", "on", "by", "like", "among", "behind",
];

/// Regions that are not holders we track: they take amounts ("Europe's
/// holdings, valued at $3.6 trillion") away from the holder before them.
pub(super) static REGION: Lazy<Regex> = Lazy::new(|| {
    re(
        r"\b(?:Europe|European|Asia|Asian|[Ee]urozone|euro\s+area|Middle\s+East|Latin\s+America|Africa|Caribbean|OPEC)\b",
    )
});

/// ", which is second to China,": a relative clause between commas.
pub(super) static ASIDE: Lazy<Regex> = Lazy::new(|| re(r",\s+wh(?:ich|o|ose)\s[^,;]{1,120},"));

/// After a region's adjective, a description of one holder: "the Asian nation".
pub(super) static DESCRIBED_NATION: Lazy<Regex> =
    Lazy::new(|| re(r"^\s+(?:nation|country|economy|giant|power(?:house)?|state|kingdom)\b"));

/// Before an aggregate's name, a rank that makes it a description of the
/// ranked ("the biggest overseas holdings", "amongst the largest foreign
/// holders"), not the aggregate as a holder.
pub(super) static RANKED_AGGREGATE_TAIL: Lazy<Regex> = Lazy::new(|| {
    re(&format!(r"(?i)\b(?:(?:{ORDINALS})[- ]?)?(?:largest|biggest|top)\s+(?:\d+\s+)?$"))
});

/// A holder named after one of these is an object ("overtook China",
/// "below Belgium"), not the subject of the claim.
/// Also excluded: "Beyond Japan and China, mid-sized holders ..." says
/// nothing about Japan or China.
pub(super) static OBJECT_TAIL: Lazy<Regex> = Lazy::new(|| {
    re(
        r"(?i)\b(?:(?:fund|bank|insurer|plan|scheme)s?\s+(?:in|from|of)|among(?:st)?|overt(?:ook|ake|akes|aking|aken)|surpass(?:ed|es|ing)?|pass(?:ed|es|ing)|ahead\s+of|behind|below|above|than|like|unlike|after|before|versus|vs\.?|over|past|beat|outpaced|outstrip(?:s|ped|ping)?|exceed(?:s|ed|ing)?|(?:replac|displac|dethron)(?:e|es|ed|ing)|clos(?:e|es|ed|ing)\s+in\s+on|(?:catch(?:es|ing)?|caught)\s+up\s+(?:with|to|on)|gain(?:s|ed|ing)?\s+on|(?:edg|inch)(?:e|es|ed|ing)\s+(?:closer\s+to|past)|trail(?:s|ed|ing)?|beyond|besides|apart\s+from|aside\s+from|except(?:\s+for)?|excluding|other\s+than|outside(?:\s+of)?|instead\s+of)\s+(?:the\s+)?$",
    )
});

/// Before a holder given as an example of one named before it
/// ("Caribbean banking centres such as the Bahamas"): part of that holder,
/// not a holder of its own. After a plural that names none ("other
/// nations, such as the UK") the example is the subject.
pub(super) static EXAMPLE_TAIL: Lazy<Regex> =
    Lazy::new(|| re(r"(?i)\b(?:such\s+as|including|includes)\s+(?:the\s+)?$"));

/// Right after a holder that is no subject, the amount it is named with:
/// "surpassing China's $765.4bn", "exceeding China's holdings of $730.7bn",
/// "behind China ($1.27tn)". The amount itself is read by [`AMOUNT`].
pub(super) static NAMED_WITH: Lazy<Regex> = Lazy::new(|| {
    re(r"(?i)^(?:['’]s?\s+(?:(?:holdings?|stockpile|stake|pile|portfolio)\s+(?:of\s+)?)?|\s*\(\s*)")
});
/// Right before a holder: "held by", after the amount it holds
/// ("exceeding $1,112.5bn held by China").
pub(super) static HELD_BY_TAIL: Lazy<Regex> = Lazy::new(|| re(r"(?i)\s+(?:held|owned)\s+by\s+(?:the\s+)?$"));

/// Right after a holder: its own markets, not its holdings of Treasuries.
pub(super) static OWN_MARKET: Lazy<Regex> = Lazy::new(|| {
    re(
        r"^(?:['’]s?)?\s+(?:(?P<adj>[\w-]+)\s+)?(?:government\s+)?(?:bonds?|debt|stocks?|shares|equities|currency|economy|exports|imports|GDP|inflation|growth|yields?|peso|yuan|yen|rupee|krone)\b",
    )
});

/// After [`OWN_MARKET`]'s noun, what makes it a holding: "China's bond
/// holdings" are of US bonds, "China's bond market" is its own.
pub(super) static HELD_NOUN: Lazy<Regex> =
    Lazy::new(|| re(r"(?i)^\s+(?:holdings?|portfolio|pile|stockpile|stash|hoard|position|purchases|buying)\b"));

/// "Irish-based holdings of Treasuries": the holdings the table books to
/// the place, which a modifier of a firm is not.
pub(super) static BASED_HOLDINGS: Lazy<Regex> = Lazy::new(|| re(r"(?i)^-based\s+holdings\b"));
/// Right after a place name: a modifier ("a Stockholm-based manager", "a
/// Chilean data company", "Peruvian state media"), not a holder.
pub(super) static PLACE_MODIFIER: Lazy<Regex> = Lazy::new(|| {
    re(r"^-(?:based|headquartered|listed|registered|domiciled)\b|^\s+(?:[\w-]+\s+){0,2}?(?:company|firm|provider|agency|newspaper|outlet|daily|brokerage|consultancy|media|press)\b")
});

/// What may separate two holders that share a claim ("Japan and the UK").
/// Right after a holder in a list: the list continues.
pub(super) static LIST_GOES_ON: Lazy<Regex> = Lazy::new(|| re(r"(?i)^\s*(?:\([^)]{0,40}\)\s*)?(?:,|and\b|&)"));
pub(super) static JOIN_GAP: Lazy<Regex> = Lazy::new(|| {
    re(r"(?i)^\s*(?:,\s*)?(?:(?P<conj>and|&|or|as\s+well\s+as|plus)\s+)?(?:the\s+)?$")
});

/// A reference back to the last holder named. A possessive counts only
/// before a holdings noun: in "banks tidy their balance sheets", "their" is
/// the banks'. A ranked description opening a sentence ("The biggest
/// foreign holder had $1.19tn") is the holder just written about.
pub(super) static PRONOUN: Lazy<Regex> = Lazy::new(|| {
    re(&format!(
        r"(?i)\b(?:(?:its|their)\s+(?:[\w.-]+\s+){{0,2}}?(?:holdings|Treasur(?:ies|ys|y\s+\w+)|stake|stash|pile|position|portfolio|stockpile|hoard|exposure|(?:U\.?S\.?|American)\s+(?:debt|bonds|paper))|they|(?:{MONTHS})['’]s\s+(?:value|figure|level|total|reading|tally)|the\s+(?:[A-Z][a-z]+\s+|oil-rich\s+|island\s+)?(?:country|nation|kingdom|emirate)|the\s+world['’]s\s+(?:second|third|fourth)[- ]largest\s+economy|(?-i:^\s*(?:It|That|This)(?:['’]s)?)|(?-i:^\s*The)\s+(?:(?:U\.?S\.?|US|America|world)(?:['’]s)?\s+)?(?:(?:{ORDINALS})[- ])?(?:largest|biggest|top)\s+{RANKED_MODIFIERS}(?:{RANKED_NOUNS})|(?P<inst>the\s+fund|the\s+bank|the\s+central\s+bank))\b",
    ))
});

/// A sentence whose subject is holdings with no holder ("Holdings rose to
/// $8.3tn", "In September, US debt holdings fell", "Standing at $1.13tn,
/// holdings are ...", "The total reached $778bn", "The monthly decline of
/// $22.7bn was ..."): it goes on about the last sentence's subject. Not when a
/// holder the text does not name follows ("holdings by hedge funds", "securities held by
/// countries around the world").
pub(super) static HOLDINGS_SUBJECT: Lazy<Regex> = Lazy::new(|| {
    re(r"^\s*(?:[^,]{1,40},\s*)?(?P<head>(?i:the\s+)?(?:(?i:total|overall|combined)\s+)?(?:(?:U\.?S\.?|US|American|Treasury|government|debt|bond)\s+)*(?i:holdings?|stockpile|stash|portfolio|exposure|total(?:\s+(?:volume|value|amount))?|(?:(?:monthly|annual|yearly)\s+)?(?:decline|drop|fall|decrease|increase|rise|gain|reduction)\s+of)\b)(?:\s+of\s+(?:(?:U\.?S\.?|US|American)\s+)?(?:Treasur(?:ies|ys)|government\s+debt|debt|bonds))?(?P<owner>\s+(?:(?:securities|assets|paper|bonds)\s+)?(?:by|among|held|owned)\b)?")
});

/// A place told as the one after the last given: "Japan is next with
/// $1.14tn", "China followed next", "Brazil, the next largest".
pub(super) static NEXT_RANK: Lazy<Regex> = Lazy::new(|| {
    re(r"(?i)\b(?:(?:is|was|comes?|came|ranks?|ranked|followed|follows)\s+next\b|the\s+next[- ](?:largest|biggest)\b|next\s+in\s+line\b)")
});

/// The Fed's weekly custody holdings for foreign official accounts (H.4.1),
/// not TIC's monthly table.
pub(super) static CUSTODY: Lazy<Regex> = Lazy::new(|| {
    re(r"(?i)\bcustody\s+holdings\s+(?:at|with)\s+the\s+Fed|\b(?:Fed|Federal\s+Reserve|central\s+bank)['’]s\s+custody\b|\b(?:kept|held)\s+(?:at\s+the\s+(?:New\s+York\s+)?Fed(?:eral\s+Reserve)?\s+)?for\s+(?:foreign|overseas)\s+(?:central\s+banks|official)|\bin\s+the\s+(?:latest\s+)?week\s+(?:ended|ending|through)\b")
});

pub(super) static CONTEXT: Lazy<Regex> = Lazy::new(|| {
    re(
        r"(?i)\bTreasur(?:ies|ys)\b|\bTreasury\s+(?:holdings?|bonds?|securities|notes|bills|debt|market|paper|portfolio|stockpile|exposure|assets|pile|stash|stake|position|hoard)\b|\bT-?bills\b|\b(?:U\.?S\.?|American)\s+(?:government\s+)?(?:debt|bonds|securities|paper)\b|\bholdings\b|\bholders?\b|\bcreditors?\b|\b(?:stock)?pile\b|\bstash\b|\bhoard\b|\bexposure\b",
    )
});

/// Net flows, TIC's transactions data: "net foreign purchases", "$12bn of sales".
const FLOWS: &str = r"(?i)\bnet\s+(?:foreign\s+)?(?:purchases|sales|buying|selling|inflows?|outflows?|acquisitions|sold|bought|purchased)\b|\$\s?\d[\d.,]*\s?(?:billion|bn|million|mn)\s+(?:in|of)\s+(?:net\s+)?(?:purchases|sales)\b";
/// A sentence about net flows: it and the rest of its paragraph are about
/// transactions unless they name holdings.
pub(super) static FLOW: Lazy<Regex> = Lazy::new(|| re(FLOWS));
/// "foreign investors bought $53bn of Treasuries": for the aggregates, a
/// purchase or sale is a flow (TIC's transactions), not a change in holdings.
pub(super) static TRADED: Lazy<Regex> = Lazy::new(|| {
    re(r"(?i)\b(?:bought|sold|purchased|buying|selling)\s+(?:(?:a\s+)?net\s+|about\s+|around\s+|nearly\s+|roughly\s+|some\s+|more\s+than\s+)?(?:\$|US\$|USD)\s?\d|\b(?:bought|sold|purchased)\b[^.;]{0,40}\bto\s+the\s+tune\s+of\b")
});

/// Contexts that are never about foreign holdings of Treasuries.
pub(super) static REJECT: Lazy<Regex> = Lazy::new(|| {
    re(&format!(
        r"{FLOWS}|(?i)\b(?:Fed|Federal\s+Reserve)(?:['’]s)?\s+balance\s+sheet\b|\bbalance\s+sheet\s+of\s+the\s+(?:Fed|Federal\s+Reserve)\b|\b(?:U\.?S\.?|American)\s+(?:investors|residents|funds|holdings\s+of\s+foreign|ownership\s+of\s+foreign)\b|\bheld\s+by\s+(?:U\.?S\.?|American)\s+(?:investors|residents)\b|\bforeign\s+(?:securities|stocks|bonds|equities)\s+(?:held|owned)\s+by\b|\bquantitative\s+tightening\b",
    ))
});
/// TIC's flows of long-term securities and the annual survey of all US
/// securities: about something else, unless the sentence also names
/// Treasuries ("bought $9bn of long-term securities, raising its Treasuries
/// to $1.2tn") or a holder's own holdings of them ("Japan cut its holdings
/// of US securities to $1.03tn": news of one country's row of the table).
pub(super) static OTHER_SECURITIES: Lazy<Regex> = Lazy::new(|| {
    re(r"(?i)\blong-term\s+(?:U\.?S\.?\s+)?securities\b|\b(?:U\.?S\.?|American)\s+securities\b")
});
pub(super) static TREASURY_WORD: Lazy<Regex> = Lazy::new(|| {
    re(r"(?i)\bTreasur(?:ies|ys)\b|\bTreasury\s+(?:holdings?|bonds?|securities|notes|bills|debt|paper|portfolio)\b|\b(?:its|their|[A-Z]\w+['’]s)\s+holdings\s+(?:of|in)\s+(?:U\.?S\.?|American)\s+securities\b")
});

/// Words every [`REJECT`] pattern contains: a cheap scan that spares most
/// sentences the costly one.
pub(super) const REJECT_CUE: &str = r"(?i)net\s|balance\s+sheet|investors|residents|funds|of\s+foreign|held\s+by|owned\s+by|quantitative|securities";

/// Contexts about something else unless the sentence names Treasury holdings.
/// Words of other assets, whose figures a sentence about them carries.
const OTHER_ASSET_WORDS: &str = r"(?i)\bgold\b|\b(?:bond|Treasury|price)\s+ind(?:ex|ices)\b|\b(?:foreign[- ]exchange|FX|forex|currency)\s+reserves\b|\bequit(?:y|ies)\b|\bstocks\b|\bstock\s+(?:markets?|exchanges?|prices?|index|indices)\b|\bshares\b|\bcrypto";
/// Talk of something other than holdings: the Treasury market's yields and
/// auctions, and other assets.
fn off_topic() -> String {
    format!(r"(?i)\byields?\b|\bauctions?\b|\bbid-to-cover\b|{OTHER_ASSET_WORDS}")
}
/// See [`OTHER_ASSET_WORDS`].
pub(super) static OTHER_ASSETS: Lazy<Regex> = Lazy::new(|| re(OTHER_ASSET_WORDS));
/// "its holdings", "their Treasury holdings": a holder's own holdings,
/// which name the topic beside talk of the market ("a search for yield").
pub(super) static OWN_HOLDINGS: Lazy<Regex> =
    Lazy::new(|| re(r"(?i)\b(?:its|their)\s+(?:[\w.-]+\s+){0,2}?holdings\b"));
pub(super) static EXPLICIT_HOLDINGS: Lazy<Regex> = Lazy::new(|| {
    re(
        r"(?i)\bTreasury\s+holdings\b|\bholdings?\s+of\s+(?:U\.?S\.?\s+|American\s+)?(?:Treasur|government\s+(?:bonds|debt|securities)\b)|\b(?:holds?|held|owns?|owned)\b[^.]{0,40}\bTreasur",
    )
});

pub(super) static AMOUNT: Lazy<Regex> = Lazy::new(|| {
    re(
        r"(?i)(?:\b(?P<pre>about|around|roughly|approximately|approx\.?|nearly|almost|some|close\s+to|just\s+(?:over|under|above|below)|more\s+than|over|above|in\s+excess\s+of|upwards\s+of|at\s+least|less\s+than|under|below|beneath|fewer\s+than|at\s+most|up\s+to)\s+|(?P<tilde>~\s*))?(?:(?:US|U\.S\.)?\s?\$|USD)?\s?(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d{1,3},\d{1,2}|\d+(?:\.\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty)\s?(?P<unit>trillion|tln|trn|tn|t|billion|bln|bn|b|million|mln|mn|m)\b(?:\s+(?:U\.S\.\s+|US\s+)?dollars)?",
    )
});
/// Right before or after an amount, a currency other than the dollar:
/// "€149.2bn", "HK$1.3 trillion", "40 trillion won", "495.1 billion francs".
pub(super) static OTHER_CURRENCY_BEFORE: Lazy<Regex> =
    Lazy::new(|| re(r"(?:[€£¥₹₩]|\b(?:EUR|JPY|CHF|DKK|NOK|SEK|GBP|CNY|RMB|INR|Rs\.?|SAR|AED|KRW)\s?|\b(?:HK|NT|NZ|AU|CA))$"));
/// See [`OTHER_CURRENCY_BEFORE`].
pub(super) static OTHER_CURRENCY_AFTER: Lazy<Regex> = Lazy::new(|| {
    re(r"(?i)^\s*(?:of\s+)?(?:yen|won|euros?|(?:Swiss\s+)?francs?|yuan|renminbi|rupees?|r[ou]bles?|kron(?:e|er|or)|pounds?|sterling|riyals?|dirhams?|reais|DKK|NOK|SEK|EUR|JPY|CHF)\b")
});
/// Right after an amount, what it is the size of when that is not
/// Treasuries: "CIC's $410 billion in assets", "Norway's $2.2 trillion
/// sovereign wealth fund", "a $230 billion economy", "the $21 trillion
/// Treasury market", or a part of the holdings told beside another ("$37.6
/// billion in long-term bonds and $2 billion in bills"), or no money at all
/// ("11 million people"); "$8.3 billion of long-term Treasuries" is a level
/// of the long-term measure.
pub(super) static OTHER_TOTAL_AFTER: Lazy<Regex> = Lazy::new(|| {
    re(r"(?i)^\s*(?:(?:people|residents|inhabitants|citizens|barrels|tonnes|tons|ounces|jobs|workers|users|households)\b|(?:in|of)\s+(?:total\s+)?(?:assets|savings|deposits|reserves)\b|assets\s+under\s+management\b|(?:[\w-]+\s+){0,2}?(?:fund|economy|budget|company|firm|reserves|market)\b|(?:worth\s+of\s+|in\s+|or\s+[\d.]+\s?%\s+(?:[\w-]+\s+){0,3}?)(?:long|short)[- ]term\b)")
});
pub(super) static PERCENT: Lazy<Regex> =
    Lazy::new(|| re(r"(?i)\b(?P<num>\d+(?:\.\d+)?)\s?(?:%|percent\b|per\s+cent\b)"));
/// The nouns of a move: "a 5% drop", "a $25.7bn reduction", "a decline of $7.8bn".
const CHANGE_NOUNS: &str = r"(?:(?:monthly|annual|yearly|weekly|quarterly|sharp|steep|initial)\s+)?(?:(?P<down>declines?|drops?|falls?|decreases?|cuts?|reductions?|plunges?|slumps?|slides?|loss|contraction|sales?|sell-?offs?)|(?P<up>increases?|rises?|gains?|jumps?|growth|climbs?|surges?))";
/// A move's noun right after a figure: "a 5% drop", "this $25.7bn reduction".
pub(super) static CHANGE_NOUN: Lazy<Regex> = Lazy::new(|| re(&format!(r"(?i)^\s*(?:{CHANGE_NOUNS})\b")));
/// A move's noun right before a figure: "a decline of $7.8bn".
pub(super) static CHANGE_NOUN_OF: Lazy<Regex> =
    Lazy::new(|| re(&format!(r"(?i)\b(?:{CHANGE_NOUNS})\s+of{FILLER}\s*$")));
/// A move's noun as the subject the figure completes: "the growth of
/// China's holdings was limited to $2.3bn", "the total increase by foreign
/// holders is $55.5bn".
pub(super) static CHANGE_SUBJECT_TAIL: Lazy<Regex> = Lazy::new(|| {
    re(&format!(
        r"(?i)\b(?:{CHANGE_NOUNS})\b[^.;,$]{{0,60}}?\b(?:was|is|were|came\s+to|amounted\s+to)(?:\s+(?:limited\s+to|only|just|a\s+mere))?{FILLER}\s*$"
    ))
});

/// Verbs whose "up" or "down" is no move ("show up in the data", "turned
/// down the offer"): matched as a whole so the particle is not read alone.
pub(super) const PHRASAL: &str = r"(?:revise|revises|revised|revising|double|doubles|doubled|doubling|show|shows|showed|showing|shown|turn|turns|turned|turning|set|sets|setting|make|makes|made|making|end|ends|ended|ending|sum|sums|summed|look|looks|looked|looking|come|comes|came|coming|give|gives|gave|giving|given|take|takes|took|taking|taken|break|breaks|broke|breaking|broken|shut|shuts|write|writes|wrote|written|play|plays|played|playing|tone|toned|calm|calmed|sit|sits|sat|hold|holds|held|holding|crack|cracks|cracked|cracking)\s+(?:up|down)";
/// A whole match of [`DIRECTION`] that is a phrasal verb, or a verb of decline.
pub(super) static PHRASAL_WORDS: Lazy<Regex> = Lazy::new(|| re(&format!(r"(?i)^{PHRASAL}$")));
/// A phrase of [`PHRASAL`] right before a figure.
pub(super) static PHRASAL_TAIL: Lazy<Regex> = Lazy::new(|| re(&format!(r"(?i)\b{PHRASAL}{FILLER}\s*$")));
pub(super) static DOWN_WORDS: Lazy<Regex> = Lazy::new(|| re(&format!(r"(?i)^(?:{DOWN_VERBS})$")));
pub(super) static DIRECTION: Lazy<Regex> =
    Lazy::new(|| re(&format!(r"(?i)\b(?:{PHRASAL}|{DOWN_VERBS}|{UP_VERBS})\b")));
/// Words that may stand between a verb and the size of its move: "dumped
/// another $11.5bn", "down around 21%", "risen by about 44%".
pub(super) const FILLER: &str = r"(?:\s+(?:another|a\s+further|an\s+(?:additional|extra)|a\s+net|a\s+total\s+of|a\s+combined|about|around|roughly|approximately|approx\.?|some|nearly|almost|close\s+to|just|more\s+than|over|less\s+than|under))*";
/// A verb right before an amount: "cut $4bn", "down 30%", "dumped a
/// staggering $74bn", "sold 84% or $81bn".
pub(super) static VERB_TAIL: Lazy<Regex> = Lazy::new(|| {
    re(&format!(
        r"(?i)\b(?:(?P<down>{DOWN_VERBS})|(?P<up>{UP_VERBS}))(?:\s+by)?(?:\s+(?:an?|another)(?:\s+[a-z-]+){{1,2}}?)?{FILLER}(?:\s+[\d.,]+\s?(?:%|percent|per\s+cent)\s+or{FILLER})?\s*$"
    ))
});
/// "by $4bn", "by a slight $8 billion", "by a scarcely believable $356bn".
pub(super) static BY_TAIL: Lazy<Regex> =
    Lazy::new(|| re(&format!(r"(?i)\bby(?:\s+an?(?:\s+[a-z-]+){{1,2}}?)?{FILLER}\s*$")));
/// A move told as a multiple (GUIDE rule 3): "doubled" is +100%,
/// "six-fold" +500%, "halved" -50%.
pub(super) static MULTIPLE: Lazy<Regex> = Lazy::new(|| {
    re(&format!(
        r"(?i)\b(?:(?P<two>doubled|doubling|doubles)|(?P<three>tripled|trebled|tripling|triples)|(?P<four>quadrupled|quadrupling)|(?P<half>halved|halving|halves|cut\s+(?:\w+\s+){{0,3}}?in\s+half)|(?P<n>{NUMBER_WORDS}|\d+)[- ]?fold)\b"
    ))
});
/// Right after a verb, the place it moves to: "fell to second", "has
/// fallen to the number two holder", "dropped out of the top 30".
pub(super) static RANK_AFTER_VERB: Lazy<Regex> = Lazy::new(|| {
    re(&format!(r"(?i)^\s+(?:out\s+of|(?:back\s+)?to\s+(?:the\s+)?(?:number\b|No\.?\s*\d|\d+(?:st|nd|rd|th)\b|(?:{ORDINALS})\b|top\b))"))
});
/// Before "since": a record's words, whose "since" dates the record
/// rather than the start of a move ("the lowest level since May 2017").
pub(super) static SUPERLATIVE_TAIL: Lazy<Regex> = Lazy::new(|| {
    re(r"(?i)\b(?:lowest|highest|most|least|biggest|largest|smallest|weakest|strongest|record|first\s+time|not\s+seen|last\s+seen)\b[^.;]{0,50}$")
});
/// Right after a month: a clause giving the figure at it ("since March
/// 2024, when they stood at $40bn").
pub(super) static WHEN_CLAUSE: Lazy<Regex> = Lazy::new(|| re(r"(?i)^\s*,?\s*when\b"));
/// Before an amount, a verb of money moved in or out that is not the
/// holdings themselves: "purchasing $41.3bn", "invested a total of
/// $107.4bn", "withdrew about $1.1bn" (TIC's flows, GUIDE rule 5).
pub(super) static FLOW_VERB_TAIL: Lazy<Regex> = Lazy::new(|| {
    re(r"(?i)\b(?:purchas(?:e|es|ed|ing)|acquir(?:e|es|ed|ing)|invest(?:s|ed|ing)?(?:\s+in)?|withdr[ae]w(?:s|n|ing)?|poured|pour(?:s|ing)?|injected)(?:\s+[\w-]+){0,3}\s*$")
});
/// Around an amount, the other end of a range ("$8–$9 trillion", "$680-690
/// billion"): no single figure is stated.
pub(super) static RANGE_BEFORE: Lazy<Regex> = Lazy::new(|| re(r"\d\s*[–-]\s*$"));
/// See [`RANGE_BEFORE`].
pub(super) static RANGE_AFTER: Lazy<Regex> = Lazy::new(|| re(r"^\s*[–-]\s*(?:US)?\$?\s?\d"));
/// Right after an amount: "held by", naming whose it is ("$7.2tn held by
/// foreign countries").
pub(super) static HELD_BY_AFTER: Lazy<Regex> = Lazy::new(|| re(r"(?i)^\s+(?:held|owned)\s+by\b"));
/// A verb and what it moved right before a figure: "raised its holdings
/// 5.5 percent", "cut its Treasury stake 30%".
pub(super) static VERB_OBJECT_TAIL: Lazy<Regex> = Lazy::new(|| {
    re(&format!(
        r"(?i)\b(?:(?P<down>{DOWN_VERBS})|(?P<up>{UP_VERBS}))\s+(?:its|their|the)\s+(?:[\w.-]+\s+){{0,3}}?(?:holdings?|stake|position|portfolio|stockpile|pile|stash|exposure)(?:\s+of\s+(?:U\.?S\.?\s+|US\s+)?(?:Treasur(?:ies|ys)|government\s+debt|debt|bonds))?{FILLER}\s*$"
    ))
});
/// A figure restated in other units after a move's: "fell $32.5bn, or
/// 2.8 percent".
pub(super) static OR_TAIL: Lazy<Regex> = Lazy::new(|| {
    re(r"(?i)\d\s*(?:billion|bn|trillion|tn|million|mn|[bmt])?(?:\s+(?:U\.?S\.?\s+)?dollars)?\s*,?\s+or(?:\s+(?:about|around|roughly|nearly|some|almost))?\s*$")
});
/// ", totaling $402.1bn", ", bringing its total to $341bn", "to leave it
/// with $1.02tn": after a move, the level it ended at.
pub(super) static TOTAL_TAIL: Lazy<Regex> = Lazy::new(|| {
    re(r"(?i)(?:,\s*(?:totall?ing|totall?ed|bringing\s+(?:[\w’'-]+\s+){0,4}?to|taking\s+(?:[\w’'-]+\s+){0,5}?to)|\bto\s+(?:a\s+total\s+of|leave\s+(?:it|them)\s+with)|\bleaving\s+(?:the\s+total|it|them|its\s+holdings)\s+(?:at|with))\s*$")
});
/// "added Treasuries worth $4bn": after a verb of direction, the size of the move.
pub(super) static WORTH_TAIL: Lazy<Regex> =
    Lazy::new(|| re(r"(?i)\b(?:worth|totall?ing|amounting\s+to)\s*$"));
/// "down from $688.7bn", "against $89.2bn in October", "compared to April's
/// $54.2bn": the level a change starts from.
/// "up from $251.2bn" also says which way the level moved.
pub(super) static FROM_TAIL: Lazy<Regex> = Lazy::new(|| {
    re(&format!(
        r"(?i)(?:\b(?:(?P<up>up|higher)|(?P<down>down|lower))\s+)?\b(?:from|against|versus|vs\.?|compared\s+(?:with|to))(?:\s+(?:the\s+)?(?:{MONTHS}|previous\s+month|prior\s+month|last\s+month)['’]s)?\s*$",
    ))
});
/// "peaked at $1.32tn", "down from a peak of $1.32tn": a level of the past,
/// neither the claim's level nor the base of its change.
pub(super) static PEAK_TAIL: Lazy<Regex> = Lazy::new(|| {
    re(
        r"(?i)\b(?:peak(?:ed|ing)?\s+(?:at|of)|(?:a|its|the)\s+(?:record\s+|all-time\s+)?peak\s+of)\s*$",
    )
});
/// A peak mentioned just before: the year after it dates the peak.
pub(super) static PEAK_BEFORE: Lazy<Regex> = Lazy::new(|| re(r"(?i)\bpeak\w*\b[^,;]{0,40}$"));
/// "now top $100bn", "could exceed $350bn": the amount is a lower bound.
pub(super) static OVER_TAIL: Lazy<Regex> = Lazy::new(|| {
    re(
        r"(?i)\b(?:top|tops|topped|topping|exceed(?:s|ed|ing)?|surpass(?:es|ed|ing)?|eclipse[sd]?)\s*$",
    )
});
/// "a record $481.0bn": the amount is an all-time high.
/// A peak named as a past amount, before it: "peaked at", "the March 2024
/// peak of", "its record high holding of", "at the recent high of".
pub(super) static PAST_PEAK_TAIL: Lazy<Regex> = Lazy::new(|| {
    re(r"(?i)\b(?:peak(?:ed|ing)?\s+(?:at|of)|(?:a|its|the)\s+(?:[\w.]+\s+){0,3}?(?:peak|high)(?:\s+holdings?)?\s+of)\s*$")
});
/// After the amount: "$1.32 trillion peak", "$1.25 trillion high reached".
pub(super) static PEAK_AFTER: Lazy<Regex> =
    Lazy::new(|| re(r"(?i)^\s+(?:at\s+(?:the|a|its)\s+(?:recent\s+)?)?(?:(?:record|all-time)\s+)?(?:peak|high)\b(?:\s+(?:reached|set|hit|recorded|seen))?"));
/// Between a peak's amount and its month: "peak in", "high reached in", "at the recent high of".
pub(super) static PEAK_MONTH_GAP: Lazy<Regex> = Lazy::new(|| {
    re(r"(?i)^[\s,]*(?:(?:record|all-time)\s+)?(?:(?:peak|high)\b\s*)?(?:(?:reached|set|hit|recorded|seen)\s+)?(?:(?:in|at|by|as\s+of|of|during)\s+)?(?:the\s+)?(?:end\s+of\s+|recent\s+high\s+of\s+)?$")
});
/// Between a month and the peak after it: "the March 2024 peak of".
pub(super) static MONTH_PEAK_GAP: Lazy<Regex> =
    Lazy::new(|| re(r"(?i)^\s+(?:(?:record|all-time)\s+)?(?:peak|high)\s+of\s*$"));
pub(super) static RECORD_TAIL: Lazy<Regex> =
    Lazy::new(|| re(r"(?i)\b(?:a|an|another|new|fresh|its)\s+(?:new\s+|fresh\s+)?record\s*$"));
/// "$2.2bn less than a year earlier": after an amount, a change against an earlier time.
pub(super) static THAN_EARLIER: Lazy<Regex> = Lazy::new(|| {
    re(&format!(
        r"(?i)^\s*(?:(?P<down>less|lower|fewer|smaller)|(?P<up>more|higher|greater|larger|bigger))\s+(?:(?:[\w-]+\s+){{1,2}}?)?than\s+(?:(?:it|they|the\s+country)\s+(?:did|had|held|owned|has)\s+)?(?:(?:a|one|(?:{NUMBER_WORDS}))\s+(?:years?|months?)\s+(?:earlier|ago|before|previously)|(?:in|at\s+the\s+end\s+of)\s+(?:{MONTHS})\b|(?:last|the\s+previous|the\s+prior)\s+(?:year|month)\b)"
    ))
});
pub(super) static FORECAST_TAIL: Lazy<Regex> = Lazy::new(|| {
    re(
        r"(?i)(?:\b(?:could|may|might|will|would|shall|(?:is|are)\s+(?:expected|likely|set|forecast|projected|poised)\s+to|(?:expects?|expected|forecasts?|predicts?|predicted|projects?|sees?)\s+[^.;]{0,60}?\bto)|['’]ll|\b(?:is|are)\s+seen)\s+(?:\w+\s+)?(?:(?P<down>fall|falling|drop|dropping|slip|sink|sinking|decline|declining|shrink|shrinking|dip|plunge|tumble)|(?P<up>rise|rising|climb|climbing|top|exceed|surpass|grow|growing|jump|increase)|be|reach|hit|go|stand|end)(?:\s+to)?\s*$",
    )
});
pub(super) const STRONG_TREND_PATTERN: &str = r"(?i)\b(?:(?P<down>exiting|fleeing|retreating|dumping|offloading|shedding|unloading|selling|divesting|pulling\s+out|ditching|(?:steady|persistent|consistent|heavy|aggressive|big)\s+sellers?)|(?P<up>accumulating|buying|snapping\s+up|piling\s+into|loading\s+up|stockpiling|hoarding|(?:steady|persistent|consistent|heavy|aggressive|big)\s+buyers?))\b";
pub(super) static STRONG_TREND: Lazy<Regex> = Lazy::new(|| re(STRONG_TREND_PATTERN));
pub(super) static INTENT: Lazy<Regex> = Lazy::new(|| {
    re(&format!(
        r"(?i)\b(?:will|would|plans?\s+to|planning\s+to|intends?\s+to|intending\s+to|aims?\s+to|pledged?\s+to|pledges\s+to|vow(?:s|ed)?\s+to|(?:is|are)\s+set\s+to|(?:is|are)\s+going\s+to|(?:has\s+)?decided\s+to|announced\s+plans\s+to|(?:is|are)\s+to)\s+{INTENT_VERBS}"
    ))
});
/// An intent still being weighed: "is said to be considering adding to".
pub(super) static INTENT_WEIGHED: Lazy<Regex> = Lazy::new(|| {
    re(
        r"(?i)\b(?:consider(?:s|ed|ing)?|weigh(?:s|ed|ing)?|mull(?:s|ed|ing)?|explor(?:e|es|ed|ing)|contemplat(?:e|es|ed|ing)|eye(?:s|d|ing)?|look(?:s|ed|ing)?\s+(?:at|into))\s+(?:\w+ly\s+)?(?:(?P<down>selling|divesting|dumping|offloading|exiting|cutting|reducing|shedding|unloading|liquidating|trimming|paring)|(?P<up>buying|adding|increasing|boosting|purchasing|raising|accumulating))\b",
    )
});
/// A predicted move with no amount: "will have sold its last Treasury bill
/// by 2060", "could fall further".
pub(super) static FORECAST_MOVE: Lazy<Regex> = Lazy::new(|| {
    re(
        r"(?i)(?:\b(?:could|may|might|will|would|(?:is|are)\s+(?:expected|likely|set|forecast|projected|poised|on\s+(?:track|course))\s+to)|['’]ll)\s+(?:\w+ly\s+)?(?:have\s+)?(?:(?P<down>fall|drop|slip|sink|decline|shrink|dip|plunge|tumble|sold|dumped|exited|unloaded|offloaded|divested|liquidated)|(?P<up>rise|climb|grow|increase|jump|bought|accumulated))\b",
    )
});
/// Headline style right after the holder: "pension fund to sell".
pub(super) static HEADLINE_INTENT: Lazy<Regex> =
    Lazy::new(|| re(&format!(r"(?i)^\s+to\s+{INTENT_VERBS}")));
/// "edged up to", "moved up to": before "up to", a move.
pub(super) static MOVED_TAIL: Lazy<Regex> =
    Lazy::new(|| re(r"(?i)\b(?:\w+ed|went|rose|grew|crept|shot)\s+$"));
/// "for the fourth consecutive month", "for 3 straight months".
pub(super) static STREAK: Lazy<Regex> = Lazy::new(|| {
    re(&format!(
        r"(?i)\bfor\s+(?:(?:a|an|the)\s+)?(?:(?:(?:(?P<n>{NUMBER_WORDS})|(?P<ord>{ORDINALS}))\s+)?(?:consecutive|straight|successive|running|continuous)|(?P<ord2>{ORDINALS}))\s+(?P<unit>months?|quarters?|years?)\b"
    ))
});
/// Families of patterns a segment may hold, all found in one scan of
/// [`FAMILIES`]: per-search overhead, not bytes, is what short sentences
/// cost, so one set scan stands in for a call per family. The cue members
/// hold only the words their family's patterns need.
#[derive(Clone, Copy)]
pub(super) enum Family {
    Hedge,
    Negation,
    Intent,
    Extreme,
    Rank,
    Forecast,
    StrongTrend,
    /// Gates [`SHARE_OF_TOTAL`].
    Share,
    /// Gates [`BELIEF_THAT`].
    Belief,
}
pub(super) static FAMILIES: Lazy<RegexSet> = Lazy::new(|| {
    let patterns = [
        HEDGE_PATTERN.to_string(),
        NEGATION_PATTERN.to_string(),
        r"(?i)will|would|plan|intend|aim|pledge|vow|set\s+to|going\s+to|decided|\s(?:is|are)\s+to\s|consider|weigh|mull|explor|contemplat|eye|look".to_string(),
        r"(?i)low|high|peak|smallest|weakest|biggest|largest|strongest|least|most|record|seen".to_string(),
        format!(r"(?i)largest|biggest|top|rank|place|spot|position|among|No\.?\s*\d|number[- ]|{ORDINALS}|most|greatest|highest|maximum|than\s+any"),
        r"(?i)could|may|might|will|would|expected|likely|set\s+to|forecast|projected|poised|on\s+track|on\s+course|['’]ll".to_string(),
        STRONG_TREND_PATTERN.to_string(),
        r"(?i)share|proportion|percentage".to_string(),
        r"(?i)thought|fear|worr|concern|speculat|rumou?r|suspicion|notion|idea|myth|narrative|theor|doubt|talk".to_string(),
    ];
    RegexSet::new(patterns.iter().map(|p| ascii_bounds(p)))
        .expect("claims patterns are valid regexes")
});
/// A verb after one of these is a possibility, not a move ("so it can buy").
pub(super) static MODAL_TAIL: Lazy<Regex> =
    Lazy::new(|| re(r"(?i)\b(?:to|can|could|may|might|would|should|must)\s+$"));
/// A subject that is a share of some total: "the share of Treasuries in
/// total reserves", "holdings as a share of GDP".
pub(super) static SHARE_OF_TOTAL: Lazy<Regex> = Lazy::new(|| {
    re(r"(?i)\bshares?\s+of\b[^.;:]{0,80}?\b(?:in|of)\s+(?:the\s+)?(?:total|overall|all)\b|\bas\s+an?\s+(?:share|proportion|percentage)\s+of\b")
});
/// A belief, fear or rumour whose "that" introduces the holder: what
/// follows is reported as thought, not as done.
pub(super) static BELIEF_THAT: Lazy<Regex> = Lazy::new(|| {
    re(r"(?i)\b(?:thoughts?|fears?|worries|concerns?|speculation|speculat(?:e|es|ed|ing)|rumou?rs?|suspicions?|notion|idea|myth|narrative|theory|doubts?|talk)\s+that\s+(?:the\s+)?$")
});
/// "continues to accumulate", "keeps trying to sell": an ongoing move, not a possibility.
pub(super) static ONGOING_TAIL: Lazy<Regex> = Lazy::new(|| {
    re(
        r"(?i)\b(?:continu(?:e|es|ed|ing)|keeps?|kept|keeping|start(?:s|ed|ing)?|began|begun|begins?)\s+to\s+$",
    )
});
/// A span of many months after a verb, or a manner that takes one: "for
/// years", "in recent months", "over the past few years", "since 2013",
/// "since peaking", "steadily". A move over it is a trend.
pub(super) static ONGOING_SPAN: Lazy<Regex> = Lazy::new(|| {
    re(r"(?i)^[^.;]{0,40}?\b(?:for\s+(?:many\s+|several\s+|a\s+few\s+)?(?:years|months|decades)|in\s+recent\s+(?:years|months)|over\s+(?:the\s+)?(?:past|last|recent)\s+(?:few\s+|several\s+)?(?:years|decades)|since\s+(?:(?:19|20)\d{2}|peak)|steadily|gradually|persistently)")
});
/// A progressive form the move word ends: "is also heading for the (exits)".
pub(super) static PROGRESSIVE_TAIL: Lazy<Regex> = Lazy::new(|| {
    re(r"(?i)\b(?:is|are|was|were|been)\s+(?:(?:\w+ly|also|still|now|again)\s+)*\w+ing\b[^.;,]{0,30}$")
});
pub(super) const NEGATION_PATTERN: &str = r"(?i)\bnot\b|n['’]t\b|\bnever\b|\bno\s+(?:longer|plans?|intention|desire)\b|\bneither\b|\bnor\b|\bruled?\s+out\b|\brules\s+out\b|\bden(?:ied|ies|y)\b";
pub(super) static NEGATION: Lazy<Regex> = Lazy::new(|| re(NEGATION_PATTERN));
pub(super) const HEDGE_PATTERN: &str = r"(?i:\b(?:reportedly|might|could|estimated|estimates?|about|around|roughly|approximately|approx|nearly|almost|likely|possibly|probably|perhaps|allegedly|apparently|believed|rumou?red)\b)|\bmay\b|~";

pub(super) static MONTH: Lazy<Regex> = Lazy::new(|| {
    re(&format!(
        r"\b(?P<m>{MONTHS})\b\.?(?P<day>\s+\d{{1,2}}(?:st|nd|rd|th)?\b)?(?:(?:,?|\s+of)\s+(?P<y>(?:19|20)\d{{2}})\b|\s+(?:of\s+)?(?P<rel>last|this)\s+year\b)?"
    ))
});
/// Before a date that figures are stated at: "as of June 30", "at the end
/// of March", "in the week through June 17", "$3.048 trillion on May 2".
pub(super) static AS_OF_TAIL: Lazy<Regex> = Lazy::new(|| {
    re(r"(?i)(?:\b(?:as\s+(?:of|at)|(?:at|by)\s+the\s+end\s+of|end-|(?:week|month|quarter)\s+(?:ended|ending|through|to))|(?:\d|\b(?:trillion|billion|bn|tn))\s+on)\s+$")
});
/// Right before a month: "since", or "since mid-", "since early".
pub(super) static SINCE_TAIL: Lazy<Regex> = Lazy::new(|| re(r"(?i)\bsince\s+(?:(?:mid|early|late)[- ]\s*)?$"));
/// Between a month and an amount in the "when" clause after it: "June 2018,
/// when it stood at", "August last year, when an already lofty".
pub(super) static WHEN_GAP: Lazy<Regex> = Lazy::new(|| {
    re(r"(?i)^(?:\s+(?:last|that|the\s+previous)\s+year)?,?\s+when(?:\s+[\w’'.-]+){0,8}\s*$")
});
/// Between the two months of a range: "September and October 2022".
pub(super) static MONTH_RANGE_GAP: Lazy<Regex> = Lazy::new(|| re(r"(?i)^\s*(?:and|to|through|until|-|–|—)\s*$"));
/// Between a move and the month it was told in: "drop in October", "decline
/// of $7.8bn recorded in October".
pub(super) static MOVE_MONTH_GAP: Lazy<Regex> =
    Lazy::new(|| re(r"(?i)^\s+(?:(?:recorded|seen|registered|posted|reported)\s+)?(?:in|during)\s+$"));
/// What may stand between an amount and the month it is at.
pub(super) static MONTH_GAP: Lazy<Regex> = Lazy::new(|| {
    re(
        r"(?i)^[\s,]*(?:(?:in|at|by|as\s+of|for|during|through|of|on)\s+)?(?:the\s+)?(?:end\s+of\s+|end-)?(?:last\s+|this\s+)?$",
    )
});
/// The span a change is measured over, counted back from its period: "over
/// the past twelve months", "from $241.4bn a year earlier", "on the year".
pub(super) static WINDOW: Lazy<Regex> = Lazy::new(|| {
    re(&format!(
        r"(?i)\b(?:(?:over|in|during|across|within)\s+the\s+(?:past|last|previous|preceding)\s+(?:(?P<n>{NUMBER_WORDS})\s+)?(?P<unit>years?|months?)|(?:over|in|during)\s+(?:just\s+|only\s+|the\s+)?(?P<n2>{NUMBER_WORDS})\s+(?P<unit2>years|months)\s+(?:ended|ending|to|through|until|till)\b|(?P<ago>a|one|{NUMBER_WORDS})\s+(?P<ago_unit>years?|months?)\s+(?:earlier|ago|before|previously)|(?P<yoy>year[- ]on[- ]year|year[- ]over[- ]year|on\s+the\s+year|(?:in|over)\s+(?:a|one|the)\s+(?:single\s+)?year|on\s+an\s+annual\s+basis|y/y|yoy)|(?P<mom>month[- ]on[- ]month|month[- ]over[- ]month|on\s+the\s+month|m/m))\b"
    ))
});
/// A change over a calendar year ("over the course of 2025", "so far this
/// year") or from a year's edge ("from the end of 2024").
pub(super) static YEAR_SPAN: Lazy<Regex> = Lazy::new(|| {
    re(
        r"(?i)\b(?:(?:over\s+the\s+course\s+of|during|throughout|across|in|over)\s+(?P<y>(?:19|20)\d{2})|(?:from|since)\s+(?:the\s+(?P<edge>end|close|start|beginning)\s+of\s+|(?P<edge2>end|start)-)(?P<ey>(?:19|20)\d{2})|(?P<ytd>(?:so\s+far\s+)?this\s+year|year[- ]to[- ]date|YTD|(?:over\s+the\s+course\s+of|during|throughout)\s+the\s+year))\b",
    )
});
/// A year named as the span data covers: "of 2021", "in 2024", "during
/// 2019", "end of 2022" (not "by 2030" or "since 2008").
pub(super) static YEAR_SPAN_OF: Lazy<Regex> = Lazy::new(|| {
    re(r"(?i)\b(?:of|in|during|for|end|end-of|this)\s+(?P<y>(?:19|20)\d{2})\b")
});

/// Shortly before a month: it is where a comparison starts ("up from $25.0
/// billion in June 2018", "since November 2020"), not the month reported.
pub(super) static COMPARED_BEFORE: Lazy<Regex> = Lazy::new(|| {
    re(r"(?i)\b(?:from|than|versus|vs|compared\s+(?:with|to)|since|against)\b[^,;]{0,40}$")
});

/// The end of a year as a month: "at the end of 2025", "end-2024", "ended 2025 with".
/// The end of a year named relative to the article's: "at the end of last
/// year", "by the end of this year".
pub(super) static RELATIVE_YEAR_END: Lazy<Regex> = Lazy::new(|| {
    re(r"(?i)\b(?:at|by)\s+the\s+end\s+of\s+(?:(?P<last>last|the\s+previous|the\s+past)|this)\s+year\b")
});
pub(super) static YEAR_END: Lazy<Regex> = Lazy::new(|| {
    re(
        r"(?i)\b(?:(?:at|by)\s+the\s+end\s+of|end-|year-end|ended|ending|closed|finished)\s*(?P<y>(?:19|20)\d{2})\b",
    )
});
/// Before a month: the month a change is measured from ("down $17.2bn from November").
pub(super) static BASE_MONTH_TAIL: Lazy<Regex> = Lazy::new(|| {
    re(
        r"(?i)\b(?:from|than|versus|vs\.?|compared\s+(?:with|to)|between)\s+(?:(?:an?\s+)?(?:(?:upwardly|downwardly)\s+)?revised\s+)?(?:(?:about|around|nearly|roughly|some)\s+)?(?:(?:US|U\.S\.)?\$\s?[\d.,]+\s*(?:trillion|billion|bn|tn|b|t)?(?:\s+(?:U\.?S\.?\s+)?dollars)?\s+|[\d.,]+\s+(?:trillion|billion)\s+(?:U\.?S\.?\s+)?dollars\s+)?(?:(?:in|at)\s+)?(?:the\s+)?(?:end\s+of\s+|end-)?$",
    )
});

pub(super) static ORDINAL_TAIL: Lazy<Regex> =
    Lazy::new(|| re(&format!(r"(?i)\b(?:{ORDINALS})[- ]$")));
/// "lowest since May 2017", "the highest holdings for the kingdom since
/// January 2022", "the lowest level recorded since mid-2019": a superlative
/// and up to four words before "since" (`gap`, which must not name a move:
/// "the biggest drop since 2015" is no extreme of the holdings), or "levels
/// not seen since 2009", "a level last seen in March 2013" (`seen`).
pub(super) static LOW_SINCE: Lazy<Regex> = Lazy::new(|| {
    re(&format!(
        r"(?i)(?:\b(?P<ext>lowest|highest|smallest|weakest|biggest|largest|strongest|least)\b(?P<gap>(?:\s+[\w'’.-]+){{0,4}}?)\s+since|\b(?P<seen>(?:not|last)\s+seen|unseen)\s+(?:since|in))\s+(?:(?P<m>{MONTHS})\b\.?(?:,?\s+(?P<y>(?:19|20)\d{{2}})\b)?|(?:(?:mid|early|late|end)[- ]?)?(?P<yo>(?:19|20)\d{{2}})\b)"
    ))
});
/// Words that make a superlative a move's, not the holdings' own ("the
/// highest monthly figure since 1978" is a month's flow).
pub(super) static MOVE_NOUN: Lazy<Regex> = Lazy::new(|| {
    re(r"(?i)\b(?:drops?|declines?|falls?|rises?|increases?|gains?|jumps?|sales?|selling|sell-?offs?|dumps?|purchases?|buying|outflows?|inflows?|cuts?|reductions?|moves?|swings?|changes?|monthly|weekly)\b")
});
pub(super) static LOW_IN_YEARS: Lazy<Regex> = Lazy::new(|| {
    re(&format!(
        r"(?i)\b(?P<ext>lowest|highest|smallest|weakest|biggest|largest|strongest)\b(?:\s+(?:level|point|reading|amount))?(?:\s+for\s+\w[\w'’.-]*(?:\s+\w[\w'’.-]*)?)?\s+(?:in|for)\s+(?:(?:more\s+than|over|nearly|almost|about|roughly|around|at\s+least)\s+)?(?:(?P<n>{NUMBER_WORDS})\s+years|(?P<decades>{NUMBER_WORDS}|a)\s+decades?|(?P<year>a|one)\s+year)\b"
    ))
});
pub(super) static N_YEAR_LOW: Lazy<Regex> = Lazy::new(|| {
    re(&format!(
        r"(?i)\b(?P<n>{NUMBER_WORDS})[- ]year\s+(?P<ext>low|high)s?\b"
    ))
});
pub(super) static RECORD: Lazy<Regex> = Lazy::new(|| {
    re(
        r"(?i)\b(?:(?:record|all-time|historic)\s+(?P<ext>low|high)s?\b|(?P<ext2>lowest|highest|most|least)\s+(?:level\s+)?(?:on\s+record|ever)\b|(?:a|an|another|new|fresh)\s+(?:new\s+|fresh\s+)?(?P<bare>record)(?:\s*$|\s+(?:in|at|of|for|on|last|this)\b|[,.;:!])|\bat\s+(?P<bare2>record)\s+levels?\b)",
    )
});
pub(super) static RANK: Lazy<Regex> = Lazy::new(|| {
    re(&format!(
        r"(?i)\b(?:(?:(?P<ord>{ORDINALS})[- ])?(?:largest|biggest|top)|No\.?\s*(?P<num>\d{{1,2}})|number[- ](?P<card>one|two|three|four|five|six|seven|eight|nine|ten))\s+{RANKED_MODIFIERS}(?:{RANKED_NOUNS})\b"
    ))
});
/// First without a rank word: "holds the most US debt", "has the biggest
/// overseas holdings", "owns more Treasuries than any other country", "the
/// country with the maximum exposure", "tops the list", "the highest of any
/// foreign creditor".
pub(super) static RANK_MOST: Lazy<Regex> = Lazy::new(|| {
    re(r"(?i)\b(?:(?:holds?|held|has|had|owns?|owned|retains?|with)\s+(?:the\s+(?:most|largest|biggest|greatest|highest|maximum)\s+(?:[\w.()-]+\s+){0,3}?(?:holdings|Treasur\w*|debt|bonds|exposure|stockpile|stake)\b|more\s+(?:[\w.()-]+\s+){0,4}?than\s+any\s+(?:other\s+)?(?:foreign\s+)?(?:country|nation|holder|creditor))|(?:top(?:s|ped|ping)?|head(?:s|ed|ing)?|lead(?:s|ing)?|led)\s+the\s+(?:list|ranking|table|league\s+table)\b|the\s+(?:highest|largest|biggest|most)\s+of\s+any\s+(?:other\s+)?(?:foreign\s+)?(?:country|nation|holder|creditor|investor))")
});
/// A place written right after a holder's name, as lists and gapped
/// clauses give it: "and Kuwait 29th with $46bn", "Taiwan (No. 10)".
pub(super) static RANK_AFTER_NAME: Lazy<Regex> = Lazy::new(|| {
    re(&format!(
        r"(?i)^\s*\(?\s*(?:No\.?\s*(?P<num>\d+)|(?P<num2>\d+)(?:st|nd|rd|th)|(?P<ord>{ORDINALS}))\b\s*(?:\)|,|;|\.|$|with\b|at\b|on\b|place\b|position\b|spot\b)"
    ))
});
pub(super) static RANK_MOVE: Lazy<Regex> = Lazy::new(|| {
    re(&format!(
        r"(?i)\b(?:(?P<down>fell|dropped|slipped|slid|sank|falls|fall|falling|drops|dropping|slips|slipping|relegated|demoted|pushed\s+back|knocked\s+back)|(?P<up>rose|climbed|jumped|rises|rise|risen|climbs|climbing|returned|moved|promoted))\s+(?:back\s+)?(?:up\s+|down\s+)?(?:to|into)\s+(?:the\s+)?(?:No\.?\s*(?P<num>\d+)|(?P<ord>{ORDINALS}))(?:\s+(?:place|spot|position))?\b"
    ))
});

/// "ranks third", "sits in fifth place", "is seventh among holders",
/// "took the top spot" (not "the top spot is not in play"), "comes
/// third", "which is No. 2", "second-ranked",
/// "the UK in second with $888 billion".
pub(super) static RANK_AS: Lazy<Regex> = Lazy::new(|| {
    re(&format!(
        r"(?i)\b(?:rank(?:s|ed)?\s+(?:as\s+)?(?:the\s+)?(?:No\.?\s*(?P<num>\d+)|(?P<ord>{ORDINALS}))\b|(?:(?:in|at)\s+)?(?:the\s+)?(?:No\.?\s*(?P<num2>\d+)|(?P<ord2>{ORDINALS}))\s+(?:place|spot|position)\b|(?:(?:in|at)|(?:took|takes?|taken|taking|holds?|held|holding|secured?|securing|retain(?:s|ed|ing)?|kept|keeps?|keeping|regain(?:s|ed|ing)?|reclaim(?:s|ed|ing)?|grabb(?:ed|ing)|grabs?|seiz(?:e|es|ed|ing)|won|wins?)(?:\s+back)?)\s+(?:the|its)\s+(?P<top>top)\s+(?:place|spot|position)\b|(?P<ord3>{ORDINALS})\s+among\s+(?:[\w-]+\s+){{0,2}}(?:holders|creditors|owners|investors)|(?:comes?|came|coming)\s+(?:in\s+)?(?:at\s+)?(?:No\.?\s*(?P<num3>\d+)|(?P<ord4>{ORDINALS}))\b|(?:is|was|remains|remained|stays|stayed|now)\s+(?:No\.?\s*(?P<num4>\d+)|number\s+(?P<card>one|two|three|four|five))\b|(?P<ord5>{ORDINALS})[- ]ranked\b|\bin\s+(?P<ord6>{ORDINALS})\s+(?:with|at)\b)"
    ))
});
/// "the top ten holders": a rank of ten or better.
pub(super) static TOP_N: Lazy<Regex> = Lazy::new(|| {
    re(
        r"(?i)\btop[- ](?P<n>two|three|four|five|six|seven|eight|nine|ten|fifteen|twenty|\d{1,2})\b(?:\s+(?:foreign\s+)?(?:holders|creditors|owners))?",
    )
});
/// Before a rank: it is denied or over ("no longer the largest", "once the top holder").
pub(super) static RANK_DENIED: Lazy<Regex> = Lazy::new(|| {
    re(
        r"(?i)\b(?:no\s+longer|not|never|once|formerly|former|previously|used\s+to\s+be)\s+(?:\S+\s+){0,2}$",
    )
});

/// Before a past peak's amount: the move is measured from it.
pub(super) static FROM_PEAK_TAIL: Lazy<Regex> =
    Lazy::new(|| re(r"(?i)\bfrom\s+(?:the|its|their|a)\s+(?:[a-z]+\s+)?$"));

/// A sentence's opening attribution ("According to X, "): its source, not
/// a name a later pronoun competes with.
pub(super) static ATTRIBUTION_LEAD: Lazy<Regex> =
    Lazy::new(|| re(r"^\s*[Aa]ccording\s+to\s+[^,;]{1,80},\s*"));

pub(super) static ACCORDING_TO: Lazy<Regex> = Lazy::new(|| {
    re(
        r"\b[Aa]ccording\s+to\s+(?:(?:data|figures|statistics|numbers|a\s+report)\s+(?:released|published|compiled)\s+by\s+)?(?P<who>(?:the\s+)?[A-Z][\w.&'’-]*(?:\s+(?:of\s+the\s+|of\s+|for\s+|and\s+)?[A-Z][\w.&'’-]*)*)",
    )
});
/// "X said", "X, a mid-sized fund, says".
pub(super) static SAID: Lazy<Regex> = Lazy::new(|| {
    re(
        r"(?P<who>[A-Z][\w.&'’-]*(?:\s+[A-Z][\w.&'’-]*)*|\b(?:[Aa]n?|[Tt]he)\s+(?:[a-z]+\s+){0,2}(?:analyst|watcher|strategist|economist|post|trader|report|official|spokesperson|spokesman|spokeswoman|letter|investor|commentator|observer|newsletter|account))(?:,\s+(?:an?|the)\s+[^,.;]{1,80},\s*|,\s*|\s+)(?:has\s+|have\s+|had\s+)?(?:said|says|wrote|writes|noted|notes|highlighted|highlights|stated|states|reported|reports|warned|warns|told|tweeted|posted|added|argued|explained|read)\b",
    )
});
/// The verbs [`SAID`] and [`SAID_BEFORE`] need, checked first: cheap where they are costly.
pub(super) const SPEECH_PATTERN: &str = r"said|says|wrote|writes|noted|notes|highlighted|highlights|stated|states|reported|reports|warned|warns|told|tweeted|posted|added|argued|explained|read";
pub(super) static SPEECH: Lazy<Regex> = Lazy::new(|| re(SPEECH_PATTERN));

/// Checks on a sentence that names a holder, all from one scan of [`CUES`]
/// (see [`Family`]).
#[derive(Clone, Copy)]
pub(super) enum Cue {
    OffTopic,
    Reject,
    Speech,
}
pub(super) static CUES: Lazy<RegexSet> = Lazy::new(|| {
    let patterns = [off_topic(), REJECT_CUE.to_string(), SPEECH_PATTERN.to_string()];
    RegexSet::new(patterns.iter().map(|p| ascii_bounds(p))).expect("claims patterns are valid regexes")
});

/// Which [`Cue`]s a sentence has.
pub(super) struct Cues(regex::SetMatches);

impl Cues {
    pub(super) fn of(s: &str) -> Cues {
        Cues(CUES.matches(s))
    }

    pub(super) fn has(&self, cue: Cue) -> bool {
        self.0.matched(cue as usize)
    }
}
pub(super) static SAID_BEFORE: Lazy<Regex> = Lazy::new(|| {
    re(
        r"\b(?:said|says|wrote|noted|stated|told)\s+(?P<who>[A-Z][\w.&'’-]*(?:\s+[A-Z][\w.&'’-]*)*)\s*(?:[,.]|$)",
    )
});
/// The signature line under a quoted post: "– Name (@handle) January 20, 2026".
pub(super) static POST_SIGNATURE: Lazy<Regex> =
    Lazy::new(|| re(r"^\s*[–—-]+\s*[^(\n]*\((?P<handle>@\w+)\)"));
pub(super) static PARAGRAPH_BREAK: Lazy<Regex> = Lazy::new(|| re(r"\n[ \t]*\n"));

/// A post quoted in the article is attributed to its signature handle for
/// this many paragraphs above the signature, as long as they are post-sized.
pub(super) const POST_MAX_PARAGRAPHS: usize = 4;
pub(super) const POST_MAX_BYTES: usize = 280;
/// A paragraph that yielded a claim keeps this many after it in context: a
/// run of claims is about holdings even where a paragraph names none.
pub(super) const CLAIM_CONTEXT_REACH: usize = 2;
/// A negation this close before the verb cancels the segment ("did not sell").
pub(super) const NEGATION_REACH: usize = 30;
