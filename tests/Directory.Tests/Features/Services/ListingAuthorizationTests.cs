using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using BuildingBlocks.Auth;
using Directory.Tests.Support;
using TestSupport;

namespace Directory.Tests.Features.Services;

public sealed class ListingAuthorizationTestsOnPostgres(DirectoryApi api) : ListingAuthorizationTests<DirectoryApi>(api);

public sealed class ListingAuthorizationTestsOnSqlite(SqliteDirectoryApi api) : ListingAuthorizationTests<SqliteDirectoryApi>(api);

public abstract class ListingAuthorizationTests<TApi>(TApi api) : IClassFixture<TApi> where TApi : DirectoryApi
{
    [Fact]
    public async Task Provider_staff_cannot_list_for_another_organisation()
    {
        var mine = await api.NewOrganisation("Mine");
        var theirs = await api.NewOrganisation("Theirs");
        using var http = api.ProviderOf(mine);

        var response = await http.PostAsJsonAsync("/api/directory/services", Listings.Body(theirs));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Anonymous_callers_cannot_list_or_edit()
    {
        var org = await api.NewOrganisation();
        var (id, body) = await api.LiveListing(org);
        using var http = api.Anonymous();

        Assert.Equal(HttpStatusCode.Unauthorized, (await http.PostAsJsonAsync("/api/directory/services", Listings.Body(org))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.PutAsJsonAsync($"/api/directory/services/{id}", body.With("version", 1))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.DeleteAsync($"/api/directory/services/{id}")).StatusCode);
    }

    [Fact]
    public async Task Published_listings_are_public_and_other_organisations_get_403_on_changes()
    {
        var org = await api.NewOrganisation();
        var other = await api.NewOrganisation("Other group");
        var (id, body) = await api.LiveListing(org);

        using var anonymous = api.Anonymous();
        var listing = await anonymous.GetListing(id);
        Assert.Equal("Tuesday lunch club", listing.GetProperty("name").GetString());

        using var stranger = api.ProviderOf(other);
        Assert.Equal(HttpStatusCode.Forbidden,
            (await stranger.PutAsJsonAsync($"/api/directory/services/{id}", body.With("version", 1).With("name", "Hijacked"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden,
            (await stranger.PutAsJsonAsync($"/api/directory/services/{id}/capacity", new { acceptingReferrals = "no" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await stranger.PostAsync($"/api/directory/services/{id}/confirm", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await stranger.GetAsync($"/api/directory/services/{id}/history")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await stranger.DeleteAsync($"/api/directory/services/{id}")).StatusCode);
        Assert.Equal("Tuesday lunch club", (await anonymous.GetListing(id)).GetProperty("name").GetString());
    }

    [Fact]
    public async Task A_pending_listing_is_404_to_the_public_and_other_organisations_but_visible_to_its_staff_and_curators()
    {
        var org = await api.NewOrganisation();
        var other = await api.NewOrganisation("Other group");
        using var provider = api.ProviderOf(org);
        var id = (await DirectoryApi.Create(provider, Listings.Body(org))).GetProperty("id").GetGuid();

        using var anonymous = api.Anonymous();
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/api/directory/services/{id}")).StatusCode);
        using var stranger = api.ProviderOf(other);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/api/directory/services/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound,
            (await stranger.PutAsJsonAsync($"/api/directory/services/{id}/capacity", new { acceptingReferrals = "no" })).StatusCode);

        Assert.Equal("pending-approval", (await provider.GetListing(id)).GetProperty("status").GetString());
        using var curator = api.Curator();
        Assert.Equal("pending-approval", (await curator.GetListing(id)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Only_curators_see_the_moderation_queue_and_run_crisis_mode()
    {
        var org = await api.NewOrganisation();
        using var provider = api.ProviderOf(org);
        using var practitioner = api.ClientAs(TestTokens.For(Roles.Practitioner));

        Assert.Equal(HttpStatusCode.Forbidden, (await provider.GetAsync("/api/directory/moderation")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await practitioner.GetAsync("/api/directory/moderation")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden,
            (await provider.PostAsJsonAsync("/api/directory/crisis/suspend", new { all = true, publicNote = "Closed" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden,
            (await provider.PostAsJsonAsync($"/api/directory/moderation/{Guid.NewGuid()}/approve", new { })).StatusCode);
    }

    [Fact]
    public async Task My_services_lists_only_the_callers_organisation_including_pending_listings()
    {
        var org = await api.NewOrganisation();
        var other = await api.NewOrganisation("Other group");
        await api.LiveListing(org, "Live one");
        await api.LiveListing(other, "Someone else's");
        using var provider = api.ProviderOf(org);
        await DirectoryApi.Create(provider, Listings.Body(org, "Proposed one"));

        var mine = await (await provider.GetAsync("/api/directory/my/services")).Json();

        var names = mine.EnumerateArray().Select(s => s.GetProperty("name").GetString()).ToList();
        Assert.Equal(["Live one", "Proposed one"], names);
        var proposed = mine.EnumerateArray().Single(s => s.GetProperty("name").GetString() == "Proposed one");
        Assert.Equal("pending-approval", proposed.GetProperty("status").GetString());
        Assert.True(proposed.GetProperty("hasPendingChange").GetBoolean());
        Assert.False(proposed.GetProperty("stale").GetBoolean());
    }

    [Fact]
    public async Task A_provider_removes_its_own_listing_and_ServiceRemoved_is_published()
    {
        var org = await api.NewOrganisation();
        var (id, _) = await api.LiveListing(org);
        using var provider = api.ProviderOf(org);

        Assert.Equal(HttpStatusCode.NoContent, (await provider.DeleteAsync($"/api/directory/services/{id}")).StatusCode);

        using var anonymous = api.Anonymous();
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/api/directory/services/{id}")).StatusCode);
        Assert.Contains(await api.Published<Contracts.Directory.ServiceRemoved>(), e => e.ServiceId == id);
    }

    [Fact]
    public async Task Organisation_staff_update_their_own_organisation_only()
    {
        var org = await api.NewOrganisation();
        var other = await api.NewOrganisation("Other group");
        using var provider = api.ProviderOf(org);
        var update = new JsonObject { ["name"] = "Cosham Lunch Club CIC", ["phone"] = "023 9249 1111" };

        Assert.Equal(HttpStatusCode.OK, (await provider.PutAsJsonAsync($"/api/directory/organisations/{org}", update)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await provider.PutAsJsonAsync($"/api/directory/organisations/{other}", update)).StatusCode);

        using var anonymous = api.Anonymous();
        var read = await (await anonymous.GetAsync($"/api/directory/organisations/{org}")).Json();
        Assert.Equal("Cosham Lunch Club CIC", read.GetProperty("name").GetString());
    }
}
