using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Contracts.Directory;
using Directory.Tests.Support;
using TestSupport;

namespace Directory.Tests.Features.Taxonomy;

public sealed class TaxonomyManagerTestsOnPostgres(DirectoryApi api) : TaxonomyManagerTests<DirectoryApi>(api);

public sealed class TaxonomyManagerTestsOnSqlite(SqliteDirectoryApi api) : TaxonomyManagerTests<SqliteDirectoryApi>(api);

public abstract class TaxonomyManagerTests<TApi>(TApi api) : IClassFixture<TApi> where TApi : DirectoryApi
{
    [Fact]
    public async Task Merging_moves_listings_to_the_surviving_term_retires_the_merged_one_and_search_by_its_words_still_finds_them()
    {
        using var curator = api.Curator();
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var merged = await AddTerm(curator, $"zumbafit-{suffix}", $"Zumbafit {suffix}");
        var survivor = await AddTerm(curator, $"dance-{suffix}", $"Dance classes {suffix}");
        var org = await api.NewOrganisation("Cosham Dance");
        var (moved, _) = await api.LiveListing(org, "Tuesday moves", terms: [merged]);
        var (both, _) = await api.LiveListing(org, "Friday moves", terms: [merged, survivor]);
        var (already, _) = await api.LiveListing(org, "Ballroom", terms: [survivor]);

        var response = await curator.PostAsJsonAsync($"/api/directory/taxonomy/terms/{merged}/merge", new { into = survivor });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(3, (await response.Json()).GetProperty("listingsReindexed").GetInt32());
        using var anonymous = api.Anonymous();
        foreach (var id in new[] { moved, both, already })
        {
            var codes = (await anonymous.GetListing(id)).GetProperty("taxonomy").EnumerateArray().Select(t => t.GetProperty("code").GetString()).ToList();
            Assert.Equal([survivor], codes);
        }
        Assert.Contains(await api.Published<ServiceUpdated>(), e => e.ServiceId == moved && e.TaxonomyTerms!.SequenceEqual([survivor]));
        var history = await (await curator.GetAsync($"/api/directory/services/{moved}/history")).Json();
        Assert.Contains(history.GetProperty("versions").EnumerateArray(), v => v.GetProperty("summary").GetString()!.Contains("merged into", StringComparison.Ordinal)
            && v.GetProperty("changedBy").GetString()!.Contains("curator", StringComparison.Ordinal));

        // The public taxonomy no longer offers it; the curators' tree shows it retired, merged, with no listings left.
        var offered = (await (await anonymous.GetAsync("/api/directory/taxonomy")).Json()).EnumerateArray()
            .SelectMany(t => t.GetProperty("terms").EnumerateArray()).Select(t => t.GetProperty("code").GetString()).ToList();
        Assert.DoesNotContain(merged, offered);
        var tree = (await (await curator.GetAsync("/api/directory/taxonomy/tree")).Json()).EnumerateArray()
            .SelectMany(t => t.GetProperty("terms").EnumerateArray()).ToList();
        var gone = tree.Single(t => t.GetProperty("code").GetString() == merged);
        Assert.True(gone.GetProperty("retired").GetBoolean());
        Assert.Equal(survivor, gone.GetProperty("mergedInto").GetString());
        Assert.Equal(0, gone.GetProperty("listings").GetInt32());
        Assert.Equal(3, tree.Single(t => t.GetProperty("code").GetString() == survivor).GetProperty("listings").GetInt32());

        // Search by the merged term's own word finds every listing now under the survivor (re-indexed through the events).
        await Eventually.Until(async () =>
        {
            var found = await anonymous.GetFromJsonAsync<JsonElement>($"/api/directory/search?q=zumbafit%20{suffix}&pageSize=50");
            var ids = found.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()).ToHashSet();
            return ids.SetEquals([moved, both, already]);
        }, TimeSpan.FromSeconds(60), "search by the merged term's words to find the survivor's listings");

        // A listing can no longer be given the merged term.
        var refused = await curator.PostAsJsonAsync("/api/directory/services", Listings.Body(org, "New moves", terms: [merged]));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
    }

    [Fact]
    public async Task Approving_an_edit_that_waited_through_a_merge_gives_the_listing_the_surviving_term_not_the_merged_one()
    {
        using var curator = api.Curator();
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var merged = await AddTerm(curator, $"chair-yoga-{suffix}", $"Chair yoga {suffix}");
        var survivor = await AddTerm(curator, $"gentle-exercise-{suffix}", $"Gentle exercise {suffix}");
        var org = await api.NewOrganisation("Hilsea Movers");
        var (listing, body) = await api.LiveListing(org, "Seated stretch", terms: ["loneliness"]);
        using var provider = api.ProviderOf(org);
        var proposed = await provider.PutAsJsonAsync($"/api/directory/services/{listing}",
            body.With("version", 1).With("taxonomyTerms", JsonSerializer.SerializeToNode(new[] { "loneliness", merged })));
        Assert.Equal(HttpStatusCode.Accepted, proposed.StatusCode);
        var changeId = (await (await curator.GetAsync("/api/directory/moderation")).Json()).GetProperty("pending").EnumerateArray()
            .Single(c => c.GetProperty("serviceId").GetGuid() == listing).GetProperty("changeId").GetGuid();

        Assert.Equal(HttpStatusCode.OK, (await curator.PostAsJsonAsync($"/api/directory/taxonomy/terms/{merged}/merge", new { into = survivor })).StatusCode);
        var proposal = await (await curator.GetAsync($"/api/directory/moderation/{changeId}")).Json();
        Assert.Equal(new[] { "loneliness", survivor }.Order(), proposal.GetProperty("details").GetProperty("taxonomyTerms").EnumerateArray().Select(t => t.GetString()).Order());
        var approved = await curator.PostAsJsonAsync($"/api/directory/moderation/{changeId}/approve", new { });

        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        var codes = (await curator.GetListing(listing)).GetProperty("taxonomy").EnumerateArray().Select(t => t.GetProperty("code").GetString()).Order();
        Assert.Equal(new[] { "loneliness", survivor }.Order(), codes);
        Assert.Contains(await api.Published<ServiceUpdated>(), e => e.ServiceId == listing && e.TaxonomyTerms!.Contains(survivor) && !e.TaxonomyTerms!.Contains(merged));
    }

    [Fact]
    public async Task Renaming_re_indexes_its_listings_and_moving_under_its_own_sub_term_is_refused()
    {
        using var curator = api.Curator();
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var parent = await AddTerm(curator, $"outdoors-{suffix}", $"Outdoors {suffix}");
        var child = await AddTerm(curator, $"rambles-{suffix}", $"Rambles {suffix}", parent);
        var org = await api.NewOrganisation("Portsdown Ramblers");
        var (listing, _) = await api.LiveListing(org, "Hill walk", terms: [child]);

        var renamed = await curator.PutAsJsonAsync($"/api/directory/taxonomy/terms/{child}", new { name = $"Countryside rambles {suffix}", parentCode = parent });
        var cycle = await curator.PutAsJsonAsync($"/api/directory/taxonomy/terms/{parent}", new { name = $"Outdoors {suffix}", parentCode = child });
        var unknown = await curator.PutAsJsonAsync($"/api/directory/taxonomy/terms/no-such-{suffix}", new { name = "X" });
        var noName = await curator.PutAsJsonAsync($"/api/directory/taxonomy/terms/{child}", new { name = "" });

        Assert.Equal(1, (await renamed.Json()).GetProperty("listingsReindexed").GetInt32());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, cycle.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, noName.StatusCode);
        Assert.Equal("application/problem+json", cycle.Content.Headers.ContentType?.MediaType);
        using var anonymous = api.Anonymous();
        Assert.Equal($"Countryside rambles {suffix}", (await anonymous.GetListing(listing)).GetProperty("taxonomy")[0].GetProperty("name").GetString());
        await Eventually.Until(async () =>
        {
            var found = await anonymous.GetFromJsonAsync<JsonElement>($"/api/directory/search?q=countryside%20{suffix}");
            return found.GetProperty("items").EnumerateArray().Any(i => i.GetProperty("id").GetGuid() == listing);
        }, TimeSpan.FromSeconds(60), "search by the new name to find the listing");
    }

    [Fact]
    public async Task Retiring_takes_the_term_off_its_listings_and_a_term_with_live_sub_terms_cannot_be_retired()
    {
        using var curator = api.Curator();
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var parent = await AddTerm(curator, $"crafts-{suffix}", $"Crafts {suffix}");
        var child = await AddTerm(curator, $"pottery-{suffix}", $"Pottery {suffix}", parent);
        var org = await api.NewOrganisation("Clay Club");
        var (listing, _) = await api.LiveListing(org, "Pottery evening", terms: [child, "loneliness"]);

        var refused = await curator.PostAsync($"/api/directory/taxonomy/terms/{parent}/retire", null);
        var retired = await curator.PostAsync($"/api/directory/taxonomy/terms/{child}/retire", null);
        var twice = await curator.PostAsync($"/api/directory/taxonomy/terms/{child}/retire", null);

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal(1, (await retired.Json()).GetProperty("listingsReindexed").GetInt32());
        Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
        var codes = (await api.Anonymous().GetListing(listing)).GetProperty("taxonomy").EnumerateArray().Select(t => t.GetProperty("code").GetString());
        Assert.Equal(["loneliness"], codes);
        using var anonymous = api.Anonymous();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync($"/api/directory/taxonomy/terms/{parent}/retire", null)).StatusCode);
    }

    private static async Task<string> AddTerm(HttpClient curator, string code, string name, string? parentCode = null)
    {
        var taxonomy = (await (await curator.GetAsync("/api/directory/taxonomy")).Json())[0].GetProperty("id").GetGuid();
        var response = await curator.PostAsJsonAsync("/api/directory/taxonomy/terms", new { taxonomyId = taxonomy, code, name, parentCode });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return code;
    }
}
