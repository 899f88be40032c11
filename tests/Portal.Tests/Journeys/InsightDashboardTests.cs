using Microsoft.Playwright;

namespace Portal.Tests.Journeys;

/// <summary>
/// A commissioner opens the insight dashboard in the embedded default with the demo data: every chart is an SVG with
/// its data table (readable without JavaScript), the page is accessible, and each table downloads as CSV with small
/// counts withheld. A commissioner reads insight only.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class InsightDashboardTests(PortalSystem system)
{
    [Fact]
    public async Task A_commissioner_sees_demand_funnel_outcomes_and_supply_as_charts_with_tables_and_csv()
    {
        var page = await system.SignInAsync("commissioner@demo.example.org", width: 1280, javaScript: false);
        // The illustrative history is fed to insight once the demo listings have reached it (as events).
        await Eventually.ReloadUntilAsync(page, "/insights",
            async () => await page.Locator("#funnel-by-category-heading ~ div table tbody tr").CountAsync() > 0, "the demo referral funnel");

        Assert.Equal("Analytics", await page.Locator("h1").InnerTextAsync());
        foreach (var heading in new[] { "Demand", "Referral funnel", "What works", "Supply" })
            Assert.Equal(1, await page.GetByRole(AriaRole.Heading, new() { Name = heading, Level = 2, Exact = true }).CountAsync());
        var charts = page.Locator("svg.app-chart[role=img]");
        Assert.True(await charts.CountAsync() >= 8, $"only {await charts.CountAsync()} charts");
        Assert.Equal(await charts.CountAsync(), await page.Locator("svg.app-chart + .app-table-scroll table").CountAsync());
        Assert.Contains("Referral funnel by category", await page.Locator("#funnel-by-category-chart-title").TextContentAsync());
        await Accessibility.AssertAccessibleAsync(page);
        await Screenshots.SaveAsync(page, "insight-overview");
        Assert.Contains("Wellbeing change by ward", await page.Locator("#outcomes-by-ward-heading").InnerTextAsync(), StringComparison.OrdinalIgnoreCase);
        Assert.True(await page.Locator("#stale-by-provider-heading ~ div table tbody tr").CountAsync() > 0, "no providers in the stale listings table");
        await Screenshots.SaveAsync(page.Locator("#outcomes-by-category-heading").Locator(".."), "insight-outcomes");

        var csvLink = await page.GetByRole(AriaRole.Link, new() { Name = "Download “Referral funnel by referring team” as CSV" }).GetAttributeAsync("href");
        var csv = await page.APIRequest.GetAsync(csvLink!);
        Assert.Equal(200, csv.Status);
        Assert.StartsWith("text/csv", csv.Headers["content-type"]);
        var lines = (await csv.TextAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("Referring team,Requested,Accepted,First attended,Completed", lines[0]);
        Assert.Contains(lines, l => l.StartsWith("cosham-health-centre,", StringComparison.Ordinal));
        Assert.DoesNotContain(lines.Skip(1).SelectMany(l => l.Split(',')[1..5]), cell => cell is "1" or "2" or "3" or "4");

        // The one-page summary a commissioner takes to a meeting: key figures and the short tables, one A4 sheet on paper.
        await page.GetByRole(AriaRole.Link, new() { Name = "Printable summary (one page)" }).ClickAsync();
        Assert.Equal("Insight summary", await page.Locator("h1").InnerTextAsync());
        Assert.Contains("Referrals requested", await page.Locator(".app-insight-figures").InnerTextAsync());
        Assert.Equal(6, await page.Locator(".app-insight-columns section").CountAsync());
        await Accessibility.AssertAccessibleAsync(page);
        await page.EmulateMediaAsync(new() { Media = Media.Print });
        Assert.Equal(1, PdfText.PageCount(await page.PdfAsync(new() { Format = "A4", PrintBackground = true })));
        await Screenshots.SaveAsync(page, "insight-summary");
        await page.EmulateMediaAsync(new() { Media = Media.Screen });
        // A period the service refuses is said on the sheet, not answered with an empty page.
        await page.GotoAsync("/insights/summary?from=9999-12-31");
        var problem = page.Locator("main [role=alert]");
        Assert.Contains("There is a problem", await problem.InnerTextAsync());
        Assert.True((await problem.Locator("li").AllInnerTextsAsync()).Count > 0, "the refused period's reason is not shown");

        // Uploading ward indicators is for curators.
        await page.GotoAsync("/insights/ward-indicators");
        Assert.NotEqual("Upload ward indicators", await page.Locator("h1").InnerTextAsync());

        await page.GotoAsync("/insights");
        var ward = await page.Locator("#ward option").Nth(1).GetAttributeAsync("value");
        await page.GotoAsync($"/insights?ward={Uri.EscapeDataString(ward!)}");
        Assert.Contains($", {ward}.", await page.Locator("main").InnerTextAsync());

        await page.GotoAsync("/curator/moderation");
        Assert.NotEqual("Moderation", await page.Locator("h1").InnerTextAsync());
    }

    [Fact]
    public async Task The_cold_spots_show_on_a_ward_hexagon_map_beside_their_table_without_javascript()
    {
        var page = await system.SignInAsync("commissioner@demo.example.org", width: 1280, javaScript: false);
        // The demo's illustrative ward indicators, and the ward centres the Directory sends insight with its snapshot.
        await Eventually.ReloadUntilAsync(page, "/insights",
            async () => await page.Locator("svg.app-hex-map polygon").CountAsync() > 0, "the ward hexagon map");

        Assert.Equal(1, await page.GetByRole(AriaRole.Heading, new() { Name = "Isolation risk against supply", Level = 2 }).CountAsync());
        var hexes = page.Locator("svg.app-hex-map polygon");
        Assert.Equal(9, await hexes.CountAsync()); // the demo area's nine wards, one tile each
        Assert.Equal(9, await page.Locator(".app-ward-map table tbody tr").CountAsync());
        Assert.True(await page.Locator(".app-ward-map table tbody tr", new() { HasText = "Cold spot" }).CountAsync() > 0, "no cold spot in the demo");
        Assert.True(await page.Locator("svg.app-hex-map polygon[stroke='#d5281b']").CountAsync() > 0, "no cold spot outlined on the map");
        var ranked = page.Locator("#cold-spots-heading ~ div table tbody tr");
        Assert.Equal(9, await ranked.CountAsync());
        Assert.Contains("Illustrative figures", await page.Locator("#cold-spots-heading ~ p").AllInnerTextsAsync() is var notes ? string.Join(" ", notes) : "");
        await Accessibility.AssertAccessibleAsync(page);
        await Screenshots.SaveAsync(page.Locator("#ward-map-heading").Locator(".."), "insight-coldspots");

        var csv = await page.APIRequest.GetAsync(await page.GetByRole(AriaRole.Link,
            new() { Name = "Download “Isolation risk against supply: wards ranked” as CSV" }).GetAttributeAsync("href") ?? "");
        Assert.Equal(200, csv.Status);
        Assert.StartsWith("Ward,Ward code,Cold-spot score", await csv.TextAsync());

        // A curator's upload with bad rows is refused whole, each problem listed by its line (the demo's wards stand).
        var curator = await system.SignInAsync("curator@demo.example.org", width: 1280, javaScript: false);
        await curator.GotoAsync("/insights");
        await curator.GetByRole(AriaRole.Link, new() { Name = "Upload ward indicators" }).ClickAsync();
        await curator.GetByLabel("Or paste the CSV").FillAsync(
            "ward code,ward name,population,social isolation index,people aged 75+ living alone\nE05001,Alpha,lots,0.5,10\nE05002,,1000,high,\n");
        await curator.GetByRole(AriaRole.Button, new() { Name = "Upload" }).ClickAsync();
        var problems = await curator.Locator(".nhsuk-error-summary").InnerTextAsync();
        Assert.Contains("Line 2", problems);
        Assert.Contains("Line 3", problems);
        Assert.Equal(3, await curator.Locator(".nhsuk-error-summary li").CountAsync()); // population; name and risk index
        Assert.Equal(3, await curator.Locator("#csv-error li").CountAsync());
        await Accessibility.AssertAccessibleAsync(curator);
        await Screenshots.SaveAsync(curator, "insight-ward-indicators");
        await curator.GotoAsync("/insights");
        Assert.Equal(9, await curator.Locator("svg.app-hex-map polygon").CountAsync());
    }
}
