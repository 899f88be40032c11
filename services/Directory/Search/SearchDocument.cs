namespace DirectoryService.Search;

/// <summary>One listing as the search index stores it: flattened text, filter values and places.</summary>
public sealed record SearchDocument(
    Guid Id,
    string Name,
    string OrganisationName,
    string? Summary,
    string? Description,
    /// <summary>Names of the listing's taxonomy terms ("Befriending Loneliness Older people").</summary>
    string TaxonomyText,
    IReadOnlyList<string> TaxonomyCodes,
    IReadOnlyList<SessionSlot> Sessions,
    int? MinimumAge,
    int? MaximumAge,
    bool IsFree,
    string? CostDescription,
    string AttendingType,
    string AcceptingReferrals,
    IReadOnlyList<string> Wards,
    IReadOnlyList<string> Languages,
    IReadOnlyList<string> Accessibility,
    IReadOnlyList<GeoPoint> Points,
    bool Suspended,
    string? SuspensionNote,
    string? Alternative,
    DateTimeOffset LastVerifiedAt,
    DateTimeOffset? NextSession)
{
    /// <summary>The price in pence when the listing gives one (a result says "£2.50", not only the organiser's words).</summary>
    public int? CostPence { get; init; }

    /// <summary>The listing's embedding (unit length), when the semantic path is on; stored with the index.</summary>
    public float[]? Vector { get; init; }

    /// <summary>The model and the text <see cref="Vector"/> was computed from, hashed: a rebuild reuses a stored vector with the same key.</summary>
    public string? VectorKey { get; init; }

    /// <summary>
    /// The listing's translations (names, then summaries, then descriptions, each language's on its own line), indexed
    /// beside the English in the same fields, so a word in any of its languages finds it (docs/LANGUAGES.md).
    /// </summary>
    public TranslatedText Translated { get; init; } = TranslatedText.None;

    /// <summary>The name as the text index holds it: the English and every translated one.</summary>
    public string IndexedName => Join(Name, Translated.Names);

    public string? IndexedSummary => Translated.Summaries is null ? Summary : Join(Summary, Translated.Summaries);

    public string? IndexedDescription => Translated.Descriptions is null ? Description : Join(Description, Translated.Descriptions);

    private static string Join(string? english, string? translated) =>
        translated is null ? english ?? "" : english is null ? translated : english + "\n" + translated;

    /// <summary>What the embedding is computed from: what the listing is, then what it says about itself.</summary>
    public string MeaningText => $"{Name}. {Summary} {TaxonomyText}. {Description}";

    /// <summary>Facet/filter values keyed by facet name, for the adapters' tag tables.</summary>
    public IEnumerable<(string Kind, string Value)> Tags() =>
        TaxonomyCodes.Select(v => ("taxonomy", v))
            .Concat(Sessions.Select(s => ("day", SearchVocabulary.DayName(s.Day))).Distinct())
            .Concat(Wards.Select(v => ("ward", v)))
            .Concat(Languages.Select(v => ("language", v)))
            .Concat(Accessibility.Select(v => ("accessibility", v)))
            .Distinct();
}

/// <summary>A listing's translated text for the index, each kind joined across languages (null: none).</summary>
public sealed record TranslatedText(string? Names, string? Summaries, string? Descriptions)
{
    public static readonly TranslatedText None = new(null, null, null);

    public static TranslatedText From(IEnumerable<Domain.ServiceTranslation> translations)
    {
        var all = translations.OrderBy(t => t.Language, StringComparer.Ordinal).ToList();
        static string? Lines(IEnumerable<string?> texts) => texts.OfType<string>().ToList() is { Count: > 0 } some ? string.Join('\n', some) : null;
        return new(Lines(all.Select(t => t.Name)), Lines(all.Select(t => t.Summary)), Lines(all.Select(t => t.Description)));
    }
}

/// <summary>A weekly slot (day, minutes after midnight local time) the listing runs in.</summary>
public sealed record SessionSlot(DayOfWeek Day, int OpensMinute, int ClosesMinute);

public sealed record GeoPoint(double Latitude, double Longitude);

public static class SearchVocabulary
{
    public static string DayName(DayOfWeek day) => day.ToString().ToLowerInvariant();

    /// <summary>"in-person" for InPerson; the form used in the API and the index.</summary>
    public static string Kebab(string pascal) =>
        string.Concat(pascal.Select((c, i) => char.IsUpper(c) && i > 0 ? "-" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));

    /// <summary>
    /// The latitude/longitude box around a circle, for an index to narrow by before the exact distance trims the corners;
    /// 1 % wider than the flat formula, which ignores the curvature at the circle's poleward edge.
    /// </summary>
    public static (double MinLat, double MaxLat, double MinLon, double MaxLon) BoundingBox(double latitude, double longitude, double radiusKm)
    {
        const double kmPerDegree = 111.195;
        var dLat = 1.01 * radiusKm / kmPerDegree;
        var dLon = 1.01 * radiusKm / (kmPerDegree * Math.Cos(latitude * Math.PI / 180));
        return (latitude - dLat, latitude + dLat, longitude - dLon, longitude + dLon);
    }

    /// <summary>Great-circle distance in km (haversine); SQLite uses it as a registered SQL function.</summary>
    public static double HaversineKm(double lat1, double lon1, double lat2, double lon2)
    {
        const double r = 6371.0088;
        var dLat = (lat2 - lat1) * Math.PI / 180;
        var dLon = (lon2 - lon1) * Math.PI / 180;
        var a = Math.Sin(dLat / 2) * Math.Sin(dLat / 2) +
                Math.Cos(lat1 * Math.PI / 180) * Math.Cos(lat2 * Math.PI / 180) * Math.Sin(dLon / 2) * Math.Sin(dLon / 2);
        return 2 * r * Math.Asin(Math.Min(1, Math.Sqrt(a)));
    }
}
