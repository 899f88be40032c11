using System.Net;
using System.Net.Http.Json;
using Directory.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Directory.Tests.Features.Services;

public sealed class FirstVisitTestsOnPostgres(DirectoryApi api) : FirstVisitTests<DirectoryApi>(api);

public sealed class FirstVisitTestsOnSqlite(SqliteDirectoryApi api) : FirstVisitTests<SqliteDirectoryApi>(api);

/// <summary>
/// How to get there, what to expect at the first visit and who will welcome a newcomer (issue #19): a provider gives
/// them with a listing, changes them at once (practical details, like contact details), and too long or control
/// characters are a 400 naming the field.
/// </summary>
public abstract partial class FirstVisitTests<TApi>(TApi api) : IClassFixture<TApi> where TApi : DirectoryApi
{
    private const string GettingThere = "The 2 and 3 buses stop on Southampton Road, a five-minute walk.\nFree parking beside the hall.";
    private const string FirstVisit = "A volunteer meets you at the door and sits with you for tea.";

    [Fact]
    public async Task A_provider_lists_how_to_get_there_the_first_visit_and_who_welcomes_people_and_they_read_back_once_approved()
    {
        var org = await api.NewOrganisation("Paulsgrove Friends");
        using var provider = api.ProviderOf(org);
        var body = Listings.Body(org, "Friday friendship club")
            .With("gettingThere", GettingThere).With("firstVisit", "  " + FirstVisit + "  ").With("welcomedBy", "Maureen, our volunteer");

        var created = await DirectoryApi.Create(provider, body);
        var id = created.GetProperty("id").GetGuid();

        var pending = await provider.GetListing(id);
        Assert.Equal(GettingThere, pending.GetProperty("gettingThere").GetString());
        Assert.Equal(FirstVisit, pending.GetProperty("firstVisit").GetString()); // trimmed
        Assert.Equal("Maureen, our volunteer", pending.GetProperty("welcomedBy").GetString());
        // The curators see them among what they approve.
        using var curator = api.Curator();
        var queue = await (await curator.GetAsync("/api/directory/moderation")).Json();
        var change = queue.GetProperty("pending").EnumerateArray().Single(c => c.GetProperty("serviceId").GetGuid() == id);
        Assert.Contains(change.GetProperty("changes").EnumerateArray(), c => c.GetProperty("field").GetString() == "gettingThere");
    }

    [Fact]
    public async Task A_providers_change_to_getting_there_and_the_first_visit_applies_at_once_and_blank_clears_it()
    {
        var org = await api.NewOrganisation("Drayton walkers");
        var (id, body) = await api.LiveListing(org, "Drayton walk");
        using var provider = api.ProviderOf(org);

        var response = await provider.PutAsJsonAsync($"/api/directory/services/{id}", body.With("version", 1)
            .With("gettingThere", "Bus 21 to Drayton Lane.").With("firstVisit", FirstVisit).With("welcomedBy", "Robin"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["firstVisit", "gettingThere", "welcomedBy"],
            (await response.Json()).GetProperty("applied").EnumerateArray().Select(f => f.GetString()).Order(StringComparer.Ordinal));
        using var anonymous = api.Anonymous();
        var live = await anonymous.GetListing(id);
        Assert.Equal("Bus 21 to Drayton Lane.", live.GetProperty("gettingThere").GetString());
        Assert.Equal("Robin", live.GetProperty("welcomedBy").GetString());

        var cleared = await provider.PutAsJsonAsync($"/api/directory/services/{id}", body.With("version", live.GetProperty("version").GetInt32())
            .With("gettingThere", "Bus 21 to Drayton Lane.").With("firstVisit", FirstVisit).With("welcomedBy", "   "));

        Assert.Equal(HttpStatusCode.OK, cleared.StatusCode);
        Assert.False((await anonymous.GetListing(id)).TryGetProperty("welcomedBy", out _), "a blank welcomer is not given");
    }

    [Fact]
    public async Task Too_long_getting_there_first_visit_or_welcomer_is_a_400_naming_each_field_and_nothing_is_saved()
    {
        var org = await api.NewOrganisation("Long texts");
        using var provider = api.ProviderOf(org);
        var body = Listings.Body(org, "Long club")
            .With("gettingThere", new string('b', 1001)).With("firstVisit", new string('f', 1001)).With("welcomedBy", new string('w', 201));

        var response = await provider.PostAsJsonAsync("/api/directory/services", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Json()).GetProperty("errors");
        foreach (var field in new[] { "gettingThere", "firstVisit", "welcomedBy" })
            Assert.True(errors.TryGetProperty(field, out _), $"no error for {field}: {errors}");
        await api.InDatabase(async db => Assert.False(await db.Services.AnyAsync(s => s.OrganisationId == org)));
    }

    [Fact]
    public async Task A_control_character_in_getting_there_is_a_400_naming_the_field()
    {
        var org = await api.NewOrganisation("Control chars");
        using var provider = api.ProviderOf(org);

        var response = await provider.PostAsJsonAsync("/api/directory/services", Listings.Body(org).With("gettingThere", "Bus\u0000stop"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Json();
        Assert.True(problem.GetProperty("errors").TryGetProperty("gettingThere", out _), problem.ToString());
    }
}
