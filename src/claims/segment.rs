//! One holder's stretch of a sentence read into claims: amounts and their
//! roles, the change, level, extremum, rank, forecast and trend it states.

use std::ops::Range;

use regex::Captures;

use super::patterns::*;
use super::mentions::in_brackets;
use super::tagger::*;
use super::time::window;
use super::words::*;
use super::{Bound, Claim, ClaimKind, Intensity};
use crate::gazetteer::Holder;
use crate::units::{Direction, Period, UsdBillions};

/// What a sentence's change is measured over, when not the previous month.
#[derive(Clone, Copy)]
pub(super) enum Window {
    /// "over the past year": this many months back from the period.
    Months(i32),
    /// "over the course of 2025": the calendar year, from the December before.
    Year(i32),
    /// "from the end of 2024": from this month.
    From(Period),
}

/// A month named in a sentence, resolved to a data month.
pub(super) struct MonthRef {
    pub(super) range: Range<usize>,
    pub(super) period: Option<Period>,
    /// "from November": the month a change is measured from.
    pub(super) base: bool,
    /// "since April 2022": the month a record or a move is counted from.
    pub(super) since: bool,
    /// "Japan, which took the top spot last October, sold $20bn in June":
    /// in a relative clause between commas while the main clause names a
    /// month of its own, which the main clause's claims are about.
    pub(super) aside: bool,
}

impl MonthRef {
    /// Whether claims may be about this month: it is neither a base, a
    /// "since", nor an aside's.
    pub(super) fn states_claims(&self) -> bool {
        !self.base && !self.since && !self.aside
    }
}

/// An amount of money in the text, in billions.
pub(super) struct Amount {
    pub(super) range: Range<usize>,
    pub(super) value: f64,
    pub(super) half_unit: f64,
    pub(super) approx: bool,
    pub(super) bound: Option<Bound>,
    /// "below $500bn": after a verb this is a level, not a change.
    pub(super) positional: bool,
}

/// A percentage in the text.
pub(super) struct Percent {
    pub(super) value: f64,
    pub(super) half_unit: f64,
    /// Where it ends in the article text.
    pub(super) end: usize,
}

/// What role an amount plays, read from the words before it.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Role {
    Level,
    /// "down from $688.7bn": the level a change starts from.
    Base,
    Change,
    Forecast,
}

impl Sentence<'_> {
    /// A claim of `kind` about `holder` from this sentence, fields unset.
    pub(super) fn claim(&self, holder: &Holder, kind: ClaimKind, hedged: bool) -> Claim {
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
            intensity: Intensity::of_sentence(self.quote),
        }
    }

    /// The month an amount is at: "$682.6 billion in November".
    pub(super) fn month_of(&self, a: &Amount) -> Option<&MonthRef> {
        self.months
            .iter()
            .find(|m| m.range.start >= a.range.end && MONTH_GAP.is_match(&self.text[a.range.end..m.range.start]))
    }

    /// The month a move's amount is told in: "a $5.1bn drop in October",
    /// "a decline of $7.8bn recorded in October".
    fn month_after_move(&self, a: &Amount) -> Option<&MonthRef> {
        let rest = &self.text[a.range.end..];
        let noun = CHANGE_NOUN.find(rest).map_or(0, |n| n.end());
        let at = a.range.end + noun;
        self.months
            .iter()
            .find(|m| m.range.start >= at && MOVE_MONTH_GAP.is_match(&self.text[at..m.range.start]))
    }

    /// The past month an amount is at in a clause after it: "June 2018,
    /// when it stood at $147.3 billion". It dates that amount alone.
    pub(super) fn month_when(&self, a: &Amount) -> Option<&MonthRef> {
        self.months
            .iter()
            .rev()
            .find(|m| m.range.end <= a.range.start && WHEN_GAP.is_match(&self.text[m.range.end..a.range.start]))
    }

    /// A peak the segment names as a past amount with its month ("down
    /// from the $1.32tn peak in November 2013", "the March 2024 peak of
    /// $135.9bn", "had peaked at $247.2bn in September 2024"): an extremum
    /// of that month, apart from what the sentence reports.
    fn past_peak<'a>(&self, amounts: &'a [Amount], end: usize) -> Option<(&'a Amount, Period)> {
        amounts.iter().find_map(|a| {
            let before = &self.text[..a.range.start];
            let after = &self.text[a.range.end..end];
            let month = self.months.iter().find_map(|m| {
                let follows = m.range.start >= a.range.end
                    && PEAK_MONTH_GAP.is_match(&self.text[a.range.end..m.range.start]);
                let leads = m.range.end <= a.range.start && MONTH_PEAK_GAP.is_match(&self.text[m.range.end..a.range.start]);
                (follows || leads).then_some(m.period).flatten()
            })?;
            (PAST_PEAK_TAIL.is_match(before) || PEAK_AFTER.is_match(after)).then_some((a, month))
        })
    }

    /// Reads the claims of one segment, the stretch of the sentence that
    /// belongs to one holder group; `head` is the group's mention(s).
    /// `gapped` is the move of the segment before, which "and Japan by
    /// $14.2bn" leaves out (gapping): it gives an amount after "by" its
    /// direction when the segment has no verb of its own.
    pub(super) fn segment(
        &self,
        seg: Range<usize>,
        head: Range<usize>,
        holder: &Holder,
        gapped: Option<Direction>,
    ) -> Vec<Claim> {
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
            has(Family::Negation)
                && NEGATION.find(t).is_some_and(|neg| {
                    v.start >= neg.end() && v.start - neg.end() <= NEGATION_REACH
                })
        });
        // "the share of Treasuries in total reserves fell": a share of a
        // total moved, which says nothing of the holdings themselves.
        if negated || has(Family::Share) && SHARE_OF_TOTAL.is_match(&t[..verb.map_or(t.len(), |v| v.start)]) {
            return Vec::new();
        }
        let hedged = has(Family::Hedge);
        // Amounts and percentages need a digit: most segments skip both scans.
        let digits = t.bytes().any(|b| b.is_ascii_digit());
        let amounts: Vec<Amount> = AMOUNT
            .captures_iter(if digits { t } else { "" })
            .filter(|c| {
                let m = c.get(0).expect("group 0");
                !OTHER_CURRENCY_BEFORE.is_match(&t[..m.start()])
                    && !OTHER_CURRENCY_AFTER.is_match(&t[m.end()..])
                    // Read in the sentence: the fund an amount sizes may
                    // open the next holder's segment.
                    && !OTHER_TOTAL_AFTER.is_match(&s[seg.start + m.end()..])
                    && !FLOW_VERB_TAIL.is_match(&t[..m.start()])
                    && !RANGE_BEFORE.is_match(&t[..m.start()])
                    && !RANGE_AFTER.is_match(&t[m.end()..])
                    // "$7.2tn held by foreign countries" is theirs, unless
                    // this segment's holder is the one named.
                    && HELD_BY_AFTER.find(&t[m.end()..]).is_none_or(|h| {
                        let by = seg.start + m.end() + h.end();
                        (by..by + 6).contains(&head.start)
                    })
            })
            .map(|c| {
                let mut a = Amount::parse(&c, seg.start);
                // "now top $100bn": a lower bound, not a level.
                if a.bound.is_none() && OVER_TAIL.is_match(&s[seg.start..a.range.start]) {
                    a.bound = Some(Bound::Over);
                }
                // "edged up to $59.9bn" is a move, not "up to" as a bound.
                let up_to = s[a.range.start..]
                    .get(..5)
                    .is_some_and(|w| w.eq_ignore_ascii_case("up to"));
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
            .map(|c| {
                (
                    direction_of(&c),
                    seg.start + c.get(0).expect("group 0").end(),
                )
            })
            .or_else(|| {
                let rest = &s[head.end.max(seg.start)..seg.end];
                HEADLINE_INTENT.captures(rest).map(|c| {
                    (
                        direction_of(&c),
                        head.end + c.get(0).expect("group 0").end(),
                    )
                })
            });
        if let Some((direction, end)) = intent {
            let mut c = self.claim(holder, ClaimKind::Intent, hedged);
            c.direction = Some(direction);
            if let Some(a) = amounts.iter().find(|a| a.range.start >= end) {
                // "plans to sell $100m of Treasuries" is the move planned;
                // "to sell its entire $100m holding" the level it starts from.
                if verb_before(&s[seg.start..a.range.start]).is_some() {
                    a.set_change(&mut c, direction);
                } else {
                    a.set_level(&mut c);
                }
                c.period = self.month_of(a).and_then(|m| m.period);
            }
            out.push(c);
            return out;
        }

        let past_peak = has(Family::Extreme).then(|| self.past_peak(&amounts, seg.end)).flatten();
        let mut level = None;
        let mut base = None;
        let mut change = None;
        let mut forecast = None;
        // Moves after the first, which may be of another month ("after a
        // similar $5.1bn drop in October").
        let mut earlier: Vec<(&Amount, Option<Direction>)> = Vec::new();
        for a in &amounts {
            let before = &s[seg.start..a.range.start];
            let (role, verb_dir) = if let Some(f) = FORECAST_TAIL.captures(before) {
                let d = if f.name("down").is_some() || f.name("up").is_some() {
                    Some(direction_of(&f))
                } else {
                    a.bound.map(|b| {
                        if b == Bound::Under {
                            Direction::Down
                        } else {
                            Direction::Up
                        }
                    })
                };
                (Role::Forecast, d)
            } else if PEAK_TAIL.is_match(before)
                // "a 40% fall from the roughly $57bn peak in 2013": that
                // peak is an extremum of its own month, not a level now.
                || past_peak.is_some_and(|(p, _)| std::ptr::eq(p, a)) && FROM_PEAK_TAIL.is_match(before)
            {
                continue;
            } else if let Some(f) = FROM_TAIL.captures(before) {
                (
                    Role::Base,
                    (f.name("up").is_some() || f.name("down").is_some()).then(|| direction_of(&f)),
                )
            } else if let Some(v) = THAN_EARLIER
                .captures(&s[a.range.end..seg.end])
                .or_else(|| CHANGE_NOUN.captures(&s[a.range.end..seg.end]))
                .or_else(|| CHANGE_NOUN_OF.captures(before))
                // Its longest match is well under 160 bytes: the scan need not
                // read the whole sentence before every amount.
                .or_else(|| CHANGE_SUBJECT_TAIL.captures(crate::extract::trailing(&s[..a.range.start], 160)))
            {
                (Role::Change, Some(direction_of(&v)))
            } else if TOTAL_TAIL.is_match(before) {
                (Role::Level, None)
            } else if BY_TAIL.is_match(before) || dir.is_some() && WORTH_TAIL.is_match(before) {
                // "After rising six-fold, holdings fell by $13.5bn": the verb
                // right before "by" gives the move, not the segment's first.
                let verb = verb_before(before).map(|v| direction_of(&v));
                (Role::Change, verb.or(dir).or(gapped))
            } else if let Some(v) = verb_before(before).filter(|_| !a.positional) {
                (Role::Change, Some(direction_of(&v)))
            } else {
                (Role::Level, None)
            };
            // "Despite a wall of $9.2tn, foreign holdings surged to $13tn": a
            // level the holder's own verb leads to outranks one before its name.
            let led_to = role == Role::Level
                && a.range.start > head.end
                && verb_at.is_some_and(|v| head.start <= v && v < a.range.start)
                && level.is_some_and(|(l, _): (&Amount, _)| l.range.end <= head.start);
            if led_to {
                level = None;
            }
            if role == Role::Change && change.is_some() {
                earlier.push((a, verb_dir));
            }
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
        let percent = PERCENT
            .captures_iter(if digits { t } else { "" })
            .find_map(|c| {
                let m = c.get(0).expect("group 0");
                let before = &t[..m.start()];
                let d = CHANGE_NOUN
                    .captures(&t[m.end()..])
                    .map(|n| direction_of(&n))
                    .or_else(|| verb_before(before).map(|v| direction_of(&v)))
                    .or_else(|| CHANGE_NOUN_OF.captures(before).map(|n| direction_of(&n)))
                    .or_else(|| VERB_OBJECT_TAIL.captures(before).map(|v| direction_of(&v)))
                    .or_else(|| {
                        // "and Brazil by 26.7%": the move left out is the one before.
                        let by = BY_TAIL.is_match(before);
                        (by || OR_TAIL.is_match(before)).then_some(dir.or(gapped.filter(|_| by))).flatten()
                    })?;
                // A whole percent is taken as stated to the unit: "30%" -> 0.5.
                let (value, half_unit) = decimal(&c["num"])?;
                Some(Percent {
                    value: sign(d) * value,
                    half_unit: half_unit.min(0.5),
                    end: seg.start + m.end(),
                })
            });
        // "doubled", "six-fold": a percent the words give.
        // Most segments name no multiple: a byte scan spares them the pattern.
        let multiple = || ["fold", "oubl", "ripl", "rebl", "uadrupl", "alv", "half"].iter().any(|w| t.contains(w));
        let percent = percent.or_else(|| {
            let c = multiple().then(|| MULTIPLE.captures(t)).flatten()?;
            let times = if c.name("two").is_some() {
                2
            } else if c.name("three").is_some() {
                3
            } else if c.name("four").is_some() {
                4
            } else if c.name("half").is_some() {
                return Some(Percent { value: -50.0, half_unit: 5.0, end: seg.start + c.get(0).expect("group 0").end() });
            } else {
                number(&c["n"]).or_else(|| c["n"].parse().ok())?
            };
            // A reader's "doubled" is round: within a tenth of the multiple.
            let value = f64::from(times - 1) * 100.0;
            Some(Percent { value, half_unit: 10.0 * f64::from(times), end: seg.start + c.get(0).expect("group 0").end() })
        });
        // "a record $481.0bn" is a high unless the verb says otherwise.
        let record = amounts
            .iter()
            .any(|a| RECORD_TAIL.is_match(&s[seg.start..a.range.start]))
            .then(|| dir.unwrap_or(Direction::Up));

        // A month after the segment's last figure and a comma sits in a
        // clause about something else ("..., more than reversing a decline
        // in October"); a month a change is measured from is its base.
        let figures: Vec<usize> = amounts
            .iter()
            .map(|a| a.range.end)
            .chain(percent.as_ref().map(|p| p.end))
            .collect();
        // A month in a later segment counts from the last figure before it:
        // in "Japan held $X, Britain $Y and China $Z in November" it is
        // every holder's. A month in brackets is an aside ("(Oct: $419bn)").
        let in_claim_clause = |m: &MonthRef| {
            let later = (m.range.start > seg.end)
                .then(|| {
                    AMOUNT
                        .find_iter(&s[seg.end..m.range.start])
                        .last()
                        .map(|a| seg.end + a.end())
                })
                .flatten();
            let last = later.or_else(|| {
                figures
                    .iter()
                    .filter(|&&e| e <= m.range.start)
                    .max()
                    .copied()
            });
            last.is_none_or(|e| !s[e..m.range.start].contains(','))
                && !in_brackets(&s[..m.range.start])
        };
        let base_month = base.and_then(|(b, _)| self.month_of(b));
        let default_month = self
            .months
            .iter()
            .find(|m| {
                m.states_claims() && in_claim_clause(m) && base_month.is_none_or(|bm| bm.range != m.range)
            })
            .and_then(|m| m.period);
        let level_period = level
            .and_then(|(a, _)| self.month_of(a))
            .and_then(|m| m.period);
        let period = level_period
            .or_else(|| {
                change
                    .and_then(|(a, _)| self.month_of(a))
                    .and_then(|m| m.period)
            })
            .or(default_month);

        if let Some((a, _)) = level {
            let mut c = self.claim(holder, ClaimKind::Level, hedged || a.approx);
            let when = level_period.is_none().then(|| self.month_when(a)).flatten().and_then(|m| m.period);
            a.set_level(&mut c);
            // Only a verb that leads to the level is its direction: in
            // "held $48.0bn, up $1.5bn", the level itself says nothing of a move.
            c.direction = verb_at
                .filter(|&v| v <= a.range.start)
                .and(dir)
                .or(base.and_then(|(_, d)| d))
                .or(record);
            // A level in the past is no part of the move the sentence reports.
            if when.is_some() {
                c.direction = None;
            }
            c.period = when.or(period);
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
            c.base_period = base_month
                .or_else(|| self.months.iter().find(|m| m.base))
                .and_then(|m| m.period)
                // "down 9.4% since October 2024": from the end of the month
                // before (GUIDE rule 3), unless the "since" is a record's;
                // "since March 2024, when they stood at $40bn": from that
                // month's figure.
                .or_else(|| {
                    let since = self.months.iter().find(|m| {
                        m.since && seg.contains(&m.range.start) && !SUPERLATIVE_TAIL.is_match(&s[seg.start..m.range.start])
                    })?;
                    let at_figure = WHEN_CLAUSE.is_match(&s[since.range.end..]);
                    since.period.map(|p| if at_figure { p } else { p.add_months(-1) })
                });
            if c.base_period.is_none() {
                self.measure_over_window(&mut c);
            }
            // Without a stated month the change is about the latest data,
            // which gives its base a month to be counted from.
            if c.base_period.is_some() {
                c.period = c.period.or(self.latest);
            }
            let main = c.period;
            out.push(c);
            // A further move told with a month of its own is a claim of that month.
            for (a, d) in earlier {
                let Some(month) = self.month_after_move(a).and_then(|m| m.period).filter(|p| Some(*p) != main) else { continue };
                let Some(d) = d else { continue };
                let mut c = self.claim(holder, ClaimKind::Change, hedged || a.approx);
                a.set_change(&mut c, d);
                c.direction = Some(d);
                c.period = Some(month);
                out.push(c);
            }
        }

        if let Some((a, d)) = forecast {
            let mut c = self.claim(holder, ClaimKind::Forecast, hedged || a.approx);
            a.set_level(&mut c);
            c.direction = d;
            out.push(c);
        } else if let Some(f) = has(Family::Forecast)
            .then(|| FORECAST_MOVE.captures(t))
            .flatten()
        {
            let mut c = self.claim(holder, ClaimKind::Forecast, hedged);
            c.direction = Some(direction_of(&f));
            out.push(c);
        }

        // "its record high of $42.2bn in June 2009": the record is that peak's.
        let extreme = (record.is_some() || has(Family::Extreme))
            .then(|| extremum(t, period.or(self.latest), self.latest, record, dir))
            .flatten()
            .filter(|&(d, since)| past_peak.is_none() || since.is_some() || d == Direction::Down);
        if let Some((direction, since)) = extreme {
            let mut c = self.claim(holder, ClaimKind::Extremum, hedged);
            c.direction = Some(direction);
            c.since = since;
            c.period = period;
            out.push(c);
        }

        if let Some((a, at)) = past_peak {
            let mut c = self.claim(holder, ClaimKind::Extremum, hedged || a.approx);
            a.set_level(&mut c);
            c.direction = Some(Direction::Up);
            c.period = Some(at);
            // First, so that the release the sentence reports stays the
            // month of its last claim about now.
            out.insert(0, c);
        }

        // "and Kuwait 29th with $46bn": a place right after the name.
        let bare_rank = || {
            let after = &t[head.end.saturating_sub(seg.start).min(t.len())..];
            RANK_AFTER_NAME.captures(after).and_then(|c| position(&c)).map(|r| (r, None, None))
        };
        if let Some((rank, direction, bound)) = has(Family::Rank).then(|| rank(t)).flatten().or_else(bare_rank) {
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
        let moved = out
            .iter()
            .any(|c| matches!(c.kind, ClaimKind::Change | ClaimKind::Forecast));
        let plain = after_name.filter(|v| {
            let before = &t[..v.start];
            !MODAL_TAIL.is_match(before) || ONGOING_TAIL.is_match(before)
        });
        // "fears that China is dumping", "speculating that Tokyo had sold":
        // a belief reported about the holder, not a move stated.
        let believed = has(Family::Belief) && BELIEF_THAT.is_match(&t[..named_at.min(t.len())]);
        let strong = (!believed && has(Family::StrongTrend))
            .then(|| STRONG_TREND.captures(rest))
            .flatten()
            .filter(|_| !moved)
            .map(|c| Move::Trend(direction_of(&c)));
        // A run of moves ("for the fourth consecutive month") is a change
        // from the month before the run began (GUIDE rule 3 of
        // ../shared/data/claims-real), beside whatever else the sentence states.
        let streak = plain
            .filter(|_| !believed)
            .and_then(|v| STREAK.captures(&t[v.end..]).map(|c| (v.direction, streak_months(&c))))
            // "for consecutive months": a run of untold length is a trend.
            .map(|(direction, run)| run.map_or(Move::Trend(direction), |n| Move::Change(direction, Some(n))));
        // A verb alone is a move in the month reported ("tumbled in
        // December"), unless it is told as ongoing ("has been selling",
        // "keeps adding"): that is a trend over many months.
        // A place held says nothing of the move ("the top five ... all
        // lowered their holdings").
        let alone = plain
            .filter(|_| !believed && out.iter().all(|c| c.kind == ClaimKind::Rank) && amounts.is_empty() && percent.is_none())
            // ... but "fell to second", "dropped out of the top 30" is the place's move.
            .filter(|v| out.is_empty() || !RANK_AFTER_VERB.is_match(&t[v.end..]))
            .map(|v| {
                if ongoing(&t[..v.start], &t[v.start..v.end], &t[v.end..]) {
                    Move::Trend(v.direction)
                } else {
                    Move::Change(v.direction, None)
                }
            });
        match strong.or(streak).or(alone) {
            Some(Move::Trend(direction)) => {
                let mut c = self.claim(holder, ClaimKind::Trend, hedged);
                c.direction = Some(direction);
                c.period = period;
                out.push(c);
            }
            Some(Move::Change(direction, run)) => {
                let mut c = self.claim(holder, ClaimKind::Change, hedged);
                c.direction = Some(direction);
                c.period = period;
                if let Some(n) = run {
                    c.period = c.period.or(self.latest);
                    c.base_period = c.period.map(|p| p.add_months(-n));
                }
                out.push(c);
            }
            None => {}
        }
        out
    }

    /// Sets a change's base (and period, if unstated) from the sentence's
    /// window: "over the past year", "over the course of 2025".
    pub(super) fn measure_over_window(&self, c: &mut Claim) {
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

/// A move read from a verb without a figure.
enum Move {
    /// Over many months: "is quietly exiting", "has been selling for years".
    Trend(Direction),
    /// In the month reported; with a run's length in months, counted back
    /// to its base ("fell for a third consecutive month").
    Change(Direction, Option<i32>),
}

/// The months a [`STREAK`] match spans: "for a third consecutive month" is
/// 3, "for two straight quarters" 6; `None` when it gives no count.
fn streak_months(c: &Captures) -> Option<i32> {
    let n = c
        .name("n")
        .and_then(|n| number(n.as_str()))
        .or_else(|| c.name("ord").or(c.name("ord2")).and_then(|o| ordinal(o.as_str())).map(|o| o as i32))?;
    let unit = c.name("unit").map_or("", |u| u.as_str()).to_ascii_lowercase();
    Some(n * if unit.starts_with("quarter") { 3 } else if unit.starts_with("year") { 12 } else { 1 })
}

/// The verb of direction right before a figure ("cut $4bn", "down 30%"),
/// unless its particle belongs to a phrase that moves nothing ("made up
/// 9.2% of the portfolio", "sums up").
fn verb_before(before: &str) -> Option<Captures<'_>> {
    VERB_TAIL.captures(before).filter(|_| !PHRASAL_TAIL.is_match(before))
}

/// Whether a verb is told as going on over time: a progressive or perfect
/// continuous form ("is selling", "has been adding", "is heading for the
/// exits"), "keeps"/"continues to", or a span of many months after it
/// ("for years", "in recent months").
fn ongoing(before: &str, verb: &str, after: &str) -> bool {
    let first = verb.split_whitespace().next().unwrap_or_default().to_ascii_lowercase();
    first.ends_with("ing")
        || ONGOING_TAIL.is_match(before)
        || PROGRESSIVE_TAIL.is_match(before)
        || ONGOING_SPAN.is_match(after)
}

impl Amount {
    pub(super) fn parse(c: &Captures, offset: usize) -> Amount {
        let m = c.get(0).expect("group 0");
        let unit = match c["unit"].to_ascii_lowercase().as_bytes().first() {
            Some(b't') => 1000.0,
            Some(b'm') => 0.001,
            _ => 1.0,
        };
        // "152,4 billion": a decimal comma, as translated text writes it
        // (a thousands comma always has three digits after it).
        let num = &c["num"];
        let num = match num.split_once(',') {
            Some((_, frac)) if frac.len() < 3 => num.replace(',', "."),
            _ => num.to_string(),
        };
        // "six billion U.S. dollars": a number word is exact to the unit.
        let (value, half) = decimal(&num)
            .or_else(|| Some((f64::from(number(&num)?), 0.5)))
            .unwrap_or((0.0, 0.0));
        let pre = c.name("pre").map(|p| p.as_str().to_ascii_lowercase());
        let pre = pre
            .as_deref()
            .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "));
        let (approx, bound, positional) = match pre.as_deref() {
            None => (c.name("tilde").is_some(), None, false),
            Some(
                "more than" | "over" | "in excess of" | "upwards of" | "at least" | "just over",
            ) => (false, Some(Bound::Over), false),
            Some("above" | "just above") => (false, Some(Bound::Over), true),
            Some("less than" | "fewer than" | "at most" | "up to" | "just under") => {
                (false, Some(Bound::Under), false)
            }
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

    /// Puts this amount where `first` stands in `c` (its level or its
    /// change): the first holder's amount read for the group becomes this
    /// holder's.
    pub(super) fn replace_first(&self, first: &Amount, c: &mut Claim) {
        let same = |v: Option<UsdBillions>| v.is_some_and(|v| (v.get().abs() - first.value).abs() < 1e-9);
        if same(c.level_usd_bn) {
            self.set_level(c);
        } else if same(c.change_usd_bn) {
            let sign = c.change_usd_bn.map_or(1.0, |v| v.get().signum());
            c.change_usd_bn = Some(UsdBillions(sign * self.value));
            c.change_half_unit = Some(UsdBillions(self.half_unit));
        }
    }

    /// Puts this amount in a claim as its change, signed by the direction.
    pub(super) fn set_change(&self, c: &mut Claim, direction: Direction) {
        c.change_usd_bn = Some(UsdBillions(sign(direction) * self.value));
        c.change_half_unit = Some(UsdBillions(self.half_unit));
    }

    /// Puts this amount in a claim as its level.
    pub(super) fn set_level(&self, c: &mut Claim) {
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
pub(super) fn decimal(num: &str) -> Option<(f64, f64)> {
    let digits = num.replace(',', "");
    let value: f64 = digits.parse().ok()?;
    let half = match digits.split_once('.') {
        Some((_, frac)) => 0.5 * 10f64.powi(-(frac.len() as i32)),
        None => {
            let zeros = digits
                .trim_start_matches('0')
                .bytes()
                .rev()
                .take_while(|&b| b == b'0')
                .count();
            let zeros = if value == 0.0 { 0 } else { zeros };
            0.5 * 10f64.powi(zeros as i32)
        }
    };
    Some((value, half))
}

/// Rounds away float noise from unit conversions and differences.
pub(super) fn round(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}

pub(super) fn sign(d: Direction) -> f64 {
    match d {
        Direction::Down => -1.0,
        Direction::Up => 1.0,
        Direction::Flat => 0.0,
    }
}
