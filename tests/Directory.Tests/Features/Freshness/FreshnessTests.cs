using System.Net;
using Contracts.Directory;
using Directory.Tests.Support;
using DirectoryService.Features.Freshness;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Directory.Tests.Features.Freshness;

public sealed class FreshnessTestsOnPostgres(DirectoryApi api) : FreshnessTests<DirectoryApi>(api);

public sealed class FreshnessTestsOnSqlite(SqliteDirectoryApi api) : FreshnessTests<SqliteDirectoryApi>(api);

public abstract class FreshnessTests<TApi>(TApi api) : IClassFixture<TApi> where TApi : DirectoryApi
{
    /// <summary>Makes a listing look last verified <paramref name="days"/> ago (the clock is real; the data is aged).</summary>
    private Task Age(Guid id, int days) => api.InDatabase(db => db.Services.Where(s => s.Id == id)
        .ExecuteUpdateAsync(s => s.SetProperty(x => x.LastVerifiedAt, DateTimeOffset.UtcNow.AddDays(-days))));

    private async Task<int> Sweep()
    {
        await using var scope = api.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ListingFreshnessMonitor>().RunAsync(DateTimeOffset.UtcNow, CancellationToken.None);
    }

    [Fact]
    public async Task A_listing_unverified_past_the_period_is_flagged_stale_and_queued_for_curators_until_confirmed()
    {
        var org = await api.NewOrganisation();
        var (id, _) = await api.LiveListing(org, "Farlington gardening club");
        await Age(id, 120);
        using var anonymous = api.Anonymous();
        using var curator = api.Curator();

        Assert.True((await anonymous.GetListing(id)).GetProperty("stale").GetBoolean());
        var queue = await (await curator.GetAsync("/api/directory/moderation")).Json();
        Assert.Contains(queue.GetProperty("stale").EnumerateArray(), s => s.GetProperty("serviceId").GetGuid() == id);

        using var provider = api.ProviderOf(org);
        var confirm = await provider.PostAsync($"/api/directory/services/{id}/confirm", null);

        Assert.Equal(HttpStatusCode.OK, confirm.StatusCode);
        Assert.False((await anonymous.GetListing(id)).GetProperty("stale").GetBoolean());
        queue = await (await curator.GetAsync("/api/directory/moderation")).Json();
        Assert.DoesNotContain(queue.GetProperty("stale").EnumerateArray(), s => s.GetProperty("serviceId").GetGuid() == id);
        var mine = await (await provider.GetAsync("/api/directory/my/services")).Json();
        Assert.False(mine.EnumerateArray().Single(s => s.GetProperty("id").GetGuid() == id).GetProperty("dueForConfirmation").GetBoolean());
    }

    [Fact]
    public async Task The_sweep_publishes_ListingVerificationDue_once_per_period_for_due_listings_only()
    {
        var org = await api.NewOrganisation();
        var (due, _) = await api.LiveListing(org, "Due soon");
        var (fresh, _) = await api.LiveListing(org, "Just verified");
        await Age(due, 80); // inside the 14-day reminder window before 90 days

        // Two sweeps at once (two replicas), then a later one: still one prompt.
        await Task.WhenAll(Sweep(), Sweep());
        await Sweep();

        var events = await api.Published<ListingVerificationDue>();
        var prompt = Assert.Single(events, e => e.ServiceId == due);
        Assert.False(prompt.IsStale);
        Assert.Equal(org, prompt.OrganisationId);
        Assert.DoesNotContain(events, e => e.ServiceId == fresh);
        using var provider = api.ProviderOf(org);
        var mine = await (await provider.GetAsync("/api/directory/my/services")).Json();
        Assert.True(mine.EnumerateArray().Single(s => s.GetProperty("id").GetGuid() == due).GetProperty("dueForConfirmation").GetBoolean());
    }

    [Fact]
    public async Task Confirming_after_a_prompt_means_the_next_period_prompts_again()
    {
        var org = await api.NewOrganisation();
        var (id, _) = await api.LiveListing(org);
        await Age(id, 100);
        await Sweep();
        using var curator = api.Curator();
        Assert.Equal(HttpStatusCode.OK, (await curator.PostAsync($"/api/directory/services/{id}/confirm", null)).StatusCode);

        await Sweep();
        Assert.Single(await api.Published<ListingVerificationDue>(), e => e.ServiceId == id);

        // 95 days on: the first prompt was before that confirmation, which is now stale itself.
        await Age(id, 95);
        await api.InDatabase(db => db.Services.Where(s => s.Id == id)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.VerificationPromptedAt, DateTimeOffset.UtcNow.AddDays(-96))));
        await Sweep();
        var prompts = (await api.Published<ListingVerificationDue>()).Where(e => e.ServiceId == id).ToList();
        Assert.Equal(2, prompts.Count);
        Assert.True(prompts[1].IsStale);
    }
}
