//! The few statistics the stages and benches share, in one place.

/// The mean and sample standard deviation of a holder's moves; `None` with
/// fewer than 12 moves or no spread, when a z-score would mean little.
pub fn mean_sd(values: &[f64]) -> Option<(f64, f64)> {
    if values.len() < 12 {
        return None;
    }
    let n = values.len() as f64;
    let mean = values.iter().sum::<f64>() / n;
    let sd = (values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1.0)).sqrt();
    (sd > 0.0).then_some((mean, sd))
}

/// F1, the harmonic mean of precision and recall; 0 when both are 0.
pub fn f1(precision: f64, recall: f64) -> f64 {
    if precision + recall > 0.0 {
        2.0 * precision * recall / (precision + recall)
    } else {
        0.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mean_sd_needs_a_year_of_moves_with_some_spread() {
        let moves: Vec<f64> = (1..=12).map(f64::from).collect();
        let (mean, sd) = mean_sd(&moves).expect("12 moves");
        assert_eq!(mean, 6.5);
        assert!((sd - 3.605_551).abs() < 1e-6, "{sd}");
        assert_eq!(mean_sd(&moves[..11]), None);
        assert_eq!(mean_sd(&[4.0; 12]), None);
    }

    #[test]
    fn f1_is_the_harmonic_mean() {
        assert_eq!(f1(1.0, 1.0), 1.0);
        assert!((f1(0.5, 1.0) - 2.0 / 3.0).abs() < 1e-12);
        assert_eq!(f1(0.0, 0.0), 0.0);
    }
}
