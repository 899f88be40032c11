using System.Text.Json;
using BuildingBlocks.Privacy;
using BuildingBlocks.Validation;
using Contracts.Directory;
using BuildingBlocks.Web;
using DirectoryService.Data;
using DirectoryService.Domain;
using DirectoryService.Features.Postcodes;
using DirectoryService.Features.Services;
using DirectoryService.Search;
using DirectoryService.Search.Telemetry;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace DirectoryService.Features.Search;

/// <summary>GET /api/directory/search: the directory's hot path for residents and practitioners (anonymous).</summary>
public static class SearchServices
{
    public sealed record Query(
        string? Q = null, string? Postcode = null, double? Lat = null, double? Lon = null, double? RadiusKm = null,
        string[]? Taxonomy = null, string? Day = null, string? From = null, string? To = null, bool? ThisWeek = null,
        int? Age = null, bool? Free = null, string[]? Accessibility = null, string? Language = null, string? AttendingType = null,
        bool? AcceptingReferrals = null, string? Ward = null, bool? IncludeSuspended = null, string? Sort = null,
        int? Page = null, int? PageSize = null, bool? IncludeRemote = null, string[]? AsTyped = null) : IQuery<Result>;

    /// <param name="RemoteLeftOut">
    /// Activities online or by phone (no place) also match, but a radius keeps a search to places inside it: ask again
    /// with includeRemote=true to list them too. Without a radius they are always in the results.
    /// </param>
    /// <param name="UnmatchedWords">
    /// Typed words (or phrases) no listing holds at all: the results were found with the rest of the query (its other
    /// words, and its meaning), and a page says so ("Nothing for sailing") rather than passing them off as answers.
    /// </param>
    /// <param name="NothingFor">Set when nothing fits the query: the words nothing was found for.</param>
    /// <param name="Understood">
    /// What <c>q</c> said that became a filter rather than text (days, time of day, cost, a place, an age), each as
    /// {kind, value, text}; the other words were searched as text. Ask again with <c>asTyped=kind</c> to undo one.
    /// </param>
    /// <param name="Alternatives">
    /// With <paramref name="NothingFor"/>: up to three nearest real alternatives (listings holding the query's other
    /// words, or, with <paramref name="FoundWithoutFilters"/>, the best the words find without the filters), kept apart
    /// from <paramref name="Items"/>, which stays empty.
    /// </param>
    /// <param name="FoundWithoutFilters">
    /// With <paramref name="NothingFor"/>: the words do find this many listings, but none passes the filters (chosen, or
    /// understood from the words: "yoga in the evening" when the only yoga is in the morning). Null otherwise.
    /// </param>
    /// <param name="SearchId">
    /// This search's id, for "Tell the hub" after a miss (<c>POST /api/directory/search/{searchId}/gap</c>).
    /// </param>
    public sealed record Result(int Total, int Page, int PageSize, IReadOnlyList<Item> Items,
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> Facets, IReadOnlyDictionary<string, string>? Corrections,
        bool RemoteLeftOut = false, ResolvedPlace? Near = null, IReadOnlyList<string>? UnmatchedWords = null, string? NothingFor = null,
        IReadOnlyList<Item>? Alternatives = null, IReadOnlyList<Understood>? Understood = null, int? FoundWithoutFilters = null,
        Guid? SearchId = null);

    public sealed record Item(Guid Id, string Name, string OrganisationName, string? Summary, string? Snippet, double? DistanceKm,
        DateTimeOffset? NextSession, CostView Cost, string AttendingType, string AcceptingReferrals, IReadOnlyList<string> Wards,
        bool Stale, bool Suspended, string? SuspensionNote, string? Alternative, IReadOnlyList<string> Languages,
        IReadOnlyList<string> Accessibility)
    {
        /// <summary>The language of the translated fields ("en" when none is: the listing's own English).</summary>
        public string TextLanguage { get; init; } = ReaderLanguage.English;

        /// <summary>Which of name and summary are in <see cref="TextLanguage"/> (the others are the English).</summary>
        public IReadOnlyList<string> TranslatedFields { get; init; } = [];
    }

    /// <summary>A result's cost: free or not, the price in pounds when the listing gives one (as the listing's own cost says it), and the organiser's words.</summary>
    public sealed record CostView(bool IsFree, decimal? Amount, string? Description);

    public static readonly string[] Days = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
    public static readonly string[] AttendingTypes = ["in-person", "online", "phone"];
    public static readonly string[] Sorts = ["relevance", "distance", "next-session"];

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator()
        {
            RuleFor(q => q.Q).MaximumLength(200);
            // A malformed or unknown postcode is a 422 from the gazetteer lookup, not a 400: only absurd lengths stop here.
            RuleFor(q => q.Postcode).MaximumLength(20);
            RuleFor(q => q.Lat).InclusiveBetween(49.0, 61.0).WithMessage("'lat' must be a latitude within the UK (49 to 61).");
            RuleFor(q => q.Lon).InclusiveBetween(-9.0, 2.5).WithMessage("'lon' must be a longitude within the UK (-9 to 2.5).");
            RuleFor(q => q.Lat).NotNull().When(q => q.Lon is not null).WithMessage("'lat' and 'lon' go together.");
            RuleFor(q => q.Lon).NotNull().When(q => q.Lat is not null).WithMessage("'lat' and 'lon' go together.");
            RuleFor(q => q.Postcode).Empty().When(q => q.Lat is not null).WithMessage("Give a postcode or lat/lon, not both.");
            RuleFor(q => q.RadiusKm).InclusiveBetween(0.1, 200)
                .Must((q, _) => q.Lat is not null || !string.IsNullOrWhiteSpace(q.Postcode)).When(q => q.RadiusKm is not null)
                .WithMessage("'radiusKm' must be 0.1-200 and needs a postcode or lat/lon.");
            RuleFor(q => q.Taxonomy).Must(t => t!.Length <= 20).When(q => q.Taxonomy is not null);
            RuleForEach(q => q.Taxonomy).MaximumLength(100).MustBePlainText();
            RuleFor(q => q.Accessibility).Must(t => t!.Length <= 10).When(q => q.Accessibility is not null);
            RuleForEach(q => q.Accessibility).MaximumLength(100).MustBePlainText();
            RuleFor(q => q.Day).Must(d => Days.Contains(d!.ToLowerInvariant())).When(q => q.Day is not null)
                .WithMessage($"'day' must be one of {string.Join(", ", Days)}.");
            RuleFor(q => q.From).Must(BeTime).When(q => q.From is not null).WithMessage("'from' must be a time, HH:mm.");
            RuleFor(q => q.To).Must(BeTime).When(q => q.To is not null).WithMessage("'to' must be a time, HH:mm.");
            RuleFor(q => q.To).Must((q, to) => TimeOnly.Parse(to!) > TimeOnly.Parse(q.From!))
                .When(q => BeTime(q.From) && BeTime(q.To)).WithMessage("'to' must be after 'from'.");
            RuleFor(q => q.Age).InclusiveBetween(0, 120);
            RuleFor(q => q.Language).MaximumLength(50).MustBePlainText();
            RuleFor(q => q.Ward).MaximumLength(100).MustBePlainText();
            RuleFor(q => q.AttendingType).Must(a => AttendingTypes.Contains(a)).When(q => q.AttendingType is not null)
                .WithMessage($"'attendingType' must be one of {string.Join(", ", AttendingTypes)}.");
            RuleFor(q => q.Sort).Must(s => Sorts.Contains(s)).When(q => q.Sort is not null)
                .WithMessage($"'sort' must be one of {string.Join(", ", Sorts)}.");
            RuleFor(q => q.Sort).Must((q, _) => q.Lat is not null || !string.IsNullOrWhiteSpace(q.Postcode)).When(q => q.Sort == "distance")
                .WithMessage("Sorting by distance needs a postcode or lat/lon.");
            RuleFor(q => q.AsTyped).Must(k => k!.Length <= QueryUnderstanding.Kinds.Count).When(q => q.AsTyped is not null);
            RuleForEach(q => q.AsTyped).Must(k => QueryUnderstanding.Kinds.Contains(k))
                .WithMessage($"'asTyped' must be one of {string.Join(", ", QueryUnderstanding.Kinds)}.");
            RuleFor(q => q.Page).MustBeAPage(maxPage: 500);
            RuleFor(q => q.PageSize).MustBeAPageSize(50);
        }

        private static bool BeTime(string? value) => TimeOnly.TryParseExact(value, "HH:mm", out _);
    }

    internal sealed class Handler(SearchEngine engine, PostcodeLookup postcodes, GazetteerPlaces places, Synonyms synonyms,
        SearchTelemetry telemetry, TimeProvider clock) : IQueryHandler<Query, Result>
    {
        public async ValueTask<Result> Handle(Query query, CancellationToken ct)
        {
            var now = clock.GetUtcNow();
            var place = string.IsNullOrWhiteSpace(query.Postcode) ? null : await postcodes.ResolveAsync(query.Postcode, ct);
            var (meaning, said) = await UnderstandAsync(query, ct);
            place ??= said;
            GeoFilter? near = place is not null ? new(place.Latitude, place.Longitude, place == said ? null : query.RadiusKm)
                : query.Lat is { } lat && query.Lon is { } lon ? new(lat, lon, query.RadiusKm) : null;
            var text = engine.Plan(meaning.Rest);
            if (text is not null && meaning.ReadAs is { } readAs) text = text with { ReadAs = readAs };
            var criteria = new SearchCriteria(text, near, query.Taxonomy ?? [],
                query.Day is { } day ? Enum.Parse<DayOfWeek>(day, ignoreCase: true) : null,
                query.From is { } from ? Minutes(from) : meaning.FromMinute, query.To is { } to ? Minutes(to) : meaning.ToMinute,
                query.ThisWeek == true ? now.AddDays(7) : null, query.Age ?? meaning.Age, query.Free ?? meaning.Free,
                query.Accessibility ?? [], query.Language,
                query.AttendingType, query.AcceptingReferrals, query.Ward, query.IncludeSuspended == true,
                engine.StaleBefore(now), now,
                query.Sort switch { "distance" => SearchSort.Distance, "next-session" => SearchSort.NextSession, _ => SearchSort.Relevance },
                query.Page ?? 1, query.PageSize ?? 20, query.IncludeRemote == true,
                AnyDay: meaning.Days.Count > 0 ? meaning.Days : null);

            var outcome = await engine.SearchAsync(criteria, ct);
            var page = outcome.Result;

            var searchId = Guid.CreateVersion7();
            await RecordAsync(searchId, query, place, outcome, now, ct);
            return new Result(page.Total, criteria.Page, criteria.PageSize, [.. page.Items.Select(ToItem)],
                page.Facets, outcome.Corrections, page.RemoteLeftOut, place, outcome.Unmatched, outcome.NothingFor,
                outcome.Alternatives is { Count: > 0 } alternatives ? [.. alternatives.Select(ToItem)] : null,
                meaning.Understood.Count > 0 ? meaning.Understood : null, outcome.FoundWithoutFilters, searchId);
        }

        /// <summary>
        /// Days, times, cost, a place and ages said in words become filters (an explicit filter of the same kind wins,
        /// and <c>asTyped</c> switches a kind off). A place said in words boosts what is near it (no radius); one the
        /// gazetteer cannot place ("u3a" looks like a postcode district) stays text.
        /// </summary>
        private async Task<(QueryMeaning Meaning, ResolvedPlace? Place)> UnderstandAsync(Query query, CancellationToken ct)
        {
            if (string.IsNullOrWhiteSpace(query.Q)) return (QueryMeaning.AsTyped(query.Q), null);
            var off = new HashSet<string>(query.AsTyped ?? []);
            if (query.Day is not null) off.Add(QueryUnderstanding.Day);
            if (query.From is not null || query.To is not null) off.Add(QueryUnderstanding.Time);
            if (query.Free is not null) off.Add(QueryUnderstanding.Cost);
            if (query.Age is not null) off.Add(QueryUnderstanding.Audience);
            if (!string.IsNullOrWhiteSpace(query.Postcode) || query.Lat is not null) off.Add(QueryUnderstanding.Place);
            var names = off.Contains(QueryUnderstanding.Place) ? new Dictionary<string, string>() : await places.NamesAsync(ct);
            var meaning = QueryUnderstanding.Read(query.Q, names, off);
            if (meaning.Place is not { } said) return (meaning, null);
            var place = await places.ResolveAsync(said, ct);
            if (place is null && PostcodeLookup.IsWellFormed(said))
            {
                try { place = await postcodes.ResolveAsync(said, ct); }
                catch (RuleViolationException) { place = null; }
            }
            if (place is not null) return (meaning, place);
            off.Add(QueryUnderstanding.Place);
            return (QueryUnderstanding.Read(query.Q, names, off), null);
        }

        private static Item ToItem(SearchHit h) => new(h.Id, h.Name, h.OrganisationName, h.Summary, h.Snippet, h.DistanceKm,
            h.NextSession, new CostView(h.IsFree, h.CostPence / 100m, h.CostDescription), h.AttendingType, h.AcceptingReferrals, h.Wards, h.Stale,
            h.Suspended, h.Suspended ? h.SuspensionNote : null, h.Suspended ? h.Alternative : null, h.Languages, h.Accessibility);

        /// <summary>
        /// Telemetry keeps only words the index knows (never a name typed by mistake). Insight hears of the search as
        /// <see cref="SearchPerformed"/>, with the unmatched words screened (<see cref="SearchWordScreen"/>), never the text.
        /// </summary>
        private async Task RecordAsync(Guid id, Query query, ResolvedPlace? place, SearchOutcome<SearchPage> outcome, DateTimeOffset now,
            CancellationToken ct)
        {
            var total = outcome.Result.Total;
            var words = query.Q is null ? [] : TextQuery.Words(query.Q);
            var indexed = await engine.IndexedAsync([.. words.Where(w => !synonyms.Knows(w))], ct);
            var kept = words.Where(w => synonyms.Knows(w) || indexed.Contains(w)).ToList();
            var filters = new Dictionary<string, object?>
            {
                ["taxonomy"] = query.Taxonomy, ["day"] = query.Day, ["from"] = query.From, ["to"] = query.To, ["thisWeek"] = query.ThisWeek,
                ["age"] = query.Age is { } age ? $"{age / 10 * 10}s" : null, ["free"] = query.Free, ["accessibility"] = query.Accessibility,
                ["language"] = query.Language, ["attendingType"] = query.AttendingType, ["acceptingReferrals"] = query.AcceptingReferrals,
                ["ward"] = query.Ward, ["radiusKm"] = query.RadiusKm,
            }.Where(f => f.Value is not null).ToDictionary();
            // A ward typed into a hand-made URL could be any text: it goes to insight only once listings bore it out.
            // Only the filters emptied the answer ("yoga in the evening"): a miss, but the directory has the words' activities.
            var unmatched = outcome.Unmatched
                ?? (total == 0 && outcome.NothingFor is { } nothingFor && outcome.FoundWithoutFilters is null ? [nothingFor] : []);
            var searched = new SearchPerformed(id, place?.Ward ?? (total > 0 ? query.Ward : null), SearchWordScreen.Categories(query.Taxonomy),
                total, total == 0 || outcome.AnyWord, outcome.AnyWord, SearchWordScreen.Screen(query.Q, unmatched), now);
            telemetry.Record(searched, new SearchQueryLog(id, now, kept.Count == 0 ? null : string.Join(' ', kept)[..Math.Min(200, string.Join(' ', kept).Length)],
                words.Count - kept.Count, filters.Count == 0 ? null : JsonSerializer.Serialize(filters), place?.Outcode is { Length: > 0 } outcode ? outcode : null,
                place?.Ward ?? query.Ward, total, outcome.Unmatched?.Count ?? 0));
        }

        private static int Minutes(string time) => TimeOnly.ParseExact(time, "HH:mm") is var t ? t.Hour * 60 + t.Minute : 0;
    }

    /// <summary>
    /// The results in the reader's language (Accept-Language): each listing's name and summary from its translation
    /// into the first of the reader's languages it has, the English otherwise. The search itself is the same in every
    /// language: the index holds every translation beside the English.
    /// </summary>
    internal static async Task<Ok<Result>> Endpoint([AsParameters] Query query, HttpContext http, Sender mediator, DirectoryDb db,
        CancellationToken cancellationToken)
    {
        http.Response.Headers.Append("Vary", "Accept-Language");
        var result = await mediator.Send(query, cancellationToken);
        var languages = ReaderLanguage.FromHeader(http.Request.Headers.AcceptLanguage);
        if (languages.Count == 0 || LanguageTag.IsEnglish(languages[0])) return TypedResults.Ok(result);
        var ids = result.Items.Concat(result.Alternatives ?? []).Select(i => i.Id).Distinct().ToList();
        var translations = (await db.Set<ServiceTranslation>().AsNoTracking().Where(t => ids.Contains(t.ServiceId)).ToListAsync(cancellationToken))
            .ToLookup(t => t.ServiceId);
        if (translations.Count == 0) return TypedResults.Ok(result);
        Item InLanguage(Item item)
        {
            if (ReaderLanguage.Choose(languages, translations[item.Id], t => t.Language) is not { } translation) return item;
            var text = Translated.For(item.Name, item.Summary, null, null, null,
                translation.ToText() with { Description = null, GettingThere = null, FirstVisit = null });
            return text.Fields.Count == 0 ? item
                : item with { Name = text.Name, Summary = text.Summary, TextLanguage = text.Language, TranslatedFields = text.Fields };
        }
        return TypedResults.Ok(result with
        {
            Items = [.. result.Items.Select(InLanguage)],
            Alternatives = result.Alternatives is { } alternatives ? [.. alternatives.Select(InLanguage)] : null,
        });
    }
}
