using System.Text.RegularExpressions;

namespace DirectoryService.Domain;

/// <summary>
/// A listing's own words in another language (docs/LANGUAGES.md): each field is optional, and a field left out is
/// shown in English. <paramref name="Language"/> is a BCP 47 tag ("pl", "bn", "ar", "pt-BR"), never English.
/// </summary>
public sealed record ListingTranslation(string Language, string? Name = null, string? Summary = null, string? Description = null,
    string? GettingThere = null, string? FirstVisit = null)
{
    public const int MaxTranslations = 20;

    public bool IsEmpty => Name is null && Summary is null && Description is null && GettingThere is null && FirstVisit is null;

    /// <summary>Trimmed, blanks as null, the tag in its usual case ("pt-br" is "pt-BR").</summary>
    public ListingTranslation Tidied() => new(LanguageTag.Canonical(Language), ServiceDetails.Tidy(Name), ServiceDetails.Tidy(Summary),
        ServiceDetails.Tidy(Description), ServiceDetails.Tidy(GettingThere), ServiceDetails.Tidy(FirstVisit));

    /// <summary>The moderated part of each translation (name, summary, description), as the <c>translations</c> field compares it.</summary>
    public static IReadOnlyList<ListingTranslation> Material(IEnumerable<ListingTranslation> all) =>
        [.. all.Select(t => new ListingTranslation(t.Language, t.Name, t.Summary, t.Description)).Where(t => !t.IsEmpty).OrderBy(t => t.Language, StringComparer.Ordinal)];

    /// <summary>The part that applies at once (getting there, the first visit), as <c>translationsPractical</c> compares it.</summary>
    public static IReadOnlyList<ListingTranslation> Practical(IEnumerable<ListingTranslation> all) =>
        [.. all.Select(t => new ListingTranslation(t.Language, GettingThere: t.GettingThere, FirstVisit: t.FirstVisit)).Where(t => !t.IsEmpty).OrderBy(t => t.Language, StringComparer.Ordinal)];

    /// <summary>Each language's name, summary and description from <paramref name="material"/>, its directions and first visit from <paramref name="practical"/>.</summary>
    public static IReadOnlyList<ListingTranslation> Merge(IReadOnlyList<ListingTranslation> material, IReadOnlyList<ListingTranslation> practical)
    {
        var languages = material.Select(t => t.Language).Concat(practical.Select(t => t.Language)).Distinct(StringComparer.OrdinalIgnoreCase);
        return [.. languages.Select(language =>
        {
            var m = material.FirstOrDefault(t => string.Equals(t.Language, language, StringComparison.OrdinalIgnoreCase));
            var p = practical.FirstOrDefault(t => string.Equals(t.Language, language, StringComparison.OrdinalIgnoreCase));
            return new ListingTranslation(language, m?.Name, m?.Summary, m?.Description, p?.GettingThere, p?.FirstVisit);
        }).Where(t => !t.IsEmpty).OrderBy(t => t.Language, StringComparer.Ordinal)];
    }
}

/// <summary>One row of service_translations: a listing's text in one language (unique per listing and language).</summary>
public sealed class ServiceTranslation
{
    public Guid ServiceId { get; private set; }
    public string Language { get; private set; } = "";
    public string? Name { get; private set; }
    public string? Summary { get; private set; }
    public string? Description { get; private set; }
    public string? GettingThere { get; private set; }
    public string? FirstVisit { get; private set; }

    private ServiceTranslation() { }

    public ServiceTranslation(Guid serviceId, ListingTranslation text)
    {
        ServiceId = serviceId;
        Language = text.Language;
        Set(text);
    }

    public void Set(ListingTranslation text)
    {
        Name = text.Name;
        Summary = text.Summary;
        Description = text.Description;
        GettingThere = text.GettingThere;
        FirstVisit = text.FirstVisit;
    }

    public ListingTranslation ToText() => new(Language, Name, Summary, Description, GettingThere, FirstVisit);
}

/// <summary>BCP 47 language tags as listings use them: language, optional script, optional region ("pl", "sr-Latn", "pt-BR").</summary>
public static partial class LanguageTag
{
    [GeneratedRegex("^[A-Za-z]{2,3}(-[A-Za-z]{4})?(-([A-Za-z]{2}|[0-9]{3}))?$")]
    private static partial Regex Shape();

    public static bool IsWellFormed(string? tag) => tag is { Length: <= 20 } && Shape().IsMatch(tag);

    /// <summary>English, in any region: the listing's own text, never a translation.</summary>
    public static bool IsEnglish(string tag) => Primary(tag).Equals("en", StringComparison.OrdinalIgnoreCase);

    public static string Primary(string tag) => tag.Split('-')[0];

    /// <summary>"PT-br" as "pt-BR", "sr-latn" as "sr-Latn".</summary>
    public static string Canonical(string tag)
    {
        if (!IsWellFormed(tag)) return tag.Trim();
        var parts = tag.Split('-');
        return string.Join('-', parts.Select((p, i) => i == 0 ? p.ToLowerInvariant()
            : p.Length == 4 ? char.ToUpperInvariant(p[0]) + p[1..].ToLowerInvariant()
            : p.ToUpperInvariant()));
    }
}

/// <summary>
/// Which translation a reader gets: their languages best first (from Accept-Language); for each, a translation in
/// exactly that tag, else one in the same language ("pl" for "pl-PL", "pt-BR" for "pt"). English, asked for before any
/// translated language, means the listing's own text.
/// </summary>
public static class ReaderLanguage
{
    public const string English = "en";

    public static T? Choose<T>(IReadOnlyList<string> languages, IEnumerable<T> translations, Func<T, string> languageOf) where T : class
    {
        var available = translations.ToList();
        if (available.Count == 0) return null;
        foreach (var wanted in languages)
        {
            if (LanguageTag.IsEnglish(wanted)) return null;
            var exact = available.FirstOrDefault(t => string.Equals(languageOf(t), wanted, StringComparison.OrdinalIgnoreCase));
            if (exact is not null) return exact;
            var primary = LanguageTag.Primary(wanted);
            var same = available.FirstOrDefault(t => string.Equals(LanguageTag.Primary(languageOf(t)), primary, StringComparison.OrdinalIgnoreCase));
            if (same is not null) return same;
        }
        return null;
    }

    /// <summary>An Accept-Language header's languages, best first ("*", malformed tags and q=0 left out); at most 10.</summary>
    public static IReadOnlyList<string> FromHeader(string? header)
    {
        if (string.IsNullOrWhiteSpace(header)) return [];
        if (!Microsoft.Net.Http.Headers.StringWithQualityHeaderValue.TryParseList(header.Split(','), out var values)) return [];
        return [.. values.Where(v => v.Quality is not 0 && LanguageTag.IsWellFormed(v.Value.Value))
            .OrderByDescending(v => v.Quality ?? 1).Select(v => v.Value.Value!).Take(10)];
    }
}
