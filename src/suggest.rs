//! "Did you mean …?": the closest known name to a misspelled one.

/// The candidate closest to `word`, if it is close enough to be a likely
/// misspelling: at most one edit for short words, about one in four for
/// longer ones. Case is ignored; an exact match is not a suggestion.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let word = word.to_lowercase();
    let allowed = match word.chars().count() {
        0..=2 => 0,
        3..=5 => 1,
        n => 1 + n / 4,
    };
    candidates
        .into_iter()
        .filter(|c| !c.eq_ignore_ascii_case(&word))
        .map(|c| (strsim::damerau_levenshtein(&word, &c.to_lowercase()), c))
        .filter(|(distance, _)| *distance <= allowed)
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::closest;

    #[test]
    fn finds_near_misses_only() {
        assert_eq!(closest("rigns", ["seconds", "rings"]), Some("rings"));
        assert_eq!(closest("withn", ["within", "under"]), Some("within"));
        assert_eq!(closest("Europe/Londn", ["Europe/London", "Europe/Paris"]), Some("Europe/London"));
        assert_eq!(closest("banana", ["rings", "seconds"]), None);
        assert_eq!(closest("rings", ["rings"]), None);
    }
}
