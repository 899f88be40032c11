using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Directory.Tests.Support;

namespace Directory.Tests.Features.Moderation;

public sealed class BulkModerationTestsOnPostgres(DirectoryApi api) : BulkModerationTests<DirectoryApi>(api);

public sealed class BulkModerationTestsOnSqlite(SqliteDirectoryApi api) : BulkModerationTests<SqliteDirectoryApi>(api);

public abstract class BulkModerationTests<TApi>(TApi api) : IClassFixture<TApi> where TApi : DirectoryApi
{
    [Fact]
    public async Task Bulk_approval_decides_each_change_on_its_own_and_reports_every_one()
    {
        var org = await api.NewOrganisation("Bulk Befrienders");
        var (a, bodyA) = await api.LiveListing(org, "Phone friends");
        var (b, bodyB) = await api.LiveListing(org, "Garden club");
        var changeA = await Propose(org, a, bodyA, "Weekly calls with a friendly volunteer.");
        var changeB = await Propose(org, b, bodyB, "Grow vegetables together at the allotment.");
        using var curator = api.Curator();
        await curator.PostAsJsonAsync($"/api/directory/moderation/{changeB}/approve", new { });
        var unknown = Guid.NewGuid();

        var response = await curator.PostAsJsonAsync("/api/directory/moderation/approve", new { changeIds = new[] { changeA, changeB, unknown }, note = "Routine update" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await response.Json();
        Assert.Equal(1, result.GetProperty("approved").GetInt32());
        Assert.Equal(2, result.GetProperty("failed").GetInt32());
        var items = result.GetProperty("items").EnumerateArray().ToDictionary(i => i.GetProperty("changeId").GetGuid());
        Assert.Equal("approved", items[changeA].GetProperty("outcome").GetString());
        Assert.Equal(409, items[changeB].GetProperty("problem").GetProperty("status").GetInt32());
        Assert.Equal(404, items[unknown].GetProperty("problem").GetProperty("status").GetInt32());
        Assert.Equal("Weekly calls with a friendly volunteer.", (await api.Anonymous().GetListing(a)).GetProperty("description").GetString());
        var history = await (await curator.GetAsync($"/api/directory/services/{a}/history")).Json();
        var entry = history.GetProperty("versions")[0];
        Assert.Equal("Approved edit (in bulk): Routine update: description", entry.GetProperty("summary").GetString());
        Assert.Contains("(curator)", entry.GetProperty("changedBy").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bulk_approval_of_an_organisations_changes_leaves_everyone_elses_waiting()
    {
        var trusted = await api.NewOrganisation("Trusted Trust");
        var other = await api.NewOrganisation("Someone Else");
        var (a, bodyA) = await api.LiveListing(trusted, "Chair yoga");
        var (b, bodyB) = await api.LiveListing(other, "Book club");
        var changeA = await Propose(trusted, a, bodyA, "Gentle yoga sitting down.");
        var changeB = await Propose(other, b, bodyB, "A novel a month.");
        using var curator = api.Curator();

        var result = await (await curator.PostAsJsonAsync("/api/directory/moderation/approve", new { organisationId = trusted })).Json();

        Assert.Equal([changeA], result.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("changeId").GetGuid()));
        var queue = await (await curator.GetAsync("/api/directory/moderation")).Json();
        Assert.Contains(queue.GetProperty("pending").EnumerateArray(), c => c.GetProperty("changeId").GetGuid() == changeB);
        var both = await curator.PostAsJsonAsync("/api/directory/moderation/approve", new { organisationId = trusted, changeIds = new[] { changeB } });
        var neither = await curator.PostAsJsonAsync("/api/directory/moderation/approve", new { });
        Assert.Equal(HttpStatusCode.BadRequest, both.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, neither.StatusCode);
        Assert.Equal("application/problem+json", neither.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_curator_amends_a_proposal_before_approving_and_an_invalid_amendment_is_a_400_leaving_it_pending()
    {
        var org = await api.NewOrganisation("Amended Arts");
        var (id, body) = await api.LiveListing(org, "Art club");
        var change = await Propose(org, id, body, "Paint with us!!! BEST CLUB EVER");
        using var curator = api.Curator();
        var queue = await (await curator.GetAsync("/api/directory/moderation")).Json();
        var diff = queue.GetProperty("pending").EnumerateArray().Single(c => c.GetProperty("changeId").GetGuid() == change).GetProperty("changes");
        var description = Assert.Single(diff.EnumerateArray(), f => f.GetProperty("field").GetString() == "description");
        Assert.Equal("Paint with us!!! BEST CLUB EVER", description.GetProperty("after").GetString());
        Assert.Equal(body["description"]!.GetValue<string>(), description.GetProperty("before").GetString());
        // The proposal whole, as approving it would leave the listing: what the portal's amend form starts from.
        var proposal = await (await curator.GetAsync($"/api/directory/moderation/{change}")).Json();
        Assert.Equal("Art club", proposal.GetProperty("details").GetProperty("name").GetString());
        Assert.Equal("Paint with us!!! BEST CLUB EVER", proposal.GetProperty("details").GetProperty("description").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await curator.GetAsync($"/api/directory/moderation/{Guid.NewGuid()}")).StatusCode);
        var amended = JsonSerializer.SerializeToNode(proposal.GetProperty("details"))!.AsObject()
            .With("description", "Painting for all abilities, materials provided.");

        var invalid = await curator.PostAsJsonAsync($"/api/directory/moderation/{change}/approve", new { details = amended.With("name", "") });
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Contains((await invalid.Json()).GetProperty("errors").EnumerateObject(), e => e.Name.Contains("name", StringComparison.OrdinalIgnoreCase));
        var approved = await curator.PostAsJsonAsync($"/api/directory/moderation/{change}/approve", new { details = amended });

        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        Assert.Equal("Painting for all abilities, materials provided.", (await api.Anonymous().GetListing(id)).GetProperty("description").GetString());
        var history = await (await curator.GetAsync($"/api/directory/services/{id}/history")).Json();
        Assert.Contains(history.GetProperty("versions").EnumerateArray(), v => v.GetProperty("summary").GetString()!.Contains("amended by the curator", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.Conflict, (await curator.GetAsync($"/api/directory/moderation/{change}")).StatusCode);
    }

    private async Task<Guid> Propose(Guid org, Guid id, JsonObject body, string description)
    {
        using var provider = api.ProviderOf(org);
        var listing = await provider.GetListing(id);
        var response = await provider.PutAsJsonAsync($"/api/directory/services/{id}",
            body.With("version", listing.GetProperty("version").GetInt32()).With("description", description));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Json()).GetProperty("changeId").GetGuid();
    }
}
