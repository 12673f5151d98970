//! The sentence walk: holders found and carried between sentences, the
//! month a release is about, and each sentence cut into holder segments.

use std::ops::Range;

use regex::Captures;

use super::mentions::*;
use super::patterns::*;
use super::ranks;
use super::time::*;
use super::segment::*;
use super::words::*;
use super::{Claim, ClaimKind};
use crate::calendar;
use crate::extract::{Article, Span};
use crate::gazetteer::{Holder, HolderKind};
use crate::units::{Period, UsdBillions};

/// A paragraph of the article text, with what the tagger needs to know
/// about it once.
pub(super) struct Paragraph {
    pub(super) range: Range<usize>,
    /// Mentions Treasuries, US debt or holdings somewhere.
    pub(super) context: bool,
    /// Set when the paragraph is part of a quoted post with this handle.
    pub(super) post_speaker: Option<String>,
}

/// State carried from sentence to sentence.
pub(super) struct Tagger<'a> {
    pub(super) text: &'a str,
    /// The latest TIC month out on the publication date.
    pub(super) latest: Option<Period>,
    /// The month of publication: its year is the one "last year" counts
    /// back from, and it is what an institution's own news is about when it
    /// names no month (a fund reports its moves as it makes them, not in
    /// TIC's release two months on).
    pub(super) published: Option<Period>,
    /// In an undated article, the month its own text dates yearless months
    /// by (see [`text_anchor`]).
    pub(super) anchor: Option<Period>,
    /// The last data month a sentence stated: it governs the following
    /// sentences that report the same release without naming a month.
    pub(super) stated: Option<Period>,
    pub(super) paragraphs: Vec<Paragraph>,
    pub(super) para: usize,
    /// The last subject holder named, with its paragraph, for pronouns.
    pub(super) last_holder: Option<(Holder, usize)>,
    /// The last country named as a subject, for descriptions that only a
    /// country fits ("the Asian nation", "the largest creditor").
    pub(super) last_country: Option<(Holder, usize)>,
    /// The first subject of the last sentence that named one: a bare
    /// "Holdings rose" goes on about it, not about a holder it mentioned
    /// on the way ("... while Japan's fell").
    pub(super) last_subject: Option<(Holder, usize)>,
    /// The lowest place the last sentence with ranks gave, for "X is next".
    pub(super) last_rank: Option<(u32, usize)>,
    /// Every holder the current sentence names, subject or not, where.
    pub(super) mentioned: Vec<(Range<usize>, Holder)>,
    /// The last institution named, with its paragraph, for "the fund".
    pub(super) last_institution: Option<(Holder, usize)>,
    /// Institutions an appositive has introduced, matched by name afterwards.
    pub(super) institutions: Vec<Holder>,
    /// The paragraph of the last claim (see [`CLAIM_CONTEXT_REACH`]).
    pub(super) last_claim_para: Option<usize>,
    /// The paragraph a sentence about net flows was in ([`FLOW`]).
    pub(super) flow_para: Option<usize>,
    pub(super) last_speaker: Option<String>,
    pub(super) claims: Vec<Claim>,
}

/// "Japan and China held $1.08tn and $898bn, respectively": one amount per
/// holder of the group, in order, when the stretch after the group names
/// exactly as many as it has holders and says "respectively".
fn respective_amounts(s: &str, g: &Group, end: usize) -> Option<Vec<Amount>> {
    let n = g.holders.len();
    let rest = &s[g.head_end..end];
    if n < 2 || !rest.contains("respectively") {
        return None;
    }
    let amounts: Vec<Amount> = AMOUNT.captures_iter(rest).map(|c| Amount::parse(&c, g.head_end)).collect();
    (amounts.len() == n).then_some(amounts)
}

/// One holder mention in a sentence; `holder` is `None` for a region.
pub(super) struct Mention {
    pub(super) range: Range<usize>,
    pub(super) holder: Option<Holder>,
}

/// Holders that share one stretch of a sentence: "Japan and the UK".
pub(super) struct Group {
    pub(super) holders: Vec<Holder>,
    /// Found through a pronoun ("they", "its"), not a name.
    pub(super) carried: bool,
    pub(super) start: usize,
    /// End of the group's last mention, where a headline verb would start.
    pub(super) head_end: usize,
}

/// A sentence and what applies to all of its segments.
pub(super) struct Sentence<'a> {
    /// The sentence as matched: [`recased`] if it was all capitals.
    pub(super) text: &'a str,
    /// The sentence as written.
    pub(super) quote: &'a str,
    pub(super) span: Span,
    pub(super) speaker: Option<String>,
    pub(super) latest: Option<Period>,
    pub(super) months: Vec<MonthRef>,
}

impl<'a> Tagger<'a> {
    pub(super) fn new(article: &'a Article) -> Tagger<'a> {
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
            .map(|range| Paragraph {
                context: CONTEXT.is_match(&text[range.clone()]),
                range,
                post_speaker: None,
            })
            .collect();
        for i in 0..paragraphs.len() {
            let Some(sig) = POST_SIGNATURE.captures(&text[paragraphs[i].range.clone()]) else {
                continue;
            };
            let handle = sig["handle"].to_string();
            for p in paragraphs[..i].iter_mut().rev().take(POST_MAX_PARAGRAPHS) {
                if p.range.len() > POST_MAX_BYTES {
                    break;
                }
                p.post_speaker = Some(handle.clone());
            }
        }
        // With only the month known, a month named in the text is the
        // latest such month out by that month's end. The Fed's weekly
        // custody figures are out the day after their week, so a report of
        // them is about the month it was published in.
        let latest = if CUSTODY.is_match(text) {
            article.published.map(Period::of_date).or(article.published_month)
        } else {
            article.published.map(calendar::latest_published_on).or_else(|| {
                article.published_month.map(|m| calendar::latest_published_on(m.last_day()))
            })
        };
        Tagger {
            text,
            latest,
            // A year folder in the URL dates yearless months as the text's
            // own years do, after them.
            anchor: latest.is_none().then(|| {
                text_anchor(text).or_else(|| Period::new(crate::extract::year_in_url(&article.url)?, 6))
            }).flatten(),
            published: article.published.map(Period::of_date).or(article.published_month),
            stated: None,
            paragraphs,
            para: 0,
            last_holder: None,
            last_country: None,
            last_subject: None,
            last_rank: None,
            mentioned: Vec::new(),
            last_institution: None,
            institutions: Vec::new(),
            last_claim_para: None,
            flow_para: None,
            last_speaker: None,
            claims: Vec::new(),
        }
    }

    pub(super) fn sentence(&mut self, span: Span) {
        while self.para + 1 < self.paragraphs.len()
            && self.paragraphs[self.para].range.end <= span.start
        {
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
        if !near
            && !self
                .paragraphs
                .get(self.para + 1)
                .is_some_and(|p| p.context)
        {
            return;
        }
        if FLOW.is_match(s) {
            self.flow_para = Some(self.para);
        }
        let groups = self.groups(s);
        if !near || groups.iter().all(|g| g.holders.is_empty()) {
            return;
        }
        let cues = Cues::of(s);
        if !on_topic(s, &cues) {
            return;
        }
        // What the aggregates do in the rest of a paragraph about net flows
        // is about them ("This total is $133bn larger"), and so is their
        // buying and selling, unless the sentence names holdings.
        let aggregates = groups.iter().flat_map(|g| &g.holders).all(|h| h.kind() == HolderKind::Aggregate);
        if aggregates
            && (self.flow_para == Some(self.para) || TRADED.is_match(s))
            && !EXPLICIT_HOLDINGS.is_match(s)
        {
            return;
        }
        let speaker = self.speaker(s, &cues);
        let mut months = MONTH
            .captures_iter(s)
            // A calendar date ("January 20, 2026", a release day) or an extremum's reference
            // ("since April 2022") is not the month the claim is about, though
            // an amount in a clause after it may be at it ("since April 2022,
            // when they stood at $X").
            // A date the figures are "as of" ("as of June 30", "at the end
            // of March 31") is their month, though.
            .filter(|c| c.name("day").is_none() || AS_OF_TAIL.is_match(&s[..c.get(0).expect("group 0").start()]))
            .map(|c| {
                let m = c.get(0).expect("group 0");
                // "June last year": the year before publication.
                let year: Option<i32> = c.name("y").and_then(|y| y.as_str().parse().ok()).or_else(|| {
                    let rel = c.name("rel")?;
                    self.published.map(|p| if rel.as_str() == "last" { p.year() - 1 } else { p.year() })
                });
                let month = month_number(&c["m"]);
                let at = MonthRef {
                    range: m.range(),
                    period: match (year, self.anchor) {
                        (None, Some(anchor)) => month_near(month, anchor),
                        _ => resolve_month(month, year, self.latest),
                    },
                    base: BASE_MONTH_TAIL.is_match(&s[..m.start()]),
                    // "since mid-April", "since early 2025".
                    since: SINCE_TAIL.is_match(&s[..m.start()]),
                    aside: false,
                };
                (at, year.is_some(), month)
            })
            .collect::<Vec<_>>();
        // "In September and October 2022": the range's year is the last
        // month's, and a claim about the range is at its end (the first
        // month is where it is counted from).
        for i in 1..months.len() {
            let (to, to_dated) = (months[i].0.period, months[i].1);
            let to_start = months[i].0.range.start;
            let (from, dated, _) = &mut months[i - 1];
            if *dated || !to_dated || !MONTH_RANGE_GAP.is_match(&s[from.range.end..to_start]) {
                continue;
            }
            if let (Some(f), Some(t)) = (from.period, to) {
                let year = if f.month() > t.month() { t.year() - 1 } else { t.year() };
                from.period = Period::new(year, f.month());
                from.base = true;
            }
        }
        // Undated, "holdings in June were the highest in a year, against
        // June 2018": a yearless month compared with the same month of a
        // stated year is a year after it.
        if self.latest.is_none() {
            let compared: Vec<Period> = months.iter().filter(|(m, dated, _)| *dated && m.base).filter_map(|(m, ..)| m.period).collect();
            for (m, dated, month) in months.iter_mut().filter(|(m, dated, _)| !*dated && m.states_claims()) {
                if let Some(from) = compared.iter().find(|p| p.month() == *month) {
                    m.period = Period::new(from.year() + 1, *month);
                    *dated = true;
                }
            }
        }
        // "at the end of 2025", "ended 2025 with": December of that year.
        let mut months: Vec<MonthRef> = months.into_iter().map(|(m, ..)| m).collect();
        let year_ends = YEAR_END.captures_iter(s).filter_map(|c| {
            let at = c.name("y").expect("year group");
            Some(MonthRef {
                range: at.range(),
                period: Period::new(at.as_str().parse().ok()?, 12),
                base: BASE_MONTH_TAIL.is_match(&s[..c.get(0).expect("group 0").start()]),
                since: false,
                aside: false,
            })
        });
        months.extend(year_ends);
        // "at the end of last year": December of the year before publication.
        let relative = self.published.map(Period::year).map(|y| {
            RELATIVE_YEAR_END.captures_iter(s).filter_map(move |c| {
                let whole = c.get(0).expect("group 0");
                Some(MonthRef {
                    range: whole.range(),
                    period: Period::new(if c.name("last").is_some() { y - 1 } else { y }, 12),
                    base: BASE_MONTH_TAIL.is_match(&s[..whole.start()]),
                    since: false,
                    aside: false,
                })
            })
        });
        months.extend(relative.into_iter().flatten());
        months.sort_by_key(|m| m.range.start);
        mark_asides(s, &mut months);
        let governing = self.stated.or(self.latest);
        let named = months.iter().rev().find(|m| m.states_claims()).and_then(|m| m.period);
        let sent = Sentence {
            text: s,
            quote,
            span,
            speaker,
            latest: governing,
            months,
        };
        let mut found: Vec<Claim> = Vec::new();
        let mut gapped = None;
        for (i, g) in groups.iter().enumerate() {
            let Some(first) = g.holders.first() else {
                continue;
            };
            // A pronoun is trusted only in a sentence that itself talks
            // about holdings or amounts ("they reflect growing concern" is not).
            // ("That is the lowest since 2017" is, by its superlative.)
            let extreme = || [&*LOW_SINCE, &*LOW_IN_YEARS, &*N_YEAR_LOW].iter().any(|re| re.is_match(s));
            if g.carried && !CONTEXT.is_match(s) && !AMOUNT.is_match(s) && !extreme() {
                continue;
            }
            let start = if i == 0 { 0 } else { g.start };
            let end = groups.get(i + 1).map_or(s.len(), |n| n.start);
            let claims = sent.segment(start..end, g.start..g.head_end, first, gapped);
            gapped = claims.iter().find(|c| c.kind == ClaimKind::Change).and_then(|c| c.direction);
            let respective = respective_amounts(s, g, end);
            // The amounts after the first belong to the other holders, in
            // the first one's role: a claim read from them alone is none.
            let others_only = |c: &Claim| {
                let value = |v: Option<UsdBillions>| v.map(|v| v.get().abs());
                respective.as_ref().is_some_and(|amounts| {
                    [value(c.level_usd_bn), value(c.change_usd_bn)].into_iter().flatten().any(|v| {
                        amounts[1..].iter().any(|a| (a.value - v).abs() < 1e-9) && (amounts[0].value - v).abs() >= 1e-9
                    })
                })
            };
            for (i, holder) in g.holders.iter().enumerate() {
                for c in claims.iter().filter(|c| !others_only(c)) {
                    let mut c = c.clone();
                    if let Some(amounts) = &respective {
                        amounts[i].replace_first(&amounts[0], &mut c);
                    }
                    // "Japan and China topped the list": two holders share
                    // no place, so the group's rank runs down its order.
                    let rank = match (c.kind, c.bound) {
                        (ClaimKind::Rank, None) => c.rank.map(|r| r + i as u32),
                        _ => c.rank,
                    };
                    merge(&mut found, Claim { holder: holder.clone(), rank, ..c });
                }
            }
        }
        let subject = groups.iter().find(|g| !g.carried || CONTEXT.is_match(s)).map(|g| g.holders.as_slice());
        // "Japan is next with $1.14tn", "Brazil, the next largest": the
        // place after the last one the text gave.
        if let (Some(h), Some(last)) = (subject.and_then(<[Holder]>::first), self.recent(&self.last_rank)) {
            if s.contains("next") && NEXT_RANK.is_match(s) && !found.iter().any(|c| c.kind == ClaimKind::Rank && &c.holder == h) {
                found.push(Claim { rank: Some(last + 1), ..sent.claim(h, ClaimKind::Rank, false) });
            }
        }
        rank_by_order(&sent, subject.unwrap_or_default(), &mut found);
        if !found.is_empty() {
            named_amounts(&sent, &self.mentioned, named, &mut found);
        }
        if let Some(r) = found.iter().filter(|c| c.kind == ClaimKind::Rank && c.bound.is_none()).filter_map(|c| c.rank).max() {
            self.last_rank = Some((r, self.para));
        }
        if !found.is_empty() {
            self.last_claim_para = Some(self.para);
        }
        // A claim that names no month is about the release the text last
        // named, else the latest one out when it was published (GUIDE rule 2).
        // Plans and forecasts are about the future, not a release.
        // A sentence about another year ("in 1999") is not about the release.
        let reports = |c: &Claim| !matches!(c.kind, ClaimKind::Intent | ClaimKind::Forecast);
        // Scanned only where a claim may take the month: most sentences have none.
        let other_year = !found.is_empty()
            && YEAR_SPAN_OF.captures_iter(s).any(|c| governing.is_some_and(|g| c["y"].parse() != Ok(g.year())));
        let mut own_news = Vec::new();
        for c in found.iter_mut().filter(|c| reports(c) && !other_year) {
            if c.period.is_none() && reports_own_moves(&c.holder) {
                c.period = self.published;
                own_news.push(c.holder.clone());
            } else {
                c.period = c.period.or(governing);
            }
        }
        // The release a sentence reports is the month its claims are about
        // ("rose to $472bn, reversing a decline in October" stays on the
        // governing month); a claim dated by a base or a "since" ("since
        // June 2018, when it stood at $147bn") is about the past, not the
        // release; a sentence with no claim ("data for November showed")
        // sets it by naming one.
        let past = |p: &Period| sent.months.iter().any(|m| !m.states_claims() && m.period == Some(*p));
        // A sentence whose claims are all about the past still names the
        // release it reports ("in June ..., against June 2018 when ...").
        let reported = if found.is_empty() {
            named
        } else {
            // A fund's news dated by publication names no release.
            let dated: Vec<Period> = found
                .iter()
                .rev()
                .filter(|c| reports(c) && !own_news.contains(&c.holder))
                .filter_map(|c| c.period)
                .collect();
            // ... but a plan's or a forecast's month is none ("will sell by
            // the end of March", "could top $350bn by the end of 2026").
            dated.iter().copied().find(|p| !past(p)).or(named.filter(|_| !dated.is_empty()))
        };
        if let Some(p) = reported {
            self.stated = Some(p);
        }
        self.claims.extend(found);
    }

    /// A remembered holder, if named in this paragraph or the one before.
    pub(super) fn recent<T: Clone>(&self, last: &Option<(T, usize)>) -> Option<T> {
        last.as_ref()
            .filter(|(_, para)| self.para <= para + 1)
            .map(|(h, _)| h.clone())
    }

    /// Whether the sentence is in a holdings context: its paragraph or the
    /// one before mentions Treasuries or holdings (so does the sentence, if
    /// it does), or a recent paragraph made a claim.
    pub(super) fn near_context(&self) -> bool {
        self.last_claim_para
            .is_some_and(|p| self.para <= p + CLAIM_CONTEXT_REACH)
            || self.paragraphs[self.para].context
            || self
                .para
                .checked_sub(1)
                .is_some_and(|p| self.paragraphs[p].context)
    }

    /// Who the sentence is attributed to, remembering named speakers so
    /// "the post read" can refer back to them.
    pub(super) fn speaker(&mut self, s: &str, cues: &Cues) -> Option<String> {
        if let Some(handle) = &self.paragraphs[self.para].post_speaker {
            return Some(handle.clone());
        }
        let para = &self.text[self.paragraphs[self.para].range.clone()];
        let quoted_para = para.starts_with(['“', '"']);
        let found = ACCORDING_TO
            .captures(s)
            .or_else(|| cues.has(Cue::Speech).then(|| said(s)).flatten())
            .or_else(|| {
                cues.has(Cue::Speech)
                    .then(|| SAID_BEFORE.captures(s))
                    .flatten()
            })
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
}

/// Adds the ranks the sentence implies by listing holders in order (see
/// [`ranks::listed`]), and corrects the subject's rank by the list.
fn rank_by_order(sent: &Sentence<'_>, group: &[Holder], found: &mut Vec<Claim>) {
    let is_rank_of = |c: &Claim, h: &Holder| c.kind == ClaimKind::Rank && &c.holder == h;
    let subject = group.first();
    // A list "followed by" a group ranks below the group's last place.
    let subject_rank = group.iter().filter_map(|h| found.iter().find(|c| is_rank_of(c, h))).filter_map(|c| c.rank).max();
    let (listed, fixed) = ranks::listed(sent.text, subject_rank);
    if listed.is_empty() {
        return;
    }
    if let Some(h) = subject {
        match found.iter_mut().find(|c| is_rank_of(c, h)) {
            Some(c) => c.rank = fixed.or(c.rank),
            None => found.extend(fixed.map(|r| Claim { rank: Some(r), ..sent.claim(h, ClaimKind::Rank, false) })),
        }
    }
    // The listed holders are ranked in the subject's month; a place in a
    // list says more than "among the top five" did.
    let period = subject.and_then(|h| found.iter().find(|c| &c.holder == h)).and_then(|c| c.period);
    for (h, r) in listed {
        match found.iter_mut().find(|c| is_rank_of(c, &h)) {
            Some(c) if c.bound.is_some() => (c.rank, c.bound) = (Some(r), None),
            Some(_) => {}
            None => found.push(Claim { rank: Some(r), period, ..sent.claim(&h, ClaimKind::Rank, false) }),
        }
    }
}

/// A sentence in all capitals ("JAPAN'S TREASURY HOLDINGS RISE TO $1.2
/// TRILLION") or all lower case, recased so names and months match: words of
/// four letters or more get a capital and lower case; two- and three-letter
/// words keep their case in a shouted sentence ("UK", "US") and get a capital
/// in a lower-case one; lone letters go lower case. A lead run in capitals
/// ("CHINA'S holdings fell") is recased alone. Only ASCII letters change,
/// so byte offsets stay those of the text.
pub(super) fn recased(s: &str) -> Option<String> {
    const MIN_LETTERS: usize = 8;
    let letters = s.bytes().filter(u8::is_ascii_alphabetic).count();
    let upper = s.bytes().any(|b| b.is_ascii_uppercase());
    let lower = s.bytes().any(|b| b.is_ascii_lowercase());
    if letters < MIN_LETTERS {
        return None;
    }
    let words = s.split_inclusive(|c: char| !c.is_ascii_alphanumeric());
    if !(upper && lower) {
        return Some(words.map(|w| recased_word(w, upper)).collect());
    }
    // A lead in capitals before the rest of the sentence ("CHINA'S holdings
    // fell", "NEW YORK -- Foreign holdings"): only the run is recased.
    let run: Vec<&str> = words.take_while(|w| !w.bytes().any(|b| b.is_ascii_lowercase())).collect();
    let shouted = run.iter().any(|w| w.bytes().take_while(u8::is_ascii_alphabetic).count() >= 4);
    if !shouted {
        return None;
    }
    let len: usize = run.iter().map(|w| w.len()).sum();
    Some(run.iter().map(|w| recased_word(w, true)).chain(std::iter::once(s[len..].to_string())).collect())
}

/// One word of a recased sentence (see [`recased`]); `shouted` keeps two-
/// and three-letter words ("UK", "US") as they are.
fn recased_word(word: &str, shouted: bool) -> String {
    let len = word.bytes().take_while(u8::is_ascii_alphanumeric).count();
    if shouted && (2..=3).contains(&len) {
        return word.to_string();
    }
    // A lone letter is an article or the "s" of "JAPAN'S": lower case.
    let mut chars = word.chars();
    let Some(first) = chars.next() else { return String::new() };
    let head = if len > 1 { first.to_ascii_uppercase() } else { first.to_ascii_lowercase() };
    std::iter::once(head).chain(chars.map(|c| c.to_ascii_lowercase())).collect()
}

/// "X said" in `s`, unless X is a pronoun.
pub(super) fn said(s: &str) -> Option<Captures<'_>> {
    if !SPEECH.is_match(s) {
        return None;
    }
    SAID.captures_iter(s).find(|c| !is_pronoun(&c["who"]))
}

/// Whether nothing says the sentence is about something other than
/// Treasury holdings (yields, gold, the Fed's balance sheet, net purchases).
/// Whether a holder reports its own moves as it makes them: a fund or an
/// asset manager, not a central bank, whose holdings TIC's table reports.
fn reports_own_moves(holder: &Holder) -> bool {
    let name = holder.name().to_lowercase();
    holder.kind() == HolderKind::Institution
        && !["central bank", "bank of ", "national bank", "reserve bank", "monetary authority"].iter().any(|b| name.contains(b))
}

pub(super) fn on_topic(s: &str, cues: &Cues) -> bool {
    let named = || {
        EXPLICIT_HOLDINGS.is_match(s) || OWN_HOLDINGS.is_match(s) && !OTHER_ASSETS.is_match(s)
    };
    let rejected = || REJECT.is_match(s) || OTHER_SECURITIES.is_match(s) && !TREASURY_WORD.is_match(s);
    (!cues.has(Cue::OffTopic) || named()) && !(cues.has(Cue::Reject) && rejected())
}

/// Adds a claim, or folds it into the sentence's claim of the same kind for
/// the same holder: one claim per fact kind per holder per sentence and
/// month (a past peak beside today's level is two).
pub(super) fn merge(found: &mut Vec<Claim>, c: Claim) {
    let apart = |e: &Claim| e.period.is_some() && c.period.is_some() && e.period != c.period;
    let Some(e) = found
        .iter_mut()
        .find(|e| e.holder == c.holder && e.kind == c.kind && !apart(e))
    else {
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
