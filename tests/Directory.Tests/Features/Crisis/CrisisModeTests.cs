using System.Net;
using System.Net.Http.Json;
using Contracts.Directory;
using Directory.Tests.Support;

namespace Directory.Tests.Features.Crisis;

public sealed class CrisisModeTestsOnPostgres(DirectoryApi api) : CrisisModeTests<DirectoryApi>(api);

public sealed class CrisisModeTestsOnSqlite(SqliteDirectoryApi api) : CrisisModeTests<SqliteDirectoryApi>(api);

public abstract class CrisisModeTests<TApi>(TApi api) : IClassFixture<TApi> where TApi : DirectoryApi
{
    [Fact]
    public async Task Suspending_a_ward_suspends_its_active_listings_only_with_the_note_and_reinstating_brings_them_back()
    {
        // A ward name of this test's own, so other tests' listings are never in it.
        var ward = $"Paulsgrove {Guid.NewGuid():N}";
        var org = await api.NewOrganisation();
        var inWard = await api.NewLocation(org, ward);
        var elsewhere = await api.NewLocation(org, $"Cosham {Guid.NewGuid():N}");
        var (a, _) = await api.LiveListing(org, "Lunch club", [inWard]);
        var (b, _) = await api.LiveListing(org, "Men's shed", [inWard, elsewhere]);
        var (c, _) = await api.LiveListing(org, "Walking football", [elsewhere]);
        using var provider = api.ProviderOf(org);
        var pending = (await DirectoryApi.Create(provider, Listings.Body(org, "Proposed", [inWard]))).GetProperty("id").GetGuid();
        using var curator = api.Curator();

        var suspend = await curator.PostAsJsonAsync("/api/directory/crisis/suspend",
            new { ward = ward.ToUpperInvariant(), publicNote = "Closed while the hall is used as a vaccination centre.", alternative = "Phone befriending: 023 9249 3333" });

        Assert.Equal(HttpStatusCode.OK, suspend.StatusCode);
        var suspended = (await suspend.Json()).GetProperty("serviceIds").EnumerateArray().Select(e => e.GetGuid()).Order().ToList();
        Assert.Equal(new[] { a, b }.Order(), suspended);
        using var anonymous = api.Anonymous();
        var listing = await anonymous.GetListing(a);
        Assert.Equal("suspended", listing.GetProperty("status").GetString());
        Assert.Equal("Phone befriending: 023 9249 3333", listing.GetProperty("suspension").GetProperty("alternative").GetString());
        Assert.Equal("active", (await anonymous.GetListing(c)).GetProperty("status").GetString());
        Assert.Equal("pending-approval", (await provider.GetListing(pending)).GetProperty("status").GetString());
        var events = (await api.Published<ServiceSuspended>()).Where(e => e.ServiceId == a || e.ServiceId == b || e.ServiceId == c).ToList();
        Assert.Equal(2, events.Count);
        Assert.All(events, e => Assert.Equal("Closed while the hall is used as a vaccination centre.", e.PublicNote));

        var reinstate = await curator.PostAsJsonAsync("/api/directory/crisis/reinstate", new { ward });

        Assert.Equal(2, (await reinstate.Json()).GetProperty("count").GetInt32());
        listing = await anonymous.GetListing(a);
        Assert.Equal("active", listing.GetProperty("status").GetString());
        Assert.False(listing.TryGetProperty("suspension", out _));
        Assert.Equal(2, (await api.Published<ServiceReinstated>()).Count(e => e.ServiceId == a || e.ServiceId == b));
    }

    [Fact]
    public async Task Suspending_by_taxonomy_term_matches_listings_tagged_with_it()
    {
        using var curator = api.Curator();
        var code = $"crisis-test-{Guid.NewGuid():N}"[..30];
        var taxonomy = (await (await curator.GetAsync("/api/directory/taxonomy")).Json())[0].GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.Created,
            (await curator.PostAsJsonAsync("/api/directory/taxonomy/terms", new { taxonomyId = taxonomy, code, name = "Crisis test" })).StatusCode);
        var org = await api.NewOrganisation();
        var (tagged, _) = await api.LiveListing(org, "Tagged", terms: [code]);
        var (untagged, _) = await api.LiveListing(org, "Untagged");

        var result = await (await curator.PostAsJsonAsync("/api/directory/crisis/suspend", new { taxonomyTerm = code, publicNote = "Paused" })).Json();

        Assert.Equal([tagged], result.GetProperty("serviceIds").EnumerateArray().Select(e => e.GetGuid()));
        Assert.DoesNotContain(await api.Published<ServiceSuspended>(), e => e.ServiceId == untagged);
    }

    [Fact]
    public async Task A_crisis_action_needs_a_selector_and_a_public_note_and_all_stands_alone()
    {
        using var curator = api.Curator();

        var none = await curator.PostAsJsonAsync("/api/directory/crisis/suspend", new { publicNote = "" });
        var errors = (await none.Json()).GetProperty("errors");
        Assert.Equal(HttpStatusCode.BadRequest, none.StatusCode);
        Assert.True(errors.TryGetProperty("all", out _));
        Assert.True(errors.TryGetProperty("publicNote", out _));

        var mixed = await curator.PostAsJsonAsync("/api/directory/crisis/suspend", new { all = true, ward = "Cosham", publicNote = "Closed" });
        Assert.Equal(HttpStatusCode.BadRequest, mixed.StatusCode);
    }
    [Theory]
    [InlineData("""{"ward":"Cosham\u0000","publicNote":"Closed"}""", "ward")]
    [InlineData("""{"taxonomyTerm":"lunch-clubs\u0000","publicNote":"Closed"}""", "taxonomyTerm")]
    [InlineData("""{"all":true,"publicNote":"Closed\u0000"}""", "publicNote")]
    [InlineData("""{"all":true,"publicNote":"Closed","alternative":"Phone\u0001 us"}""", "alternative")]
    public async Task Control_characters_in_a_suspension_are_a_400_naming_the_field_and_nothing_is_suspended(string raw, string field)
    {
        using var curator = api.Curator();

        var response = await curator.PostAsync("/api/directory/crisis/suspend", new StringContent(raw, System.Text.Encoding.UTF8, "application/json"));

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {text}");
        Assert.True(System.Text.Json.JsonDocument.Parse(text).RootElement.GetProperty("errors").TryGetProperty(field, out _), text);
    }
}
