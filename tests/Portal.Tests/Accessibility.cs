using System.Text.Json;
using Microsoft.Playwright;

namespace Portal.Tests;

/// <summary>axe-core injected into the page: no serious or critical WCAG 2.2 A/AA violations allowed.</summary>
public static class Accessibility
{
    private static readonly string AxePath = Path.Combine(AppContext.BaseDirectory, "axe.min.js");
    private static readonly Lazy<Task<string>> AxeSource = new(() => File.ReadAllTextAsync(AxePath));

    public static async Task AssertAccessibleAsync(IPage page)
    {
        // The layout marks the body "js-enabled" from a script: without it the page was opened without JavaScript,
        // where axe cannot run. Check the same document (as it stands, after any form post) in a page that has it.
        if (!await page.EvaluateAsync<bool>("() => document.body.classList.contains('js-enabled')"))
        {
            var html = await page.ContentAsync();
            var context = await page.Context.Browser!.NewContextAsync(new BrowserNewContextOptions
            {
                ViewportSize = page.ViewportSize is { } size ? new ViewportSize { Width = size.Width, Height = size.Height } : null,
            });
            try
            {
                var checker = await context.NewPageAsync();
                await checker.GotoAsync(new Uri(new Uri(page.Url), "/health/ready").ToString()); // same origin for the CSS
                await checker.SetContentAsync(html);
                await CheckAsync(checker);
            }
            finally
            {
                await context.CloseAsync();
            }
            return;
        }
        await CheckAsync(page);
    }

    private static async Task CheckAsync(IPage page)
    {
        // Evaluated through the browser's debugging protocol rather than added as a <script>: the portal's CSP
        // (rightly) refuses inline scripts, and the pages are checked under it.
        await page.EvaluateAsync("() => {\n" + await AxeSource.Value + "\n}");
        var violations = await page.EvaluateAsync<JsonElement>("""
            async () => {
              const results = await axe.run(document, {
                runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] }
              });
              return results.violations
                .filter(v => v.impact === 'serious' || v.impact === 'critical')
                .map(v => `${v.impact} ${v.id}: ${v.help} at ${v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | ')}`);
            }
            """);
        var messages = violations.EnumerateArray().Select(v => v.GetString()).ToList();
        Assert.True(messages.Count == 0, $"Accessibility violations on {page.Url}:\n{string.Join("\n", messages)}");
    }
}

/// <summary>
/// Screenshots of the pages the journeys pass through, for docs/screenshots (the README links them): taken only when
/// SCREENSHOTS_DIR names a folder (`scripts/refresh-screenshots.sh` sets it to docs/screenshots). An ordinary test run,
/// CI's included, takes none: nothing reads them there, and 88 full-page captures cost CPU the suite is short of.
/// </summary>
public static class Screenshots
{
    private static readonly string? Folder = Environment.GetEnvironmentVariable("SCREENSHOTS_DIR") is { Length: > 0 } chosen
        ? Directory.CreateDirectory(Path.GetFullPath(chosen)).FullName
        : null;

    public static Task SaveAsync(IPage page, string name) => Folder is null ? Task.CompletedTask
        : page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Folder, name + ".png"), FullPage = true });

    /// <summary>One part of a page (a section of a long dashboard).</summary>
    public static Task SaveAsync(ILocator part, string name) => Folder is null ? Task.CompletedTask
        : part.ScreenshotAsync(new LocatorScreenshotOptions { Path = Path.Combine(Folder, name + ".png") });
}
