using System.Net;
using System.Net.Http.Json;
using Contracts.Directory;
using Directory.Tests.Support;
using DirectoryService.Features.Crisis;
using Microsoft.Extensions.DependencyInjection;

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

    [Fact]
    public async Task The_preview_lists_exactly_what_suspending_then_suspends_and_changes_nothing()
    {
        var ward = $"Drayton {Guid.NewGuid():N}";
        var org = await api.NewOrganisation("Drayton Walkers");
        var other = await api.NewOrganisation("Drayton Singers");
        var place = await api.NewLocation(org, ward);
        var shared = await api.NewLocation(other, ward);
        var (a, _) = await api.LiveListing(org, "Health walk", [place]);
        var (b, _) = await api.LiveListing(other, "Singing for the brain", [shared]);
        var (notInWard, _) = await api.LiveListing(org, "Town walk");
        using var curator = api.Curator();

        var preview = await (await curator.PostAsJsonAsync("/api/directory/crisis/preview", new { ward })).Json();

        Assert.Equal(2, preview.GetProperty("count").GetInt32());
        Assert.Equal(2, preview.GetProperty("organisationCount").GetInt32());
        Assert.Equal($"{ward} ward", preview.GetProperty("scope").GetString());
        var previewed = preview.GetProperty("listings").EnumerateArray().Select(l => l.GetProperty("id").GetGuid()).Order().ToList();
        Assert.Equal(new[] { a, b }.Order(), previewed);
        using var anonymous = api.Anonymous();
        Assert.Equal("active", (await anonymous.GetListing(a)).GetProperty("status").GetString());

        var suspended = await (await curator.PostAsJsonAsync("/api/directory/crisis/suspend",
            new { ward, publicNote = "Closed: the community centre flooded." })).Json();
        Assert.Equal(previewed, suspended.GetProperty("serviceIds").EnumerateArray().Select(e => e.GetGuid()).Order().ToList());
        Assert.Equal("active", (await anonymous.GetListing(notInWard)).GetProperty("status").GetString());

        // Narrowed to one organisation within the ward: only its listing (nothing active is left there, so none).
        var narrowed = await (await curator.PostAsJsonAsync("/api/directory/crisis/preview", new { ward, organisationId = org })).Json();
        Assert.Equal(0, narrowed.GetProperty("count").GetInt32());
    }

    [Fact]
    public async Task A_planned_end_reinstates_the_listings_automatically_once_and_ends_the_crisis_banner()
    {
        var ward = $"Hilsea {Guid.NewGuid():N}";
        var org = await api.NewOrganisation("Hilsea Lido Swimmers");
        var place = await api.NewLocation(org, ward);
        var (listing, _) = await api.LiveListing(org, "Lido swim", [place]);
        using var curator = api.Curator();
        var until = DateTimeOffset.UtcNow.AddHours(1);

        var declared = await curator.PostAsJsonAsync("/api/directory/crisis/suspend",
            new { ward, publicNote = "The lido is closed for repairs.", alternative = "Swim at the Mountbatten Centre", until });

        Assert.Equal(HttpStatusCode.OK, declared.StatusCode);
        var crisisId = (await declared.Json()).GetProperty("crisisId").GetGuid();
        using var anonymous = api.Anonymous();
        var current = await (await anonymous.GetAsync("/api/directory/crisis/current")).Json();
        var banner = Assert.Single(current.EnumerateArray(), c => c.GetProperty("id").GetGuid() == crisisId);
        Assert.Equal("Swim at the Mountbatten Centre", banner.GetProperty("alternative").GetString());
        Assert.Equal(0, await Sweep(until.AddMinutes(-1)));
        Assert.Equal("suspended", (await anonymous.GetListing(listing)).GetProperty("status").GetString());

        Assert.Equal(1, await Sweep(until.AddSeconds(1)));

        Assert.Equal("active", (await anonymous.GetListing(listing)).GetProperty("status").GetString());
        Assert.Single(await api.Published<ServiceReinstated>(), e => e.ServiceId == listing);
        Assert.Equal(0, await Sweep(until.AddMinutes(5)));
        Assert.Single(await api.Published<ServiceReinstated>(), e => e.ServiceId == listing);
        var history = await (await curator.GetAsync($"/api/directory/services/{listing}/history")).Json();
        var summaries = history.GetProperty("versions").EnumerateArray()
            .Select(v => (By: v.GetProperty("changedBy").GetString(), Summary: v.GetProperty("summary").GetString())).ToList();
        Assert.Contains(summaries, v => v.By == CrisisEndSweep.By && v.Summary!.Contains("planned end", StringComparison.Ordinal));
        Assert.Contains(summaries, v => v.By!.Contains("curator", StringComparison.Ordinal) && v.Summary!.Contains("The lido is closed for repairs.", StringComparison.Ordinal));
        var crises = await (await curator.GetAsync("/api/directory/crisis")).Json();
        Assert.True(crises.EnumerateArray().Single(c => c.GetProperty("id").GetGuid() == crisisId).TryGetProperty("endedAt", out var ended)
                    && ended.ValueKind == System.Text.Json.JsonValueKind.String);
    }

    [Fact]
    public async Task A_curator_ends_a_crisis_now_once_and_a_planned_end_in_the_past_is_a_400_problem()
    {
        var org = await api.NewOrganisation("Southsea Knitters");
        var (listing, _) = await api.LiveListing(org, "Knit and natter");
        using var curator = api.Curator();

        var past = await curator.PostAsJsonAsync("/api/directory/crisis/suspend",
            new { organisationId = org, publicNote = "Closed", until = DateTimeOffset.UtcNow.AddMinutes(-5) });
        Assert.Equal(HttpStatusCode.BadRequest, past.StatusCode);
        Assert.Equal("application/problem+json", past.Content.Headers.ContentType?.MediaType);
        Assert.True((await past.Json()).GetProperty("errors").TryGetProperty("until", out _));

        var crisisId = (await (await curator.PostAsJsonAsync("/api/directory/crisis/suspend",
            new { organisationId = org, publicNote = "Closed for the holidays" })).Json()).GetProperty("crisisId").GetGuid();
        var ended = await curator.PostAsync($"/api/directory/crisis/{crisisId}/end", null);
        var again = await curator.PostAsync($"/api/directory/crisis/{crisisId}/end", null);
        var unknown = await curator.PostAsync($"/api/directory/crisis/{Guid.NewGuid()}/end", null);

        Assert.Equal(1, (await ended.Json()).GetProperty("count").GetInt32());
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("active", (await api.Anonymous().GetListing(listing)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_provider_posts_a_closure_notice_for_its_own_listing_only_and_cannot_lift_a_crisis()
    {
        var org = await api.NewOrganisation("Fratton Men's Shed");
        var stranger = await api.NewOrganisation("Someone else");
        var (listing, _) = await api.LiveListing(org, "Men's shed");
        using var provider = api.ProviderOf(org);
        using var other = api.ProviderOf(stranger);
        var until = DateTimeOffset.UtcNow.AddDays(3);

        var refused = await other.PostAsJsonAsync($"/api/directory/services/{listing}/closure", new { publicNote = "Closed" });
        var noNote = await provider.PostAsJsonAsync($"/api/directory/services/{listing}/closure", new { publicNote = " " });
        var closed = await provider.PostAsJsonAsync($"/api/directory/services/{listing}/closure",
            new { publicNote = "The workshop roof is being mended.", alternative = "Tuesday coffee at the library", until });
        var twice = await provider.PostAsJsonAsync($"/api/directory/services/{listing}/closure", new { publicNote = "Again" });

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, noNote.StatusCode);
        Assert.Equal(HttpStatusCode.OK, closed.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
        var shown = await api.Anonymous().GetListing(listing);
        Assert.Equal("suspended", shown.GetProperty("status").GetString());
        Assert.Equal("Tuesday coffee at the library", shown.GetProperty("suspension").GetProperty("alternative").GetString());
        Assert.Contains(await api.Published<ServiceSuspended>(), e => e.ServiceId == listing && e.PublicNote == "The workshop roof is being mended.");
        Assert.Equal(1, await Sweep(until.AddMinutes(1)));
        Assert.Equal("active", (await api.Anonymous().GetListing(listing)).GetProperty("status").GetString());

        using var curator = api.Curator();
        await curator.PostAsJsonAsync("/api/directory/crisis/suspend", new { organisationId = org, publicNote = "Storm damage" });
        var lift = await provider.DeleteAsync($"/api/directory/services/{listing}/closure");
        Assert.Equal(HttpStatusCode.Forbidden, lift.StatusCode);
        var history = await (await provider.GetAsync($"/api/directory/services/{listing}/history")).Json();
        Assert.Contains(history.GetProperty("versions").EnumerateArray(), v => v.GetProperty("summary").GetString()!.StartsWith("Closure notice", StringComparison.Ordinal)
            && v.GetProperty("changedBy").GetString()!.Contains("provider", StringComparison.Ordinal));
    }

    private async Task<int> Sweep(DateTimeOffset now)
    {
        await using var scope = api.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<CrisisEndSweep>().RunAsync(now, CancellationToken.None);
    }
}
