//! claimscope reads market commentary about who holds US Treasury debt,
//! extracts the claims it makes and the tone it makes them in, and checks the
//! claims against the US Treasury's TIC figures.
//!
//! The stages, in the order data flows through them (see ARCHITECTURE.md):
//! [`fetch`] → [`extract`] → [`claims`] + [`tone`] → [`verify`] (against
//! [`holdings`]) → [`store`] → [`report`]. [`gazetteer`], [`months`] and
//! [`units`] hold the vocabulary every stage shares. [`pipeline`] joins the stages from a
//! fetched page to stored rows; the binary's `cli` module parses arguments
//! and calls it.

pub mod units;
pub mod months;
pub mod calendar;
pub mod stats;
pub mod gazetteer;
pub mod fetch;
pub mod extract;
pub mod claims;
pub mod tone;
pub mod holdings;
pub mod verify;
pub mod store;
pub mod report;
pub mod pipeline;
