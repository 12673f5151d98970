//! The analysis half of the pipeline, shared by `ingest`, `demo` and
//! `extract`: page → article → claims + tone → checks.

use claimscope::claims;
use claimscope::extract::{self, Article, ExtractError};
use claimscope::fetch::Page;
use claimscope::gazetteer;
use claimscope::holdings::Holdings;
use claimscope::store::Store;
use claimscope::tone::{ArticleTone, ToneScorer};
use claimscope::verify::{CheckedClaim, Rules};

/// Everything derived from one article.
pub struct Analysis {
    pub article: Article,
    pub tone: ArticleTone,
    pub claims: Vec<CheckedClaim>,
}

/// Why a page has no [`Analysis`].
#[derive(Debug, thiserror::Error)]
pub enum Unanalysed {
    /// No article could be extracted.
    #[error(transparent)]
    Extract(#[from] ExtractError),
    /// The relevance gate ([`Pipeline::analyze_gated`]) found no mention of
    /// Treasury holdings; the article's title is kept for the record.
    #[error("{url}: not about Treasury holdings")]
    NotRelevant { url: String, title: Option<String> },
}

/// The loaded models and data, built once per process.
pub struct Pipeline {
    holdings: Holdings,
    rules: Rules,
    tone: ToneScorer,
    batch: usize,
}

/// The figures a database's claims are checked against: the bundled
/// tables plus every vintage loaded into the database, so a claim is
/// compared with the figures published on its article's date as well as
/// the latest revision.
pub fn holdings_of(store: &Store) -> anyhow::Result<Holdings> {
    let mut figures = Holdings::bundled().revisions().to_vec();
    figures.extend(store.holdings_vintages()?);
    Ok(Holdings::from_figures(figures))
}

impl Pipeline {
    /// Checks against `holdings` with `rules`, and scores tone with the
    /// model this build has: the transformer with the `transformer` feature
    /// (a missing or corrupt model is an error that names the file and the
    /// setup command), else the team's lexicon, which `tone.model` then
    /// names.
    pub fn new(holdings: Holdings, rules: Rules) -> anyhow::Result<Pipeline> {
        let (tone, batch) = tone_scorer()?;
        Ok(Pipeline { holdings, rules, tone, batch })
    }

    /// How many pages to hand [`Pipeline::analyze_pages`] at once when more
    /// are waiting: several for the transformer, whose forward passes fill
    /// up and whose sentences repeat across pages; one for the lexicon, so
    /// that a short queue still spreads over every analysis thread.
    pub fn batch(&self) -> usize {
        self.batch
    }

    pub fn holdings(&self) -> &Holdings {
        &self.holdings
    }

    /// Extracts and analyses fetched pages, in order, scoring the tone of
    /// all their articles in one call so the model batches across them.
    pub fn analyze_pages(&self, pages: &[Page]) -> Vec<Result<Analysis, Unanalysed>> {
        self.analyze_gated(pages, &[])
    }

    /// [`Pipeline::analyze_pages`] with the relevance gate on for the
    /// pages whose entry in `gated` is true: an article that does not
    /// mention Treasury holdings ([`gazetteer::mentions_treasury_holdings`])
    /// is passed over before tone and claims, so bulk input of general news
    /// costs little more than extraction.
    pub fn analyze_gated(&self, pages: &[Page], gated: &[bool]) -> Vec<Result<Analysis, Unanalysed>> {
        let articles: Vec<Result<Article, Unanalysed>> = pages
            .iter()
            .enumerate()
            .map(|(i, page)| relevant(extract::extract(page)?, gated.get(i).copied().unwrap_or(false)))
            .collect();
        let extracted: Vec<&Article> = articles.iter().filter_map(|a| a.as_ref().ok()).collect();
        let mut tones = self.tone.score_batch(&extracted).into_iter();
        articles
            .into_iter()
            .map(|article| {
                let article = article?;
                let tone = tones.next().expect("score_batch gives one tone per article");
                Ok(self.check(article, tone))
            })
            .collect()
    }

    /// Tags, scores and checks an extracted article.
    pub fn analyze(&self, article: Article) -> Analysis {
        let tone = self.tone.score(&article);
        self.check(article, tone)
    }

    fn check(&self, article: Article, tone: ArticleTone) -> Analysis {
        let tagged = claims::tag(&article);
        let claims = self.rules.check_all(&tagged, &self.holdings, article.published);
        Analysis { article, tone, claims }
    }
}

/// Sentences whose transformer polarity is kept for the rest of the run:
/// about 25 MB, and far more than one site's boilerplate plus the copies of
/// the stories in flight.
#[cfg(feature = "transformer")]
const TONE_CACHE_SENTENCES: std::num::NonZeroUsize = std::num::NonZeroUsize::new(100_000).unwrap();

/// Pages per tone call with the transformer: about 200 sentences, a dozen
/// full forward passes, while keeping each thread's share of a short queue.
#[cfg(feature = "transformer")]
const TRANSFORMER_PAGES: usize = 8;

/// The tone scorer and its [`Pipeline::batch`].
/// `CLAIMSCOPE_TONE=lexicon` keeps the lexicon in this build, so the ingest
/// bench measures both tone models with one binary in one run.
#[cfg(feature = "transformer")]
fn tone_scorer() -> anyhow::Result<(ToneScorer, usize)> {
    use claimscope::transformer::TransformerPolarity;
    match std::env::var("CLAIMSCOPE_TONE").as_deref() {
        Ok("lexicon") => Ok((ToneScorer::rules(), 1)),
        Ok("transformer") | Err(_) => {
            let polarity = TransformerPolarity::load_default()?;
            Ok((ToneScorer::new(Box::new(polarity)).with_cache(TONE_CACHE_SENTENCES), TRANSFORMER_PAGES))
        }
        Ok(other) => {
            anyhow::bail!("CLAIMSCOPE_TONE={other}: not a tone model; set it to lexicon or transformer, or unset it")
        }
    }
}

#[cfg(not(feature = "transformer"))]
fn tone_scorer() -> anyhow::Result<(ToneScorer, usize)> {
    Ok((ToneScorer::rules(), 1))
}

/// The article, or why the gate (when on) passes it over.
fn relevant(article: Article, gated: bool) -> Result<Article, Unanalysed> {
    let title = article.title.as_deref().unwrap_or_default();
    if !gated || gazetteer::mentions_treasury_holdings(title) || gazetteer::mentions_treasury_holdings(&article.text) {
        return Ok(article);
    }
    Err(Unanalysed::NotRelevant { url: article.url, title: article.title })
}
