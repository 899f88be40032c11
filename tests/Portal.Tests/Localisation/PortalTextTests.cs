using System.Collections;
using System.Globalization;
using System.Resources;
using System.Text.Json;
using System.Text.RegularExpressions;
using Portal.Localisation;
using Portal.Pages;
using Portal.Pages.Provider;

namespace Portal.Tests.Localisation;

/// <summary>
/// Every word the portal shows in every shipped language (docs/LANGUAGES.md): a key missing or empty in Polish, Bengali
/// or Arabic fails here, so does a key the code asks for that English does not have, and a translation whose
/// placeholders differ from the English ({0} and {1} swapped for one, or one left out).
/// </summary>
public sealed partial class PortalTextTests
{
    private static readonly string[] Translations = [.. PortalCultures.Languages.Where(l => l.Culture != PortalCultures.Default).Select(l => l.Culture)];

    public static TheoryData<string> TranslatedCultures() => [.. Translations];

    private static Dictionary<string, string> Entries(string culture)
    {
        var set = PortalText.Resources.GetResourceSet(
            culture.Length == 0 ? CultureInfo.InvariantCulture : CultureInfo.GetCultureInfo(culture), createIfNotExists: true, tryParents: false)
            ?? throw new InvalidOperationException($"no resources for '{culture}' (is its satellite assembly built?)");
        return set.Cast<DictionaryEntry>().ToDictionary(e => (string)e.Key, e => e.Value as string ?? "");
    }

    private static Dictionary<string, string> English => Entries("");

    [Fact]
    public void No_resource_file_names_a_key_twice()
    {
        // A duplicated name compiles and the first value silently wins: two features that each chose "Feedback.Heading"
        // would show one's words in the other's place.
        var folder = Path.Combine(PortalSource, "Resources");
        var duplicates = Directory.GetFiles(folder, "PortalText*.resx")
            .SelectMany(file => System.Xml.Linq.XDocument.Load(file).Root!.Elements("data")
                .GroupBy(d => (string?)d.Attribute("name")).Where(g => g.Count() > 1).Select(g => $"{Path.GetFileName(file)}: {g.Key}"))
            .ToList();
        Assert.True(duplicates.Count == 0, string.Join(", ", duplicates));
    }

    [Fact]
    public void The_portal_ships_english_polish_bengali_and_arabic_each_named_in_itself()
    {
        Assert.Equal(["en-GB", "pl", "bn", "ar"], PortalCultures.Languages.Select(l => l.Culture));
        Assert.Equal(["English", "Polski", "বাংলা", "العربية"], PortalCultures.Languages.Select(l => l.NativeName));
        Assert.Equal(["ltr", "ltr", "ltr", "rtl"], PortalCultures.Languages.Select(l => l.Dir));
    }

    [Theory]
    [MemberData(nameof(TranslatedCultures))]
    public void Every_english_key_has_a_translation_that_is_not_empty(string culture)
    {
        var translated = Entries(culture);
        var missing = English.Keys.Where(k => !translated.TryGetValue(k, out var v) || string.IsNullOrWhiteSpace(v)).Order().ToList();
        Assert.True(missing.Count == 0, $"'{culture}' lacks {missing.Count} key(s): {string.Join(", ", missing)}");
    }

    [Theory]
    [MemberData(nameof(TranslatedCultures))]
    public void A_translation_has_no_key_that_english_does_not(string culture)
    {
        var extra = Entries(culture).Keys.Except(English.Keys).Order().ToList();
        Assert.True(extra.Count == 0, $"'{culture}' has key(s) English lacks (renamed or removed?): {string.Join(", ", extra)}");
    }

    [Theory]
    [MemberData(nameof(TranslatedCultures))]
    public void A_translation_uses_the_same_placeholders_as_the_english(string culture)
    {
        var translated = Entries(culture);
        var wrong = English
            .Where(e => translated.TryGetValue(e.Key, out var v) && !Placeholders(v).SetEquals(Placeholders(e.Value)))
            .Select(e => $"{e.Key}: \"{e.Value}\" / \"{translated[e.Key]}\"").ToList();
        Assert.True(wrong.Count == 0, $"'{culture}' placeholders differ:\n{string.Join("\n", wrong)}");
        // And every one formats (a stray brace would throw on the page).
        foreach (var (key, value) in translated)
            _ = string.Format(CultureInfo.InvariantCulture, value, "a", "b", "c", "d");
    }

    [Fact]
    public void Every_key_the_code_asks_for_has_an_english_entry()
    {
        var english = English;
        var asked = SourceKeys().ToList();
        Assert.True(asked.Count > 100, $"the source scan found only {asked.Count} keys: is it reading services/Portal?");
        var missing = asked.Where(k => !english.ContainsKey(k)).Distinct().Order().ToList();
        Assert.True(missing.Count == 0, $"keys in the code with no English entry: {string.Join(", ", missing)}");
    }

    [Fact]
    public void Keys_built_from_codes_exist_for_every_code_the_portal_knows()
    {
        var english = English;
        string[] built =
        [
            .. NewListingForm.AccessibilityFeatures.Select(f => "Accessibility." + f.Code),
            .. NewListingForm.CommonLanguages.Select(l => "LanguageName." + l.Replace(" ", "", StringComparison.Ordinal)),
            .. Enum.GetValues<DayOfWeek>().Select(d => "Weekday." + d),
            .. Enum.GetValues<DayOfWeek>().Select(d => "Schedule.WeeklyDay." + d),
            .. Enumerable.Range(1, 12).Select(m => "Month." + m),
            .. Enumerable.Range(1, 5).Select(p => "Schedule.Position." + p),
            .. EasyReadFacts.Pictured.Select(k => "EasyRead.Picture." + k),
            .. EasyReadFacts.Pictured.Select(k => "EasyRead.Heading." + k),
        ];
        var missing = built.Where(k => !english.ContainsKey(k)).ToList();
        Assert.True(missing.Count == 0, $"keys built from codes with no English entry: {string.Join(", ", missing)}");
    }

    [Fact]
    public void Every_page_is_either_in_the_languages_scope_or_listed_as_english_only()
    {
        var pages = Directory.EnumerateFiles(Path.Combine(PortalSource, "Pages"), "*.cshtml", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(Path.Combine(PortalSource, "Pages"), p).Replace('\\', '/'))
            .Where(p => !Path.GetFileName(p).StartsWith("_View", StringComparison.Ordinal))
            .ToHashSet();
        var unlisted = pages.Except(LanguageScope.Translated).Except(LanguageScope.EnglishOnly).Order().ToList();
        Assert.True(unlisted.Count == 0,
            $"page(s) in neither LanguageScope list (decide: translate, or English only for staff): {string.Join(", ", unlisted)}");
        Assert.Empty(LanguageScope.Translated.Intersect(LanguageScope.EnglishOnly));
        Assert.Empty(LanguageScope.Translated.Concat(LanguageScope.EnglishOnly).Except(pages));
    }

    [Theory]
    [MemberData(nameof(TranslatedPages))]
    public void A_translated_page_has_no_english_words_written_into_its_markup(string page)
    {
        var markup = File.ReadAllText(Path.Combine(PortalSource, "Pages", page));
        // Text between tags that is plain words (not a Razor expression): what a translator never sees.
        var words = TextBetweenTags().Matches(markup).Select(m => m.Groups[1].Value.Trim())
            .Where(t => t.Length > 2 && !t.StartsWith('@') && t.Any(char.IsAsciiLetterLower) && !t.Contains(')') && !t.Contains(']') && !t.Contains(';')
                        && !LanguageScope.AllowedText.Contains(t) && !LanguageScope.StaffLinks.Contains(t))
            .ToList();
        Assert.True(words.Count == 0, $"{page} writes English into its markup instead of a key: {string.Join(" | ", words)}");
    }

    public static TheoryData<string> TranslatedPages() => [.. LanguageScope.Translated];

    [Fact]
    public void Polish_says_the_time_in_its_own_words_on_a_24_hour_clock()
    {
        using var _ = InCulture("pl");
        Assert.Equal("Co tydzień: wtorek, 10:00–12:00", Describe("""{"frequency":"weekly","byDay":["tuesday"],"opensAt":"10:00:00","closesAt":"12:00:00"}"""));
        Assert.Equal("sobota, 19 grudnia 2026, 11:00–13:00", Describe("""{"frequency":"once","date":"2026-12-19","opensAt":"11:00:00","closesAt":"13:00:00"}"""));
        Assert.Equal("najbliższe: wtorek, 8 grudnia, 10:00", UkTime.Next(new DateTime(2026, 12, 8, 10, 0, 0), new DateOnly(2026, 12, 3)));
        Assert.Equal("Bezpłatne", ListingFacts.Cost(JsonDocument.Parse("""{"isFree":true}""").RootElement));
    }

    [Fact]
    public void Arabic_and_bengali_name_the_days_and_months_themselves()
    {
        using (InCulture("ar"))
        {
            Assert.Equal("أيام الاثنين والخميس، من 09:15 إلى 11:00",
                Describe("""{"frequency":"weekly","byDay":["thursday","monday"],"opensAt":"09:15:00","closesAt":"11:00:00"}"""));
            Assert.Equal("8 ديسمبر 2026", Show.Day(new DateOnly(2026, 12, 8)));
        }
        using (InCulture("bn"))
            Assert.Equal("প্রতি মঙ্গলবার, 10:00 থেকে 12:00",
                Describe("""{"frequency":"weekly","byDay":["tuesday"],"opensAt":"10:00:00","closesAt":"12:00:00"}"""));
    }

    [Fact]
    public void English_stays_as_the_uk_says_it()
    {
        using var _ = InCulture("en-GB");
        Assert.Equal("Tuesdays, 10am to noon", Describe("""{"frequency":"weekly","byDay":["tuesday"],"opensAt":"10:00:00","closesAt":"12:00:00"}"""));
        Assert.Equal("next: Tuesday 8 December, 10am", UkTime.Next(new DateTime(2026, 12, 8, 10, 0, 0), new DateOnly(2026, 12, 3)));
    }

    private static string Describe(string schedule) =>
        Assert.Single(ScheduleText.Describe(JsonDocument.Parse($"[{schedule}]").RootElement));

    private static HashSet<string> Placeholders(string text) => [.. Placeholder().Matches(text).Select(m => m.Value)];

    /// <summary>Keys asked for by name in the portal's source: T["..."] in views, PortalText.Get/Format("...") in code.</summary>
    private static IEnumerable<string> SourceKeys() =>
        Directory.EnumerateFiles(PortalSource, "*.*", SearchOption.AllDirectories)
            .Where(p => (p.EndsWith(".cshtml", StringComparison.Ordinal) || p.EndsWith(".cs", StringComparison.Ordinal))
                        && !p.Contains("/obj/", StringComparison.Ordinal) && !p.Contains("/bin/", StringComparison.Ordinal))
            .SelectMany(p => KeyUse().Matches(File.ReadAllText(p)))
            .Select(m => m.Groups["key"].Value)
            .Where(k => !k.EndsWith('.')); // a prefix completed at run time: checked by Keys_built_from_codes...

    private static string PortalSource { get; } = FindPortalSource();

    private static string FindPortalSource()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "services", "Portal");
            if (File.Exists(Path.Combine(candidate, "Portal.csproj"))) return candidate;
        }
        throw new InvalidOperationException("services/Portal not found above " + AppContext.BaseDirectory);
    }

    private static CultureScope InCulture(string culture) => new(CultureInfo.GetCultureInfo(culture));

    private sealed class CultureScope : IDisposable
    {
        private readonly CultureInfo _culture = CultureInfo.CurrentCulture, _ui = CultureInfo.CurrentUICulture;

        public CultureScope(CultureInfo culture) => (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (culture, culture);

        public void Dispose() => (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (_culture, _ui);
    }

    [GeneratedRegex(@"\{\d+\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex("""(?:\bT\[|PortalText\.(?:Get|Format)\()"(?<key>[A-Za-z0-9.\-]+)""")]
    private static partial Regex KeyUse();

    [GeneratedRegex(@">([^<>@{}]*[A-Za-z][^<>@{}]*)<")]
    private static partial Regex TextBetweenTags();
}
