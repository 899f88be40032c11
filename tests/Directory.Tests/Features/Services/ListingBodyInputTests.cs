using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Directory.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Directory.Tests.Features.Services;

public sealed class ListingBodyInputTestsOnPostgres(DirectoryApi api) : ListingBodyInputTests<DirectoryApi>(api);

public sealed class ListingBodyInputTestsOnSqlite(SqliteDirectoryApi api) : ListingBodyInputTests<SqliteDirectoryApi>(api);

/// <summary>
/// Whatever JSON a client sends for a listing (nulls inside lists, wrong types, numbers out of range, impossible
/// dates and times, NUL in text) is a 400 problem, naming the field where the body could be read; never a 500.
/// </summary>
public abstract class ListingBodyInputTests<TApi>(TApi api) : IClassFixture<TApi> where TApi : DirectoryApi
{
    private const string Weekly = """{"frequency":"weekly","byDay":["tuesday"],"opensAt":"12:00:00","closesAt":"14:00:00"}""";

    /// <summary>A field of the listing body, the raw JSON put there, and the error key expected (null: the body cannot be read).</summary>
    public static TheoryData<string, string, string?> BadFields => new()
    {
        { "schedules", "[null]", "schedules[0]" },
        { "schedules", $"[{Weekly}, null]", "schedules[1]" },
        { "languages", "[null]", "languages[0]" },
        { "taxonomyTerms", """["lunch-clubs", null]""", "taxonomyTerms[1]" },
        { "name", "null", "name" },
        { "name", "\"Lunch\\u0000club\"", "name" },
        { "description", "\"Tea\\u0000and cake\"", "description" },
        { "url", "\"https://lunch.example.org/\\u0000\"", "url" },
        { "contact", """{"name":"Pat\u0000","email":"pat\u0000@example.org"}""", "contact.name" },
        { "schedules", """[{"frequency":"weekly","byDay":["tuesday"],"description":"x\u0000"}]""", "schedules[0].description" },
        { "eligibility", """{"minimumAge":-5}""", "eligibility.minimumAge" },
        { "cost", """{"isFree":false,"amount":99999999999}""", "cost.amount" },
        { "spaces", "-1", "spaces" },
        { "schedules", """[{"frequency":"monthly","byMonthDay":99}]""", "schedules[0].byMonthDay" },
        { "locationIds", "[null]", null },
        { "locationIds", "[\"not-a-guid\"]", null },
        { "organisationId", "\"not-a-guid\"", null },
        { "schedules", """[{"frequency":"weekly","byDay":[null]}]""", null },
        { "schedules", """[{"frequency":"weekly","byDay":["tuesday"],"opensAt":"25:99"}]""", null },
        { "schedules", """[{"frequency":"once","date":"9999-13-40"}]""", null },
        { "schedules", """[{"frequency":"hourly"}]""", null },
        { "schedules", """[{"frequency":"monthly","byMonthDay":2147483648}]""", null },
        { "schedules", "[1, 2, 3]", null },
        { "schedules", "{}", null },
        { "schedules", "\"weekly\"", null },
        { "languages", "\"English\"", null },
        { "eligibility", """{"minimumAge":1e10}""", null },
        { "eligibility", "[]", null },
        { "cost", """{"isFree":false,"amount":1e40}""", null },
        { "cost", """{"isFree":null}""", null },
        { "name", "123", null },
        { "name", "\"\\ud800 club\"", null },
        { "attendingType", "\"teleport\"", null },
        { "acceptingReferrals", "\"maybe\"", null },
        { "spaces", "2147483648", null },
    };

    [Theory]
    [MemberData(nameof(BadFields))]
    public async Task A_bad_field_in_a_new_listing_is_a_400_problem(string field, string json, string? errorKey)
    {
        var org = await api.NewOrganisation($"Body org {Guid.NewGuid():N}");
        using var curator = api.Curator();
        var body = Listings.Body(org);

        var response = await curator.PostAsync("/api/directory/services", Json(WithRaw(body, field, json)));

        await AssertBadRequest(response, errorKey);
        await api.InDatabase(async db => Assert.False(await db.Services.AnyAsync(s => s.OrganisationId == org)));
    }

    [Theory]
    [MemberData(nameof(BadFields))]
    public async Task A_bad_field_in_an_edit_is_a_400_problem_and_the_listing_is_unchanged(string field, string json, string? errorKey)
    {
        // An edit carries the listing's details only: organisation and capacity have their own routes.
        if (field is "organisationId" or "acceptingReferrals" or "spaces") return;
        var org = await api.NewOrganisation($"Edit org {Guid.NewGuid():N}");
        var (id, body) = await api.LiveListing(org);
        using var curator = api.Curator();
        var edit = body.With("version", 1);
        edit.Remove("organisationId");

        var response = await curator.PutAsync($"/api/directory/services/{id}", Json(WithRaw(edit, field, json)));

        await AssertBadRequest(response, errorKey);
        var listing = await curator.GetListing(id);
        Assert.Equal(1, listing.GetProperty("version").GetInt32());
    }

    [Theory]
    [InlineData("null")]
    [InlineData("[]")]
    [InlineData("\"a listing\"")]
    [InlineData("{")]
    [InlineData("")]
    [InlineData("{\"name\":\"Lunch\",\"name\":")]
    public async Task A_body_that_is_not_a_listing_is_a_400_problem(string raw)
    {
        using var curator = api.Curator();

        var response = await curator.PostAsync("/api/directory/services", Json(raw));

        await AssertBadRequest(response, null);
    }

    [Fact]
    public async Task Dates_at_the_ends_of_the_accepted_range_are_saved_and_those_beyond_it_are_a_400_not_a_500()
    {
        var org = await api.NewOrganisation("Calendar org");
        using var curator = api.Curator();
        var body = Listings.Body(org).With("schedules", JsonNode.Parse("""
            [{"frequency":"once","date":"2100-12-31","opensAt":"23:00:00","closesAt":"23:59:59"},
             {"frequency":"weekly","byDay":["monday"],"validFrom":"2000-01-01","validTo":"2100-12-31"}]
            """));
        var beyond = Listings.Body(org).With("schedules", JsonNode.Parse("""
            [{"frequency":"once","date":"9999-12-31","opensAt":"23:00:00","closesAt":"23:59:59"},
             {"frequency":"weekly","byDay":["monday"],"validFrom":"0001-01-01","validTo":"9999-12-31"}]
            """));

        var created = await DirectoryApi.Create(curator, body);
        var refused = await curator.PostAsJsonAsync("/api/directory/services", beyond);

        var listing = await curator.GetListing(created.GetProperty("id").GetGuid());
        Assert.Equal(2, listing.GetProperty("schedules").GetArrayLength());
        await AssertBadRequest(refused, "schedules[0].date");
        var errors = (await refused.Json()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("schedules[1].validFrom", out _));
        Assert.True(errors.TryGetProperty("schedules[1].validTo", out _));
    }

    [Theory]
    [InlineData("""{"acceptingReferrals":"yes","spaces":-1}""", "spaces")]
    [InlineData("""{"acceptingReferrals":"yes","typicalResponseDays":100000}""", "typicalResponseDays")]
    [InlineData("""{"acceptingReferrals":"yes","spaces":99999999999}""", null)]
    [InlineData("""{"acceptingReferrals":null}""", null)]
    [InlineData("""{"acceptingReferrals":"perhaps"}""", null)]
    [InlineData("[1]", null)]
    public async Task A_bad_capacity_is_a_400_problem(string raw, string? errorKey)
    {
        var org = await api.NewOrganisation($"Capacity org {Guid.NewGuid():N}");
        var (id, _) = await api.LiveListing(org);
        using var curator = api.Curator();

        var response = await curator.PutAsync($"/api/directory/services/{id}/capacity", Json(raw));

        await AssertBadRequest(response, errorKey);
    }

    /// <summary>The body with <paramref name="field"/> set to JSON text as written (a client library would refuse some of it).</summary>
    private static string WithRaw(JsonObject body, string field, string json) =>
        body.With(field, "\u0001raw").ToJsonString().Replace("\"\\u0001raw\"", json);

    private static StringContent Json(string raw) => new(raw, Encoding.UTF8, "application/json");

    private static async Task AssertBadRequest(HttpResponseMessage response, string? errorKey)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        if (errorKey is null) return;
        var errors = JsonDocument.Parse(text).RootElement.GetProperty("errors");
        Assert.True(errors.TryGetProperty(errorKey, out _), $"no error for {errorKey}: {errors}");
    }
}
