using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Portal.Tests.Journeys;

/// <summary>
/// The services' clock, moved on by a test: the real time plus an offset (timers still tick in real time, so the
/// reinstatement sweep runs every second and sees the moved clock).
/// </summary>
public sealed class MovableClock : TimeProvider
{
    private long _offsetTicks;

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);
}

/// <summary>
/// A portal system of its own (a whole-area crisis suspends every activity, which the shared one's journeys must not
/// see), on a clock the test moves past a crisis's planned end, with the reinstatement sweep every second.
/// </summary>
public sealed class CrisisSystem : PortalSystem
{
    public MovableClock Clock { get; } = new();

    protected override Task<string[]> BeforeStartAsync() => Task.FromResult(new[] { "--Directory:Crisis:SweepSeconds=1" });

    protected override void AddApiServices(IServiceCollection services) => services.AddSingleton<TimeProvider>(Clock);
}

[CollectionDefinition(Name)]
public sealed class CrisisCollection : ICollectionFixture<CrisisSystem>
{
    public const string Name = "crisis";
}

[Collection(CrisisCollection.Name)]
public sealed class CrisisModeTests(CrisisSystem system)
{
    [Fact]
    public async Task A_whole_area_crisis_is_previewed_confirmed_shown_to_residents_and_ends_by_itself_at_its_planned_end()
    {
        using var http = new HttpClient { BaseAddress = new Uri(system.ApiUrl) };
        var active = (await http.GetFromJsonAsync<JsonElement>("/api/directory/search?pageSize=1")).GetProperty("total").GetInt32();
        Assert.True(active > 5, $"the demo directory has {active} active activities");
        var curator = await system.SignInAsync("curator@demo.example.org");
        await curator.GotoAsync("/curator/crisis");
        await Accessibility.AssertAccessibleAsync(curator);

        await curator.GetByLabel("Everything in the area (every activity)").CheckAsync();
        await curator.GetByLabel("Public note").FillAsync("Storm Bella: every hall in Portsmouth North is closed.");
        await curator.GetByLabel("Alternative (optional)").FillAsync("The Talking Line: 023 9200 0000, every day 9am to 5pm");
        // Five minutes on, to the minute, as UK clocks say it.
        var end = TimeZoneInfo.ConvertTime(system.Clock.GetUtcNow().AddMinutes(5), TimeZoneInfo.FindSystemTimeZoneById("Europe/London"));
        await curator.GetByLabel("Planned end (optional)").FillAsync(end.ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture));
        await Screenshots.SaveAsync(curator, "curation-crisis-form");
        await curator.GetByRole(AriaRole.Button, new() { Name = "Preview what will be suspended" }).ClickAsync();

        Assert.Equal(active.ToString(CultureInfo.InvariantCulture), await curator.Locator("#preview-count").InnerTextAsync());
        Assert.Equal(active, await curator.Locator("#preview-listings tbody tr").CountAsync());
        Assert.Matches("^[0-9]+$", await curator.Locator("#preview-referrals").InnerTextAsync());
        Assert.Contains("Everything in the area", await curator.Locator("#crisis-preview h2").InnerTextAsync());
        await Accessibility.AssertAccessibleAsync(curator);
        await Screenshots.SaveAsync(curator, "curation-crisis-preview");
        await curator.GetByRole(AriaRole.Button, new() { Name = $"Confirm and suspend {active} activities" }).ClickAsync();
        await curator.Locator(".nhsuk-notification-banner").ShowsAsync($"{active} activities suspended");

        // A resident searching sees the banner, and every activity still there, marked suspended with the alternative.
        var resident = await system.NewPageAsync();
        await Eventually.ReloadUntilAsync(resident, "/search?q=walk",
            async () => await resident.Locator(".app-crisis-banner").CountAsync() == 1
                        && await resident.Locator(".nhsuk-card .nhsuk-tag--red").CountAsync() > 0
                        && await resident.Locator(".nhsuk-card .nhsuk-tag--red").CountAsync() == await resident.Locator(".nhsuk-card__heading").CountAsync(),
            "every result marked suspended under the crisis banner");
        Assert.Contains("The Talking Line", await resident.Locator(".app-crisis-banner").InnerTextAsync());
        Assert.Contains("Instead: The Talking Line", await resident.Locator(".app-suspension").First.InnerTextAsync());
        await Accessibility.AssertAccessibleAsync(resident);
        await Screenshots.SaveAsync(resident, "curation-crisis-search");
        var listing = await resident.Locator(".nhsuk-card__heading a").First.GetAttributeAsync("href");
        await resident.GotoAsync(listing!);
        Assert.Contains("Storm Bella", await resident.Locator("#suspended").InnerTextAsync());
        Assert.Equal(1, await resident.Locator(".app-crisis-banner").CountAsync());
        await Accessibility.AssertAccessibleAsync(resident);

        // The planned end passes: the sweep reinstates every activity and the banner goes.
        system.Clock.Advance(TimeSpan.FromMinutes(6));
        await Eventually.ReloadUntilAsync(resident, listing!,
            async () => await resident.Locator("#suspended").CountAsync() == 0 && await resident.Locator(".app-crisis-banner").CountAsync() == 0,
            "the listing reinstated and the banner gone");
        await Eventually.ReloadUntilAsync(resident, "/search?q=walk",
            async () => await resident.Locator(".nhsuk-card__heading").CountAsync() > 0 && await resident.Locator(".nhsuk-tag--red").CountAsync() == 0,
            "no result marked suspended");
        await curator.GotoAsync("/curator/crisis");
        Assert.Contains("Ended", await curator.Locator("#crises tbody tr").First.InnerTextAsync());
        // Each reinstatement reaches the search index through its own event: every one, though not all at once.
        await Eventually.UntilAsync(async () =>
                (await http.GetFromJsonAsync<JsonElement>("/api/directory/search?pageSize=1")).GetProperty("total").GetInt32() == active,
            $"all {active} reinstated listings found by search");
    }
}
