namespace DirectoryService.Search;

/// <summary>Optimal-string-alignment distance (Levenshtein plus adjacent transpositions: "befreinding" is 1 from "befriending").</summary>
public static class EditDistance
{
    /// <summary>
    /// How many edits a misspelling of <paramref name="word"/> may be from the word meant: 1, or 2 from 8 letters;
    /// null when the word is not corrected at all (under 4 letters, or with a digit). Both adapters' corrections and
    /// the vocabulary's keep to it.
    /// </summary>
    public static int? Allowed(string word) => word.Length < 4 || word.Any(char.IsDigit) ? null : word.Length >= 8 ? 2 : 1;

    public static int Between(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++) d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
        for (var j = 1; j <= b.Length; j++)
        {
            var cost = a[i - 1] == b[j - 1] ? 0 : 1;
            d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
        }
        return d[a.Length, b.Length];
    }
}
