//! Holder mentions and what refers back to them: the holders a sentence
//! names, grouped into subjects with objects dropped, and the pronouns,
//! descriptions and bare subjects that carry the last one; amounts named
//! beside a holder that is no subject.

use std::borrow::Cow;
use std::ops::Range;

use regex::Captures;

use super::patterns::*;
use super::segment::*;
use super::tagger::{Group, Mention, Sentence, Tagger};
use super::{Claim, ClaimKind};
use crate::gazetteer::{self, Holder, HolderKind};
use crate::units::Period;

impl<'a> Tagger<'a> {
    /// The holder mentions of a sentence, grouped: objects ("overtook
    /// China") dropped, "Japan and the UK" joined, repeats of one holder
    /// kept in one group. Falls back to a pronoun for the last holder.
    pub(super) fn groups(&mut self, s: &str) -> Vec<Group> {
        let overlaps = |mentions: &[Mention], r: &Range<usize>| {
            mentions
                .iter()
                .any(|m| m.range.start < r.end && r.start < m.range.end)
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
                mentions.push(Mention {
                    range: start..c.get(0).expect("group 0").end(),
                    holder: Some(h),
                });
            }
        }
        // Institutions named earlier in the article, now without their description.
        for h in &self.institutions {
            for (at, name) in s.match_indices(h.name()) {
                let range = at..at + name.len();
                let bounded = !s[..at].ends_with(char::is_alphanumeric)
                    && !s[range.end..].starts_with(char::is_alphanumeric);
                if bounded && !overlaps(&mentions, &range) {
                    mentions.push(Mention {
                        range,
                        holder: Some(h.clone()),
                    });
                }
            }
        }
        let institutions = if INSTITUTION_CUE.is_match(s) { s } else { "" };
        for c in INSTITUTION.captures_iter(institutions) {
            let whole = c.get(0).expect("group 0");
            // "Dutch pension funds" are institutions of a place; "Foreign
            // hedge funds" name no place and no institution.
            let placeless = c.name("group_place").is_some_and(|p| gazetteer::resolve(p.as_str()).is_none());
            if placeless || overlaps(&mentions, &whole.range()) {
                continue;
            }
            let holder = if let Some(n) = c
                .name("named")
                .or(c.name("titled"))
                .or(c.name("camel"))
                .or(c.name("bank"))
                // "Dutch pension funds": a group of institutions, named as written.
                .or(c.name("group"))
            {
                // "The Hong Kong Monetary Authority" is the authority's name without "The".
                let name = n.as_str().trim();
                let h = Holder::named(name.strip_prefix("The ").unwrap_or(name));
                self.last_institution = Some((h.clone(), self.para));
                h
            } else if let Some((country, kind)) = [
                ("of", "of_kind"),
                ("poss", "poss_kind"),
                ("adj", "adj_kind"),
            ]
            .iter()
            .find_map(|(who, kind)| c.name(who).zip(c.name(kind)))
            // "Chinese central bank" names a country; "The central bank" does not.
            .filter(|(country, _)| {
                c.name("adj").is_none() || gazetteer::resolve(country.as_str()).is_some()
            }) {
                // "Norway's sovereign wealth fund" -> "Norway sovereign wealth fund".
                let name =
                    gazetteer::resolve(country.as_str()).map_or(country.as_str(), |e| e.canonical);
                let kind = kind
                    .as_str()
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ");
                Holder::named(&format!("{name} {kind}"))
            } else {
                self.recent(&self.last_institution)
                    .unwrap_or_else(|| Holder::named(whole.as_str()))
            };
            mentions.push(Mention {
                range: whole.range(),
                holder: Some(holder),
            });
        }
        for m in GAZETTEER.find_iter(s) {
            if !overlaps(&mentions, &m.range()) {
                mentions.push(Mention {
                    range: m.range(),
                    holder: Some(gazetteer_holder(m.as_str())),
                });
            }
        }
        for m in REGION.find_iter(s) {
            // "the Asian nation" describes a holder named before; it is no region's.
            let describes = DESCRIBED_NATION.is_match(&s[m.end()..]);
            if !describes && !overlaps(&mentions, &m.range()) {
                mentions.push(Mention {
                    range: m.range(),
                    holder: None,
                });
            }
        }
        mentions.sort_by_key(|m| m.range.start);
        self.mentioned = mentions.iter().filter_map(|m| Some((m.range.clone(), m.holder.clone()?))).collect();

        let mut groups: Vec<Group> = Vec::new();
        // A relative clause set off by commas is an aside: the holders named
        // in it do not take the rest of the sentence from its subject
        // ("Japan, which is second to China, increased its total").
        let asides: Vec<Range<usize>> = if s.contains(", wh") { ASIDE.find_iter(s).map(|a| a.range()).collect() } else { Vec::new() };
        let mut prev: Option<(usize, bool)> = None; // end of the last mention, whether it was an object
        for m in mentions {
            let gap = prev.map(|(end, _)| &s[end..m.range.start]);
            let join = gap.and_then(|g| JOIN_GAP.captures(g));
            // A list after an object is objects: "behind Chile and Mexico",
            // "after Chile, Mexico and Brazil" (a comma alone joins only where
            // the list goes on: in "Unlike Japan, China cut", China acts).
            let list_goes_on = || LIST_GOES_ON.is_match(&s[m.range.end..]);
            let object = match (&join, prev) {
                (Some(j), Some((_, true))) if j.name("conj").is_some() || list_goes_on() => true,
                _ => {
                    OBJECT_TAIL.is_match(&s[..m.range.start])
                        // "Belgium (which some say holds Chinese accounts) added":
                        // a holder in brackets after another is an aside.
                        || !groups.is_empty()
                            && (EXAMPLE_TAIL.is_match(&s[..m.range.start]) || in_brackets(&s[..m.range.start]))
                }
            };
            // "the biggest overseas holdings": a rank's description.
            let ranked = || {
                m.holder.as_ref().is_some_and(|h| h.kind() == HolderKind::Aggregate)
                    && RANKED_AGGREGATE_TAIL.is_match(&s[..m.range.start])
            };
            let object = object
                || ranked()
                || asides.iter().any(|a| a.start < m.range.start && m.range.end < a.end)
                || PLACE_MODIFIER.is_match(&s[m.range.end..]) && !BASED_HOLDINGS.is_match(&s[m.range.end..])
                // "Argentine bonds", "China's special-purpose bonds": the
                // country's own markets, not its Treasury holdings.
                || OWN_MARKET.captures(&s[m.range.end..]).is_some_and(|c| {
                    let rest = &s[m.range.end + c.get(0).expect("group 0").end()..];
                    !c.name("adj").is_some_and(|a| {
                        matches!(a.as_str(), "US" | "American" | "Treasury" | "dollar")
                    }) && !HELD_NOUN.is_match(rest)
                });
            prev = Some((m.range.end, object));
            if object {
                continue;
            }
            match groups.last_mut() {
                Some(g)
                    if join.is_some()
                        || g.holders.first() == m.holder.as_ref() && m.holder.is_some() =>
                {
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
        // "The Kingdom is the 17th largest holder, while the UAE ranks
        // 23rd": a subject that refers back opens the sentence before the
        // first name, and its stretch is its own.
        if let Some(first) = groups.first().map(|g| g.start) {
            // A bare "It" or "They" may be anyone's ("It got to the point
            // that ...", "They added that ..."); a description is a holder's.
            let bare = |r: &Range<usize>| {
                let w = s[r.clone()].trim().trim_end_matches(['\'', '’', 's']).to_ascii_lowercase();
                matches!(w.as_str(), "it" | "that" | "this" | "they" | "thi")
            };
            let lead = PRONOUN.captures(&s[..first]).filter(|p| {
                let r = p.get(0).expect("group 0").range();
                s[..r.start].trim().is_empty() && !bare(&r)
            });
            let lead = lead.and_then(|p| Some((p.get(0).expect("group 0").range(), self.referent(&p)?)));
            if let Some((r, h)) = lead {
                if !groups.iter().any(|g| g.holders.contains(&h)) {
                    groups.insert(0, Group { holders: vec![h], carried: true, start: r.start, head_end: r.end });
                }
            }
        }
        if groups.is_empty() {
            // Only a pronoun with no other name before it refers back:
            // in "BW Group trims its stake", "its" is BW Group's. Names in
            // an aside do not count ("The group, which includes the
            // Bahamas, raised its holdings").
            let main = blank(s, &asides);
            let pronoun = PRONOUN
                .captures(s)
                .filter(|p| {
                    let before = &main[..p.get(0).expect("group 0").start()];
                    !names_before(ATTRIBUTION_LEAD.find(before).map_or(before, |a| &before[a.end()..]))
                });
            let referred = pronoun
                .and_then(|p| Some((p.get(0).expect("group 0").range(), self.referent(&p)?)))
                .or_else(|| {
                    let c = HOLDINGS_SUBJECT.captures(s).filter(|c| c.name("owner").is_none())?;
                    let head = c.name("head").expect("head group").range();
                    Some((head, self.recent(&self.last_subject)?))
                });
            if let Some((r, h)) = referred {
                groups.push(Group { holders: vec![h], carried: true, start: r.start, head_end: r.end });
            }
        }
        if let Some(h) = groups.iter().rev().find_map(|g| g.holders.last()) {
            self.last_holder = Some((h.clone(), self.para));
        }
        let mut named = groups.iter().flat_map(|g| &g.holders);
        if let Some(h) = named.clone().next() {
            self.last_subject = Some((h.clone(), self.para));
        }
        if let Some(h) = named.rfind(|h| h.kind() == HolderKind::Country) {
            self.last_country = Some((h.clone(), self.para));
        }
        groups
    }

    /// Who a reference back names: "the fund" the last institution, a
    /// description ("the Asian nation", "The largest creditor") the last
    /// country, "its holdings" or "they" the last holder.
    fn referent(&self, p: &Captures) -> Option<Holder> {
        let recent = self.recent(&self.last_holder);
        if p.name("inst").is_some() {
            return self.recent(&self.last_institution).or(recent);
        }
        let described = p.get(0).expect("group 0").as_str().trim_start().get(..4).is_some_and(|w| w.eq_ignore_ascii_case("the "));
        if described {
            // The subject before any country mentioned on the way: in
            // "Ireland ranks fourth, after China, Japan and the Cayman
            // Islands. The European nation ...", Ireland.
            let subject = self.recent(&self.last_subject).filter(|h| h.kind() == HolderKind::Country);
            subject.or_else(|| self.recent(&self.last_country)).or(recent)
        } else {
            recent
        }
    }
}

/// Levels of holders named beside their amount though they are no
/// subject ("surpassing China's $765.4bn", "behind China ($1.27tn)",
/// "$1,112.5bn held by China"), in the month the sentence names, in a
/// sentence that makes claims of its own.
pub(super) fn named_amounts(sent: &Sentence<'_>, mentioned: &[(Range<usize>, Holder)], month: Option<Period>, found: &mut Vec<Claim>) {
    let s = sent.text;
    for (m, holder) in mentioned {
        if found.iter().any(|c| &c.holder == holder && c.level_usd_bn.is_some()) {
            continue;
        }
        let after = NAMED_WITH.find(&s[m.end..]).and_then(|w| {
            let at = m.end + w.end();
            AMOUNT.captures_at(s, at).filter(|c| c.get(0).is_some_and(|a| a.start() == at))
        });
        let before = || {
            let held = HELD_BY_TAIL.find(&s[..m.start])?;
            AMOUNT.captures_iter(&s[..held.start()]).last().filter(|c| c.get(0).is_some_and(|a| a.end() == held.start()))
        };
        let Some(c) = after.or_else(before) else { continue };
        let rest = &s[c.get(0).expect("group 0").end()..];
        if OTHER_CURRENCY_AFTER.is_match(rest) || OTHER_TOTAL_AFTER.is_match(rest) {
            continue;
        }
        let a = Amount::parse(&c, 0);
        let mut claim = Claim { period: month, ..sent.claim(holder, ClaimKind::Level, false) };
        a.set_level(&mut claim);
        found.push(claim);
    }
}

/// Whether a capitalised word other than the first stands in `text`,
/// US and Treasury aside: a name a later pronoun could refer to.
pub(super) fn names_before(text: &str) -> bool {
    text.split_whitespace().skip(1).any(|w| {
        let w = w.trim_matches(|c: char| !c.is_alphanumeric());
        w.starts_with(char::is_uppercase)
            && !matches!(
                w,
                "US" | "U.S" | "American" | "Treasury" | "Treasuries" | "Treasurys" | "I"
            )
    })
}

/// Whether "NAME, a DESC fund" names a fund: not a country, not a sentence
/// opener ("Separately, the ... fund"), and the fund noun heads the
/// description ("a hub for hedge funds" has a preposition before it).
pub(super) fn appositive_names_fund(name: &str, desc: &str) -> bool {
    let single = !name.contains(char::is_whitespace);
    let opener = single && (name.ends_with("ly") || OPENERS.contains(&name));
    // "... in November, the central bank said": a date, not a name.
    let dated = name.split_whitespace().last().and_then(crate::months::number).is_some();
    !opener
        && !dated
        && gazetteer::resolve(name).is_none()
        && !desc
            .split_whitespace()
            .any(|w| PREPOSITIONS.contains(&w.to_ascii_lowercase().as_str()))
}

/// `text` with the bytes in `ranges` made spaces, so offsets still hold.
fn blank<'t>(text: &'t str, ranges: &[Range<usize>]) -> Cow<'t, str> {
    if ranges.is_empty() {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    for (i, c) in text.char_indices() {
        if ranges.iter().any(|r| r.contains(&i)) {
            out.extend(std::iter::repeat_n(' ', c.len_utf8()));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Whether the end of `text` lies inside an open bracket.
pub(super) fn in_brackets(text: &str) -> bool {
    text.bytes().filter(|&b| b == b'(').count() > text.bytes().filter(|&b| b == b')').count()
}

pub(super) fn is_pronoun(who: &str) -> bool {
    matches!(
        who,
        "He" | "She" | "They" | "It" | "We" | "I" | "You" | "This" | "That"
    )
}
