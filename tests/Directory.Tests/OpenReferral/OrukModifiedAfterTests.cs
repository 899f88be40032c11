using System.Globalization;
using System.Net;
using System.Text.Json;
using DirectoryService.Data;
using DirectoryService.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Directory.Tests.OpenReferral;

/// <summary>
/// Incremental harvesting: a client keeps the latest last_modified it has seen and asks for modified_after it.
/// The filter must use the very timestamp the feed publishes, include it ("on or after"), and move whenever a
/// published field changes (an edit, a suspension, a confirmation's new assured_date).
/// </summary>
public sealed class OrukModifiedAfterTests(DemoDirectoryApi api) : IClassFixture<DemoDirectoryApi>
{
    [Fact]
    public async Task Modified_after_returns_exactly_the_services_last_modified_at_or_after_it()
    {
        var start = WholeSecond(DateTimeOffset.UtcNow).AddHours(1);
        var edited = await EditListings(skip: 10, 3, start, TimeSpan.FromMinutes(10));
        var published = await LastModified("/services");

        for (var i = 0; i < edited.Count; i++)
        {
            var threshold = start.AddMinutes(10 * i);
            Assert.Equal(threshold, published[edited[i]]);
            var expected = published.Where(p => p.Value >= threshold).Select(p => p.Key).Order().ToList();

            var harvested = await Ids($"/services?modified_after={Uri.EscapeDataString(threshold.ToString("O", CultureInfo.InvariantCulture))}");

            Assert.Equal(expected, harvested.Order());
            Assert.Subset(harvested.ToHashSet(), edited.Skip(i).ToHashSet());
            Assert.Empty(harvested.Intersect(edited.Take(i)));
            Assert.True(harvested.Count < published.Count);
        }
    }

    [Fact]
    public async Task The_latest_last_modified_passed_back_as_published_includes_its_own_service()
    {
        await EditListings(skip: 20, 1, WholeSecond(DateTimeOffset.UtcNow).AddDays(1).AddTicks(1234560), TimeSpan.Zero);
        var latest = (await AllPages("/services")).MaxBy(s => DateTimeOffset.Parse(s.GetProperty("last_modified").GetString()!, CultureInfo.InvariantCulture))!;

        var harvested = await Ids($"/services?modified_after={Uri.EscapeDataString(latest.GetProperty("last_modified").GetString()!)}");

        Assert.Equal([latest.GetProperty("id").GetString()!], harvested);
    }

    [Fact]
    public async Task A_confirmation_moves_last_modified_as_it_changes_the_assured_date()
    {
        var at = WholeSecond(DateTimeOffset.UtcNow).AddDays(2);
        Guid id;
        using (var scope = api.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<DirectoryDb>();
            var service = await db.Services.Where(s => s.Status == ServiceStatus.Active).OrderBy(s => s.Name).Skip(5).FirstAsync();
            service.MarkVerified(at, "test");
            await db.SaveChangesAsync();
            id = service.Id;
        }

        var published = await Get($"/services/{id}");
        var harvested = await Ids($"/services?modified_after={Uri.EscapeDataString(at.ToString("O", CultureInfo.InvariantCulture))}");

        Assert.Equal(at.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), published.GetProperty("assured_date").GetString());
        Assert.Equal(at, DateTimeOffset.Parse(published.GetProperty("last_modified").GetString()!, CultureInfo.InvariantCulture));
        Assert.Contains(id.ToString(), harvested);
    }

    [Fact]
    public async Task Service_at_locations_take_the_same_filter_and_times_in_any_offset_or_a_date_alone()
    {
        var start = WholeSecond(DateTimeOffset.UtcNow).AddDays(3);
        var edited = await EditListings(skip: 30, 2, start, TimeSpan.FromHours(1));
        var everything = await Ids("/service_at_locations");
        var second = start.AddHours(1).ToOffset(TimeSpan.FromHours(2)).ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture);

        var links = await AllPages($"/service_at_locations?modified_after={Uri.EscapeDataString(second)}");
        var fromADate = await Ids("/service_at_locations?modified_after=2000-01-01");

        Assert.NotEmpty(links);
        Assert.All(links, l => Assert.Equal(edited[1].ToString(), l.GetProperty("service_id").GetString()));
        Assert.Equal(everything.Order(), fromADate.Order());
    }

    /// <summary>Edits the description of <paramref name="count"/> published listings (each test its own), the first at <paramref name="start"/>, each <paramref name="step"/> later.</summary>
    private async Task<List<string>> EditListings(int skip, int count, DateTimeOffset start, TimeSpan step)
    {
        using var scope = api.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<DirectoryDb>();
        var services = await db.Services.Where(s => s.Status == ServiceStatus.Active && s.Locations.Count > 0)
            .OrderBy(s => s.Id).Skip(skip).Take(count).ToListAsync();
        for (var i = 0; i < services.Count; i++)
            services[i].Apply(services[i].Details() with { Description = $"Edited {Guid.NewGuid():N}" }, start + i * step);
        await db.SaveChangesAsync();
        return [.. services.Select(s => s.Id.ToString())];
    }

    private static DateTimeOffset WholeSecond(DateTimeOffset at) => new(at.UtcTicks - at.UtcTicks % TimeSpan.TicksPerSecond, TimeSpan.Zero);

    private async Task<Dictionary<string, DateTimeOffset>> LastModified(string path) =>
        (await AllPages(path)).ToDictionary(s => s.GetProperty("id").GetString()!,
            s => DateTimeOffset.Parse(s.GetProperty("last_modified").GetString()!, CultureInfo.InvariantCulture));

    private async Task<List<string>> Ids(string path) => [.. (await AllPages(path)).Select(s => s.GetProperty("id").GetString()!)];

    private async Task<List<JsonElement>> AllPages(string path)
    {
        var items = new List<JsonElement>();
        var separator = path.Contains('?') ? '&' : '?';
        for (var number = 1; ; number++)
        {
            var page = await Get($"{path}{separator}page={number}&per_page=100");
            items.AddRange(page.GetProperty("contents").EnumerateArray());
            if (page.GetProperty("last_page").GetBoolean()) return items;
        }
    }

    private async Task<JsonElement> Get(string path)
    {
        using var http = api.CreateClient();
        var response = await http.GetAsync(path);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }
}
