//! The analysis half of the pipeline, shared by `ingest`, `demo` and
//! `extract`: page → article → claims + tone → checks.

use claimscope::claims;
use claimscope::extract::{self, Article, ExtractError};
use claimscope::fetch::Page;
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

/// The loaded models and data, built once per process.
pub struct Pipeline {
    holdings: Holdings,
    rules: Rules,
    tone: ToneScorer,
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
        Ok(Pipeline { holdings, rules, tone: tone_scorer()? })
    }

    pub fn holdings(&self) -> &Holdings {
        &self.holdings
    }

    /// Extracts and analyses a fetched page.
    pub fn analyze_page(&self, page: &Page) -> Result<Analysis, ExtractError> {
        Ok(self.analyze(extract::extract(page)?))
    }

    /// Tags, scores and checks an extracted article.
    pub fn analyze(&self, article: Article) -> Analysis {
        let tagged = claims::tag(&article);
        let tone = self.tone.score(&article);
        let claims = self.rules.check_all(&tagged, &self.holdings, article.published);
        Analysis { article, tone, claims }
    }
}

/// Sentences whose transformer polarity is kept for the rest of the run:
/// about 25 MB, and far more than one site's boilerplate plus the copies of
/// the stories in flight.
#[cfg(feature = "transformer")]
const TONE_CACHE_SENTENCES: std::num::NonZeroUsize = std::num::NonZeroUsize::new(100_000).unwrap();

/// `CLAIMSCOPE_TONE=lexicon` keeps the lexicon in this build, so the ingest
/// bench measures both tone models with one binary in one run.
#[cfg(feature = "transformer")]
fn tone_scorer() -> anyhow::Result<ToneScorer> {
    use claimscope::transformer::TransformerPolarity;
    match std::env::var("CLAIMSCOPE_TONE").as_deref() {
        Ok("lexicon") => Ok(ToneScorer::rules()),
        Ok("transformer") | Err(_) => {
            Ok(ToneScorer::new(Box::new(TransformerPolarity::load_default()?)).with_cache(TONE_CACHE_SENTENCES))
        }
        Ok(other) => {
            anyhow::bail!("CLAIMSCOPE_TONE={other}: not a tone model; set it to lexicon or transformer, or unset it")
        }
    }
}

#[cfg(not(feature = "transformer"))]
fn tone_scorer() -> anyhow::Result<ToneScorer> {
    Ok(ToneScorer::rules())
}
