//! The analysis half of the pipeline, shared by `ingest`, `demo` and
//! `extract`: page → article → claims + tone → checks.

use claimscope::claims;
use claimscope::extract::{self, Article, ExtractError};
use claimscope::fetch::Page;
use claimscope::holdings::Holdings;
use claimscope::tone::{ArticleTone, ToneScorer};
use claimscope::verify::{self, CheckedClaim};

/// Everything derived from one article.
pub struct Analysis {
    pub article: Article,
    pub tone: ArticleTone,
    pub claims: Vec<CheckedClaim>,
}

/// The loaded models and data, built once per process.
pub struct Pipeline {
    holdings: Holdings,
    tone: ToneScorer,
}

impl Pipeline {
    /// The bundled figures and the tone model this build has: the
    /// transformer with the `transformer` feature (a missing or corrupt model
    /// is an error that names the file and the setup command), else the
    /// team's lexicon, which `tone.model` then names.
    pub fn new() -> anyhow::Result<Pipeline> {
        Ok(Pipeline { holdings: Holdings::bundled(), tone: tone_scorer()? })
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
        let claims = verify::check_all(&tagged, &self.holdings, article.published);
        Analysis { article, tone, claims }
    }
}

/// `CLAIMSCOPE_TONE=lexicon` keeps the lexicon in this build, so the ingest
/// bench measures both tone models with one binary in one run.
#[cfg(feature = "transformer")]
fn tone_scorer() -> anyhow::Result<ToneScorer> {
    use claimscope::transformer::TransformerPolarity;
    match std::env::var("CLAIMSCOPE_TONE").as_deref() {
        Ok("lexicon") => Ok(ToneScorer::rules()),
        Ok("transformer") | Err(_) => Ok(ToneScorer::new(Box::new(TransformerPolarity::load_default()?))),
        Ok(other) => {
            anyhow::bail!("CLAIMSCOPE_TONE={other}: not a tone model; set it to lexicon or transformer, or unset it")
        }
    }
}

#[cfg(not(feature = "transformer"))]
fn tone_scorer() -> anyhow::Result<ToneScorer> {
    Ok(ToneScorer::rules())
}
