using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Directory.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Directory.Tests.Features.Services;

public sealed class ListingValidationApiTestsOnPostgres(DirectoryApi api) : ListingValidationApiTests<DirectoryApi>(api);

public sealed class ListingValidationApiTestsOnSqlite(SqliteDirectoryApi api) : ListingValidationApiTests<SqliteDirectoryApi>(api);

public abstract class ListingValidationApiTests<TApi>(TApi api) : IClassFixture<TApi> where TApi : DirectoryApi
{
    [Fact]
    public async Task Bad_fields_get_a_400_problem_naming_each_field_and_nothing_is_saved()
    {
        var org = await api.NewOrganisation("Validation org");
        using var curator = api.Curator();
        var body = Listings.Body(org, "")
            .With("url", "ftp://example.org")
            .With("eligibility", JsonSerializer.SerializeToNode(new { minimumAge = 70, maximumAge = 60 }))
            .With("contact", JsonSerializer.SerializeToNode(new { email = "nope", phone = "12345" }))
            .With("schedules", JsonSerializer.SerializeToNode(new[]
            {
                new { frequency = "weekly", byDay = Array.Empty<string>(), opensAt = "14:00:00", closesAt = "13:00:00" },
            }))
            .With("languages", new JsonArray("English", ""));

        var response = await curator.PostAsJsonAsync("/api/directory/services", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = (await response.Json()).GetProperty("errors");
        string[] expected = ["name", "url", "eligibility.maximumAge", "contact.email", "contact.phone", "schedules[0].byDay",
            "schedules[0].closesAt", "languages[1]"];
        foreach (var field in expected) Assert.True(errors.TryGetProperty(field, out _), $"no error for {field}: {errors}");
        await api.InDatabase(async db => Assert.False(await db.Services.AnyAsync(s => s.OrganisationId == org)));
    }

    [Fact]
    public async Task A_cost_of_a_tenth_of_a_penny_gets_a_400_problem_naming_the_amount_and_nothing_is_saved()
    {
        var org = await api.NewOrganisation("Pence org");
        using var curator = api.Curator();
        var body = Listings.Body(org).With("cost", JsonSerializer.SerializeToNode(new { isFree = false, amount = 5.999m, currency = "GBP" }));

        var response = await curator.PostAsJsonAsync("/api/directory/services", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = (await response.Json()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("cost.amount", out var messages), $"no error for cost.amount: {errors}");
        Assert.Contains("at most 2 decimal places", messages[0].GetString());
        await api.InDatabase(async db => Assert.False(await db.Services.AnyAsync(s => s.OrganisationId == org)));
    }

    [Fact]
    public async Task Unknown_taxonomy_codes_and_other_organisations_locations_get_a_422_naming_each()
    {
        var org = await api.NewOrganisation("Codes org");
        var other = await api.NewOrganisation("Someone else");
        var theirLocation = await api.NewLocation(other, "Drayton");
        using var curator = api.Curator();
        var body = Listings.Body(org, terms: ["lunch-clubs", "underwater-basket-weaving"], locations: [theirLocation]);

        var response = await curator.PostAsJsonAsync("/api/directory/services", body);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = await response.Json();
        Assert.Contains("underwater-basket-weaving", problem.GetProperty("errors").GetProperty("taxonomyTerms[1]")[0].GetString());
        Assert.True(problem.GetProperty("errors").TryGetProperty("locationIds[0]", out _));
        Assert.False(problem.GetProperty("errors").TryGetProperty("taxonomyTerms[0]", out _));
        await api.InDatabase(async db => Assert.False(await db.Services.AnyAsync(s => s.OrganisationId == org)));
    }

    [Fact]
    public async Task A_full_listing_reads_back_with_locations_schedules_next_session_and_taxonomy()
    {
        var org = await api.NewOrganisation("Full org");
        var location = await api.NewLocation(org, "Cosham", "po6 3aa");
        var (id, _) = await api.LiveListing(org, "Cosham lunch club", [location]);
        using var anonymous = api.Anonymous();

        var listing = await anonymous.GetListing(id);

        Assert.Equal("Full org", listing.GetProperty("organisation").GetProperty("name").GetString());
        var place = Assert.Single(listing.GetProperty("locations").EnumerateArray());
        Assert.Equal("PO6 3AA", place.GetProperty("postcode").GetString());
        Assert.Equal("Cosham", place.GetProperty("ward").GetString());
        var schedule = Assert.Single(listing.GetProperty("schedules").EnumerateArray());
        Assert.Equal(DayOfWeek.Tuesday, DateTime.Parse(schedule.GetProperty("nextSession").GetString()!).DayOfWeek);
        Assert.Equal(["Breakfast and lunch clubs", "Loneliness"],
            listing.GetProperty("taxonomy").EnumerateArray().Select(t => t.GetProperty("name").GetString()));
        Assert.Equal(3.5m, listing.GetProperty("cost").GetProperty("amount").GetDecimal());
        Assert.Equal(50, listing.GetProperty("eligibility").GetProperty("minimumAge").GetInt32());
        Assert.False(listing.GetProperty("stale").GetBoolean());
        Assert.Equal("yes", listing.GetProperty("capacity").GetProperty("acceptingReferrals").GetString());
    }

    [Fact]
    public async Task A_minimal_listing_gets_defaults_for_what_it_leaves_out()
    {
        var org = await api.NewOrganisation("Minimal org");
        using var curator = api.Curator();

        var created = await DirectoryApi.Create(curator,
            new JsonObject { ["organisationId"] = org, ["name"] = "Shed open morning", ["acceptingReferrals"] = "waitlist" });

        var listing = await curator.GetListing(created.GetProperty("id").GetGuid());
        Assert.Equal("in-person", listing.GetProperty("attendingType").GetString());
        Assert.True(listing.GetProperty("cost").GetProperty("isFree").GetBoolean());
        Assert.Equal("waitlist", listing.GetProperty("capacity").GetProperty("acceptingReferrals").GetString());
        Assert.Empty(listing.GetProperty("schedules").EnumerateArray());
    }

    [Fact]
    public async Task Bad_location_fields_are_named()
    {
        var org = await api.NewOrganisation("Location org");
        using var provider = api.ProviderOf(org);

        var response = await provider.PostAsJsonAsync("/api/directory/locations", new { name = "", postcode = "NOT A CODE", latitude = 95.0, longitude = 0.0 });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Json()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("name", out _));
        Assert.True(errors.TryGetProperty("postcode", out _));
        Assert.True(errors.TryGetProperty("latitude", out _));
    }
}
