using System.Globalization;
using System.Text.RegularExpressions;
using BuildingBlocks.Validation;
using DirectoryService.Search;
using FluentValidation;
using Microsoft.AspNetCore.Mvc;

namespace DirectoryService.Features.OpenReferral;

/// <summary>
/// The query parameters of the ORUK list endpoints, bound as raw strings so that a malformed value gets a 400 that
/// names the parameter and says what is expected (rather than a bare binding failure). /taxonomies and
/// /taxonomy_terms use only page and per_page, /organizations also search; /services also honours postcode and
/// proximity (an extension).
/// </summary>
public sealed record OrukParameters(
    [FromQuery(Name = "search")] string? Search,
    [FromQuery(Name = "page")] string? Page,
    [FromQuery(Name = "per_page")] string? PerPage,
    [FromQuery(Name = "taxonomy_term_id")] string? TaxonomyTermId,
    [FromQuery(Name = "taxonomy_id")] string? TaxonomyId,
    [FromQuery(Name = "minimum_age")] string? MinimumAge,
    [FromQuery(Name = "maximum_age")] string? MaximumAge,
    [FromQuery(Name = "start_time")] string? StartTime,
    [FromQuery(Name = "end_time")] string? EndTime,
    [FromQuery(Name = "day")] string? Day,
    [FromQuery(Name = "postcode")] string? Postcode,
    [FromQuery(Name = "proximity")] string? Proximity,
    [FromQuery(Name = "organization_id")] string? OrganizationId,
    [FromQuery(Name = "modified_after")] string? ModifiedAfter)
{
    public const int DefaultPerPage = 50;

    /// <summary>
    /// The largest page served. The profile sets no maximum and harvesters ask for 500 or more, so a larger per_page
    /// is served at this size rather than refused; the page's own per_page says the size it used.
    /// </summary>
    public const int MaxPerPage = 1000;

    public static readonly OrukParameters None = new(null, null, null, null, null, null, null, null, null, null, null, null, null, null);

    public int PageNumber => Page is null ? 1 : int.Parse(Page, CultureInfo.InvariantCulture);

    /// <summary>per_page clamped to <see cref="MaxPerPage"/> (any count of digits: the validator has checked them).</summary>
    public int PageSize => PerPage is null ? DefaultPerPage
        : PerPage.TrimStart('0') is { Length: <= 9 } digits ? Math.Min(int.Parse(digits, CultureInfo.InvariantCulture), MaxPerPage) : MaxPerPage;

    public Guid? TermId => TaxonomyTermId is null ? null : Guid.Parse(TaxonomyTermId);
    public Guid? OrganisationId => OrganizationId is null ? null : Guid.Parse(OrganizationId);
    public DateTimeOffset? ModifiedSince => ModifiedAfter is null ? null : ParseInstant(ModifiedAfter);
    public Guid? VocabularyId => TaxonomyId is null ? null : Guid.Parse(TaxonomyId);
    public double? MinAge => MinimumAge is null ? null : double.Parse(MinimumAge, CultureInfo.InvariantCulture);
    public double? MaxAge => MaximumAge is null ? null : double.Parse(MaximumAge, CultureInfo.InvariantCulture);
    public TimeOnly? Start => StartTime is null ? null : ParseTime(StartTime);
    public TimeOnly? End => EndTime is null ? null : ParseTime(EndTime);
    public DayOfWeek? DayOfWeek => Day is null ? null : ParseDay(Day);
    public double? ProximityMetres => Proximity is null ? null : double.Parse(Proximity, CultureInfo.InvariantCulture);
    /// <summary>The search text as typed, less control characters and half characters (PostgreSQL refuses NUL in text).</summary>
    public string? SearchText => Search is null || TextQuery.Typeable(Search).Trim() is not { Length: > 0 } text ? null : text;
    public bool HasScheduleFilter => StartTime is not null || EndTime is not null || Day is not null;

    private static readonly string[] TimeFormats = ["HH:mm", "HH:mm:ss", "H:mm"];

    private static readonly string[] InstantFormats =
    [
        "yyyy-MM-dd", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF",
        "yyyy-MM-dd'T'HH:mmK", "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK",
    ];

    /// <summary>
    /// An ISO 8601 date, or date and time with or without an offset (UTC when none), in UTC. A '+' offset a client
    /// left unencoded arrives as a space, and is read as the '+' it was.
    /// </summary>
    public static DateTimeOffset? ParseInstant(string value)
    {
        var text = value.Trim();
        foreach (var candidate in new[] { text, text.Replace(' ', '+') })
            if (DateTimeOffset.TryParseExact(candidate, InstantFormats, CultureInfo.InvariantCulture,
                    DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at))
                return at;
        return null;
    }

    public static TimeOnly? ParseTime(string value) =>
        TimeOnly.TryParseExact(value.Trim(), TimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time) ? time : null;

    /// <summary>iCal two-letter codes (MO..SU, as in schedule.byday) or English day names.</summary>
    public static DayOfWeek? ParseDay(string value)
    {
        var day = value.Trim().ToUpperInvariant();
        foreach (var candidate in Enum.GetValues<DayOfWeek>())
        {
            var name = candidate.ToString().ToUpperInvariant();
            if (day == name || day == name[..2]) return candidate;
        }
        return null;
    }
}

/// <summary>A list query carries the shared parameters, so one set of rules validates them all.</summary>
public interface IOrukListQuery
{
    OrukParameters Parameters { get; }
}

/// <summary>The 400 rules for <see cref="OrukParameters"/>; error keys are the query parameter names.</summary>
public sealed class OrukParameterRules<TQuery> : AbstractValidator<TQuery> where TQuery : IOrukListQuery
{
    public const int MaxSearchLength = 200;

    public OrukParameterRules()
    {
        RuleFor(q => q.Parameters.Search).MaximumLength(MaxSearchLength)
            .WithMessage($"'search' must be at most {MaxSearchLength} characters.").OverridePropertyName("search");
        RuleFor(q => q.Parameters.Page).MustBeAPage("page");
        // Any whole number from 1 up: one above the maximum is served at the maximum, never refused.
        RuleFor(q => q.Parameters.PerPage)
            .Must(p => p!.Length > 0 && p.All(char.IsAsciiDigit) && p.Any(c => c != '0'))
            .When(q => q.Parameters.PerPage is not null)
            .WithMessage($"'per_page' must be a whole number of at least 1 (pages hold at most {OrukParameters.MaxPerPage}).")
            .OverridePropertyName("per_page");
        RuleFor(q => q.Parameters.TaxonomyTermId).Must(BeUuid).When(q => q.Parameters.TaxonomyTermId is not null)
            .WithMessage("'taxonomy_term_id' must be a UUID.").OverridePropertyName("taxonomy_term_id");
        RuleFor(q => q.Parameters.TaxonomyId).Must(BeUuid).When(q => q.Parameters.TaxonomyId is not null)
            .WithMessage("'taxonomy_id' must be a UUID.").OverridePropertyName("taxonomy_id");
        RuleFor(q => q.Parameters.OrganizationId).Must(BeUuid).When(q => q.Parameters.OrganizationId is not null)
            .WithMessage("'organization_id' must be a UUID.").OverridePropertyName("organization_id");
        RuleFor(q => q.Parameters.ModifiedAfter).Must(t => OrukParameters.ParseInstant(t!) is not null).When(q => q.Parameters.ModifiedAfter is not null)
            .WithMessage("'modified_after' must be an ISO 8601 date or date and time, e.g. 2026-11-27 or 2026-11-27T09:00:00Z.")
            .OverridePropertyName("modified_after");
        RuleFor(q => q.Parameters.MinimumAge).Must(BeAge).When(q => q.Parameters.MinimumAge is not null)
            .WithMessage("'minimum_age' must be a number from 0 to 150.").OverridePropertyName("minimum_age");
        RuleFor(q => q.Parameters.MaximumAge).Must(BeAge).When(q => q.Parameters.MaximumAge is not null)
            .WithMessage("'maximum_age' must be a number from 0 to 150.").OverridePropertyName("maximum_age");
        RuleFor(q => q.Parameters.StartTime).Must(t => OrukParameters.ParseTime(t!) is not null).When(q => q.Parameters.StartTime is not null)
            .WithMessage("'start_time' must be a time of day as HH:MM or HH:MM:SS.").OverridePropertyName("start_time");
        RuleFor(q => q.Parameters.EndTime).Must(t => OrukParameters.ParseTime(t!) is not null).When(q => q.Parameters.EndTime is not null)
            .WithMessage("'end_time' must be a time of day as HH:MM or HH:MM:SS.").OverridePropertyName("end_time");
        RuleFor(q => q.Parameters.Day).Must(d => OrukParameters.ParseDay(d!) is not null).When(q => q.Parameters.Day is not null)
            .WithMessage("'day' must be one of MO, TU, WE, TH, FR, SA, SU (or the day's English name).").OverridePropertyName("day");
        RuleFor(q => q.Parameters.Postcode).Must(p => UkPostcode().IsMatch(p!.Trim())).When(q => q.Parameters.Postcode is not null)
            .WithMessage("'postcode' must be a UK postcode, e.g. PO6 3AA.").OverridePropertyName("postcode");
        RuleFor(q => q.Parameters.Proximity)
            .Must(p => double.TryParse(p, NumberStyles.Float, CultureInfo.InvariantCulture, out var m) && m > 0 && double.IsFinite(m))
            .When(q => q.Parameters.Proximity is not null)
            .WithMessage("'proximity' must be a distance in metres greater than 0.").OverridePropertyName("proximity");
        RuleFor(q => q.Parameters.Postcode).NotEmpty().When(q => q.Parameters.Proximity is not null)
            .WithMessage("'proximity' needs a 'postcode' to measure from.").OverridePropertyName("postcode");
    }

    private static bool BeUuid(string? value) => OrukRules.BeUuid(value);
    private static bool BeAge(string? value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var age) && age is >= 0 and <= 150;
    private static Regex UkPostcode() => OrukRules.UkPostcode();
}

public static partial class OrukRules
{
    public static bool BeUuid(string? value) => Guid.TryParse(value, out _);

    [GeneratedRegex("^[A-Za-z]{1,2}[0-9][A-Za-z0-9]? ?[0-9][A-Za-z]{2}$")]
    public static partial Regex UkPostcode();
}

/// <summary>The rule for the {id} of the single-object endpoints: ORUK ids are UUIDs.</summary>
public sealed class OrukIdRules<TQuery> : AbstractValidator<TQuery> where TQuery : IOrukByIdQuery
{
    public OrukIdRules() => RuleFor(q => q.Id).Must(OrukRules.BeUuid)
        .WithMessage("'id' must be a UUID.").OverridePropertyName("id");
}

public interface IOrukByIdQuery
{
    string Id { get; }
}
