using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Contracts.Directory;
using Directory.Tests.Support;

namespace Directory.Tests.Features.Moderation;

public sealed class ModerationFlowTestsOnPostgres(DirectoryApi api) : ModerationFlowTests<DirectoryApi>(api);

public sealed class ModerationFlowTestsOnSqlite(SqliteDirectoryApi api) : ModerationFlowTests<SqliteDirectoryApi>(api);

public abstract class ModerationFlowTests<TApi>(TApi api) : IClassFixture<TApi> where TApi : DirectoryApi
{
    [Fact]
    public async Task A_providers_new_listing_is_hidden_until_a_curator_approves_it_then_public_and_ServiceListed_is_published()
    {
        var org = await api.NewOrganisation();
        using var provider = api.ProviderOf(org);
        var created = await DirectoryApi.Create(provider, Listings.Body(org, "Paulsgrove knit and natter"));
        var id = created.GetProperty("id").GetGuid();
        Assert.Equal("pending-approval", created.GetProperty("status").GetString());

        using var anonymous = api.Anonymous();
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/api/directory/services/{id}")).StatusCode);
        Assert.DoesNotContain(await api.Published<ServiceListed>(), e => e.ServiceId == id);

        using var curator = api.Curator();
        var queue = await (await curator.GetAsync("/api/directory/moderation")).Json();
        var pending = queue.GetProperty("pending").EnumerateArray().Single(c => c.GetProperty("serviceId").GetGuid() == id);
        Assert.Equal("new-listing", pending.GetProperty("kind").GetString());
        Assert.Contains(pending.GetProperty("changes").EnumerateArray(), c => c.GetProperty("field").GetString() == "name");

        var approve = await curator.PostAsJsonAsync($"/api/directory/moderation/{pending.GetProperty("changeId").GetGuid()}/approve", new { });
        Assert.Equal(HttpStatusCode.OK, approve.StatusCode);

        var listing = await anonymous.GetListing(id);
        Assert.Equal("active", listing.GetProperty("status").GetString());
        var listed = Assert.Single(await api.Published<ServiceListed>(), e => e.ServiceId == id);
        Assert.Equal("Paulsgrove knit and natter", listed.Name);
        Assert.Equal(org, listed.OrganisationId);

        var after = await (await curator.GetAsync("/api/directory/moderation")).Json();
        Assert.DoesNotContain(after.GetProperty("pending").EnumerateArray(), c => c.GetProperty("serviceId").GetGuid() == id);
    }

    [Fact]
    public async Task A_rejected_new_listing_is_never_published_and_the_provider_sees_the_note()
    {
        var org = await api.NewOrganisation();
        using var provider = api.ProviderOf(org);
        var created = await DirectoryApi.Create(provider, Listings.Body(org, "Not quite right"));
        var id = created.GetProperty("id").GetGuid();
        var changeId = created.GetProperty("changeId").GetGuid();
        using var curator = api.Curator();

        var noNote = await curator.PostAsJsonAsync($"/api/directory/moderation/{changeId}/reject", new { note = "" });
        Assert.Equal(HttpStatusCode.BadRequest, noNote.StatusCode);
        var reject = await curator.PostAsJsonAsync($"/api/directory/moderation/{changeId}/reject", new { note = "Please add where it meets." });
        Assert.Equal(HttpStatusCode.OK, reject.StatusCode);

        Assert.Equal(HttpStatusCode.Conflict,
            (await curator.PostAsJsonAsync($"/api/directory/moderation/{changeId}/approve", new { })).StatusCode);
        using var anonymous = api.Anonymous();
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/api/directory/services/{id}")).StatusCode);
        Assert.DoesNotContain(await api.Published<ServiceListed>(), e => e.ServiceId == id);
        var history = await (await provider.GetAsync($"/api/directory/services/{id}/history")).Json();
        var proposal = Assert.Single(history.GetProperty("proposals").EnumerateArray());
        Assert.Equal("rejected", proposal.GetProperty("decision").GetString());
        Assert.Equal("Please add where it meets.", proposal.GetProperty("note").GetString());
    }

    [Fact]
    public async Task A_providers_material_edit_waits_for_approval_while_contact_changes_apply_at_once()
    {
        var org = await api.NewOrganisation();
        var (id, body) = await api.LiveListing(org, "Drayton walking group");
        using var provider = api.ProviderOf(org);
        var edit = body.With("version", 1).With("name", "Drayton walk and talk")
            .With("contact", JsonSerializer.SerializeToNode(new { name = "Robin", phone = "023 9249 2222" }));

        var response = await provider.PutAsJsonAsync($"/api/directory/services/{id}", edit);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var result = await response.Json();
        Assert.Equal(["contact"], result.GetProperty("applied").EnumerateArray().Select(f => f.GetString()));
        Assert.Equal(["name"], result.GetProperty("pendingApproval").EnumerateArray().Select(f => f.GetString()));
        using var anonymous = api.Anonymous();
        var live = await anonymous.GetListing(id);
        Assert.Equal("Drayton walking group", live.GetProperty("name").GetString());
        Assert.Equal("Robin", live.GetProperty("contact").GetProperty("name").GetString());
        Assert.Single(await api.Published<ServiceUpdated>(), e => e.ServiceId == id);

        using var curator = api.Curator();
        var queue = await (await curator.GetAsync("/api/directory/moderation")).Json();
        var pending = queue.GetProperty("pending").EnumerateArray().Single(c => c.GetProperty("serviceId").GetGuid() == id);
        var diff = Assert.Single(pending.GetProperty("changes").EnumerateArray());
        Assert.Equal("name", diff.GetProperty("field").GetString());
        Assert.Equal("Drayton walking group", diff.GetProperty("before").GetString());
        Assert.Equal("Drayton walk and talk", diff.GetProperty("after").GetString());

        await curator.PostAsJsonAsync($"/api/directory/moderation/{pending.GetProperty("changeId").GetGuid()}/approve", new { });

        live = await anonymous.GetListing(id);
        Assert.Equal("Drayton walk and talk", live.GetProperty("name").GetString());
        Assert.Equal("Robin", live.GetProperty("contact").GetProperty("name").GetString());
        var updates = (await api.Published<ServiceUpdated>()).Where(e => e.ServiceId == id).ToList();
        Assert.Equal(2, updates.Count);
        Assert.Equal("Drayton walk and talk", updates[^1].Name);
    }

    [Fact]
    public async Task A_curators_edit_applies_at_once_and_every_applied_change_is_in_the_version_history()
    {
        var org = await api.NewOrganisation();
        var (id, body) = await api.LiveListing(org, "Cosham coffee morning");
        using var curator = api.Curator();

        var response = await curator.PutAsJsonAsync($"/api/directory/services/{id}",
            body.With("version", 1).With("description", "Coffee, cake and a natter every Friday."));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var provider = api.ProviderOf(org);
        await provider.PutAsJsonAsync($"/api/directory/services/{id}/capacity", new { acceptingReferrals = "waitlist", spaces = 0, typicalResponseDays = 7 });

        var history = await (await provider.GetAsync($"/api/directory/services/{id}/history")).Json();
        var versions = history.GetProperty("versions").EnumerateArray().ToList();
        Assert.Equal([3, 2, 1], versions.Select(v => v.GetProperty("version").GetInt32()));
        Assert.Contains("description", versions[1].GetProperty("summary").GetString());
        Assert.Equal("Coffee, cake and a natter every Friday.",
            versions[1].GetProperty("snapshot").GetProperty("details").GetProperty("description").GetString());
        Assert.Contains("curator", versions[1].GetProperty("changedBy").GetString());
        Assert.Contains("provider", versions[0].GetProperty("changedBy").GetString());

        var capacity = Assert.Single(await api.Published<ServiceCapacityChanged>(), e => e.ServiceId == id);
        Assert.Equal(ReferralAcceptance.Waitlist, capacity.AcceptingReferrals);
        Assert.Equal(7, capacity.TypicalResponseDays);
    }

    [Fact]
    public async Task Setting_the_same_capacity_again_publishes_nothing()
    {
        var org = await api.NewOrganisation();
        var (id, _) = await api.LiveListing(org);
        using var provider = api.ProviderOf(org);
        var capacity = new { acceptingReferrals = "no", spaces = 0 };

        var first = await (await provider.PutAsJsonAsync($"/api/directory/services/{id}/capacity", capacity)).Json();
        var second = await (await provider.PutAsJsonAsync($"/api/directory/services/{id}/capacity", capacity)).Json();

        Assert.True(first.GetProperty("changed").GetBoolean());
        Assert.False(second.GetProperty("changed").GetBoolean());
        Assert.Single(await api.Published<ServiceCapacityChanged>(), e => e.ServiceId == id);
    }

    [Fact]
    public async Task A_stale_edit_is_a_409_naming_the_current_version_and_changes_nothing()
    {
        var org = await api.NewOrganisation();
        var (id, body) = await api.LiveListing(org);
        using var curator = api.Curator();
        Assert.Equal(HttpStatusCode.OK,
            (await curator.PutAsJsonAsync($"/api/directory/services/{id}", body.With("version", 1).With("summary", "First edit"))).StatusCode);

        var stale = await curator.PutAsJsonAsync($"/api/directory/services/{id}", body.With("version", 1).With("summary", "Second edit"));

        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Equal("application/problem+json", stale.Content.Headers.ContentType?.MediaType);
        Assert.Equal(2, (await stale.Json()).GetProperty("currentVersion").GetInt32());
        Assert.Equal("First edit", (await curator.GetListing(id)).GetProperty("summary").GetString());
    }
}
