//! Names near a mistyped one: the edit distance (insertions, deletions,
//! substitutions, each 1) between two short names, and the nearest few of
//! a list, for "did you mean" in a refusal.

/// The edit distance between `a` and `b`, by characters.
pub(crate) fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (diagonal + usize::from(ca != *cb)).min(above + 1).min(row[j] + 1);
            diagonal = above;
        }
    }
    row[b.len()]
}

/// Up to three of `names` nearest `typed` (case aside), nearest first,
/// within a third of its length (at least 2 edits).
pub(crate) fn nearest<'a>(typed: &str, names: impl Iterator<Item = &'a str>) -> Vec<String> {
    let typed = typed.to_ascii_lowercase();
    let most = (typed.chars().count() / 3).max(2);
    let mut near: Vec<(usize, &str)> =
        names.map(|n| (distance(&typed, &n.to_ascii_lowercase()), n)).filter(|(d, _)| *d <= most).collect();
    near.sort();
    near.into_iter().take(3).map(|(_, n)| n.to_owned()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_dash_is_one_edit_away() {
        assert_eq!(distance("qwen-image2-edit", "qwen-image-2-edit"), 1);
        assert_eq!(distance("", "abc"), 3);
        assert_eq!(distance("kitten", "sitting"), 3);
        let ids = ["qwen-image-2-edit", "firered-image-edit", "nano-banana-pro-edit"];
        assert_eq!(nearest("qwen-image2-edit", ids.into_iter()), ["qwen-image-2-edit"]);
        assert!(nearest("something-else-entirely", ids.into_iter()).is_empty());
    }
}
