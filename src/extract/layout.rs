//! Finding the article body: the page cut into blocks, scored, and the
//! best-scoring element's blocks cleaned of lists, cards and scraps.

use std::collections::HashMap;

use ego_tree::NodeRef;
use once_cell::sync::Lazy;
use regex::Regex;
use scraper::{ElementRef, Html, Node};

use super::boilerplate::{
    any_of, is_boilerplate, is_byline, is_comment_thread, is_furniture_line, link_chars, text_len, visible_chars,
    Filter,
};
use super::collapse;

/// Class or id fragments of page parts that hold text but not the story.
const NON_CONTENT: &[&str] = &["footer", "copyright", "legal", "disclaimer", "contact", "sitemap", "site-info"];
static NON_CONTENT_RE: Lazy<Regex> = Lazy::new(|| any_of(NON_CONTENT));
static STORY_HINTS_RE: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"(?i)article|content|entry|story|post|text|body").expect("valid regex"));

/// The article body as text: blocks separated by blank lines, table rows
/// one per line with cells joined by " | ".
///
/// The page is cut into blocks (runs of text between block-level
/// boundaries, whatever the tag: `<p>`, text in `<div>`s, lines between
/// `<br>`s) in one walk. Each block scores its non-link text when it reads
/// like prose and a penalty when it is links or a scrap; the element whose
/// subtree scores highest holds the article. Inside it, link lists, runs
/// of story cards and teasers, repeated paragraphs and stock phrases are
/// dropped, and scraps before the first and after the last prose block
/// (datelines, tags, credits) are trimmed.
pub(super) fn main_text(doc: &Html, title: Option<&str>) -> String {
    let title = title.map(|t| collapse(t).to_lowercase());
    let run = |filter| {
        let mut layout = Layout::new(filter, title.as_deref(), *doc.root_element());
        layout.walk(*doc.root_element());
        layout.flush();
        layout.body()
    };
    let strict = run(Filter::Strict);
    if strict.len() >= MIN_BODY {
        return strict;
    }
    let relaxed = run(Filter::Relaxed);
    if relaxed.len() > strict.len() { relaxed } else { strict }
}

/// Below this many bytes the strict pass has probably lost the story to a
/// misleading class name. Lower than readability's 500: a wrapper of most
/// of the page is already kept (see `Layout::is_wrapper`), and a short
/// story found strictly is better than the comment thread under it.
const MIN_BODY: usize = 250;

/// A block-level element seen by the walk, with the totals of the blocks
/// below it.
struct Frame {
    parent: Option<usize>,
    /// Index of the last frame inside this one: frames are in document
    /// order, so a subtree is the range `self..=end`.
    end: usize,
    score: f64,
    /// How much the element's markup says it is the story (see [`markup_weight`]).
    weight: f64,
    chars: usize,
    links: usize,
    blocks: usize,
    /// The first block inside, if any.
    first: Option<usize>,
    /// The element's tag and classes, numbers aside (see [`signature`]).
    signature: u64,
    /// Prose blocks, and headings that are not links, inside.
    prose: usize,
    headings: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum BlockKind {
    Text,
    Heading,
    /// An `<h1>` repeating the title: never part of the body.
    Title,
    Table,
}

/// Text between two block boundaries.
struct Block {
    text: String,
    /// Visible characters, and how many of them are link text.
    chars: usize,
    links: usize,
    /// The innermost frame holding the block.
    owner: usize,
    kind: BlockKind,
    /// One of the lines of a `<p>` broken by `<br>`s that together read
    /// as prose (an address, a list of dates): the paragraph is the unit.
    in_prose_paragraph: bool,
    /// The block opens with link text (a headline).
    starts_with_link: bool,
    /// One of several linked headlines with a cut-off excerpt side by side
    /// (see [`Layout::mark_teasers`]).
    teaser: bool,
}

impl Block {
    /// A block of `kind` not yet placed in a frame, with no marks.
    fn new(text: String, chars: usize, links: usize, kind: BlockKind) -> Block {
        // A table's links are counted over the whole element, its text over
        // its rows only (a linked caption is outside them).
        let links = links.min(chars);
        Block { text, chars, links, owner: 0, kind, in_prose_paragraph: false, starts_with_link: false, teaser: false }
    }

    /// Reads like prose: enough non-link text, or a full sentence.
    fn is_prose(&self) -> bool {
        let own = self.chars - self.links;
        let sentence = self.text.ends_with(['.', '!', '?', '"', '”', '。', '…', ':', ')']);
        match self.kind {
            BlockKind::Text => {
                self.links * 2 < self.chars && (own >= 80 || (own >= 30 && sentence) || self.in_prose_paragraph)
            }
            BlockKind::Table => self.links * 3 < self.chars,
            BlockKind::Heading | BlockKind::Title => false,
        }
    }

    /// Mostly links, or a story-list teaser: an item of a story list
    /// either way.
    fn is_link_list(&self) -> bool {
        self.links * 2 > self.chars || self.teaser
    }

    /// A linked headline followed by a cut-off excerpt ("... may soon...").
    fn looks_like_teaser(&self) -> bool {
        self.starts_with_link && ["...", "…", "...]", "…]"].iter().any(|cut| self.text.ends_with(cut))
    }

    /// What the block adds to the score of the elements holding it.
    fn value(&self) -> f64 {
        if self.is_prose() {
            (self.chars - self.links) as f64
        } else if self.is_link_list() {
            -(self.chars as f64)
        } else {
            -0.25 * self.chars as f64
        }
    }
}

/// Characters of non-prose blocks after the last prose block from which
/// they are taken as content rather than trailing furniture.
const TRAILING_CONTENT: usize = 250;

/// At most this many blocks under a linked headline make a teaser card.
const TEASER_BLOCKS: usize = 5;


/// The page cut into blocks, with the block-level elements holding them.
struct Layout<'t> {
    filter: Filter,
    title: Option<&'t str>,
    page: NodeRef<'t, Node>,
    /// Visible characters of the whole page, furniture included; counted
    /// only when a furniture name needs checking.
    page_chars: std::cell::OnceCell<usize>,
    frames: Vec<Frame>,
    blocks: Vec<Block>,
    /// Frames enclosing the walk's position, innermost last.
    stack: Vec<usize>,
    kinds: Vec<BlockKind>,
    current: String,
    chars: usize,
    links: usize,
    in_link: usize,
    /// The current block's first text was link text.
    starts_with_link: bool,
}

impl<'t> Layout<'t> {
    fn new(filter: Filter, title: Option<&'t str>, page: NodeRef<'t, Node>) -> Self {
        Layout {
            filter,
            title,
            page,
            page_chars: std::cell::OnceCell::new(),
            frames: Vec::new(),
            blocks: Vec::new(),
            stack: Vec::new(),
            kinds: Vec::new(),
            current: String::new(),
            chars: 0,
            links: 0,
            in_link: 0,
            starts_with_link: false,
        }
    }

    fn open(&mut self, kind: BlockKind, weight: f64, signature: u64) {
        let index = self.frames.len();
        let parent = self.stack.last().copied();
        self.frames.push(Frame {
            parent,
            end: index,
            score: 0.0,
            weight,
            chars: 0,
            links: 0,
            blocks: 0,
            first: None,
            signature,
            prose: 0,
            headings: 0,
        });
        self.stack.push(index);
        self.kinds.push(kind);
    }

    fn close(&mut self) {
        if let Some(index) = self.stack.pop() {
            self.frames[index].end = self.frames.len() - 1;
            self.kinds.pop();
        }
    }

    fn flush(&mut self) {
        if self.chars > 0 {
            let text = collapse(&self.current);
            let mut kind = self.kinds.last().copied().unwrap_or(BlockKind::Text);
            if kind == BlockKind::Title && self.title != Some(text.to_lowercase().as_str()) {
                kind = BlockKind::Heading;
            }
            let mut block = Block::new(text, self.chars, self.links, kind);
            block.starts_with_link = self.starts_with_link;
            self.push(block);
        }
        self.current.clear();
        self.chars = 0;
        self.links = 0;
    }

    fn push(&mut self, mut block: Block) {
        block.owner = self.stack.last().copied().unwrap_or(0);
        self.blocks.push(block);
    }

    fn walk(&mut self, node: NodeRef<Node>) {
        let el = match node.value() {
            Node::Text(t) => {
                let n = visible_chars(t);
                if self.chars == 0 {
                    self.starts_with_link = self.in_link > 0;
                }
                self.current.push_str(t);
                self.chars += n;
                if self.in_link > 0 {
                    self.links += n;
                }
                return;
            }
            Node::Element(el) => el,
            Node::Document | Node::Fragment => return node.children().for_each(|c| self.walk(c)),
            _ => return,
        };
        if is_byline(el)
            || is_boilerplate(el, self.filter) && !self.is_wrapper(node, el)
            || self.filter == Filter::Relaxed && is_comment_thread(el)
        {
            return;
        }
        match el.name() {
            "br" | "hr" => self.flush(),
            "a" => {
                self.in_link += 1;
                node.children().for_each(|c| self.walk(c));
                self.in_link -= 1;
            }
            "table" if is_data_table(node, self.filter) => {
                self.flush();
                let rows = table_rows(node, self.filter);
                if !rows.is_empty() {
                    let text = rows.join("\n");
                    let chars = visible_chars(&text);
                    let links = link_chars(node, self.filter);
                    self.push(Block::new(text, chars, links, BlockKind::Table));
                }
            }
            name if is_block(name) => {
                self.flush();
                let kind = match name {
                    "h1" if self.title.is_some() => BlockKind::Title,
                    "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => BlockKind::Heading,
                    _ => BlockKind::Text,
                };
                self.open(kind, markup_weight(el), signature(el));
                let first_block = self.blocks.len();
                node.children().for_each(|c| self.walk(c));
                self.flush();
                if name == "p" {
                    self.group_lines(first_block);
                }
                self.close();
            }
            _ => node.children().for_each(|c| self.walk(c)),
        }
    }

    /// Marks the lines of a `<p>` (blocks from `first` on) as prose when
    /// the paragraph as a whole reads as prose.
    fn group_lines(&mut self, first: usize) {
        let lines = &self.blocks[first..];
        if lines.len() < 2 || lines.iter().any(|b| b.kind != BlockKind::Text) {
            return;
        }
        let chars: usize = lines.iter().map(|b| b.chars).sum();
        let links: usize = lines.iter().map(|b| b.links).sum();
        if links * 2 < chars && chars - links >= 80 {
            self.blocks[first..].iter_mut().for_each(|b| b.in_prose_paragraph = true);
        }
    }

    /// True for an element dropped only by its class or id that holds
    /// most of the page's text: a wrapper whose name misleads (a
    /// `has-sidebar` page, a `paywall` story), not furniture.
    fn is_wrapper(&self, node: NodeRef<Node>, el: &scraper::node::Element) -> bool {
        self.filter == Filter::Strict
            && !is_boilerplate(el, Filter::Relaxed)
            && text_len(node, Filter::Relaxed) * 2
                > *self.page_chars.get_or_init(|| text_len(self.page, Filter::Relaxed))
    }

    /// Marks teaser-like blocks (see [`Block::looks_like_teaser`]) that
    /// stand beside another one under the same element: a story list. A
    /// lone one is an author's trailing quote.
    fn mark_teasers(&mut self) {
        let mut per_parent: HashMap<Option<usize>, usize> = HashMap::new();
        for b in self.blocks.iter().filter(|b| b.looks_like_teaser()) {
            *per_parent.entry(self.frames.get(b.owner).and_then(|f| f.parent)).or_default() += 1;
        }
        for b in &mut self.blocks {
            let parent = self.frames.get(b.owner).and_then(|f| f.parent);
            b.teaser = b.looks_like_teaser() && per_parent.get(&parent).is_some_and(|&n| n >= 2);
        }
    }

    /// Which frames inside `best` are story cards: three or more like
    /// siblings (same tag and classes, numbers aside), most of them built
    /// of nested boxes (image, headline, excerpt) with at most one prose
    /// block and no heading of their own, and together less than half of
    /// `best`'s text. A "more stories" list looks like this even when its
    /// headlines sit in dropped `<header>`s; a story's own paragraphs and
    /// bullet points do not.
    fn teaser_cards(&self, best: usize) -> Vec<bool> {
        let inside = best + 1..=self.frames[best].end;
        let is_card = |i: usize| {
            let f = &self.frames[i];
            f.end >= i + 2 && f.blocks > 0 && f.prose <= 1 && f.headings == 0
        };
        // (parent, signature) -> (siblings, cards, characters)
        let mut groups: HashMap<(usize, u64), (usize, usize, usize)> = HashMap::new();
        for i in inside.clone() {
            let f = &self.frames[i];
            if let Some(parent) = f.parent {
                let group = groups.entry((parent, f.signature)).or_default();
                group.0 += 1;
                group.1 += usize::from(is_card(i));
                group.2 += f.chars;
            }
        }
        let half = self.frames[best].chars / 2;
        (0..self.frames.len())
            .map(|i| {
                let f = &self.frames[i];
                inside.contains(&i)
                    && is_card(i)
                    && f.parent.and_then(|p| groups.get(&(p, f.signature))).is_some_and(|&(siblings, cards, chars)| {
                        siblings >= 3 && cards * 3 >= siblings * 2 && chars < half
                    })
            })
            .collect()
    }

    /// The text of the best-scoring element's blocks, cleaned.
    fn body(mut self) -> String {
        while !self.stack.is_empty() {
            self.close();
        }
        self.mark_teasers();
        for (index, block) in self.blocks.iter().enumerate() {
            let value = block.value();
            let prose = usize::from(block.is_prose());
            let heading = usize::from(block.kind == BlockKind::Heading && !block.is_link_list());
            let mut frame = Some(block.owner);
            while let Some(i) = frame {
                let f = &mut self.frames[i];
                f.score += value;
                f.prose += prose;
                f.headings += heading;
                f.chars += block.chars;
                f.links += block.links;
                f.blocks += 1;
                f.first.get_or_insert(index);
                frame = f.parent;
            }
        }
        let weighted = |i: usize| self.frames[i].score * self.frames[i].weight;
        let Some(best) = (0..self.frames.len()).max_by(|&a, &b| weighted(a).total_cmp(&weighted(b)))
        else {
            return String::new();
        };
        let end = self.frames[best].end;
        let frames = &self.frames;
        // A list or box of mostly links inside the container (related
        // stories, tags, share rows) goes as a whole, its dates and
        // bylines with it; so does a teaser card: a few blocks under a
        // linked headline.
        let blocks = &self.blocks;
        let cards = self.teaser_cards(best);
        let in_link_box = |owner: usize| {
            let mut frame = Some(owner);
            while let Some(i) = frame.filter(|&i| i != best) {
                let f = &frames[i];
                let headline = f.first.map(|b| &blocks[b]).is_some_and(|b| b.kind == BlockKind::Heading && b.is_link_list());
                if cards[i] || f.blocks >= 2 && (f.links * 2 > f.chars || headline && f.blocks <= TEASER_BLOCKS) {
                    return true;
                }
                frame = f.parent;
            }
            false
        };
        let mut seen = std::collections::HashSet::new();
        let kept: Vec<&Block> = self
            .blocks
            .iter()
            .filter(|b| (best..=end).contains(&b.owner) && b.kind != BlockKind::Title)
            .filter(|b| !b.is_link_list())
            .filter(|b| !in_link_box(b.owner))
            .filter(|b| !is_furniture_line(&b.text))
            .filter(|b| !b.is_prose() || seen.insert(b.text.as_str()))
            .collect();
        // Scraps before the first prose block are datelines, kickers and
        // bylines; after the last one, credits and tags, unless there are
        // enough of them to be content (a list of dates, a track list).
        let first = kept.iter().position(|b| b.is_prose()).unwrap_or(0);
        let mut last = kept.iter().rposition(|b| b.is_prose()).unwrap_or(kept.len());
        let tail = kept.get(last + 1..).unwrap_or_default();
        let (tail_chars, tail_links) = tail.iter().fold((0, 0), |(c, l), b| (c + b.chars, l + b.links));
        // ... but a run of headline links ("More great stories") is not.
        if tail_chars >= TRAILING_CONTENT && tail_links * 4 < tail_chars {
            last = kept.len().saturating_sub(1);
        }
        let kept = kept.get(first..=last).unwrap_or(&kept[..]);
        kept.iter().map(|b| b.text.as_str()).collect::<Vec<_>>().join("\n\n")
    }
}

/// A factor on an element's score from what its markup says: the marked
/// article body, an `<article>`, a story-like class or id weigh more; a
/// footer or legal box less. Only the element itself is weighed, so a
/// page-wide `content` wrapper cannot win by its name alone.
fn markup_weight(el: &scraper::node::Element) -> f64 {
    if el.attr("itemprop").is_some_and(|p| p.eq_ignore_ascii_case("articleBody")) {
        return 1.5;
    }
    // A `<body>`'s classes name the page type ("single-post"), not a part.
    if matches!(el.name(), "body" | "html") {
        return 1.0;
    }
    let mut tokens = el.classes().chain(el.id());
    if tokens.clone().any(|t| NON_CONTENT_RE.is_match(t)) {
        0.5
    } else if el.name() == "article" || tokens.any(|t| STORY_HINTS_RE.is_match(t)) {
        1.25
    } else {
        1.0
    }
}

/// A hash of an element's tag and class names with digits dropped, so the
/// items of one list (`post-3494524`, `post-3493722`) compare equal.
fn signature(el: &scraper::node::Element) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    el.name().hash(&mut hasher);
    for c in el.attr("class").unwrap_or_default().chars().filter(|c| !c.is_ascii_digit()) {
        c.hash(&mut hasher);
    }
    hasher.finish()
}

fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "div" | "section" | "article" | "main" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "li" | "ul" | "ol"
            | "dl" | "dt" | "dd" | "blockquote" | "pre" | "figure" | "table" | "tr" | "td"
            | "th" | "address" | "center" | "details" | "summary" | "body" | "html"
    )
}

/// A table of data rather than of layout: no nested tables and no
/// paragraph-length cells.
fn is_data_table(node: NodeRef<Node>, filter: Filter) -> bool {
    node.descendants().skip(1).all(|d| {
        d.value().as_element().is_none_or(|e| match e.name() {
            "table" => false,
            "td" | "th" => text_len(d, filter) < 400,
            _ => true,
        })
    })
}

/// The rows of a data table, cells joined by " | ", empty rows dropped.
fn table_rows(table: NodeRef<Node>, filter: Filter) -> Vec<String> {
    table
        .descendants()
        .filter(|d| d.value().as_element().is_some_and(|e| e.name() == "tr"))
        .filter_map(|tr| {
            let cells: Vec<String> = tr
                .children()
                .filter_map(ElementRef::wrap)
                .filter(|c| matches!(c.value().name(), "td" | "th") && !is_boilerplate(c.value(), filter))
                .map(|c| collapse(&c.text().collect::<String>()))
                .collect();
            cells.iter().any(|c| !c.is_empty()).then(|| cells.join(" | "))
        })
        .collect()
}


#[cfg(test)]
mod tests {
    use crate::extract::from_html;

    /// Three story paragraphs, for pages whose furniture is under test.
    const STORY: &str = "<p>Japan added $12.6 billion of US Treasuries in September, lifting its holdings to a three-month high as yields rose.</p>\
        <p>China's holdings slipped for a second month, to $770.4 billion, the lowest level since early 2009, the data showed.</p>\
        <p>Foreign demand overall held near its record, analysts said, with private buyers making up for official selling.</p>";

    #[test]
    fn wrapper_named_like_furniture_is_not_furniture() {
        // The whole page sits in a div whose class says "sidebar": it is
        // the layout, not a sidebar, so the story must survive and the
        // real furniture inside it must still go.
        let html = format!(
            "<html><body><div id=\"page\" class=\"site has-sidebar\"><article>{STORY}\
             <div class=\"related-posts\"><p>Why the yield curve matters more than you think this winter and beyond.</p></div></article></div></body></html>"
        );
        let a = from_html(&html, "https://example.com/a");
        assert!(a.text.starts_with("Japan added $12.6 billion"), "{}", a.text);
        assert!(a.text.ends_with("official selling."), "{}", a.text);
        assert!(!a.text.contains("yield curve"), "{}", a.text);
    }

    #[test]
    fn short_post_keeps_out_the_comment_thread_below() {
        let comment = "<li class=\"comment\"><div class=\"comment-body\"><p>I wonder whether the pension fund will also sell its \
                       agency bonds, since the argument about currency risk applies to those as well, surely.</p></div></li>";
        let first = "<p>Our quarterly open thread is a place to raise questions about the fund's bond holdings \
                     and anything related in the comments below. We try to answer promptly.</p>";
        let second = "<p>You can also write to us privately, or read last quarter's thread and the answers we gave there.</p>";
        // Two paragraphs pass the strict pass; one alone is short enough to
        // go through the relaxed pass, which must still skip the comments.
        for story in [format!("{first}{second}"), first.to_string()] {
            let html = format!(
                "<html><body><article><div class=\"entry-content\">{story}</div></article>\
                 <div id=\"comments\" class=\"comments-area\"><ul class=\"comment-list\">{}</ul></div></body></html>",
                comment.repeat(6)
            );
            let a = from_html(&html, "https://example.com/open-thread");
            assert!(a.text.starts_with("Our quarterly open thread"), "{}", a.text);
            assert!(!a.text.contains("agency bonds"), "{}", a.text);
        }
    }

    #[test]
    fn lines_of_a_br_broken_paragraph_are_read_together() {
        let html = "<html><body><div class=\"post\"><p>Auction 1: 7 January – 3-year notes<br>Auction 2: 8 January – 10-year notes<br>\
                    Auction 3: 9 January – 30-year bonds<br>Auction 4: 13 January – 20-year bonds<br>Auction 5: 15 January – 5-year TIPS</p></div>\
                    <div class=\"box\"><p>Sign up today, it is free.</p></div></body></html>";
        let a = from_html(html, "https://example.com/calendar");
        assert_eq!(a.text.split("\n\n").count(), 5, "{}", a.text);
        assert!(a.text.starts_with("Auction 1: 7 January") && a.text.ends_with("5-year TIPS"), "{}", a.text);
    }

    #[test]
    fn story_cards_and_tickers_around_the_story_are_dropped() {
        // Cards: an image, a headline in a <header> (dropped as furniture)
        // and an excerpt that reads as prose, repeated.
        let card = |n: u32| {
            format!(
                "<li><article class=\"post-{n} archive-view\"><figure><a href=\"/s/{n}\"><img src=\"/{n}.jpg\"></a></figure>\
                 <div class=\"info\"><header><h5><a href=\"/s/{n}\">Story {n}</a></h5></header><div class=\"excerpt\">\
                 Card {n} excerpt: the central bank trimmed its dollar reserves again last quarter, officials said on Friday.</div></div></article></li>"
            )
        };
        // A ticker: linked headlines, each with an excerpt cut off.
        let tick = |n: u32| format!("<li><a href=\"/t/{n}\">Ticker headline number {n} about bonds</a> <span>WASHINGTON: Officials said the plan may soon...</span></li>");
        let html = format!(
            "<html><body><div id=\"content\" class=\"site-content\"><div class=\"ticker\"><ul>{}</ul></div>\
             <article class=\"post\">{STORY}<p><a href=\"/q\">One trader told us</a> the market was not worried about foreign central banks selling Treasuries, not yet…</p></article>\
             <div class=\"more-news\"><ul>{}</ul></div></div></body></html>",
            (1..=4).map(tick).collect::<String>(),
            (1..=4).map(card).collect::<String>()
        );
        let a = from_html(&html, "https://example.com/story");
        assert!(a.text.starts_with("Japan added $12.6 billion"), "{}", a.text);
        assert!(a.text.ends_with("not yet…"), "a lone linked line cut off is the author's: {}", a.text);
        assert!(!a.text.contains("Card ") && !a.text.contains("may soon"), "{}", a.text);
    }

    #[test]
    fn tweets_and_repeated_lines_stay_while_link_tables_and_footers_go() {
        let menu = "<h3>Breakfast</h3><p>Containers: 1 Red, 1 Yellow</p><h3>Lunch</h3><p>Containers: 1 Green, 1 Red</p>";
        let html = format!(
            "<html><body><div class=\"wrap\"><div class=\"entry-content\">{STORY}\
             <blockquote class=\"twitter-tweet\"><p>Treasury data out today: foreign holdings at a record high again.</p>\
             — Market Wire (@marketwire) November 18, 2025</blockquote>{menu}{menu}\
             <p>Demand is expected to stay firm into next year, strategists at several banks wrote in notes to clients.</p>\
             <table><tr><td><img src=\"/1.jpg\"></td><td><a href=\"/1\">Ten charts that explain the bond market in one afternoon</a></td></tr>\
             <tr><td><img src=\"/2.jpg\"></td><td><a href=\"/2\">Why the yield curve matters more than you think right now</a></td></tr></table></div>\
             <div class=\"footer\"><p>The material on this site may not be reproduced or distributed without prior written permission.</p></div>\
             </div></body></html>"
        );
        let a = from_html(&html, "https://example.com/meal");
        assert!(a.text.contains("foreign holdings at a record high again."), "{}", a.text);
        assert_eq!(a.text.matches("Containers: 1 Red, 1 Yellow").count(), 2, "{}", a.text);
        assert!(!a.text.contains("Ten charts"), "{}", a.text);
        assert!(!a.text.contains("may not be reproduced"), "{}", a.text);
    }
}
