using System.Text.Json;
using Portal.Api;

namespace Portal.Tests.Print;

/// <summary>A listing and a referral as the services return them, for the print sheet's pure tests.</summary>
public static class PrintSamples
{
    public static readonly DateOnly Monday = new(2026, 12, 7);

    public static Listing Listing(string name = "Polish Tuesday Club", string? description = "Come along and meet people.") => new(
        Guid.NewGuid(), Guid.NewGuid(), "Cosham Community Club", name, description, "A friendly group.", "active",
        JsonSerializer.SerializeToElement("yes"),
        JsonSerializer.SerializeToElement(new { isFree = false, amount = 2.50m, currency = "GBP", description = "Includes tea and cake" }),
        "in-person", null,
        JsonSerializer.SerializeToElement(new[]
        {
            new { frequency = "weekly", byDay = new[] { "tuesday" }, opensAt = "10:00:00", closesAt = "12:00:00", nextSession = "2026-12-08T10:00:00" },
        }),
        [new ListingLocation(Guid.NewGuid(), "Cosham Community Centre", "High Street", "Portsmouth", "PO6 2GB", 50.845, -1.065, ["step-free-access"])],
        null, new ListingContact("Ola", "club@example.org", "023 9200 0000"), "https://club.example.org", null, false, false, 1, false,
        new ListingEligibility(60, null, "People who live in Cosham"), ["English", "Polish"], ["step-free-access", "hearing-loop"],
        new ListingAccess(DropIn: true, SelfReferral: true, PractitionerReferral: true));

    public static ReferralDetail Referral(Listing listing, string status = "requested", bool personWithheld = false, bool anonymised = false) => new(
        Guid.NewGuid(), status, listing.Id, listing.Name, listing.OrganisationId,
        new ReferrerView("gp-1", "Dr Gita Patel", "practitioner", "cosham-health-centre"), "Lonely since moving here",
        personWithheld ? null : new PersonView("Agnieszka", "Kowalczyk", new DateOnly(1950, 12, 10), "9434765919", "agnieszka@example.org",
            "07700 900123", ["Company"], null),
        personWithheld, null, DateTimeOffset.Parse("2026-12-01T10:00:00Z"), null, [], [], null, anonymised);
}
