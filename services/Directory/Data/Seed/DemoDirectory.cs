using BuildingBlocks.Persistence;
using System.Text.Json;
using System.Text.Json.Serialization;
using Contracts.Directory;
using DirectoryService.Domain;
using Microsoft.EntityFrameworkCore;

namespace DirectoryService.Data.Seed;

/// <summary>
/// Loads the demo directory for north Portsmouth (DemoData/portsmouth-north.json, fictional organisations) into an
/// empty database, publishing ServiceListed for each activity so the other services learn of them the usual way.
/// </summary>
public static class DemoDirectory
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    public static string DataFolder => Path.Combine(AppContext.BaseDirectory, "DemoData");

    public static async Task SeedAsync(DirectoryDb db, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (await db.Services.AnyAsync(cancellationToken)) return;
        await using var file = File.OpenRead(Path.Combine(DataFolder, "portsmouth-north.json"));
        var demo = await JsonSerializer.DeserializeAsync<DemoFile>(file, Json, cancellationToken)
                   ?? throw new InvalidOperationException("Empty demo file");
        var now = clock.GetUtcNow();

        var organisations = demo.Organisations.ToDictionary(o => o.Id, o =>
            new Organisation(StableId.From(o.Id), o.Name, o.Description, o.Email, o.Website, o.Phone));
        db.Organisations.AddRange(organisations.Values);
        var locations = demo.Locations.ToDictionary(l => l.Id, l => new Location(StableId.From(l.Id), null, l.Name, l.Address1,
            l.City, l.Postcode, l.Latitude, l.Longitude, l.Ward, l.Accessibility));
        db.Locations.AddRange(locations.Values);

        foreach (var s in demo.Services)
        {
            var details = new ServiceDetails(s.Name, s.Summary, s.Description, s.Url, s.AttendingType,
                new Eligibility(s.MinimumAge, s.MaximumAge, s.Eligibility),
                new Cost(s.Cost.Free, s.Cost.Amount, s.Cost.Currency, s.Cost.Description),
                new AccessMethods(s.AccessMethods.Contains("drop-in"), s.AccessMethods.Contains("self-referral"),
                    s.AccessMethods.Contains("practitioner-referral")),
                new Contact(s.Contact.Name, s.Contact.Email, s.Contact.Phone),
                s.Languages, s.TaxonomyTerms, [.. s.Schedules.Select(ToSchedule)],
                [.. s.LocationIds.Select(id => locations[id].Id)], s.GettingThere, s.FirstVisit, s.WelcomedBy);
            var verifiedAt = new DateTimeOffset(s.LastVerified.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero);
            var service = new Service(StableId.From(s.Id), organisations[s.OrganisationId], details, ServiceStatus.Active,
                verifiedAt, "demo-data");
            service.SetInitialCapacity(new Capacity(s.Capacity.AcceptingReferrals, s.Capacity.Spaces, s.Capacity.TypicalResponseDays));
            db.Services.Add(service);
            db.Publish(service.Listed(locations.Values, now), now);
        }
        await db.SaveChangesAsync(cancellationToken);
    }

    private static Schedule ToSchedule(DemoSchedule s) => new(
        Enum.Parse<Frequency>(s.Freq, ignoreCase: true),
        [.. s.ByDay.Select(ParseDay)], s.ByMonthDay, s.BySetPos, s.Date,
        s.OpensAt, s.ClosesAt, s.ValidFrom, s.ValidTo, s.Description);

    public static DayOfWeek ParseDay(string day) => day.ToUpperInvariant() switch
    {
        "MO" => DayOfWeek.Monday, "TU" => DayOfWeek.Tuesday, "WE" => DayOfWeek.Wednesday, "TH" => DayOfWeek.Thursday,
        "FR" => DayOfWeek.Friday, "SA" => DayOfWeek.Saturday, "SU" => DayOfWeek.Sunday,
        _ => throw new FormatException($"Unknown day '{day}'"),
    };

    private sealed record DemoFile(List<DemoOrganisation> Organisations, List<DemoLocation> Locations, List<DemoService> Services);
    private sealed record DemoOrganisation(string Id, string Name, string? Description, string? Email, string? Website, string? Phone);
    private sealed record DemoLocation(string Id, string Name, string? Address1, string? City, string? Postcode,
        double? Latitude, double? Longitude, string? Ward, List<string> Accessibility);
    private sealed record DemoService(string Id, string OrganisationId, string Name, string? Summary, string? Description,
        List<string> TaxonomyTerms, List<string> LocationIds, AttendingType AttendingType, List<DemoSchedule> Schedules,
        int? MinimumAge, int? MaximumAge, string? Eligibility, DemoCost Cost, List<string> Languages, List<string> AccessMethods,
        DemoCapacity Capacity, DemoContact Contact, string? Url, DateOnly LastVerified, string? GettingThere = null,
        string? FirstVisit = null, string? WelcomedBy = null);
    private sealed record DemoSchedule(string Freq, List<string> ByDay, int? ByMonthDay, int? BySetPos, DateOnly? Date,
        TimeOnly? OpensAt, TimeOnly? ClosesAt, DateOnly? ValidFrom, DateOnly? ValidTo, string? Description);
    private sealed record DemoCost(bool Free, decimal? Amount, string? Currency, string? Description);
    private sealed record DemoCapacity(ReferralAcceptance AcceptingReferrals, int? Spaces, int? TypicalResponseDays);
    private sealed record DemoContact(string? Name, string? Email, string? Phone);
}
