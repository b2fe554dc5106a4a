/// Suggestions for misspelled names: the known name with the smallest edit distance, if it is
/// close enough to be a plausible typo (at most a third of the word's length, and at least 1).
public func nearestName<S: Sequence>(to name: String, among candidates: S) -> String? where S.Element == String {
    let limit = max(1, name.count / 3)
    var best: (name: String, distance: Int)?
    for candidate in candidates where candidate != name {
        let d = editDistance(name, candidate)
        if d <= limit, d < (best?.distance ?? Int.max) || (d == best?.distance && candidate < (best?.name ?? "")) {
            best = (candidate, d)
        }
    }
    return best?.name
}

/// Levenshtein distance (insert, delete, substitute), counted in characters, two rolling rows.
func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a), b = Array(b)
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previous = Array(0...b.count)
    var row = Array(repeating: 0, count: b.count + 1)
    for i in 1...a.count {
        row[0] = i
        for j in 1...b.count {
            let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
            row[j] = min(previous[j] + 1, row[j - 1] + 1, substitution)
        }
        swap(&previous, &row)
    }
    return previous[b.count]
}
